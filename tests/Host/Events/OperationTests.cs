using Ringwall.Abi;
using Ringwall.Core;
using Ringwall.Core.Events;
using Xunit;

namespace Ringwall.Tests.Host.Events;

/// <summary>Each event-channel operation: its success path and every error it returns.</summary>
public class OperationTests
{
    // ---- construction and domains ----

    [Fact]
    public void ConstructorClampsToTheTwoLevelAbi()
    {
        var c = new EventChannels<FakeEventShared>(new FakeEventShared { Pages = new SharedPages(2) }, 2, 100_000, 99);
        Assert.Equal(4096u, c.PortsPerDomain);
        Assert.Equal(32u, c.MaxVcpusPerDomain);
        Assert.Equal(1024u, EventLimits.DefaultPortsPerDomain);
    }

    [Fact]
    public void CreateDomainErrors()
    {
        var w = new EventWorld(domains: 1);
        Assert.Equal(Status.EEXIST, w.Core.CreateDomain(0, 1));
        Assert.Equal(Status.ESRCH, w.Core.CreateDomain(4, 1));
        Assert.Equal(Status.ESRCH, w.Core.CreateDomain(uint.MaxValue, 1));
        Assert.Equal(Status.EINVAL, w.Core.CreateDomain(1, 0));
        Assert.Equal(Status.EINVAL, w.Core.CreateDomain(1, 5));
        Assert.Equal(Status.Ok, w.Core.CreateDomain(1, 4));
        Assert.Equal(DomainEventState.Live, w.Core.DomainState(1));
    }

    [Fact]
    public void PortZeroIsReservedAndReadsAsClosed()
    {
        var w = new EventWorld();
        Assert.Equal(1u, w.Alloc(0, 1));
        Assert.Equal(PortState.Free, w.Info(0, 0).State);
        Assert.Equal(Status.EINVAL, w.Core.Close(0, 0));
        Assert.Equal(Status.EINVAL, w.Core.Send(0, 0, out _));
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(1, 0, 0, out _, out _));
    }

    [Fact]
    public void OperationsFromAMissingDomainAreEsrch()
    {
        var w = new EventWorld(domains: 1);
        Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(2, 0, out _));
        Assert.Equal(Status.ESRCH, w.Core.BindInterdomain(2, 0, 1, out _, out _));
        Assert.Equal(Status.ESRCH, w.Core.BindVirq(2, Virq.Timer, 0, out _));
        Assert.Equal(Status.ESRCH, w.Core.Send(2, 1, out _));
        Assert.Equal(Status.ESRCH, w.Core.Close(2, 1));
        Assert.Equal(Status.ESRCH, w.Core.Unmask(2, 1, out _));
        Assert.Equal(Status.ESRCH, w.Core.GetStatus(2, 1, out _));
        Assert.Equal(Status.ESRCH, w.Core.RaiseVirq(2, Virq.Timer, 0, out _));
        Assert.Equal(Status.ESRCH, w.Core.CloseAll(2, 10, out _));
    }

    // ---- alloc_unbound ----

    [Fact]
    public void AllocUnboundTakesTheLowestFreePortAndRecordsTheRemote()
    {
        var w = new EventWorld();
        Assert.Equal(1u, w.Alloc(0, 1));
        Assert.Equal(2u, w.Alloc(0, 2));
        Assert.Equal(3u, w.Alloc(0, DomId.Self));
        PortInfo i = w.Info(0, 3);
        Assert.Equal(PortState.Unbound, i.State);
        Assert.Equal(0u, i.RemoteDomain);
        Assert.Equal(1u, w.Info(0, 1).RemoteDomain);
        Assert.Equal(Status.Ok, w.Core.Close(0, 2));
        Assert.Equal(2u, w.Alloc(0, 1));
    }

    [Fact]
    public void AllocUnboundForADomainNotYetCreatedIsAllowed()
    {
        var w = new EventWorld(domains: 1);
        uint p = w.Alloc(0, 3);
        Assert.Equal(3u, w.Info(0, p).RemoteDomain);
        Assert.Equal(Status.Ok, w.Core.CreateDomain(3, 1));
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(3, 0, p, out _, out _));
    }

    [Fact]
    public void AllocUnboundErrors()
    {
        var w = new EventWorld(ports: 4);
        Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(0, 4, out _));
        Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(0, DomId.Io, out _));
        Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(0, uint.MaxValue, out _));
        w.Alloc(0, 1); w.Alloc(0, 1); w.Alloc(0, 1);
        Assert.Equal(Status.ENOSPC, w.Core.AllocUnbound(0, 1, out uint p));
        Assert.Equal(0u, p);
    }

    // ---- bind_interdomain ----

    [Fact]
    public void BindInterdomainConnectsBothEndsAndSetsTheLocalPortPending()
    {
        var w = new EventWorld();
        uint pa = w.Alloc(0, 1);
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(1, 0, pa, out uint pb, out Upcall up));
        Assert.Equal(1u, pb);
        PortInfo a = w.Info(0, pa), b = w.Info(1, pb);
        Assert.Equal(PortState.Interdomain, a.State);
        Assert.Equal((1u, pb), (a.RemoteDomain, a.RemotePort));
        Assert.Equal(PortState.Interdomain, b.State);
        Assert.Equal((0u, pa), (b.RemoteDomain, b.RemotePort));
        // Xen's fix-up for notifications lost while unbound: the binder's new port is pending.
        Assert.True(w.Pages.IsPending(1, pb));
        Assert.False(w.Pages.IsPending(0, pa));
        Assert.True(up.Raised);
        Assert.Equal((1u, 0u), (up.Domain, up.Vcpu));
    }

    [Fact]
    public void BindInterdomainToSelfMakesALoopback()
    {
        var w = new EventWorld();
        uint p1 = w.Alloc(0, DomId.Self);
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(0, DomId.Self, p1, out uint p2, out _));
        w.Quiesce(0);
        Assert.Equal(Status.Ok, w.Core.Send(0, p1, out Upcall up));
        Assert.True(w.Pages.IsPending(0, p2));
        Assert.True(up.Raised);
        Assert.Equal(Status.Ok, w.Core.Close(0, p2));
        Assert.Equal(PortState.Unbound, w.Info(0, p1).State);
    }

    [Fact]
    public void BindInterdomainErrors()
    {
        var w = new EventWorld();
        uint p = w.Alloc(0, 1);
        Assert.Equal(Status.ESRCH, w.Core.BindInterdomain(1, 3, 1, out _, out _));        // no such domain
        Assert.Equal(Status.ESRCH, w.Core.BindInterdomain(1, 4, 1, out _, out _));        // out of range
        Assert.Equal(Status.ESRCH, w.Core.BindInterdomain(1, DomId.Xen, 1, out _, out _));
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(1, 0, 1024, out _, out _));    // port out of range
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(1, 0, p + 1, out _, out _));   // free port
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(2, 0, p, out _, out _));       // offered to domain 1
        uint v = 0;
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Console, 0, out v));
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(1, 0, v, out _, out _));       // a virq port
        Assert.Equal(PortState.Unbound, w.Info(0, p).State);
        Assert.Equal(PortState.Free, w.Info(1, 1).State);                                 // nothing allocated on failure
    }

    [Fact]
    public void BindInterdomainWithNoFreeLocalPortIsEnospcFirst()
    {
        var w = new EventWorld(ports: 3);
        uint p = w.Alloc(0, 1);
        w.Alloc(1, 0); w.Alloc(1, 0);
        Assert.Equal(Status.ENOSPC, w.Core.BindInterdomain(1, 0, p, out _, out _));
        Assert.Equal(Status.ENOSPC, w.Core.BindInterdomain(1, 0, 9999, out _, out _));   // Xen checks space before the remote port
    }

    // ---- bind_virq ----

    [Fact]
    public void BindVirqPerVcpuAndGlobal()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 0, out uint t0));
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 1, out uint t1));
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Console, 0, out uint con));
        Assert.Equal((1u, 2u, 3u), (t0, t1, con));
        PortInfo i = w.Info(0, t1);
        Assert.Equal(PortState.Virq, i.State);
        Assert.Equal((Virq.Timer, 1u), (i.Virq, i.Vcpu));
    }

    [Fact]
    public void BindVirqErrors()
    {
        var w = new EventWorld(ports: 3);
        Assert.Equal(Status.EINVAL, w.Core.BindVirq(0, 24, 0, out _));
        Assert.Equal(Status.EINVAL, w.Core.BindVirq(0, uint.MaxValue, 0, out _));
        Assert.Equal(Status.EINVAL, w.Core.BindVirq(0, Virq.Console, 1, out _));          // global virq on vCPU 1
        Assert.Equal(Status.ENOENT, w.Core.BindVirq(0, Virq.Timer, 2, out _));            // domain has 2 vCPUs
        Assert.Equal(Status.ENOENT, w.Core.BindVirq(0, Virq.Timer, uint.MaxValue, out _));
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 0, out _));
        Assert.Equal(Status.EEXIST, w.Core.BindVirq(0, Virq.Timer, 0, out _));
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Debug, 0, out _));
        Assert.Equal(Status.ENOSPC, w.Core.BindVirq(0, Virq.Timer, 1, out _));
    }

    [Fact]
    public void ClosingAVirqPortAllowsBindingItAgain()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 1, out uint p));
        Assert.Equal(Status.Ok, w.Core.Close(0, p));
        Assert.Equal(Status.Ok, w.Core.RaiseVirq(0, Virq.Timer, 1, out Upcall up));
        Assert.False(up.Raised);
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 1, out uint q));
        Assert.Equal(p, q);
    }

    // ---- send ----

    [Fact]
    public void SendMarksThePeerPendingAndRaisesItsVcpu0Once()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall up));
        Assert.True(w.Pages.IsPending(1, pb));
        Assert.True(w.Pages.SelectorBit(1, 0, pb / 64));
        Assert.True(w.Pages.Upcall(1, 0));
        Assert.Equal((true, 1u, 0u), (up.Raised, up.Domain, up.Vcpu));
        Assert.False(w.Pages.IsPending(0, pa));
        // Already pending: nothing more.
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out up));
        Assert.False(up.Raised);
        // Reverse direction.
        Assert.Equal(Status.Ok, w.Core.Send(1, pb, out up));
        Assert.True(w.Pages.IsPending(0, pa));
        Assert.Equal((true, 0u, 0u), (up.Raised, up.Domain, up.Vcpu));
    }

    [Fact]
    public void SendToAMaskedPortSetsPendingWithoutUpcall()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        w.Pages.GuestSetMask(1, pb, true);
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall up));
        Assert.True(w.Pages.IsPending(1, pb));
        Assert.False(w.Pages.SelectorBit(1, 0, 0));
        Assert.False(w.Pages.Upcall(1, 0));
        Assert.False(up.Raised);
    }

    [Fact]
    public void SendWithTheSelectorAlreadySetRaisesNothing()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        w.Pages.Selector[1 * SharedPages.Vcpus + 0] = 1;
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall up));
        Assert.True(w.Pages.IsPending(1, pb));
        Assert.False(up.Raised);
        Assert.False(w.Pages.Upcall(1, 0));
    }

    [Fact]
    public void SendWithTheUpcallAlreadyPendingReportsNothing()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        w.Pages.UpcallPending[1 * SharedPages.Vcpus] = true;
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall up));
        Assert.True(w.Pages.SelectorBit(1, 0, pb / 64));
        Assert.False(up.Raised);
    }

    [Fact]
    public void SendErrors()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 0, out uint v));
        Assert.Equal(Status.EINVAL, w.Core.Send(0, v, out _));        // virq port
        Assert.Equal(Status.EINVAL, w.Core.Send(0, 5, out _));        // free
        Assert.Equal(Status.EINVAL, w.Core.Send(0, 1024, out _));     // out of range
        uint u = w.Alloc(0, 1);
        Assert.Equal(Status.Ok, w.Core.Send(0, u, out Upcall up));    // unbound: dropped
        Assert.False(up.Raised);
    }

    // ---- close ----

    [Fact]
    public void CloseReturnsThePeerToUnboundForTheCloser()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        w.Pages.TestAndSetForTest(1, pb);
        Assert.Equal(Status.Ok, w.Core.Close(1, pb));
        Assert.Equal(PortState.Free, w.Info(1, pb).State);
        Assert.False(w.Pages.IsPending(1, pb));                        // cleared on close
        PortInfo a = w.Info(0, pa);
        Assert.Equal(PortState.Unbound, a.State);
        Assert.Equal(1u, a.RemoteDomain);
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(1, 0, pa, out uint again, out _));
        Assert.Equal(pb, again);
    }

    [Fact]
    public void CloseErrors()
    {
        var w = new EventWorld();
        Assert.Equal(Status.EINVAL, w.Core.Close(0, 7));
        Assert.Equal(Status.EINVAL, w.Core.Close(0, 1024));
        uint p = w.Alloc(0, 1);
        Assert.Equal(Status.Ok, w.Core.Close(0, p));
        Assert.Equal(Status.EINVAL, w.Core.Close(0, p));              // twice
    }

    // ---- unmask ----

    [Fact]
    public void UnmaskDeliversAnEventLeftPending()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        w.Pages.GuestSetMask(1, pb, true);
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall up));
        Assert.False(up.Raised);
        Assert.Equal(Status.Ok, w.Core.Unmask(1, pb, out up));
        Assert.False(w.Pages.IsMasked(1, pb));
        Assert.Equal((true, 1u, 0u), (up.Raised, up.Domain, up.Vcpu));
        Assert.True(w.Pages.SelectorBit(1, 0, pb / 64));
    }

    [Fact]
    public void UnmaskOfAVirqPortNotifiesItsVcpu()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 1, out uint p));
        w.Pages.GuestSetMask(0, p, true);
        Assert.Equal(Status.Ok, w.Core.RaiseVirq(0, Virq.Timer, 1, out Upcall up));
        Assert.False(up.Raised);
        Assert.Equal(Status.Ok, w.Core.Unmask(0, p, out up));
        Assert.Equal((true, 0u, 1u), (up.Raised, up.Domain, up.Vcpu));
    }

    [Fact]
    public void UnmaskWithNothingPendingOrNotMaskedRaisesNothing()
    {
        var w = new EventWorld();
        w.Pages.GuestSetMask(0, 5, true);
        Assert.Equal(Status.Ok, w.Core.Unmask(0, 5, out Upcall up));   // masked, not pending
        Assert.False(up.Raised);
        Assert.False(w.Pages.IsMasked(0, 5));
        w.Pages.TestAndSetForTest(0, 5);
        Assert.Equal(Status.Ok, w.Core.Unmask(0, 5, out up));          // pending, not masked
        Assert.False(up.Raised);
    }

    [Fact]
    public void UnmaskErrors()
    {
        var w = new EventWorld();
        Assert.Equal(Status.EINVAL, w.Core.Unmask(0, 1024, out _));
        Assert.Equal(Status.EINVAL, w.Core.Unmask(0, uint.MaxValue, out _));
    }

    // ---- status ----

    [Fact]
    public void StatusErrors()
    {
        var w = new EventWorld();
        Assert.Equal(Status.EINVAL, w.Core.GetStatus(0, 1024, out _));
        Assert.Equal(PortState.Free, w.Info(0, 1023).State);
    }

    // ---- raise virq ----

    [Fact]
    public void RaiseVirqSetsTheBoundPortPendingOnItsVcpu()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(1, Virq.Timer, 1, out uint p));
        Assert.Equal(Status.Ok, w.Core.RaiseVirq(1, Virq.Timer, 1, out Upcall up));
        Assert.True(w.Pages.IsPending(1, p));
        Assert.Equal((true, 1u, 1u), (up.Raised, up.Domain, up.Vcpu));
        Assert.True(w.Pages.SelectorBit(1, 1, 0));
        Assert.False(w.Pages.SelectorBit(1, 0, 0));
        // Timer on vCPU 0 is not bound: dropped.
        Assert.Equal(Status.Ok, w.Core.RaiseVirq(1, Virq.Timer, 0, out up));
        Assert.False(up.Raised);
    }

    [Fact]
    public void RaiseGlobalVirqUsesVcpu0()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Console, 0, out uint p));
        Assert.Equal(Status.Ok, w.Core.RaiseVirq(0, Virq.Console, 1, out Upcall up));
        Assert.True(w.Pages.IsPending(0, p));
        Assert.Equal((true, 0u, 0u), (up.Raised, up.Domain, up.Vcpu));
    }

    [Fact]
    public void RaiseVirqErrors()
    {
        var w = new EventWorld();
        Assert.Equal(Status.EINVAL, w.Core.RaiseVirq(0, 24, 0, out _));
        Assert.Equal(Status.ENOENT, w.Core.RaiseVirq(0, Virq.Timer, 2, out _));
        Assert.Equal(Status.ESRCH, w.Core.RaiseVirq(9, Virq.Timer, 0, out _));
    }

    // ---- teardown ----

    [Fact]
    public void CloseAllIsBoundedAndLeavesPeersUnbound()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        Assert.Equal(Status.Ok, w.Core.BindVirq(1, Virq.Timer, 0, out _));
        w.Alloc(1, 2);
        w.Pages.Touched.Clear();
        int calls = 0;
        bool more;
        do
        {
            Assert.Equal(Status.Ok, w.Core.CloseAll(1, 100, out more));
            calls++;
            if (more) Assert.Equal(DomainEventState.Dying, w.Core.DomainState(1));
        } while (more);
        Assert.Equal(11, calls);                                  // 1024 ports, 100 per call
        Assert.Empty(w.Pages.Touched);                            // no shared page touched
        Assert.Equal(DomainEventState.None, w.Core.DomainState(1));
        PortInfo a = w.Info(0, pa);
        Assert.Equal((PortState.Unbound, 1u), (a.State, a.RemoteDomain));
        Assert.Equal(Status.ESRCH, w.Core.CloseAll(1, 1, out _));
        Assert.Equal(Status.Ok, w.Core.CreateDomain(1, 1));
        Assert.Equal(PortState.Free, w.Info(1, pb).State);
        Assert.Equal(Status.Ok, w.Core.BindVirq(1, Virq.Timer, 0, out _));   // virq table was cleared
    }

    [Fact]
    public void ADyingDomainRefusesEverythingAndIsNotSignalled()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        uint offered = w.Alloc(1, 0);
        Assert.Equal(Status.Ok, w.Core.CloseAll(1, 1, out bool more));
        Assert.True(more);
        Assert.Equal(PortState.Interdomain, w.Info(0, pa).State);     // not yet reached by the cursor
        w.Pages.Touched.Clear();
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall up));    // dropped
        Assert.False(up.Raised);
        Assert.DoesNotContain(1u, w.Pages.Touched);
        Assert.False(w.Pages.IsPending(1, pb));
        Assert.Equal(Status.ESRCH, w.Core.BindInterdomain(0, 1, offered, out _, out _));
        Assert.Equal(Status.ESRCH, w.Core.Send(1, pb, out _));
        Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(1, 0, out _));
        Assert.Equal(Status.EBUSY, w.Core.CreateDomain(1, 1));
        Assert.Equal(Status.ESRCH, w.Core.RaiseVirq(1, Virq.Timer, 0, out _));
        Assert.Equal(Status.Ok, w.Core.CloseAll(1, 0, out more));     // budget 0 still progresses
        while (more) Assert.Equal(Status.Ok, w.Core.CloseAll(1, 1000, out more));
        Assert.Equal(PortState.Unbound, w.Info(0, pa).State);
    }
}

using Ringwall.Abi;
using Ringwall.Core;
using Ringwall.Core.Events;
using Xunit;

namespace Ringwall.Tests.Host.Events;

/// <summary>
/// A21 (send on unbound, closed or foreign channels; bind the same port twice; close a
/// port the peer is using) and A3 (numbers far out of range) against the event-channel
/// core. Each test ends with <see cref="Untouched"/> checks: the refused request changed
/// no port and no bit of any other domain.
/// </summary>
public class EventAttackTests
{
    static readonly uint[] HugePorts =
    {
        1024, 1025, 4095, 4096, 4097, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF,
        unchecked((uint)-1), unchecked((uint)-2), unchecked((uint)-1024), unchecked((uint)int.MinValue),
    };

    static void AssertOnlyTouched(EventWorld w, uint domain)
    {
        foreach (uint d in w.Pages.Touched) Assert.Equal(domain, d);
    }

    [Fact]
    public void A21_SendOnUnboundPortIsDroppedSilently()
    {
        var w = new EventWorld();
        uint p = w.Alloc(0, 1);
        w.Pages.Touched.Clear();
        Assert.Equal(Status.Ok, w.Core.Send(0, p, out Upcall up));
        Assert.False(up.Raised);
        Assert.Empty(w.Pages.Touched);
        // Binding later still wakes the binder once (Xen's lost-notification fix-up).
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(1, 0, p, out uint q, out up));
        Assert.True(up.Raised);
        Assert.True(w.Pages.IsPending(1, q));
    }

    [Fact]
    public void A21_SendOnClosedPortIsEinval()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        Assert.Equal(Status.Ok, w.Core.Close(0, pa));
        w.Pages.Touched.Clear();
        Assert.Equal(Status.EINVAL, w.Core.Send(0, pa, out Upcall up));
        Assert.False(up.Raised);
        Assert.Empty(w.Pages.Touched);
        Assert.False(w.Pages.IsPending(1, pb));
    }

    [Fact]
    public void A21_SendOnForeignPortNumberUsesOnlyTheCallersTable()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        Assert.Equal(1u, pa);
        // Domain 2 has no port 1; using domain 0's number must not signal anyone.
        w.Pages.Touched.Clear();
        Assert.Equal(Status.EINVAL, w.Core.Send(2, pa, out Upcall up));
        Assert.False(up.Raised);
        Assert.Empty(w.Pages.Touched);
        Assert.False(w.Pages.IsPending(1, pb));
        Assert.Equal(Status.EINVAL, w.Core.Close(2, pa));
        Assert.Equal(PortState.Interdomain, w.Info(0, pa).State);
        Assert.Equal(PortState.Interdomain, w.Info(1, pb).State);
        // Unmask and status of the same number act on domain 2's own page and table only.
        w.Pages.GuestSetMask(0, pa, true);
        Assert.Equal(Status.Ok, w.Core.Unmask(2, pa, out _));
        AssertOnlyTouched(w, 2);
        Assert.True(w.Pages.IsMasked(0, pa));
        Assert.Equal(PortState.Free, w.Info(2, pa).State);
    }

    [Fact]
    public void A21_BindingAPortOfferedToAnotherDomainIsRefused()
    {
        var w = new EventWorld();
        uint p = w.Alloc(0, 1);
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(2, 0, p, out _, out _));
        Assert.Equal((PortState.Unbound, 1u), (w.Info(0, p).State, w.Info(0, p).RemoteDomain));
        Assert.Equal(PortState.Free, w.Info(2, 1).State);
    }

    [Fact]
    public void A21_BindTheSameRemotePortTwice()
    {
        var w = new EventWorld();
        uint p = w.Alloc(0, 1);
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(1, 0, p, out uint first, out _));
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(1, 0, p, out uint second, out Upcall up));
        Assert.Equal(0u, second);
        Assert.False(up.Raised);
        Assert.Equal(PortState.Free, w.Info(1, first + 1).State);    // no half-made port
        PortInfo i = w.Info(0, p);
        Assert.Equal((1u, first), (i.RemoteDomain, i.RemotePort));
        // A third domain cannot steal it either.
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(2, 0, p, out _, out _));
    }

    [Fact]
    public void A21_BindTheSameVirqTwice()
    {
        var w = new EventWorld();
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 0, out uint p));
        Assert.Equal(Status.EEXIST, w.Core.BindVirq(0, Virq.Timer, 0, out _));
        Assert.Equal(Status.Ok, w.Core.BindVirq(1, Virq.Timer, 0, out _));   // another domain has its own
        Assert.Equal(PortState.Virq, w.Info(0, p).State);
    }

    [Fact]
    public void A21_ClosePortThePeerIsUsingThenPeerSends()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        Assert.Equal(Status.Ok, w.Core.Close(0, pa));
        w.Pages.Touched.Clear();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(Status.Ok, w.Core.Send(1, pb, out Upcall up));   // now unbound: dropped
            Assert.False(up.Raised);
        }
        Assert.Empty(w.Pages.Touched);
        Assert.False(w.Pages.IsPending(0, pa));
        Assert.Equal(PortState.Free, w.Info(0, pa).State);
        // The closer re-uses its port number for something else: the old peer still cannot reach it.
        uint other = w.Alloc(0, 2);
        Assert.Equal(pa, other);
        Assert.Equal(Status.Ok, w.Core.Send(1, pb, out _));
        Assert.False(w.Pages.IsPending(0, other));
        // Re-binding: only the closer (domain 0) may bind the peer's port again.
        Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(2, 1, pb, out _, out _));
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(0, 1, pb, out uint again, out _));
        w.Quiesce(0);
        Assert.Equal(Status.Ok, w.Core.Send(1, pb, out Upcall up2));
        Assert.True(w.Pages.IsPending(0, again));
        Assert.Equal((true, 0u), (up2.Raised, up2.Domain));
    }

    [Fact]
    public void A21_PeerClosesItsEndThenCloserClosesAgain()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        Assert.Equal(Status.Ok, w.Core.Close(0, pa));
        Assert.Equal(Status.EINVAL, w.Core.Close(0, pa));
        Assert.Equal(Status.Ok, w.Core.Close(1, pb));                    // its now-unbound end
        Assert.Equal(PortState.Free, w.Info(1, pb).State);
        Assert.Equal(PortState.Free, w.Info(0, pa).State);
    }

    [Fact]
    public void A21_HugeAndNegativeLookingPortNumbers()
    {
        var w = new EventWorld();
        var (pa, pb) = w.Connect(0, 1);
        foreach (uint port in HugePorts)
        {
            w.Pages.Touched.Clear();
            Assert.Equal(Status.EINVAL, w.Core.Send(0, port, out Upcall up));
            Assert.False(up.Raised);
            Assert.Equal(Status.EINVAL, w.Core.Close(0, port));
            Assert.Equal(Status.EINVAL, w.Core.Unmask(0, port, out _));
            Assert.Equal(Status.EINVAL, w.Core.GetStatus(0, port, out _));
            Assert.Equal(Status.EINVAL, w.Core.BindInterdomain(0, 1, port, out _, out _));
            Assert.Empty(w.Pages.Touched);
        }
        Assert.Equal(PortState.Interdomain, w.Info(0, pa).State);
        Assert.Equal(PortState.Interdomain, w.Info(1, pb).State);
        Assert.Equal(PortState.Free, w.Info(0, 2).State);
    }

    [Fact]
    public void A3_DomainVirqAndVcpuNumbersFarOutOfRange()
    {
        var w = new EventWorld();
        uint p = w.Alloc(0, 1);
        uint[] huge = { 4, 0x7FEF, DomId.Io, DomId.Xen, 0xFFFF, 0x10000, 0x8000_0000, 0xFFFF_FFFF };
        foreach (uint d in huge)
        {
            Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(0, d, out _));
            Assert.Equal(Status.ESRCH, w.Core.BindInterdomain(1, d, p, out _, out _));
            Assert.Equal(Status.ESRCH, w.Core.AllocUnbound(d, 0, out _));
            Assert.Equal(Status.ESRCH, w.Core.Send(d, p, out _));
            Assert.Equal(Status.ESRCH, w.Core.Close(d, p));
            Assert.Equal(Status.ESRCH, w.Core.Unmask(d, p, out _));
            Assert.Equal(Status.ESRCH, w.Core.GetStatus(d, p, out _));
            Assert.Equal(Status.ESRCH, w.Core.BindVirq(d, 0, 0, out _));
            Assert.Equal(Status.ESRCH, w.Core.RaiseVirq(d, 0, 0, out _));
            Assert.Equal(Status.ESRCH, w.Core.CloseAll(d, 1, out _));
            Assert.Equal(Status.ESRCH, w.Core.CreateDomain(d, 1));
        }
        uint[] big = { 24, 25, 255, 256, 0x8000_0000, 0xFFFF_FFFF };
        foreach (uint v in big)
        {
            Assert.Equal(Status.EINVAL, w.Core.BindVirq(0, v, 0, out _));
            Assert.Equal(Status.EINVAL, w.Core.RaiseVirq(0, v, 0, out _));
            if (v != 24 && v != 25)
            {
                Assert.Equal(Status.ENOENT, w.Core.BindVirq(0, Virq.Timer, v, out _));
                Assert.Equal(Status.ENOENT, w.Core.RaiseVirq(0, Virq.Timer, v, out _));
            }
        }
        Assert.Equal(PortState.Unbound, w.Info(0, p).State);
        Assert.Equal(PortState.Free, w.Info(0, 2).State);
    }
}

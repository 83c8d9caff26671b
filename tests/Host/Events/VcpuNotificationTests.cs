using Ringwall.Abi;
using Ringwall.Core;
using Ringwall.Core.Events;
using Xunit;

namespace Ringwall.Tests.Host.Events;

/// <summary>EVTCHNOP_bind_ipi and EVTCHNOP_bind_vcpu: which vCPU a port notifies.</summary>
public class VcpuNotificationTests
{
    [Fact]
    public void IpiPortNotifiesItsVcpuWhenTheDomainSendsOnIt()
    {
        var w = new EventWorld(vcpus: 2);
        Assert.Equal(Status.Ok, w.Core.BindIpi(0, 1, out uint port));
        Assert.Equal(1u, port);
        var info = w.Info(0, port);
        Assert.Equal((PortState.Ipi, 1u), (info.State, info.Vcpu));
        Assert.Equal(Status.Ok, w.Core.Send(0, port, out Upcall upcall));
        Assert.Equal(Upcall.To(0, 1), upcall);
        Assert.True(w.Pages.IsPending(0, port));
        Assert.True(w.Pages.SelectorBit(0, 1, 0) && !w.Pages.SelectorBit(0, 0, 0));
        Assert.True(w.Pages.Upcall(0, 1) && !w.Pages.Upcall(0, 0));
        Assert.Equal(Status.Ok, w.Core.Send(0, port, out upcall));   // already pending: no second upcall
        Assert.False(upcall.Raised);
    }

    [Fact]
    public void IpiBindErrors()
    {
        var w = new EventWorld(vcpus: 2);
        Assert.Equal(Status.ENOENT, w.Core.BindIpi(0, 2, out _));
        Assert.Equal(Status.ENOENT, w.Core.BindIpi(0, uint.MaxValue, out _));
        Assert.Equal(Status.ESRCH, w.Core.BindIpi(3, 0, out _));
        var small = new EventWorld(ports: 4, vcpus: 1);
        for (int i = 0; i < 3; i++) Assert.Equal(Status.Ok, small.Core.BindIpi(0, 0, out _));
        Assert.Equal(Status.ENOSPC, small.Core.BindIpi(0, 0, out _));
    }

    [Fact]
    public void ClosingAnIpiPortFreesIt()
    {
        var w = new EventWorld(vcpus: 2);
        w.Core.BindIpi(0, 1, out uint port);
        Assert.Equal(Status.Ok, w.Core.Close(0, port));
        Assert.Equal(PortState.Free, w.Info(0, port).State);
        Assert.Equal(Status.EINVAL, w.Core.Send(0, port, out _));
    }

    [Fact]
    public void BindVcpuMovesInterdomainNotifications()
    {
        var w = new EventWorld(vcpus: 2);
        var (pa, pb) = w.Connect(0, 1);
        w.Quiesce(1);
        Assert.Equal(Status.Ok, w.Core.BindVcpu(1, pb, 1));
        Assert.Equal(1u, w.Info(1, pb).Vcpu);
        Assert.Equal(Status.Ok, w.Core.Send(0, pa, out Upcall upcall));
        Assert.Equal(Upcall.To(1, 1), upcall);
        Assert.True(w.Pages.Upcall(1, 1) && !w.Pages.Upcall(1, 0));
    }

    [Fact]
    public void BindVcpuOnAnUnboundPortSurvivesTheRemoteBind()
    {
        var w = new EventWorld(vcpus: 2);
        uint offered = w.Alloc(0, 1);
        Assert.Equal(Status.Ok, w.Core.BindVcpu(0, offered, 1));
        Assert.Equal(Status.Ok, w.Core.BindInterdomain(1, 0, offered, out uint remote, out _));
        w.Quiesce(0);
        Assert.Equal(Status.Ok, w.Core.Send(1, remote, out Upcall upcall));
        Assert.Equal(Upcall.To(0, 1), upcall);
    }

    [Fact]
    public void GlobalVirqMovesAndStillClosesCleanly()
    {
        var w = new EventWorld(vcpus: 2);
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Console, 0, out uint port));
        Assert.Equal(Status.Ok, w.Core.BindVcpu(0, port, 1));
        Assert.Equal(Status.Ok, w.Core.RaiseVirq(0, Virq.Console, 0, out Upcall upcall));
        Assert.Equal(Upcall.To(0, 1), upcall);
        Assert.Equal(Status.Ok, w.Core.Close(0, port));
        // The global virq's registration (under vCPU 0) went with the close: it binds again.
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Console, 0, out _));
    }

    [Fact]
    public void BindVcpuRefusals()
    {
        var w = new EventWorld(vcpus: 2);
        Assert.Equal(Status.Ok, w.Core.BindVirq(0, Virq.Timer, 1, out uint timer));
        Assert.Equal(Status.Ok, w.Core.BindIpi(0, 0, out uint ipi));
        uint unbound = w.Alloc(0, 1);
        Assert.Equal(Status.EINVAL, w.Core.BindVcpu(0, timer, 0));     // per-vCPU virq
        Assert.Equal(Status.EINVAL, w.Core.BindVcpu(0, ipi, 1));       // IPI keeps its vCPU
        Assert.Equal(Status.EINVAL, w.Core.BindVcpu(0, 0, 1));         // port 0
        Assert.Equal(Status.EINVAL, w.Core.BindVcpu(0, 500, 1));       // free
        Assert.Equal(Status.EINVAL, w.Core.BindVcpu(0, EventLimits.DefaultPortsPerDomain, 1));
        Assert.Equal(Status.EINVAL, w.Core.BindVcpu(0, uint.MaxValue, 1));
        Assert.Equal(Status.ENOENT, w.Core.BindVcpu(0, unbound, 2));
        Assert.Equal(Status.ESRCH, w.Core.BindVcpu(3, unbound, 0));
        Assert.Equal((1u, 0u), (w.Info(0, timer).Vcpu, w.Info(0, ipi).Vcpu));
    }
}

using System.Collections.Generic;
using Ringwall.Core;
using Ringwall.Core.Events;

namespace Ringwall.Tests.Host.Events;

/// <summary>The event bits of every domain's shared-info page, as plain arrays, with a log of the domains touched.</summary>
public sealed class SharedPages
{
    public const int Words = 64, Vcpus = 32;
    public readonly ulong[] Pending, Mask, Selector;
    public readonly bool[] UpcallPending;
    /// <summary>Domains whose page the core wrote or read since the set was last cleared.</summary>
    public readonly HashSet<uint> Touched = new();

    public SharedPages(uint domains)
    {
        Pending = new ulong[domains * Words];
        Mask = new ulong[domains * Words];
        Selector = new ulong[domains * Vcpus];
        UpcallPending = new bool[domains * Vcpus];
    }

    public bool IsPending(uint d, uint port) => (Pending[d * Words + port / 64] >> (int)(port % 64) & 1) != 0;
    public bool IsMasked(uint d, uint port) => (Mask[d * Words + port / 64] >> (int)(port % 64) & 1) != 0;
    public bool SelectorBit(uint d, uint vcpu, uint word) => (Selector[d * Vcpus + vcpu] >> (int)word & 1) != 0;
    public bool Upcall(uint d, uint vcpu) => UpcallPending[d * Vcpus + vcpu];

    // What a guest does to its own page.
    public void GuestSetMask(uint d, uint port, bool masked)
    {
        if (masked) Mask[d * Words + port / 64] |= 1UL << (int)(port % 64);
        else Mask[d * Words + port / 64] &= ~(1UL << (int)(port % 64));
    }
    public void GuestClearPending(uint d, uint port) => Pending[d * Words + port / 64] &= ~(1UL << (int)(port % 64));
    public void GuestClearSelector(uint d, uint vcpu) => Selector[d * Vcpus + vcpu] = 0;
    public void GuestClearUpcall(uint d, uint vcpu) => UpcallPending[d * Vcpus + vcpu] = false;
}

public struct FakeEventShared : IEventSharedMemory
{
    public SharedPages Pages;

    static bool TestAndSet(ulong[] a, uint index, int bit)
    {
        bool was = (a[index] >> bit & 1) != 0;
        a[index] |= 1UL << bit;
        return was;
    }

    public bool TestAndSetPending(uint domain, uint port)
    {
        Pages.Touched.Add(domain);
        return TestAndSet(Pages.Pending, domain * SharedPages.Words + port / 64, (int)(port % 64));
    }

    public void ClearPending(uint domain, uint port)
    {
        Pages.Touched.Add(domain);
        Pages.GuestClearPending(domain, port);
    }

    public bool IsPending(uint domain, uint port)
    {
        Pages.Touched.Add(domain);
        return Pages.IsPending(domain, port);
    }

    public bool IsMasked(uint domain, uint port)
    {
        Pages.Touched.Add(domain);
        return Pages.IsMasked(domain, port);
    }

    public bool TestAndClearMask(uint domain, uint port)
    {
        Pages.Touched.Add(domain);
        bool was = Pages.IsMasked(domain, port);
        Pages.GuestSetMask(domain, port, false);
        return was;
    }

    public bool TestAndSetSelector(uint domain, uint vcpu, uint word)
    {
        Pages.Touched.Add(domain);
        return TestAndSet(Pages.Selector, domain * SharedPages.Vcpus + vcpu, (int)word);
    }

    public bool TestAndSetUpcallPending(uint domain, uint vcpu)
    {
        Pages.Touched.Add(domain);
        bool was = Pages.UpcallPending[domain * SharedPages.Vcpus + vcpu];
        Pages.UpcallPending[domain * SharedPages.Vcpus + vcpu] = true;
        return was;
    }
}

/// <summary>An event-channel core over fake shared pages, with some domains already live.</summary>
public sealed class EventWorld
{
    public readonly SharedPages Pages;
    public readonly EventChannels<FakeEventShared> Core;

    public EventWorld(uint domains = 3, uint ports = EventLimits.DefaultPortsPerDomain, uint vcpus = 2, uint maxDomains = 4, uint maxVcpus = 4)
    {
        Pages = new SharedPages(maxDomains);
        Core = new EventChannels<FakeEventShared>(new FakeEventShared { Pages = Pages }, maxDomains, ports, maxVcpus);
        for (uint d = 0; d < domains; d++)
            Xunit.Assert.Equal(Status.Ok, Core.CreateDomain(d, vcpus));
    }

    public uint Alloc(uint dom, uint remote)
    {
        Xunit.Assert.Equal(Status.Ok, Core.AllocUnbound(dom, remote, out uint port));
        return port;
    }

    /// <summary>A channel between a (port pa) and b (port pb), with pending bits and upcalls cleared.</summary>
    public (uint pa, uint pb) Connect(uint a, uint b)
    {
        uint pa = Alloc(a, b);
        Xunit.Assert.Equal(Status.Ok, Core.BindInterdomain(b, a, pa, out uint pb, out _));
        Quiesce(b);
        Quiesce(a);
        return (pa, pb);
    }

    /// <summary>The guest of <paramref name="d"/> consumed everything: no pending bits, selectors or upcalls.</summary>
    public void Quiesce(uint d)
    {
        for (int w = 0; w < SharedPages.Words; w++) Pages.Pending[d * SharedPages.Words + w] = 0;
        for (uint v = 0; v < SharedPages.Vcpus; v++) { Pages.GuestClearSelector(d, v); Pages.GuestClearUpcall(d, v); }
    }

    public PortInfo Info(uint dom, uint port)
    {
        Xunit.Assert.Equal(Status.Ok, Core.GetStatus(dom, port, out PortInfo info));
        return info;
    }
}

public static class SharedPagesTestExtensions
{
    /// <summary>The guest (or an earlier event) left a port pending.</summary>
    public static void TestAndSetForTest(this SharedPages p, uint d, uint port) =>
        p.Pending[d * SharedPages.Words + port / 64] |= 1UL << (int)(port % 64);
}

using Ringwall.Abi;

namespace Ringwall.Core.Events;

/*
 * Event channels: the virtual interrupt lines between domains, and from the VMM to a
 * domain (virtual IRQs), with Xen's 2-level ABI and Xen's numbers.
 *
 * A port is a small integer naming one end of a channel inside one domain. The port
 * tables are VMM-private; what a guest sees is its shared-info page, where each port
 * has a pending bit and a mask bit, and each vCPU a selector word (which 64-port
 * words may hold pending ports) and an upcall-pending flag (its virtual interrupt
 * line). The core keeps these statements true after every operation:
 *
 *  1. Ownership. A port number is always interpreted in the calling domain's own
 *     table; there is no way to name another domain's port except as the remote
 *     port of a bind, which checks that port was offered to the caller. Every
 *     domain id, port, virq and vCPU number from a guest is range-checked (as an
 *     unsigned 32-bit value, so "negative" numbers are simply too large) before it
 *     indexes anything.
 *
 *  2. Port 0 is Reserved in every live domain: never allocated, closed, bound or
 *     signalled. Allocation takes the lowest Free port, as Xen does.
 *
 *  3. Symmetry. A port is Interdomain exactly when its peer (RemoteDomain,
 *     RemotePort) is Interdomain and points back at it. Closing one end turns the
 *     other into Unbound-for-the-closer (the peer can be re-bound by the same
 *     domain), so no port ever refers to a Free port or a dead domain.
 *
 *  4. Virq table. virqPort[domain, vcpu, virq] is non-zero exactly when that port is
 *     in state Virq with that virq and vCPU. At most one port per (virq, vCPU); a
 *     global virq binds only on vCPU 0.
 *
 *  5. Shared bits follow Xen's 2-level rules. Setting a port pending that was not
 *     pending, unmasked, whose selector bit was clear, raises the upcall of the
 *     notified vCPU; unmasking a pending port does the same. The bits live in guest
 *     memory and the guest may write them at any time, so the core never derives its
 *     own state from them: they decide only whether to notify.
 *
 *  6. Notifications. An operation raises at most one upcall and reports it (which
 *     domain, which vCPU) to its caller; the core itself never schedules.
 *
 *  7. Teardown. CloseAll closes a dying domain's ports in bounded steps through a
 *     cursor; while dying, nothing from or towards the domain succeeds, sends to it
 *     are dropped, and its shared page is no longer touched. When the cursor
 *     reaches the end no port anywhere refers to the domain and its slot is free.
 *
 * No operation allocates: all tables are sized at construction. The core is
 * single-threaded per call (the dispatcher serialises event-channel calls, which
 * touch two domains); only the shared bits are also written by guests. With one CPU
 * the guest cannot run while the VMM changes them, so the image's IEventSharedMemory
 * (kernel/Arch/Events/SharedInfoEvents.cs) uses plain read-modify-write; with several
 * CPUs they must become locked instructions (issue 12).
 */

/// <summary>
/// Per-domain event-channel port tables and the EVTCHNOP_* operations. Allocated once
/// at boot; no operation allocates. Errors are Xen's negative errno values.
/// </summary>
public sealed partial class EventChannels<TShared>
    where TShared : struct, IEventSharedMemory
{
    TShared shared;
    readonly uint maxDomains;
    readonly uint portsPerDomain;
    readonly uint maxVcpus;
    readonly DomainEvents[] domains;
    readonly PortEntry[] ports;
    /// <summary>[domain * maxVcpus * VirqCount + vcpu * VirqCount + virq] = bound port or 0.</summary>
    readonly ushort[] virqPort;

    /// <summary>
    /// <paramref name="portsPerDomain"/> is clamped to [2, 4096] (the 2-level bitmap)
    /// and <paramref name="maxVcpusPerDomain"/> to [1, 32] (vcpu_info slots).
    /// </summary>
    public EventChannels(TShared shared, uint maxDomains, uint portsPerDomain, uint maxVcpusPerDomain)
    {
        this.shared = shared;
        if (portsPerDomain > EventLimits.MaxPortsPerDomain) portsPerDomain = EventLimits.MaxPortsPerDomain;
        if (portsPerDomain < 2) portsPerDomain = 2;
        if (maxVcpusPerDomain > EventLimits.MaxVcpus) maxVcpusPerDomain = EventLimits.MaxVcpus;
        if (maxVcpusPerDomain < 1) maxVcpusPerDomain = 1;
        if (maxDomains > DomId.FirstReserved) maxDomains = DomId.FirstReserved;
        this.maxDomains = maxDomains;
        this.portsPerDomain = portsPerDomain;
        maxVcpus = maxVcpusPerDomain;
        domains = new DomainEvents[maxDomains];
        ports = new PortEntry[maxDomains * portsPerDomain];
        virqPort = new ushort[maxDomains * maxVcpusPerDomain * EventLimits.VirqCount];
    }

    public uint MaxDomains => maxDomains;
    public uint PortsPerDomain => portsPerDomain;
    public uint MaxVcpusPerDomain => maxVcpus;

    /// <summary>The access to the shared-info pages (the host tests read their fake through it).</summary>
    public TShared Shared => shared;

    /// <summary>State of a domain slot (None for an out-of-range id).</summary>
    public DomainEventState DomainState(uint domain) =>
        domain < maxDomains ? domains[domain].State : DomainEventState.None;

    /// <summary>
    /// Makes <paramref name="domain"/> live with <paramref name="vcpuCount"/> vCPUs:
    /// every port Free except port 0 (Reserved), no virq bound. ESRCH for an id out of
    /// range, EEXIST if live, EBUSY while its teardown is unfinished, EINVAL for a vCPU
    /// count of 0 or above the configured maximum.
    /// </summary>
    public Status CreateDomain(uint domain, uint vcpuCount)
    {
        if (domain >= maxDomains)
            return Status.ESRCH;
        if (domains[domain].State == DomainEventState.Live)
            return Status.EEXIST;
        if (domains[domain].State == DomainEventState.Dying)
            return Status.EBUSY;
        if (vcpuCount == 0 || vcpuCount > maxVcpus)
            return Status.EINVAL;
        uint first = domain * portsPerDomain;
        for (uint p = 0; p < portsPerDomain; p++)
            ports[first + p] = default;
        ports[first + EventLimits.ReservedPort].State = PortState.Reserved;
        uint firstVirq = domain * maxVcpus * EventLimits.VirqCount;
        for (uint i = 0; i < maxVcpus * EventLimits.VirqCount; i++)
            virqPort[firstVirq + i] = 0;
        domains[domain].State = DomainEventState.Live;
        domains[domain].VcpuCount = vcpuCount;
        domains[domain].TeardownCursor = 0;
        return Status.Ok;
    }

    bool IsLive(uint domain) => domain < maxDomains && domains[domain].State == DomainEventState.Live;

    /// <summary>Index of a port entry; callers have checked both values.</summary>
    uint Slot(uint domain, uint port) => domain * portsPerDomain + port;

    uint VirqSlot(uint domain, uint vcpu, uint virq) =>
        (domain * maxVcpus + vcpu) * EventLimits.VirqCount + virq;

    /// <summary>
    /// Resolves a guest-supplied domain id (DOMID_SELF allowed) to a domain slot.
    /// False if it names no possible domain.
    /// </summary>
    bool ResolveDomain(uint caller, uint requested, out uint domain)
    {
        domain = requested == DomId.Self ? caller : requested;
        return domain < maxDomains;
    }

    /// <summary>Lowest Free port of a live domain, or ENOSPC.</summary>
    Status FindFreePort(uint domain, out uint port)
    {
        uint first = domain * portsPerDomain;
        for (uint p = 1; p < portsPerDomain; p++)
        {
            if (ports[first + p].State == PortState.Free)
            {
                port = p;
                return Status.Ok;
            }
        }
        port = 0;
        return Status.ENOSPC;
    }
}

namespace Ringwall.Core.Events;

/// <summary>
/// The event bits of each domain's shared-info page: evtchn_pending and evtchn_mask
/// (one bit per port), and per vCPU evtchn_pending_sel and evtchn_upcall_pending.
/// The guest writes the same bits, so each test-and-set / test-and-clear must be one
/// indivisible step as the guest sees it: with one CPU (today) the guest cannot run
/// while the VMM changes them and the image uses plain read-modify-write; with several
/// CPUs these must become locked instructions on the page. The host tests use a plain
/// fake.
///
/// The core calls these only with values it has range-checked: <c>domain</c> names a
/// live domain, <c>port</c> is below the configured ports per domain (at most 4096,
/// the 2-level bitmap), <c>vcpu</c> is below the domain's vCPU count (at most 32,
/// MAX_VIRT_CPUS) and <c>word</c> is below 64. Nothing read back from the page is
/// trusted for the core's own bookkeeping: the bits decide only whether to notify.
/// </summary>
public interface IEventSharedMemory
{
    /// <summary>Sets evtchn_pending[port]; returns its previous value.</summary>
    bool TestAndSetPending(uint domain, uint port);

    /// <summary>Clears evtchn_pending[port].</summary>
    void ClearPending(uint domain, uint port);

    bool IsPending(uint domain, uint port);

    bool IsMasked(uint domain, uint port);

    /// <summary>Clears evtchn_mask[port]; returns its previous value.</summary>
    bool TestAndClearMask(uint domain, uint port);

    /// <summary>Sets bit <paramref name="word"/> of vcpu_info[vcpu].evtchn_pending_sel; returns its previous value.</summary>
    bool TestAndSetSelector(uint domain, uint vcpu, uint word);

    /// <summary>Sets vcpu_info[vcpu].evtchn_upcall_pending; returns its previous value.</summary>
    bool TestAndSetUpcallPending(uint domain, uint vcpu);
}

using Ringwall.Abi;

namespace Ringwall.Core.Events;

/// <summary>Fixed limits of the event-channel core.</summary>
public static class EventLimits
{
    /// <summary>
    /// Ports per domain used by the VMM. The 2-level ABI's bitmaps hold 4096 ports on
    /// x86-64 (<see cref="MaxPortsPerDomain"/>); Ringwall uses a quarter of that: 1024
    /// ports are far more than a PV guest with a console, a store and a handful of
    /// devices needs, the tables stay small (about 12 KiB per domain), and the
    /// lowest-free-port search stays short. Ports at or above the limit are EINVAL,
    /// exactly like ports a Xen domain has never grown into.
    /// </summary>
    public const uint DefaultPortsPerDomain = 1024;

    /// <summary>EVTCHN_2L_NR_CHANNELS: bits in evtchn_pending / evtchn_mask.</summary>
    public const uint MaxPortsPerDomain = SharedInfoLimits.Evtchn2lNrChannels;

    /// <summary>MAX_VIRT_CPUS: vcpu_info slots in the shared-info page.</summary>
    public const uint MaxVcpus = SharedInfoLimits.MaxVirtCpus;

    /// <summary>NR_VIRQS of Xen's public headers: virq numbers 0..23 are valid.</summary>
    public const uint VirqCount = 24;

    /// <summary>Bits per word of evtchn_pending (and bits of evtchn_pending_sel).</summary>
    public const uint BitsPerWord = 64;

    /// <summary>Port 0 is never allocated.</summary>
    public const uint ReservedPort = 0;

    /// <summary>
    /// Per-vCPU virqs (timer, debug, xenoprof, xenpmu) may be bound on any vCPU; every
    /// other virq is global and binds on vCPU 0 only, as in Xen.
    /// </summary>
    public static bool IsPerVcpuVirq(uint virq) =>
        virq == Virq.Timer || virq == Virq.Debug || virq == Virq.Xenoprof || virq == Virq.Xenpmu;
}

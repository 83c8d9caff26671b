namespace Ringwall.Core.Events;

/// <summary>
/// State of one event-channel port. The values of the states a guest can see are Xen's
/// EVTCHNSTAT_* numbers (closed 0, unbound 1, interdomain 2, virq 4, ipi 5), so
/// <see cref="PortInfo.State"/> can be copied into evtchn_status.status unchanged;
/// <see cref="Reserved"/> (port 0) is reported as <see cref="Free"/>.
/// </summary>
public enum PortState : byte
{
    /// <summary>EVTCHNSTAT_closed: not in use.</summary>
    Free = 0,
    /// <summary>EVTCHNSTAT_unbound: waiting for one named domain to bind it.</summary>
    Unbound = 1,
    /// <summary>EVTCHNSTAT_interdomain: connected to a port of another (or the same) domain.</summary>
    Interdomain = 2,
    /// <summary>EVTCHNSTAT_virq: bound to a virtual IRQ of one vCPU.</summary>
    Virq = 4,
    /// <summary>EVTCHNSTAT_ipi: signalled by the domain itself to notify one of its vCPUs.</summary>
    Ipi = 5,
    /// <summary>Port 0: never allocated, never signalled (Xen's ECS_RESERVED).</summary>
    Reserved = 0xFF,
}

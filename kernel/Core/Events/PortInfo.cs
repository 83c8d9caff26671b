namespace Ringwall.Core.Events;

/// <summary>
/// What EVTCHNOP_status reports about a port. <see cref="State"/> is never
/// <see cref="PortState.Reserved"/> here (port 0 reads as Free, as in Xen).
/// <see cref="RemoteDomain"/> is meaningful for Unbound (the domain allowed to bind)
/// and Interdomain; <see cref="RemotePort"/> for Interdomain; <see cref="Virq"/> for Virq.
/// <see cref="Vcpu"/> is the vCPU notified (0 except for per-vCPU virqs).
/// </summary>
public struct PortInfo
{
    public PortState State;
    public uint RemoteDomain;
    public uint RemotePort;
    public uint Virq;
    public uint Vcpu;
}

namespace Ringwall.Core.Events;

/// <summary>
/// One port of one domain, VMM-private (never in guest memory). Which fields mean
/// something depends on <see cref="State"/>: Unbound uses RemoteDomain (allowed to
/// bind); Interdomain uses RemoteDomain and RemotePort; Virq uses Virq. Vcpu is the
/// vCPU the port notifies in every state (0 unless bound so or moved by
/// EVTCHNOP_bind_vcpu).
/// </summary>
struct PortEntry
{
    public PortState State;
    public byte Virq;
    public byte Vcpu;
    public uint RemoteDomain;
    public uint RemotePort;
}

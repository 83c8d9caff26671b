namespace Ringwall.Core.Events;

/// <summary>
/// One port of one domain, VMM-private (never in guest memory). Which fields mean
/// something depends on <see cref="State"/>: Unbound uses RemoteDomain (allowed to
/// bind); Interdomain uses RemoteDomain and RemotePort; Virq uses Virq and Vcpu.
/// </summary>
struct PortEntry
{
    public PortState State;
    public byte Virq;
    public byte Vcpu;
    public uint RemoteDomain;
    public uint RemotePort;
}

namespace Ringwall.Core.Events;

/// <summary>EVTCHNOP_alloc_unbound, bind_interdomain, bind_virq, bind_ipi, bind_vcpu and status.</summary>
public sealed partial class EventChannels<TShared>
{
    /// <summary>
    /// EVTCHNOP_alloc_unbound: a new port of <paramref name="domain"/> that only
    /// <paramref name="remoteDomain"/> (DOMID_SELF: the caller) may bind. ESRCH if the
    /// caller is not live or the remote id can name no domain (Xen stores any id; a
    /// Ringwall id outside the table could never bind, so it is refused early);
    /// ENOSPC when no port is free. The remote domain need not exist yet.
    /// </summary>
    public Status AllocUnbound(uint domain, uint remoteDomain, out uint port)
    {
        port = 0;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (!ResolveDomain(domain, remoteDomain, out uint remote))
            return Status.ESRCH;
        Status s = NewPort(domain, PortState.Unbound, 0, out port);
        if (s == Status.Ok)
            ports[Slot(domain, port)].RemoteDomain = remote;
        return s;
    }

    /// <summary>
    /// EVTCHNOP_bind_interdomain: connects a new local port of <paramref name="domain"/>
    /// to <paramref name="remotePort"/> of <paramref name="remoteDomain"/>, which must
    /// be Unbound and offered to this domain. Errors in Xen's order: ESRCH (caller or
    /// remote domain not live), ENOSPC (no local port), EINVAL (remote port out of
    /// range, not Unbound, or offered to another domain). As Xen does, the new local
    /// port is then set pending (notifications sent while the remote end was still
    /// unbound were dropped), which may raise an upcall on the caller's vCPU 0.
    /// </summary>
    public Status BindInterdomain(uint domain, uint remoteDomain, uint remotePort, out uint localPort, out Upcall upcall)
    {
        localPort = 0;
        upcall = Upcall.None;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (!ResolveDomain(domain, remoteDomain, out uint remote) || !IsLive(remote))
            return Status.ESRCH;
        Status s = FindFreePort(domain, out uint local);
        if (s != Status.Ok)
            return s;
        if (remotePort >= portsPerDomain)
            return Status.EINVAL;
        uint remoteSlot = Slot(remote, remotePort);
        if (ports[remoteSlot].State != PortState.Unbound || ports[remoteSlot].RemoteDomain != domain)
            return Status.EINVAL;

        uint localSlot = Slot(domain, local);
        ports[localSlot] = default;
        ports[localSlot].State = PortState.Interdomain;
        ports[localSlot].RemoteDomain = remote;
        ports[localSlot].RemotePort = remotePort;
        ports[remoteSlot].State = PortState.Interdomain;
        ports[remoteSlot].RemoteDomain = domain;
        ports[remoteSlot].RemotePort = local;
        localPort = local;
        SetPending(domain, 0, local, ref upcall);
        return Status.Ok;
    }

    /// <summary>
    /// EVTCHNOP_bind_virq: a new port of <paramref name="domain"/> raised when the VMM
    /// raises <paramref name="virq"/> on <paramref name="vcpu"/>. Errors in Xen's
    /// order: ESRCH (caller not live), EINVAL (virq not below NR_VIRQS, or a global virq
    /// on a vCPU other than 0), ENOENT (no such vCPU), EEXIST (already bound on that
    /// vCPU), ENOSPC (no free port).
    /// </summary>
    public Status BindVirq(uint domain, uint virq, uint vcpu, out uint port)
    {
        port = 0;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (virq >= EventLimits.VirqCount)
            return Status.EINVAL;
        if (!EventLimits.IsPerVcpuVirq(virq) && vcpu != 0)
            return Status.EINVAL;
        if (vcpu >= domains[domain].VcpuCount)
            return Status.ENOENT;
        uint vslot = VirqSlot(domain, vcpu, virq);
        if (virqPort[vslot] != 0)
            return Status.EEXIST;
        Status s = NewPort(domain, PortState.Virq, vcpu, out port);
        if (s != Status.Ok)
            return s;
        ports[Slot(domain, port)].Virq = (byte)virq;
        virqPort[vslot] = (ushort)port;
        return Status.Ok;
    }

    /// <summary>
    /// EVTCHNOP_bind_ipi: a new port of <paramref name="domain"/> that notifies its
    /// <paramref name="vcpu"/> when the domain sends on it. Errors in Xen's order:
    /// ESRCH (caller not live), ENOENT (no such vCPU), ENOSPC (no free port).
    /// </summary>
    public Status BindIpi(uint domain, uint vcpu, out uint port)
    {
        port = 0;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (vcpu >= domains[domain].VcpuCount)
            return Status.ENOENT;
        return NewPort(domain, PortState.Ipi, vcpu, out port);
    }

    /// <summary>
    /// EVTCHNOP_bind_vcpu: later notifications of <paramref name="port"/> go to
    /// <paramref name="vcpu"/>. Allowed, as in Xen, for Unbound and Interdomain ports and
    /// global virqs; a per-vCPU virq or an IPI port keeps its vCPU (EINVAL). ESRCH if the
    /// caller is not live, ENOENT for a vCPU it does not have, EINVAL for a port out of
    /// range, Free or Reserved. A bit already pending stays where it was raised.
    /// </summary>
    public Status BindVcpu(uint domain, uint port, uint vcpu)
    {
        if (!IsLive(domain))
            return Status.ESRCH;
        if (vcpu >= domains[domain].VcpuCount)
            return Status.ENOENT;
        if (port >= portsPerDomain)
            return Status.EINVAL;
        uint slot = Slot(domain, port);
        switch (ports[slot].State)
        {
            case PortState.Unbound:
            case PortState.Interdomain:
                break;
            case PortState.Virq:
                if (EventLimits.IsPerVcpuVirq(ports[slot].Virq))
                    return Status.EINVAL;
                break;
            default:
                return Status.EINVAL;
        }
        ports[slot].Vcpu = (byte)vcpu;
        return Status.Ok;
    }

    /// <summary>The lowest free port of <paramref name="domain"/>, fresh, in <paramref name="state"/>, notifying <paramref name="vcpu"/>; ENOSPC when none is free.</summary>
    Status NewPort(uint domain, PortState state, uint vcpu, out uint port)
    {
        Status s = FindFreePort(domain, out port);
        if (s != Status.Ok)
            return s;
        uint slot = Slot(domain, port);
        ports[slot] = default;
        ports[slot].State = state;
        ports[slot].Vcpu = (byte)vcpu;
        return Status.Ok;
    }

    /// <summary>
    /// EVTCHNOP_status for the caller's own port. ESRCH if the caller is not live,
    /// EINVAL for a port out of range. Free and port 0 read as Free (EVTCHNSTAT_closed).
    /// </summary>
    public Status GetStatus(uint domain, uint port, out PortInfo info)
    {
        info = default;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (port >= portsPerDomain)
            return Status.EINVAL;
        PortEntry e = ports[Slot(domain, port)];
        switch (e.State)
        {
            case PortState.Unbound:
                info.State = PortState.Unbound;
                info.RemoteDomain = e.RemoteDomain;
                break;
            case PortState.Interdomain:
                info.State = PortState.Interdomain;
                info.RemoteDomain = e.RemoteDomain;
                info.RemotePort = e.RemotePort;
                break;
            case PortState.Virq:
                info.State = PortState.Virq;
                info.Virq = e.Virq;
                break;
            case PortState.Ipi:
                info.State = PortState.Ipi;
                break;
            default:
                info.State = PortState.Free;
                return Status.Ok;
        }
        info.Vcpu = e.Vcpu;
        return Status.Ok;
    }
}

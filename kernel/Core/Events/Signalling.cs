namespace Ringwall.Core.Events;

/// <summary>EVTCHNOP_send, EVTCHNOP_unmask, the VMM's virq raise, and the 2-level set-pending rule.</summary>
public sealed partial class EventChannels<TShared>
{
    /// <summary>
    /// EVTCHNOP_send on the caller's <paramref name="port"/>. Interdomain: the peer port
    /// is set pending in the peer's shared info and may raise an upcall on the vCPU the
    /// peer port notifies (vCPU 0 unless EVTCHNOP_bind_vcpu moved it). IPI: the port
    /// itself is set pending for its vCPU. Unbound: the notification is dropped silently
    /// and the call succeeds, as in Xen. A peer whose domain is being torn down is not
    /// touched (also success). ESRCH if the caller is not live; EINVAL for a port out of
    /// range, Free, Reserved (port 0) or bound to a virq.
    /// </summary>
    public Status Send(uint domain, uint port, out Upcall upcall)
    {
        upcall = Upcall.None;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (port >= portsPerDomain)
            return Status.EINVAL;
        PortEntry e = ports[Slot(domain, port)];
        switch (e.State)
        {
            case PortState.Interdomain:
                if (IsLive(e.RemoteDomain))
                    SetPending(e.RemoteDomain, NotifiedVcpu(e.RemoteDomain, e.RemotePort), e.RemotePort, ref upcall);
                return Status.Ok;
            case PortState.Ipi:
                SetPending(domain, e.Vcpu, port, ref upcall);
                return Status.Ok;
            case PortState.Unbound:
                return Status.Ok;
            default:
                return Status.EINVAL;
        }
    }

    /// <summary>
    /// For the VMM (its timer, its console): raises <paramref name="virq"/> of
    /// <paramref name="domain"/> on <paramref name="vcpu"/>. A global virq is looked up
    /// on vCPU 0 whatever <paramref name="vcpu"/> says. Not bound: nothing happens
    /// (success, no upcall), as in Xen. ESRCH if the domain is not live, EINVAL for a
    /// virq not below NR_VIRQS, ENOENT for a vCPU the domain does not have.
    /// </summary>
    public Status RaiseVirq(uint domain, uint virq, uint vcpu, out Upcall upcall)
    {
        upcall = Upcall.None;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (virq >= EventLimits.VirqCount)
            return Status.EINVAL;
        if (vcpu >= domains[domain].VcpuCount)
            return Status.ENOENT;
        if (!EventLimits.IsPerVcpuVirq(virq))
            vcpu = 0;
        uint port = virqPort[VirqSlot(domain, vcpu, virq)];
        if (port == 0)
            return Status.Ok;
        SetPending(domain, ports[Slot(domain, port)].Vcpu, port, ref upcall);
        return Status.Ok;
    }

    /// <summary>
    /// EVTCHNOP_unmask: clears the port's mask bit; if it was masked and the port is
    /// pending and its selector bit was clear, the notified vCPU's upcall is raised
    /// (Xen's 2-level unmask). Any port in range may be unmasked, whatever its state.
    /// ESRCH if the caller is not live, EINVAL for a port out of range.
    /// </summary>
    public Status Unmask(uint domain, uint port, out Upcall upcall)
    {
        upcall = Upcall.None;
        if (!IsLive(domain))
            return Status.ESRCH;
        if (port >= portsPerDomain)
            return Status.EINVAL;
        uint vcpu = NotifiedVcpu(domain, port);
        if (shared.TestAndClearMask(domain, port) &&
            shared.IsPending(domain, port) &&
            !shared.TestAndSetSelector(domain, vcpu, port / EventLimits.BitsPerWord))
            MarkUpcall(domain, vcpu, ref upcall);
        return Status.Ok;
    }

    /// <summary>The vCPU a port notifies (see <see cref="PortEntry"/>).</summary>
    uint NotifiedVcpu(uint domain, uint port) => ports[Slot(domain, port)].Vcpu;

    /// <summary>
    /// Xen's 2-level set-pending: set the pending bit; if it was clear, the port is not
    /// masked and the selector bit of its word was clear on <paramref name="vcpu"/>,
    /// raise that vCPU's upcall. Callers checked every value.
    /// </summary>
    void SetPending(uint domain, uint vcpu, uint port, ref Upcall upcall)
    {
        if (shared.TestAndSetPending(domain, port))
            return;
        if (!shared.IsMasked(domain, port) &&
            !shared.TestAndSetSelector(domain, vcpu, port / EventLimits.BitsPerWord))
            MarkUpcall(domain, vcpu, ref upcall);
    }

    void MarkUpcall(uint domain, uint vcpu, ref Upcall upcall)
    {
        if (!shared.TestAndSetUpcallPending(domain, vcpu))
            upcall = Upcall.To(domain, vcpu);
    }
}

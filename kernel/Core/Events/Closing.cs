namespace Ringwall.Core.Events;

/// <summary>EVTCHNOP_close and the bounded teardown of a dying domain's ports.</summary>
public sealed partial class EventChannels<TShared>
{
    /// <summary>
    /// EVTCHNOP_close on the caller's <paramref name="port"/>. An Interdomain peer goes
    /// back to Unbound, offered to the closer again (as Xen does), so the closer may
    /// re-bind it; a virq binding is released. The closed port's pending bit is
    /// cleared (a later re-use starts clean). ESRCH if the caller is not live; EINVAL
    /// for a port out of range, Free or Reserved.
    /// </summary>
    public Status Close(uint domain, uint port)
    {
        if (!IsLive(domain))
            return Status.ESRCH;
        if (port >= portsPerDomain)
            return Status.EINVAL;
        PortState state = ports[Slot(domain, port)].State;
        if (state == PortState.Free || state == PortState.Reserved)
            return Status.EINVAL;
        Release(domain, port);
        shared.ClearPending(domain, port);
        return Status.Ok;
    }

    /// <summary>
    /// Domain teardown (also the core of EVTCHNOP_reset semantics): the first call marks
    /// <paramref name="domain"/> Dying (from then on nothing from or towards it
    /// succeeds, sends to it are dropped, its shared page is not touched), then each
    /// call closes ports from a cursor, at most <paramref name="budget"/> ports per call
    /// (at least one). <paramref name="moreToDo"/> is set while ports remain; the final
    /// call leaves every port Free, no port anywhere referring to the domain, and the
    /// slot free for <see cref="CreateDomain"/>. ESRCH for an id out of range or a slot
    /// without a domain.
    /// </summary>
    public Status CloseAll(uint domain, uint budget, out bool moreToDo)
    {
        moreToDo = false;
        if (domain >= maxDomains || domains[domain].State == DomainEventState.None)
            return Status.ESRCH;
        if (domains[domain].State == DomainEventState.Live)
        {
            domains[domain].State = DomainEventState.Dying;
            domains[domain].TeardownCursor = 0;
        }
        if (budget == 0)
            budget = 1;
        uint cursor = domains[domain].TeardownCursor;
        while (cursor < portsPerDomain && budget > 0)
        {
            PortState state = ports[Slot(domain, cursor)].State;
            if (state == PortState.Reserved)
                ports[Slot(domain, cursor)].State = PortState.Free;
            else if (state != PortState.Free)
                Release(domain, cursor);
            cursor++;
            budget--;
        }
        domains[domain].TeardownCursor = cursor;
        if (cursor < portsPerDomain)
        {
            moreToDo = true;
            return Status.Ok;
        }
        domains[domain].State = DomainEventState.None;
        domains[domain].VcpuCount = 0;
        domains[domain].TeardownCursor = 0;
        return Status.Ok;
    }

    /// <summary>Frees a non-free port, keeping the peer and virq table consistent. Touches no shared page.</summary>
    void Release(uint domain, uint port)
    {
        uint slot = Slot(domain, port);
        PortEntry e = ports[slot];
        if (e.State == PortState.Interdomain)
        {
            uint peer = Slot(e.RemoteDomain, e.RemotePort);
            ports[peer].State = PortState.Unbound;
            ports[peer].RemoteDomain = domain;
            ports[peer].RemotePort = 0;
        }
        else if (e.State == PortState.Virq)
        {
            // A global virq is registered under vCPU 0 wherever bind_vcpu sent it.
            uint vslot = VirqSlot(domain, EventLimits.IsPerVcpuVirq(e.Virq) ? e.Vcpu : 0u, e.Virq);
            if (virqPort[vslot] == port)
                virqPort[vslot] = 0;
        }
        ports[slot] = default;
    }
}

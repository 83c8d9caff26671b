namespace Ringwall.Core.Events;

/// <summary>
/// The notification an operation leaves for the VMM: when <see cref="Raised"/> is set,
/// vcpu_info[<see cref="Vcpu"/>].evtchn_upcall_pending of domain <see cref="Domain"/>
/// went from 0 to 1 during the call, and the VMM must make that vCPU notice it: wake
/// it if it is blocked (or polling), and, if it runs on another CPU, interrupt it so
/// the event callback is entered on its next return to the guest. One operation
/// raises at most one upcall. Not raised: nothing to do (the event was already
/// pending, is masked, or the vCPU was already notified).
/// </summary>
public struct Upcall
{
    public bool Raised;
    public uint Domain;
    public uint Vcpu;

    public static Upcall None
    {
        get
        {
            Upcall u;
            u.Raised = false;
            u.Domain = 0;
            u.Vcpu = 0;
            return u;
        }
    }

    public static Upcall To(uint domain, uint vcpu)
    {
        Upcall u;
        u.Raised = true;
        u.Domain = domain;
        u.Vcpu = vcpu;
        return u;
    }
}

using Ringwall.Abi;
using Ringwall.Arch.Events;
using Ringwall.Arch.Guest;
using Ringwall.Core;
using Ringwall.Core.Events;

namespace Ringwall.Arch.Hypercalls
{
    // event_channel_op(cmd, arg): the argument structure (4-byte aligned, as its
    // largest field) is read once, field by field; every output field is probed (read
    // and written back unchanged, so it must be writable) before the operation runs in
    // the event core (kernel/Core/Events), so a call whose answer cannot be written
    // returns -EFAULT and changes nothing (no port bound, none consumed); then the output
    // fields are written. (One CPU, interrupts off: nothing can unmap the field between
    // the probe and the write; with several CPUs the walk must hold the frame, issue 12.)
    // A domain field must name the caller (DOMID_SELF or its own id): -EPERM otherwise
    // (acting for another domain needs a privilege no domain has). VIRQ_CONSOLE binds
    // only in the domain that owns console input (-EPERM elsewhere). Implemented:
    // alloc_unbound, bind_interdomain, bind_virq, bind_ipi, bind_vcpu, close, send,
    // status, unmask; others -ENOSYS.
    public static unsafe class EventCalls
    {
        public static long Handle(VcpuContext vcpu, ulong command, ulong arg)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            var channels = VmmEvents.Channels;
            uint d = vcpu.Domain;
            Status s;
            Upcall upcall;
            switch (command)
            {
                case EvtchnOpCmd.AllocUnbound:
                {
                    if (!guest.TryRead32(arg, out uint head)) return (long)Errno.EFAULT;   // dom, remote_dom
                    if (!IsSelf(d, (ushort)head)) return (long)Errno.EPERM;
                    if (!Probe32(ref guest, arg + EvtchnAllocUnbound.PortOffset)) return (long)Errno.EFAULT;
                    uint remote = Resolve(d, (ushort)(head >> 16));
                    s = channels.AllocUnbound(d, remote, out uint port);
                    if (s == Status.Ok && !guest.TryWrite32(arg + EvtchnAllocUnbound.PortOffset, port)) return (long)Errno.EFAULT;   // probed: cannot fail on one CPU
                    return (long)s;
                }
                case EvtchnOpCmd.BindInterdomain:
                {
                    if (!guest.TryRead32(arg, out uint remoteDom) || !guest.TryRead32(arg + EvtchnBindInterdomain.RemotePortOffset, out uint remotePort))
                        return (long)Errno.EFAULT;
                    if (!Probe32(ref guest, arg + EvtchnBindInterdomain.LocalPortOffset)) return (long)Errno.EFAULT;
                    uint remote = Resolve(d, (ushort)remoteDom);
                    s = channels.BindInterdomain(d, remote, remotePort, out uint local, out upcall);
                    if (s != Status.Ok) return (long)s;
                    if (!guest.TryWrite32(arg + EvtchnBindInterdomain.LocalPortOffset, local)) return (long)Errno.EFAULT;   // probed
                    VmmEvents.Notify(upcall);
                    return 0;
                }
                case EvtchnOpCmd.BindVirq:
                {
                    if (!guest.TryRead32(arg, out uint virq) || !guest.TryRead32(arg + EvtchnBindVirq.VcpuOffset, out uint virqVcpu))
                        return (long)Errno.EFAULT;
                    // VIRQ_CONSOLE is the console owner's (Xen would bind it and never fire it).
                    if (virq == Virq.Console && !SerialConsoleInput.Input.Owns(d)) return (long)Errno.EPERM;
                    if (!Probe32(ref guest, arg + EvtchnBindVirq.PortOffset)) return (long)Errno.EFAULT;
                    s = channels.BindVirq(d, virq, virqVcpu, out uint port);
                    if (s == Status.Ok && !guest.TryWrite32(arg + EvtchnBindVirq.PortOffset, port)) return (long)Errno.EFAULT;   // probed
                    return (long)s;
                }
                case EvtchnOpCmd.BindIpi:
                {
                    if (!guest.TryRead32(arg + EvtchnBindIpi.VcpuOffset, out uint ipiVcpu)) return (long)Errno.EFAULT;
                    if (!Probe32(ref guest, arg + EvtchnBindIpi.PortOffset)) return (long)Errno.EFAULT;
                    s = channels.BindIpi(d, ipiVcpu, out uint port);
                    if (s == Status.Ok && !guest.TryWrite32(arg + EvtchnBindIpi.PortOffset, port)) return (long)Errno.EFAULT;   // probed
                    return (long)s;
                }
                case EvtchnOpCmd.BindVcpu:
                {
                    if (!guest.TryRead32(arg + EvtchnBindVcpu.PortOffset, out uint port)
                        || !guest.TryRead32(arg + EvtchnBindVcpu.VcpuOffset, out uint target))
                        return (long)Errno.EFAULT;
                    return (long)channels.BindVcpu(d, port, target);
                }
                case EvtchnOpCmd.Status:
                    return StatusOf(ref guest, d, arg);
                case EvtchnOpCmd.Close:
                    return guest.TryRead32(arg, out uint closePort) ? (long)channels.Close(d, closePort) : (long)Errno.EFAULT;
                case EvtchnOpCmd.Send:
                    if (!guest.TryRead32(arg, out uint sendPort)) return (long)Errno.EFAULT;
                    s = channels.Send(d, sendPort, out upcall);
                    if (s == Status.Ok) VmmEvents.Notify(upcall);
                    return (long)s;
                case EvtchnOpCmd.Unmask:
                    if (!guest.TryRead32(arg, out uint unmaskPort)) return (long)Errno.EFAULT;
                    s = channels.Unmask(d, unmaskPort, out upcall);
                    if (s == Status.Ok) VmmEvents.Notify(upcall);
                    return (long)s;
                default:
                    return (long)Errno.ENOSYS;
            }
        }

        // EVTCHNOP_status: status, vcpu and u (bytes 8-23 of evtchn_status) in one copy;
        // it changes no state, so a copy that fails part way (the record crossing into an
        // unwritable page) is only -EFAULT.
        private static long StatusOf(ref GuestVirtualMemory guest, uint d, ulong arg)
        {
            if (!guest.TryRead32(arg, out uint dom) || !guest.TryRead32(arg + EvtchnStatus.PortOffset, out uint port))
                return (long)Errno.EFAULT;
            if (!IsSelf(d, (ushort)dom)) return (long)Errno.EPERM;
            Status s = VmmEvents.Channels.GetStatus(d, port, out PortInfo info);
            if (s != Status.Ok) return (long)s;
            EvtchnStatus answer = default;
            answer.Status = (uint)info.State;   // PortState's values are EVTCHNSTAT_*
            answer.Vcpu = info.Vcpu;
            if (info.State == PortState.Unbound)
                answer.U.Unbound.Dom = (ushort)info.RemoteDomain;
            else if (info.State == PortState.Interdomain)
            {
                answer.U.Interdomain.Dom = (ushort)info.RemoteDomain;
                answer.U.Interdomain.Port = info.RemotePort;
            }
            else if (info.State == PortState.Virq)
                answer.U.Virq = info.Virq;
            byte* from = (byte*)&answer + EvtchnStatus.StatusOffset;
            return guest.TryWriteBytes(arg + EvtchnStatus.StatusOffset, from, EvtchnStatus.Size - EvtchnStatus.StatusOffset)
                ? 0 : (long)Errno.EFAULT;
        }

        // An output field must be writable before the operation runs: read it and write the
        // same value back (the guest sees no change).
        private static bool Probe32(ref GuestVirtualMemory guest, ulong address)
            => guest.TryRead32(address, out uint old) && guest.TryWrite32(address, old);

        private static bool IsSelf(uint domain, ushort field) => field == DomId.Self || field == domain;

        private static uint Resolve(uint domain, ushort field) => field == DomId.Self ? domain : field;
    }
}

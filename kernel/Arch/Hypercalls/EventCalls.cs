using Ringwall.Abi;
using Ringwall.Arch.Events;
using Ringwall.Arch.Guest;
using Ringwall.Core;
using Ringwall.Core.Events;

namespace Ringwall.Arch.Hypercalls
{
    // event_channel_op(cmd, arg): the argument structure (4-byte aligned, as its
    // largest field) is read once, field by field, the operation
    // runs in the event core (kernel/Core/Events), and output fields are written back.
    // A domain field must name the caller (DOMID_SELF or its own id): -EPERM otherwise
    // (acting for another domain needs a privilege no domain has). VIRQ_CONSOLE binds
    // only in the domain that owns console input (-EPERM elsewhere). Implemented:
    // alloc_unbound, bind_interdomain, bind_virq, bind_ipi, bind_vcpu, close, send,
    // unmask; others -ENOSYS.
    public static class EventCalls
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
                    uint remote = Resolve(d, (ushort)(head >> 16));
                    s = channels.AllocUnbound(d, remote, out uint port);
                    if (s == Status.Ok && !guest.TryWrite32(arg + EvtchnAllocUnbound.PortOffset, port)) return (long)Errno.EFAULT;
                    return (long)s;
                }
                case EvtchnOpCmd.BindInterdomain:
                {
                    if (!guest.TryRead32(arg, out uint remoteDom) || !guest.TryRead32(arg + EvtchnBindInterdomain.RemotePortOffset, out uint remotePort))
                        return (long)Errno.EFAULT;
                    uint remote = Resolve(d, (ushort)remoteDom);
                    s = channels.BindInterdomain(d, remote, remotePort, out uint local, out upcall);
                    if (s != Status.Ok) return (long)s;
                    if (!guest.TryWrite32(arg + EvtchnBindInterdomain.LocalPortOffset, local)) return (long)Errno.EFAULT;
                    VmmEvents.Notify(upcall);
                    return 0;
                }
                case EvtchnOpCmd.BindVirq:
                {
                    if (!guest.TryRead32(arg, out uint virq) || !guest.TryRead32(arg + EvtchnBindVirq.VcpuOffset, out uint virqVcpu))
                        return (long)Errno.EFAULT;
                    // VIRQ_CONSOLE is the console owner's (Xen would bind it and never fire it).
                    if (virq == Virq.Console && !SerialConsoleInput.Input.Owns(d)) return (long)Errno.EPERM;
                    s = channels.BindVirq(d, virq, virqVcpu, out uint port);
                    if (s == Status.Ok && !guest.TryWrite32(arg + EvtchnBindVirq.PortOffset, port)) return (long)Errno.EFAULT;
                    return (long)s;
                }
                case EvtchnOpCmd.BindIpi:
                {
                    if (!guest.TryRead32(arg + EvtchnBindIpi.VcpuOffset, out uint ipiVcpu)) return (long)Errno.EFAULT;
                    s = channels.BindIpi(d, ipiVcpu, out uint port);
                    if (s == Status.Ok && !guest.TryWrite32(arg + EvtchnBindIpi.PortOffset, port)) return (long)Errno.EFAULT;
                    return (long)s;
                }
                case EvtchnOpCmd.BindVcpu:
                {
                    if (!guest.TryRead32(arg + EvtchnBindVcpu.PortOffset, out uint port)
                        || !guest.TryRead32(arg + EvtchnBindVcpu.VcpuOffset, out uint target))
                        return (long)Errno.EFAULT;
                    return (long)channels.BindVcpu(d, port, target);
                }
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

        private static bool IsSelf(uint domain, ushort field) => field == DomId.Self || field == domain;

        private static uint Resolve(uint domain, ushort field) => field == DomId.Self ? domain : field;
    }
}

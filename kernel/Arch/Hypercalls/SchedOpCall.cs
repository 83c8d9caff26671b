using Ringwall.Abi;
using Ringwall.Arch.Guest;
using CoreReason = Ringwall.Core.Guests.ShutdownReason;

namespace Ringwall.Arch.Hypercalls
{
    // sched_op: yield gives the CPU to the next runnable vCPU; shutdown (struct
    // sched_shutdown {reason}) stops the domain with exit code 0 (poweroff) or 1; Ringwall's
    // SCHEDOP_ringwall_exit (struct {reason, code}) stops it with an exit code the VMM
    // reports and, for the first domain, hands to QEMU's exit status. A reason outside
    // Xen's list is -EINVAL. remote_shutdown needs privilege: -EPERM. block unmasks
    // events and waits until one is pending (returns at once if one already is); poll
    // waits for given ports or a timeout (GuestPolls). Other commands: -ENOSYS.
    public static unsafe class SchedOpCall
    {
        public static long Handle(VcpuContext vcpu, ulong command, ulong argument)
        {
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            switch (command)
            {
                case SchedOpCmd.Yield:
                    Guests.RequestSwitch();
                    return 0;
                case SchedOpCmd.Block:
                    // Xen: unmask events, and block only if none is pending.
                    vcpu.Info[1] = 0;
                    if (vcpu.Info[0] == 0) Guests.Block(vcpu);
                    else Guests.Wake(vcpu.Domain, vcpu.Id);
                    return 0;
                case SchedOpCmd.Shutdown:
                {
                    if (!guest.TryRead32(argument, out uint reason)) return (long)Errno.EFAULT;
                    return Stop(vcpu, reason, reason == (uint)CoreReason.Poweroff ? 0 : 1);
                }
                case SchedOpCmd.RingwallExit:
                {
                    if (!guest.TryRead32(argument, out uint reason) || !guest.TryRead32(argument + 4, out uint code))
                        return (long)Errno.EFAULT;
                    return Stop(vcpu, reason, (int)code);
                }
                case SchedOpCmd.Poll: return Poll(vcpu, ref guest, argument);
                case SchedOpCmd.RemoteShutdown: return (long)Errno.EPERM;
                default: return (long)Errno.ENOSYS;
            }
        }

        // struct sched_poll {ports, nr_ports, timeout}: at most 128 ports, each below the
        // domain's port count; returns 0 at once if one is pending or the timeout has
        // passed, otherwise blocks until then (and returns 0).
        private static long Poll(VcpuContext vcpu, ref GuestVirtualMemory guest, ulong argument)
        {
            if (!guest.TryRead64(argument + SchedPoll.PortsOffset, out ulong ports)
                || !guest.TryRead32(argument + SchedPoll.NrPortsOffset, out uint count)
                || !guest.TryRead64(argument + SchedPoll.TimeoutOffset, out ulong timeout))
                return (long)Errno.EFAULT;
            if (count > VcpuContext.MaxPollPorts) return (long)Errno.EINVAL;
            uint portLimit = Ringwall.Arch.Events.VmmEvents.Channels.PortsPerDomain;
            for (uint i = 0; i < count; i++)
            {
                if (!guest.TryRead32(ports + i * 4UL, out uint port)) return (long)Errno.EFAULT;
                if (port >= portLimit) return (long)Errno.EINVAL;
                vcpu.PollPorts[i] = port;
            }
            vcpu.PollCount = (int)count;
            if (GuestPolls.AnyPending(vcpu) || (timeout != 0 && timeout <= Clock.NowNanoseconds())) return 0;
            vcpu.Polling = true;
            vcpu.PollDeadline = timeout;
            Guests.Block(vcpu);
            SchedulerTick.DeadlineAdded(timeout);
            return 0;
        }

        private static long Stop(VcpuContext vcpu, uint reason, int code)
        {
            if (reason > (uint)CoreReason.SoftReset) return (long)Errno.EINVAL;
            Lifecycle.Shutdown(vcpu.Domain, (CoreReason)reason, code);
            return 0;
        }
    }
}

using Ringwall.Abi;
using Ringwall.Arch.Events;
using Ringwall.Core.Events;

namespace Ringwall.Arch.Guest
{
    // One-shot guest timers (set_timer_op): a vCPU's deadline in system time; when it
    // has passed, VIRQ_TIMER is raised on that vCPU (if the guest bound it) and a
    // blocked vCPU wakes. The VMM's one-shot timer is armed for the earliest deadline
    // (SchedulerTick), so a timer fires at its deadline plus the interrupt's delivery; a
    // deadline already past fires at once.
    public static class GuestTimers
    {
        public static void Arm(VcpuContext vcpu, ulong deadline)
        {
            vcpu.TimerDeadline = deadline;
            if (deadline != 0 && deadline <= Clock.NowNanoseconds()) Fire(vcpu);
            else SchedulerTick.DeadlineAdded(deadline);
        }

        // The earliest armed deadline of any vCPU (0: none).
        public static ulong Earliest()
        {
            ulong earliest = 0;
            for (int i = 0; i < Guests.VcpuCount; i++)
                earliest = Ringwall.Core.Guests.TimerPlan.Earliest(earliest, Guests.Vcpu(i).TimerDeadline);
            return earliest;
        }

        public static void Expire(ulong now)
        {
            for (int i = 0; i < Guests.VcpuCount; i++)
            {
                VcpuContext v = Guests.Vcpu(i);
                if (v.TimerDeadline != 0 && v.TimerDeadline <= now) Fire(v);
            }
        }

        private static void Fire(VcpuContext vcpu)
        {
            vcpu.TimerDeadline = 0;
            if (VmmEvents.Channels.RaiseVirq(vcpu.Domain, Virq.Timer, vcpu.Id, out Upcall upcall) == Ringwall.Core.Status.Ok)
                VmmEvents.Notify(upcall);
        }
    }
}

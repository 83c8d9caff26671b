using Ringwall.Arch.Events;

namespace Ringwall.Arch.Guest
{
    // sched_op poll: a vCPU waits until one of its ports is pending (even a masked one:
    // no upcall announces that) or its timeout passes. Upcalls wake it at once
    // (Guests.Wake); so does any other event operation that may have set a port
    // pending (VmmEvents.Notify runs WakeIfPending after each); timeouts are looked at
    // on every timer interrupt, and the timer is armed for the earliest timeout
    // (SchedulerTick), so a timeout ends the poll on time.
    public static class GuestPolls
    {
        // Wakes every polling vCPU one of whose ports is pending now.
        public static void WakeIfPending()
        {
            for (int i = 0; i < Guests.VcpuCount; i++)
            {
                VcpuContext v = Guests.Vcpu(i);
                if (v.Polling && AnyPending(v)) Guests.Wake(v.Domain, v.Id);
            }
        }

        public static bool AnyPending(VcpuContext vcpu)
        {
            var shared = new SharedInfoEvents();
            for (int i = 0; i < vcpu.PollCount; i++)
                if (shared.IsPending(vcpu.Domain, vcpu.PollPorts[i])) return true;
            return false;
        }

        // The earliest timeout of a polling vCPU (0: none).
        public static ulong EarliestDeadline()
        {
            ulong earliest = 0;
            for (int i = 0; i < Guests.VcpuCount; i++)
            {
                VcpuContext v = Guests.Vcpu(i);
                if (v.Polling && v.Blocked) earliest = Ringwall.Core.Guests.TimerPlan.Earliest(earliest, v.PollDeadline);
            }
            return earliest;
        }

        public static void Check(ulong now)
        {
            for (int i = 0; i < Guests.VcpuCount; i++)
            {
                VcpuContext v = Guests.Vcpu(i);
                if (!v.Polling) continue;
                if (AnyPending(v) || (v.PollDeadline != 0 && v.PollDeadline <= now))
                    Guests.Wake(v.Domain, v.Id);
            }
        }
    }
}

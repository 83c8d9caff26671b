using Ringwall.Arch.Events;

namespace Ringwall.Arch.Guest
{
    // sched_op poll: a vCPU waits until one of its ports is pending (even a masked one:
    // no upcall announces that) or its timeout passes. Upcalls wake it at once
    // (Guests.Wake); masked ports and timeouts are looked at on every scheduler tick,
    // so those wake-ups come up to one tick (10 ms) late.
    public static class GuestPolls
    {
        public static bool AnyPending(VcpuContext vcpu)
        {
            var shared = new SharedInfoEvents();
            for (int i = 0; i < vcpu.PollCount; i++)
                if (shared.IsPending(vcpu.Domain, vcpu.PollPorts[i])) return true;
            return false;
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

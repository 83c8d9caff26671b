using Ringwall.Arch.Cpu;
using Ringwall.Arch.Paging;
using Ringwall.Core.Guests;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Apic;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Guest
{
    // The VMM's timer: the local APIC timer, one-shot, armed for the earliest of the
    // next time-slice boundary, the earliest guest timer (set_timer_op) and the earliest
    // poll timeout (kernel/Core/Guests/TimerPlan.cs picks it). Slice boundaries lie
    // every 10 ms (the phase a periodic tick would have); at a boundary the running
    // vCPU's slice is over and, once its domain's weight in slices is used up, the next
    // runnable vCPU gets the CPU, round-robin. This is what keeps a guest that spins
    // with its events masked (its virtual interrupt flag) from starving the others: the
    // real interrupt flag is always set while a guest runs. Between boundaries the timer
    // interrupts only for guest deadlines, so a guest timer fires at its deadline (plus
    // the delivery), not on the next 10 ms boundary.
    // Hardware: TSC-deadline mode where CPUID.1:ECX[24] says it exists, else the APIC's
    // one-shot countdown at the rate calibrated against the PIT at boot (1 ms, 1193
    // counts: exact to about 0.1%). QEMU's TCG has no TSC-deadline mode: only the
    // countdown path has run here.
    // Invariants: the VMM itself runs with interrupts off, so an interrupt only ever
    // comes from a guest or from the idle halt; an interrupt is acknowledged (EOI) and
    // the timer re-armed before the VMM returns to a guest or halts; the armed deadline
    // is never later than the next boundary, so the timer is always armed.
    public static unsafe class SchedulerTick
    {
        public const uint SliceMilliseconds = 10;
        private const ulong SliceNanoseconds = SliceMilliseconds * 1000000UL;
        private const uint MsrApicBase = 0x1B;
        private const int VcpuInfoTimeOffset = 32;   // vcpu_info.time
        private static bool s_running;
        private static bool s_tscDeadline;
        private static ulong s_apicPerMs;
        private static ulong s_tscPerMs;
        private static ulong s_boundary;   // the next slice boundary (system time)
        private static ulong s_armed;      // what the timer is armed for (0: not armed)
        // Timer interrupts taken (slice boundaries and guest deadlines).
        public static ulong Ticks;

        public static bool Running => s_running;

        public static void Start(FrameAllocator frames, ulong vmmRoot, in CpuFeatures features)
        {
            if (!features.Apic)
            {
                Log.Warn().Text("timer: no local APIC; guests are not preempted").End();
                return;
            }
            ulong apicBase = Cpu.Cpu.ReadMsr(MsrApicBase);
            bool x2apic = (apicBase & (1UL << 10)) != 0;
            byte* mmio = x2apic ? null : MmioWindow.Map(frames, vmmRoot, apicBase & 0xFFFFFF000UL);
            LocalApic.Enable(mmio, x2apic);
            ulong tscBefore = Cpu.Cpu.ReadTimestamp();
            uint perMs = LocalApic.MeasureTicks(&Pit.WaitOneMillisecond);
            ulong tscPerMs = Cpu.Cpu.ReadTimestamp() - tscBefore;
            Clock.Start(tscBefore, tscPerMs * 1000);
            if (perMs < 10)
            {
                Log.Warn().Text("timer: the local APIC timer does not count; guests are not preempted").End();
                return;
            }
            s_apicPerMs = perMs;
            s_tscPerMs = tscPerMs;
            s_tscDeadline = features.TscDeadline;
            if (s_tscDeadline) LocalApic.UseTscDeadline();
            else LocalApic.UseOneShot();
            s_running = true;
            ulong now = Clock.NowNanoseconds();
            s_boundary = now + SliceNanoseconds;
            Arm(s_boundary, now);
            Log.Info().Text("timer: local APIC").Text(x2apic ? " (x2APIC)" : "")
                .Text(s_tscDeadline ? ", TSC-deadline" : ", one-shot").Text(", ").Decimal(perMs)
                .Text(" ticks per ms, time slice ").Decimal(SliceMilliseconds).Text(" ms; TSC ").Decimal(tscPerMs / 1000).Text(" MHz").End();
            for (int i = 0; i < Guests.VcpuCount; i++) Clock.Publish(Guests.Vcpu(i).Info + VcpuInfoTimeOffset);   // every vCPU's vcpu_info
        }

        // A timer interrupt arrived while a guest ran: guest timers and poll timeouts
        // may have expired, and at a slice boundary the running vCPU's slice is over.
        public static void Tick()
        {
            ulong now = Acknowledge();
            bool boundary = PassBoundary(now);
            if (boundary && Guests.SliceEnded()) Guests.RequestSwitch();
            Rearm(now);
        }

        // A timer interrupt arrived while the VMM idled (every vCPU blocked).
        public static void TickWhileIdle()
        {
            ulong now = Acknowledge();
            PassBoundary(now);
            Rearm(now);
        }

        // A guest deadline was set (a timer, a poll timeout): the timer is armed for it
        // at once when it is earlier than what the timer is armed for.
        public static void DeadlineAdded(ulong deadline)
        {
            if (!s_running || deadline == 0 || (s_armed != 0 && deadline >= s_armed)) return;
            Arm(deadline, Clock.NowNanoseconds());
        }

        private static ulong Acknowledge()
        {
            LocalApic.Eoi();
            Ticks++;
            s_armed = 0;
            ulong now = Clock.NowNanoseconds();
            GuestTimers.Expire(now);
            GuestPolls.Check(now);
            return now;
        }

        private static bool PassBoundary(ulong now)
        {
            if (now < s_boundary) return false;
            s_boundary = TimerPlan.NextBoundary(s_boundary, now, SliceNanoseconds);
            return true;
        }

        private static void Rearm(ulong now)
        {
            ulong next = TimerPlan.Earliest(s_boundary, GuestTimers.Earliest());
            Arm(TimerPlan.Earliest(next, GuestPolls.EarliestDeadline()), now);
        }

        private static void Arm(ulong deadline, ulong now)
        {
            s_armed = deadline;
            if (s_tscDeadline)
                LocalApic.ArmTscDeadline(Cpu.Cpu.ReadTimestamp() + TimerPlan.Countdown(now, deadline, s_tscPerMs, ulong.MaxValue / 2));
            else
                LocalApic.ArmOneShot((uint)TimerPlan.Countdown(now, deadline, s_apicPerMs, uint.MaxValue));
        }
    }
}

using Ringwall.Arch.Cpu;
using Ringwall.Arch.Paging;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Apic;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Guest
{
    // Timer preemption: the local APIC timer fires every time slice (periodic, 10 ms,
    // calibrated against the PIT at boot). The VMM itself always runs with interrupts
    // off, so a tick only ever interrupts a guest; it then gives the CPU to the next
    // runnable vCPU, round-robin. This is what keeps a guest that spins with its
    // events masked (its virtual interrupt flag) from starving the others: the real
    // interrupt flag is always set while a guest runs. A vCPU keeps the CPU for as many
    // slices in a row as its domain's weight (weight=, default 1), round-robin. Calibration waits 1 ms on the PIT
    // (1193 counts: the slice is exact to about 0.1%).
    public static unsafe class SchedulerTick
    {
        public const uint SliceMilliseconds = 10;
        private const uint MsrApicBase = 0x1B;
        private const int VcpuInfoTimeOffset = 32;   // vcpu_info.time
        private static bool s_running;
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
            LocalApic.StartPeriodic(perMs * SliceMilliseconds);
            s_running = true;
            Log.Info().Text("timer: local APIC").Text(x2apic ? " (x2APIC)" : "").Text(", ").Decimal(perMs)
                .Text(" ticks per ms, time slice ").Decimal(SliceMilliseconds).Text(" ms; TSC ").Decimal(tscPerMs / 1000).Text(" MHz").End();
            for (uint d = 0; d < Guests.DomainCount; d++) Clock.Publish(Guests.VcpuInfo(d, 0) + VcpuInfoTimeOffset);
        }

        // A timer interrupt arrived while a guest ran: its slice is over, and guest
        // timers may have expired.
        public static void Tick()
        {
            LocalApic.Eoi();
            Ticks++;
            ulong now = Clock.NowNanoseconds();
            GuestTimers.Expire(now);
            GuestPolls.Check(now);
            if (Guests.SliceEnded()) Guests.RequestSwitch();
        }

        // A timer interrupt arrived while the VMM idled (every vCPU blocked).
        public static void TickWhileIdle()
        {
            LocalApic.Eoi();
            Ticks++;
            ulong now = Clock.NowNanoseconds();
            GuestTimers.Expire(now);
            GuestPolls.Check(now);
        }
    }
}

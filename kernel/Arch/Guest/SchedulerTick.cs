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
    // interrupt flag is always set while a guest runs. Calibration waits 1 ms on the PIT
    // (1193 counts: the slice is exact to about 0.1%).
    public static unsafe class SchedulerTick
    {
        public const uint SliceMilliseconds = 10;
        private const uint MsrApicBase = 0x1B;
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
            uint perMs = LocalApic.MeasureTicks(&Pit.WaitOneMillisecond);
            if (perMs < 10)
            {
                Log.Warn().Text("timer: the local APIC timer does not count; guests are not preempted").End();
                return;
            }
            LocalApic.StartPeriodic(perMs * SliceMilliseconds);
            s_running = true;
            Log.Info().Text("timer: local APIC").Text(x2apic ? " (x2APIC)" : "").Text(", ").Decimal(perMs)
                .Text(" ticks per ms, time slice ").Decimal(SliceMilliseconds).Text(" ms").End();
        }

        // A timer interrupt arrived while a guest ran.
        public static void Tick()
        {
            LocalApic.Eoi();
            Ticks++;
            Guests.RequestSwitch();
        }
    }
}

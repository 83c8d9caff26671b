using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Startup
{
    // Measurement lines for tools/Bench (format: docs/tools.md), printed when the
    // command line says `bench`. Under QEMU's -icount shift=0,sleep=off the time stamp
    // counter advances once per executed instruction, so differences are instruction
    // counts.
    public static class BenchReport
    {
        // Instructions from the last time-stamp read in C# to the first guest
        // instruction: the call of rw_resume_guest and its path in Entry.asm (mov, jmp,
        // two loads, fxrstor, mov, cr3 load, 15 pops, add, iretq), counted from the
        // source.
        public const ulong ResumePathInstructions = 25;

        // timer.irq_to_upcall: what the measurement in C# (GuestEntry.TimerMeasured) does
        // not see, counted from kernel/Arch/Asm/Entry.asm: before it, the vector's stub
        // (push, push, jmp), isr_common to entry_common_end (cld, 15 pushes, test, jnz)
        // and from_guest to guest_entry_end (12: root and stack switch, FXSAVE, MXCSR and
        // x87 defaults, the call); after it, resume_frame to guest_exit_end (mov, fxrstor,
        // mov, mov, cr3 load, 15 pops, add, iretq). Not counted: the few instructions of
        // rw_guest_entry's prologue and vector tests before the first time-stamp read and
        // of its epilogue after the last.
        public const ulong TimerEntryPathInstructions = 3 + 18 + 12;
        public const ulong TimerExitPathInstructions = 22;
        private const int TimerSamples = 8;
        private static int s_timerSamples;
        private static ulong s_timerTotal;

        private static bool s_enabled;
        private static ulong s_entry;
        private static ulong s_excluded;

        public static bool Enabled => s_enabled;

        public static void Start(ulong entryTimestamp)
        {
            s_enabled = true;
            s_entry = entryTimestamp;
        }

        // Time spent on measurements themselves, not part of booting.
        public static void Exclude(ulong instructions) => s_excluded += instructions;

        public static void Boot(ulong entryToBanner) => Line("boot.instructions_to_banner", entryToBanner);

        public static void FirstGuest(ulong now)
        {
            if (s_enabled) Line("boot.instructions_to_first_guest", now - s_entry - s_excluded + ResumePathInstructions);
        }

        // One timer interrupt that ended in the interrupted vCPU's timer upcall, `measured`
        // instructions between the two time-stamp reads; the figure is the mean of the
        // first TimerSamples.
        public static void TimerUpcall(ulong measured)
        {
            if (s_timerSamples >= TimerSamples) return;
            s_timerTotal += measured + TimerEntryPathInstructions + TimerExitPathInstructions;
            if (++s_timerSamples == TimerSamples) Line("timer.irq_to_upcall", s_timerTotal / TimerSamples);
        }

        private static void Line(string id, ulong value)
            => Log.Info().Text("BENCH ").Text(id).Text(" value=").Decimal(value).Text(" unit=instructions").End();
    }
}

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

        private static void Line(string id, ulong value)
            => Log.Info().Text("BENCH ").Text(id).Text(" value=").Decimal(value).Text(" unit=instructions").End();
    }
}

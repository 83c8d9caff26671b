using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Startup
{
    // Measurement lines for tools/Bench (format: docs/tools.md). Under QEMU's
    // -icount shift=0,sleep=off the time stamp counter advances once per executed
    // instruction, so differences are instruction counts.
    public static class BenchReport
    {
        public static void Boot(ulong entryToBanner)
        {
            Log.Info().Text("BENCH boot.instructions_to_banner value=").Decimal(entryToBanner).Text(" unit=instructions").End();
        }
    }
}

using Ringwall.Arch.Cpu;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Startup
{
    // Control-register protections the VMM turns on when the CPU has them. SMEP and
    // SMAP stop ring 0 from running or touching user (ring-3) pages; UMIP makes SGDT,
    // SIDT, SLDT, SMSW and STR fault outside ring 0. CR0.WP is already set.
    public static class CpuSetup
    {
        public static void EnableProtections(in CpuFeatures features)
        {
            ulong cr4 = Cpu.Cpu.ReadCr4();
            if (features.Smep) cr4 |= Cpu.Cpu.Cr4Smep;
            if (features.Smap) cr4 |= Cpu.Cpu.Cr4Smap;
            if (features.Umip) cr4 |= Cpu.Cpu.Cr4Umip;
            Cpu.Cpu.WriteCr4(cr4);
            Log.Info().Text("protections: CR0.WP").Flag("SMEP", features.Smep).Flag("SMAP", features.Smap)
                .Flag("UMIP", features.Umip).Flag("NX", features.Nx).End();
        }
    }
}

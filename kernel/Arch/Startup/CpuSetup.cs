using Ringwall.Arch.Cpu;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Startup
{
    // Control-register protections the VMM turns on when the CPU has them. SMEP and
    // SMAP stop ring 0 from running or touching user (ring-3) pages; UMIP makes SGDT,
    // SIDT, SLDT, SMSW and STR fault outside ring 0. CR0.WP is already set.
    // IA32_SYSENTER_CS is written 0: SYSENTER (valid in 64-bit mode on Intel CPUs)
    // raises #GP when it is 0, and otherwise enters ring 0 at IA32_SYSENTER_EIP on
    // IA32_SYSENTER_ESP without any entry stub: a guest's SYSENTER must never reach
    // whatever a firmware or boot loader left there (the reset value is 0, but the
    // VMM does not rely on having been booted from reset).
    public static class CpuSetup
    {
        private const uint SysenterCsMsr = 0x174;

        public static void EnableProtections(in CpuFeatures features)
        {
            ulong cr4 = Cpu.Cpu.ReadCr4();
            if (features.Smep) cr4 |= Cpu.Cpu.Cr4Smep;
            if (features.Smap) cr4 |= Cpu.Cpu.Cr4Smap;
            if (features.Umip) cr4 |= Cpu.Cpu.Cr4Umip;
            Cpu.Cpu.WriteCr4(cr4);
            Cpu.Cpu.WriteMsr(SysenterCsMsr, 0);
            Log.Info().Text("protections: CR0.WP").Flag("SMEP", features.Smep).Flag("SMAP", features.Smap)
                .Flag("UMIP", features.Umip).Flag("NX", features.Nx).End();
        }
    }
}

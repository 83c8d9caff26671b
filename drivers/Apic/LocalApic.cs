using Ringwall.Runtime;

namespace Ringwall.Drivers.Apic
{
    // The boot CPU's local APIC: enabling it, its timer, and end-of-interrupt. The timer
    // runs one-shot: either counting down from an initial count (divide by 1, the rate
    // calibrated at boot) or, where CPUID.1:ECX[24] offers it, in TSC-deadline mode
    // (interrupt when the TSC reaches IA32_TSC_DEADLINE). QEMU's TCG has no TSC-deadline
    // mode, so that path has NOT been exercised.
    // Register access goes through MMIO (xAPIC, the page the caller maps uncached) or,
    // when firmware left the APIC in x2APIC mode (IA32_APIC_BASE.EXTD), through MSRs
    // 0x800 + offset/16. Invariants: the timer is the only local interrupt source the
    // VMM enables (device interrupts come through the I/O APIC, IoApic.cs); every
    // delivered interrupt is acknowledged (EOI) before the VMM returns to a guest. The x2APIC path has NOT been exercised (QEMU's TCG has no
    // x2APIC).
    public static unsafe class LocalApic
    {
        public const uint TimerVector = 0xF0;
        public const uint SpuriousVector = 0xFF;
        private const uint RegId = 0x20, RegTpr = 0x80, RegEoi = 0xB0, RegSvr = 0xF0, RegLvtTimer = 0x320;
        private const uint RegInitialCount = 0x380, RegCurrentCount = 0x390, RegDivide = 0x3E0;
        private const uint LvtMasked = 1u << 16, LvtTscDeadline = 2u << 17;
        private const uint MsrTscDeadline = 0x6E0;

        private static byte* s_mmio;
        private static bool s_x2apic;

        public static bool X2Apic => s_x2apic;
        public static bool Enabled => s_enabled;
        private static bool s_enabled;

        // This CPU's APIC id (xAPIC: bits 31:24 of the ID register; x2APIC: all 32).
        public static uint Id => s_x2apic ? Read(RegId) : Read(RegId) >> 24;

        // `mmio` is the uncached mapping of the xAPIC page (ignored in x2APIC mode).
        public static void Enable(byte* mmio, bool x2apic)
        {
            s_mmio = mmio;
            s_x2apic = x2apic;
            Write(RegTpr, 0);
            Write(RegSvr, (1u << 8) | SpuriousVector);
            Write(RegLvtTimer, LvtMasked | TimerVector);
            s_enabled = true;
        }

        public static void Eoi() => Write(RegEoi, 0);

        // Counts the timer (divide by 1) down from the maximum for as long as `wait`
        // takes; returns the ticks that passed.
        public static uint MeasureTicks(delegate*<void> wait)
        {
            Write(RegDivide, 0xB);
            Write(RegLvtTimer, LvtMasked | TimerVector);
            Write(RegInitialCount, 0xFFFFFFFF);
            wait();
            uint left = Read(RegCurrentCount);
            Write(RegInitialCount, 0);
            return 0xFFFFFFFF - left;
        }

        // One-shot countdown mode (divide by 1, as calibrated), not yet armed.
        public static void UseOneShot()
        {
            Write(RegDivide, 0xB);
            Write(RegLvtTimer, TimerVector);
            Write(RegInitialCount, 0);
        }

        // One interrupt `ticks` counts from now (replaces an armed countdown).
        public static void ArmOneShot(uint ticks) => Write(RegInitialCount, ticks);

        // TSC-deadline mode, not yet armed. The SDM asks for a fence between the LVT
        // write that selects the mode and the first deadline write (the MMIO write and
        // WRMSR are not ordered against each other).
        public static void UseTscDeadline()
        {
            Write(RegLvtTimer, LvtTscDeadline | TimerVector);
            Machine.MemoryFence();
            Machine.WriteMsr(MsrTscDeadline, 0);
        }

        // One interrupt when the TSC reaches `tsc` (one already passed: at once).
        public static void ArmTscDeadline(ulong tsc) => Machine.WriteMsr(MsrTscDeadline, tsc);

        private static void Write(uint register, uint value)
        {
            if (s_x2apic) Machine.WriteMsr(0x800 + register / 16, value);
            else *(uint*)(s_mmio + register) = value;
        }

        private static uint Read(uint register)
            => s_x2apic ? (uint)Machine.ReadMsr(0x800 + register / 16) : *(uint*)(s_mmio + register);
    }
}

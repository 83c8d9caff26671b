using Ringwall.Runtime;

namespace Ringwall.Drivers.Apic
{
    // The I/O APIC that routes legacy (ISA) device interrupts to the local APIC.
    // Registers are reached through the index (IOREGSEL, +0x00) and data (IOWIN, +0x10)
    // windows of its MMIO page. The VMM does not read ACPI: the caller maps the PC's
    // standard address (0xFEC00000) and Probe checks that an I/O APIC answers there.
    // Invariants: only the entries the VMM routes are touched (firmware leaves the others
    // masked); an entry is written high half first, so it is never unmasked with a
    // stale destination.
    public static unsafe class IoApic
    {
        public const ulong StandardAddress = 0xFEC00000;
        private const uint RegVersion = 0x01, RegRedirectionBase = 0x10;
        private const uint Masked = 1u << 16;

        private static byte* s_mmio;
        private static uint s_entries;

        public static uint Entries => s_entries;

        // True when an I/O APIC answers at `mmio` (its version register reads as an
        // APIC version 0x1X or 0x2X with at least 16 redirection entries).
        public static bool Probe(byte* mmio)
        {
            s_mmio = mmio;
            uint version = Read(RegVersion);
            uint kind = version & 0xFF;
            uint entries = ((version >> 16) & 0xFF) + 1;
            if (version == 0xFFFFFFFF || kind < 0x10 || kind > 0x2F || entries < 16)
            {
                s_mmio = null;
                return false;
            }
            s_entries = entries;
            return true;
        }

        // Routes input `pin` to `vector` on the local APIC `apicId`: fixed delivery,
        // physical destination, edge-triggered, active high (how ISA IRQs signal).
        public static void Route(uint pin, uint vector, uint apicId)
        {
            if (s_mmio == null || pin >= s_entries) return;
            uint reg = RegRedirectionBase + pin * 2;
            Write(reg, Masked | vector);
            Write(reg + 1, apicId << 24);
            Write(reg, vector);
        }

        private static uint Read(uint register)
        {
            *(uint*)s_mmio = register;
            return *(uint*)(s_mmio + 0x10);
        }

        private static void Write(uint register, uint value)
        {
            *(uint*)s_mmio = register;
            *(uint*)(s_mmio + 0x10) = value;
        }
    }
}

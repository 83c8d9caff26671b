using Ringwall.Arch.Cpu;
using Ringwall.Drivers.Console;

namespace Ringwall.Arch.Paging
{
    // Process-context identifiers, used only when the CPU has both PCID and INVPCID:
    // the VMM root runs as PCID 1 and the guest root as PCID 2, and every CR3 load on
    // entry and exit sets bit 63 (keep the TLB), so switching between guest and VMM no
    // longer empties the TLB. What would go stale is flushed explicitly: the guest
    // PCID (single-context INVPCID, which includes paging-structure caches) whenever
    // the per-CPU guest root is recopied or another domain comes in, and whenever the
    // memory core orders a flush. Without PCID (as under QEMU's TCG) CR3 is loaded
    // plainly and every switch empties the TLB.
    // NOT EXERCISED HERE: TCG has neither PCID nor INVPCID, so this path has never run;
    // it must be tested on a physical machine before it is trusted.
    public static class Pcid
    {
        public const ulong Vmm = 1, Guest = 2;
        private const ulong NoFlush = 1UL << 63;
        private const ulong SingleContext = 1;
        private static bool s_enabled;

        public static bool Enabled => s_enabled;

        public static void Enable(in CpuFeatures features)
        {
            s_enabled = features.Pcid && features.Invpcid;
            if (s_enabled) Cpu.Cpu.WriteCr4(Cpu.Cpu.ReadCr4() | Cpu.Cpu.Cr4Pcide);
            Log.Info().Text("TLB: ").Text(s_enabled ? "PCID (VMM 1, guest 2, kept across switches)" : "no PCID: every switch flushes").End();
        }

        public static ulong VmmCr3(ulong root) => s_enabled ? root | Vmm | NoFlush : root;

        public static ulong GuestCr3(ulong root) => s_enabled ? root | Guest | NoFlush : root;

        // Forgets every translation of the guest PCID (nothing to do without PCID: the
        // next CR3 load empties the TLB anyway).
        public static void FlushGuest()
        {
            if (s_enabled) Cpu.Cpu.InvalidatePcid(SingleContext, Guest, 0);
        }
    }
}

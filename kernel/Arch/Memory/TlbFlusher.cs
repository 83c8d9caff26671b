using Ringwall.Core.Memory;

namespace Ringwall.Arch.Memory
{
    // Carries out the flushes the memory core decides on. One CPU today: every scope
    // is this CPU. Without PCID every switch between the VMM root and a guest root
    // already empties the TLB of non-global entries (and neither root has global
    // ones), yet the flush is still done here, at once, so the core's obligation holds
    // by itself and stays right when PCID keeps translations across switches.
    // A changed top-level entry marks the per-CPU guest root for a recopy before the
    // next return to that domain.
    public struct TlbFlusher : ITlbFlusher
    {
        public static uint FlushesDone;

        public void Flush(in FlushRequest request)
        {
            if (request.RootTableChanged) GuestRootSync.MarkStale(request.Domain);
            // The VMM root is loaded here: its own entries need no flush, the guest
            // PCID's do (with PCID); without PCID the next switch empties the TLB, and
            // the reload below makes the flush happen now, not later.
            if (Paging.Pcid.Enabled) Paging.Pcid.FlushGuest();
            else Cpu.Cpu.WriteCr3(Cpu.Cpu.ReadCr3());
            FlushesDone++;
        }

        public void FlushCache(uint domain) => Cpu.Cpu.WriteBackInvalidateCaches();
    }

    // Which domain's per-CPU root copy must be refreshed from its L4 before the CPU
    // returns to it (kernel/Arch/Guest/GuestRoot.cs reads and clears this).
    public static class GuestRootSync
    {
        public const uint None = 0xFFFFFFFF;
        private static bool s_stale;
        private static uint s_domain = None;

        public static void MarkStale(uint domain)
        {
            s_stale = true;
            s_domain = domain;
        }

        public static bool TakeStale(uint domain)
        {
            if (!s_stale || (s_domain != domain && s_domain != None)) return false;
            s_stale = false;
            return true;
        }
    }
}

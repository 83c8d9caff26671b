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

    // Which domains' guest roots must be recopied from their L4 before the CPU returns
    // to them (kernel/Arch/Guest/GuestRoot.cs): one flag per domain, so no change is
    // forgotten while other domains run.
    public static class GuestRootSync
    {
        private static readonly bool[] s_stale = new bool[VmmMemory.MaxDomains];

        public static void MarkStale(uint domain)
        {
            if (domain < (uint)s_stale.Length) s_stale[domain] = true;
        }

        public static bool TakeStale(uint domain)
        {
            bool stale = s_stale[domain];
            s_stale[domain] = false;
            return stale;
        }
    }
}

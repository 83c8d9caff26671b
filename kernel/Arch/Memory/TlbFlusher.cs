using Ringwall.Core.Memory;

namespace Ringwall.Arch.Memory
{
    // Carries out the flushes the memory core decides on. One CPU today: every scope
    // is this CPU. Without PCID every switch between the VMM root and a guest root
    // already empties the TLB of non-global entries (and neither root has global
    // ones), yet the flush is still done here, at once, so the core's obligation holds
    // by itself and stays right when PCID keeps translations across switches.
    // Root copies are not this layer's business: GuestRoot compares the domain's root
    // epoch before every return (RootTableChanged matters with SMP, where other CPUs'
    // copies must be resynchronised before the flush completes).
    public struct TlbFlusher : ITlbFlusher
    {
        public static uint FlushesDone;

        public void Flush(in FlushRequest request)
        {
            // The VMM root is loaded here: its own entries need no flush, the guest
            // PCID's do (with PCID); without PCID the next switch empties the TLB, and
            // the reload below makes the flush happen now, not later.
            if (Paging.Pcid.Enabled) Paging.Pcid.FlushGuest();
            else Cpu.Cpu.WriteCr3(Cpu.Cpu.ReadCr3());
            FlushesDone++;
        }

        public void FlushCache(uint domain) => Cpu.Cpu.WriteBackInvalidateCaches();
    }
}

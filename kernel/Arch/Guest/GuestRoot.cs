using Ringwall.Arch.Entry;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core.Physical;
using Ringwall.Runtime;

namespace Ringwall.Arch.Guest
{
    // The top-level tables this CPU runs guests on, one per domain (one CPU today;
    // with SMP, one per domain and CPU). A guest's own L4 is never loaded into CR3: its
    // entries are copied into its root, next to what the VMM adds: the read-only M2P
    // table at L4 slot 256 (0xFFFF800000000000, where Xen puts it) and this CPU's entry
    // area at slot 271.
    // Invariants: slots 256..271 never come from a guest (its L4 has zeros there, the
    // memory core refuses anything else); a domain's root equals its running vCPU's
    // current L4 whenever it runs. The copy is derived state: it records the base frame
    // and the domain's RootEpoch (DomainMemory.RootEpoch) it was made from, and is
    // remade before any guest instruction runs on it unless both are unchanged. The
    // core advances the epoch on every change a copy can depend on (an L4 entry
    // written, an L4 validated or devalidated, a base pointer changed), so an L4 that
    // is unpinned, rewritten while untyped and validated again under the same frame
    // number is recopied (issue 9, finding 1). Switching domains only loads another root.
    public static unsafe class GuestRoot
    {
        private const int M2pSlot = 256;
        private const ulong NotLoaded = ulong.MaxValue;
        private static readonly ulong[] s_roots = new ulong[VmmMemory.MaxDomains];
        private static readonly ulong[] s_copiedBase = new ulong[VmmMemory.MaxDomains];
        private static readonly ulong[] s_copiedEpoch = new ulong[VmmMemory.MaxDomains];
        private static ulong s_m2pL3;
        private static uint s_running = uint.MaxValue;

        public static void Initialize(FrameAllocator frames)
        {
            for (int d = 0; d < s_roots.Length; d++)
            {
                s_roots[d] = NewTable(frames);
                s_copiedBase[d] = NotLoaded;
            }
            s_m2pL3 = NewTable(frames);
            ulong l2 = NewTable(frames);
            Table(s_m2pL3)[0] = l2 | PageFlags.Present;
            ulong frameCount = VmmMemory.M2pFrames;
            ulong m2p = VmmMemory.M2pMachineAddress;
            for (ulong table = 0; table * 512 < frameCount; table++)
            {
                ulong l1 = NewTable(frames);
                Table(l2)[table] = l1 | PageFlags.Present;
                for (ulong i = 0; i < 512 && table * 512 + i < frameCount; i++)
                    Table(l1)[i] = (m2p + (table * 512 + i) * 4096) | PageFlags.Present | PageFlags.NoExecute;
            }
        }

        // Makes `domain`'s root mirror its L4 at machine frame `baseMfn` as of root
        // epoch `epoch` (recopied unless the copy was made from the same base at the
        // same epoch), and the one the CPU returns to.
        public static void Load(uint domain, ulong baseMfn, ulong epoch)
        {
            ulong rootFrame = s_roots[domain];
            bool copy = s_copiedBase[domain] != baseMfn || s_copiedEpoch[domain] != epoch;
            if (copy)
            {
                ulong* root = Table(rootFrame);
                ulong* guest = Table(baseMfn << 12);
                for (int i = 0; i < M2pSlot; i++) root[i] = guest[i];
                for (int i = EntryLayout.L4Slot + 1; i < 512; i++) root[i] = guest[i];
                root[M2pSlot] = s_m2pL3 | PageFlags.Present;
                root[EntryLayout.L4Slot] = EntryArea.L3Table | PageFlags.Present | PageFlags.Writable;
                s_copiedBase[domain] = baseMfn;
                s_copiedEpoch[domain] = epoch;
            }
            // One guest PCID serves every domain's root: flush it whenever the root or
            // its contents change under it.
            if (copy || s_running != domain) Pcid.FlushGuest();
            s_running = domain;
            EntryArea.PerCpu->GuestCr3 = Pcid.GuestCr3(rootFrame);
        }

        private static ulong* Table(ulong physical) => (ulong*)DirectMap.ToVirtual(physical);

        private static ulong NewTable(FrameAllocator frames)
        {
            if (!frames.TryAllocate(out ulong frame)) Panic.Halt("out of memory for guest root tables");
            ulong* t = Table(frame << 12);
            for (int i = 0; i < 512; i++) t[i] = 0;
            return frame << 12;
        }
    }
}

using Ringwall.Arch.Entry;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core.Physical;
using Ringwall.Runtime;

namespace Ringwall.Arch.Guest
{
    // The top-level table this CPU runs guests on. A guest's own L4 is never loaded
    // into CR3: its entries are copied into this per-CPU root, next to what the VMM
    // adds: the read-only M2P table at L4 slot 256 (0xFFFF800000000000, where Xen puts
    // it) and this CPU's entry area at slot 271.
    // Invariants: slots 256..271 never come from a guest (its L4 has zeros there, the
    // memory core refuses anything else); the copy equals the guest L4 whenever the CPU
    // runs that guest: it is redone when the vCPU's base table changes, when the core
    // reports a changed L4 entry, and when another domain's vCPU comes in.
    public static unsafe class GuestRoot
    {
        private const int M2pSlot = 256;
        private const ulong NotLoaded = ulong.MaxValue;
        private static ulong s_root;
        private static ulong s_m2pL3;
        private static ulong s_loadedBase = NotLoaded;

        public static ulong Root => s_root;

        public static void Initialize(FrameAllocator frames)
        {
            s_root = NewTable(frames);
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
            EntryArea.PerCpu->GuestCr3 = Pcid.GuestCr3(s_root);
        }

        // Makes the per-CPU root mirror the guest L4 at machine frame `baseMfn`.
        public static void Load(ulong baseMfn, bool force)
        {
            if (!force && baseMfn == s_loadedBase) return;
            ulong* root = Table(s_root);
            ulong* guest = Table(baseMfn << 12);
            for (int i = 0; i < 512; i++)
                root[i] = i >= M2pSlot && i <= EntryLayout.L4Slot ? 0 : guest[i];
            root[M2pSlot] = s_m2pL3 | PageFlags.Present;
            root[EntryLayout.L4Slot] = EntryArea.L3Table | PageFlags.Present | PageFlags.Writable;
            s_loadedBase = baseMfn;
            Pcid.FlushGuest();
        }

        public static void Forget() => s_loadedBase = NotLoaded;

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

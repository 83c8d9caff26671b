using Ringwall.Core.Physical;
using Ringwall.Runtime;

namespace Ringwall.Arch.Paging
{
    // Builds a 4-level page table for the VMM itself. Table frames come from the frame
    // allocator below `tableLimit` (so that they are reachable through the early
    // direct map while the tables are built) and are zeroed before use.
    // Invariants: an existing mapping is never silently changed: mapping a page that
    // a large page already covers is a no-op only when flags and address agree, and
    // any other conflict panics; upper levels are created writable and executable so
    // the leaf alone decides (NX and W are enforced at the leaf).
    public unsafe struct PageTableBuilder
    {
        private const ulong TableFlags = PageFlags.Present | PageFlags.Writable;
        private readonly FrameAllocator _frames;
        private readonly ulong _tableLimitFrame;
        public readonly ulong Root;
        public ulong TablesAllocated;

        public PageTableBuilder(FrameAllocator frames, ulong tableLimit)
        {
            _frames = frames;
            _tableLimitFrame = tableLimit / FrameAllocator.FrameSize;
            TablesAllocated = 0;
            Root = 0;
            Root = NewTable();
        }

        // Adds mappings to an existing root (frames for new tables below `tableLimit`).
        public PageTableBuilder(FrameAllocator frames, ulong tableLimit, ulong existingRoot)
        {
            _frames = frames;
            _tableLimitFrame = tableLimit / FrameAllocator.FrameSize;
            TablesAllocated = 0;
            Root = existingRoot;
        }

        private ulong NewTable()
        {
            if (!_frames.TryAllocateContiguous(1, 1, _tableLimitFrame, out ulong frame))
                Panic.Halt("out of memory for the VMM's page tables");
            ulong physical = frame * FrameAllocator.FrameSize;
            ulong* table = (ulong*)DirectMap.ToVirtual(physical);
            for (int i = 0; i < 512; i++) table[i] = 0;
            TablesAllocated++;
            return physical;
        }

        private ulong* Next(ulong* table, int index)
        {
            ulong entry = table[index];
            if ((entry & PageFlags.Present) == 0)
            {
                entry = NewTable() | TableFlags;
                table[index] = entry;
            }
            else if ((entry & PageFlags.Large) != 0)
            {
                return null;
            }
            return (ulong*)DirectMap.ToVirtual(entry & PageFlags.AddressMask);
        }

        private static int Index(ulong virtualAddress, int level) => (int)((virtualAddress >> (12 + 9 * level)) & 511);

        public void Map4K(ulong virtualAddress, ulong physical, ulong flags)
        {
            ulong* l4 = (ulong*)DirectMap.ToVirtual(Root);
            ulong* l3 = Next(l4, Index(virtualAddress, 3));
            ulong* l2 = l3 == null ? null : Next(l3, Index(virtualAddress, 2));
            if (l2 == null) Panic.Halt("VMM mapping conflicts with a 1 GiB page");
            int i2 = Index(virtualAddress, 1);
            if ((l2[i2] & PageFlags.Large) != 0)
            {
                ulong covering = l2[i2] & PageFlags.AddressMask & ~0x1FFFFFUL;
                if (covering + (virtualAddress & 0x1FFFFF) == physical) return;
                Panic.Halt("VMM mapping conflicts with a 2 MiB page");
            }
            ulong* l1 = Next(l2, i2);
            int i1 = Index(virtualAddress, 0);
            ulong entry = physical | flags | PageFlags.Present;
            if ((l1[i1] & PageFlags.Present) != 0 && l1[i1] != entry) Panic.Halt("VMM page mapped twice differently");
            l1[i1] = entry;
        }

        // Returns false (mapping nothing) when 4 KiB pages already exist in the range.
        public bool TryMap2M(ulong virtualAddress, ulong physical, ulong flags)
        {
            ulong* l4 = (ulong*)DirectMap.ToVirtual(Root);
            ulong* l3 = Next(l4, Index(virtualAddress, 3));
            ulong* l2 = l3 == null ? null : Next(l3, Index(virtualAddress, 2));
            if (l2 == null) return false;
            int i2 = Index(virtualAddress, 1);
            ulong entry = physical | flags | PageFlags.Present | PageFlags.Large;
            if ((l2[i2] & PageFlags.Present) != 0) return l2[i2] == entry;
            l2[i2] = entry;
            return true;
        }

        // Maps [physicalStart, physicalEnd) (page-aligned outward) at virtualBase + p,
        // with 2 MiB pages where a whole aligned 2 MiB lies inside the range.
        public void MapRange(ulong virtualBase, ulong physicalStart, ulong physicalEnd, ulong flags)
        {
            ulong p = physicalStart & ~0xFFFUL;
            ulong end = (physicalEnd + 0xFFF) & ~0xFFFUL;
            while (p < end)
            {
                if ((p & 0x1FFFFF) == 0 && end - p >= 0x200000 && TryMap2M(virtualBase + p, p, flags))
                {
                    p += 0x200000;
                    continue;
                }
                Map4K(virtualBase + p, p, flags);
                p += 0x1000;
            }
        }
    }
}

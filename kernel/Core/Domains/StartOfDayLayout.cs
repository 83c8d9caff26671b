using Ringwall.Abi;

namespace Ringwall.Core.Domains
{
    // The Xen-style start-of-day address space of a domain of MemoryPages pseudo-
    // physical pages. Pfn p is mapped at VirtualBase + p * 4096 for every p below
    // BootstrapPfnCount; in pfn (and virtual) order the bootstrap region holds:
    //   [0, KernelPfn)                 plain pages between VirtualBase and the image
    //   kernel                         [ImageStart, ImageEnd), KernelPageCount pages
    //   start info                     1 page (StartInfoPfn)
    //   P2M list                       MemoryPages * 8 bytes rounded up to pages
    //   bootstrap page tables          PageTableCount pages: the L4, then L3Count L3s,
    //                                  L2Count L2s, L1Count L1s, each level in address
    //                                  order; together they map all of
    //                                  [VirtualBase, BootstrapEnd) with 4 KiB pages
    //                                  (themselves included: Plan iterates to the
    //                                  fixed point, as Xen does)
    //   stack                          StackPages pages; StackTop is its end
    //   padding                        plain pages up to BootstrapEnd, the stack's end
    //                                  rounded up to a 4 MiB virtual boundary
    // Pfns from BootstrapPfnCount to MemoryPages are plain RAM, unmapped.
    public struct StartOfDayLayout
    {
        public const ulong PageShift = 12;
        public const ulong PageSize = 1UL << 12;
        public const ulong StackPages = 4;
        public const ulong BootstrapAlignment = 1UL << 22;
        public const ulong MaxMemoryPages = 1UL << 40;
        public const int MaxIterations = 64;

        public ulong MemoryPages;
        public ulong VirtualBase;

        public ulong KernelPfn;
        public ulong KernelPageCount;
        public ulong KernelVa;

        public ulong StartInfoPfn;
        public ulong StartInfoVa;

        public ulong P2MPfn;
        public ulong P2MPageCount;
        public ulong P2MVa;

        public ulong PageTablePfn;   // the L4
        public ulong PageTableCount; // 1 + L3Count + L2Count + L1Count
        public ulong PageTableVa;
        public ulong L3Count;
        public ulong L2Count;
        public ulong L1Count;

        public ulong StackPfn;
        public ulong StackVa;
        public ulong StackTop;

        public ulong BootstrapEnd;
        public ulong BootstrapPfnCount;

        public static LayoutStatus Plan(ElfImage image, ulong memoryPages, out StartOfDayLayout layout)
        {
            layout = default;
            ulong vb = image.VirtualBase;
            if (image.SegmentCount == 0 || image.ImageEnd <= image.ImageStart || vb > image.ImageStart
                || ((vb | image.ImageStart | image.ImageEnd) & (PageSize - 1)) != 0
                || image.ImageEnd - vb > ElfImage.MaxSpan)
                return LayoutStatus.InvalidImage;
            if (memoryPages > MaxMemoryPages) return LayoutStatus.TooLarge;

            // All pfn arithmetic below stays under 2^42: no wrapping.
            ulong kernelPfn = (image.ImageStart - vb) >> (int)PageShift;
            ulong kernelEndPfn = (image.ImageEnd - vb) >> (int)PageShift;
            ulong startInfoPfn = kernelEndPfn;
            ulong p2mPfn = startInfoPfn + 1;
            ulong p2mPages = (memoryPages + 511) >> 9; // 8 bytes per entry, 512 per page
            ulong tablePfn = p2mPfn + p2mPages;

            ulong tables = 1;
            ulong end = 0, l3 = 0, l2 = 0, l1 = 0;
            int iteration = 0;
            while (true)
            {
                if (iteration++ == MaxIterations) return LayoutStatus.TooLarge;
                ulong stackEndBytes = (tablePfn + tables + StackPages) << (int)PageShift;
                if (stackEndBytes > ulong.MaxValue - vb) return LayoutStatus.LeavesCanonicalRange;
                ulong stackEnd = vb + stackEndBytes;
                if (stackEnd > ulong.MaxValue - (BootstrapAlignment - 1)) return LayoutStatus.LeavesCanonicalRange;
                end = (stackEnd + (BootstrapAlignment - 1)) & ~(BootstrapAlignment - 1);
                ulong last = end - 1;
                if (!Bits.IsCanonical(last) || ((last ^ vb) >> 63) != 0) return LayoutStatus.LeavesCanonicalRange;
                if (vb <= VmmRange.VirtLast && last >= VmmRange.VirtStart) return LayoutStatus.EntersReservedRange;
                CountTables(vb, end, out l3, out l2, out l1);
                ulong needed = 1 + l3 + l2 + l1;
                if (needed <= tables) break; // needed grows with tables, so here needed == tables
                tables = needed;
            }

            ulong bootstrapPfns = (end - vb) >> (int)PageShift;
            if (bootstrapPfns > memoryPages) return LayoutStatus.TooLittleMemory;

            layout.MemoryPages = memoryPages;
            layout.VirtualBase = vb;
            layout.KernelPfn = kernelPfn;
            layout.KernelPageCount = kernelEndPfn - kernelPfn;
            layout.KernelVa = image.ImageStart;
            layout.StartInfoPfn = startInfoPfn;
            layout.StartInfoVa = vb + (startInfoPfn << (int)PageShift);
            layout.P2MPfn = p2mPfn;
            layout.P2MPageCount = p2mPages;
            layout.P2MVa = vb + (p2mPfn << (int)PageShift);
            layout.PageTablePfn = tablePfn;
            layout.PageTableCount = tables;
            layout.PageTableVa = vb + (tablePfn << (int)PageShift);
            layout.L3Count = l3;
            layout.L2Count = l2;
            layout.L1Count = l1;
            layout.StackPfn = tablePfn + tables;
            layout.StackVa = vb + (layout.StackPfn << (int)PageShift);
            layout.StackTop = layout.StackVa + (StackPages << (int)PageShift);
            layout.BootstrapEnd = end;
            layout.BootstrapPfnCount = bootstrapPfns;
            return LayoutStatus.Ok;
        }

        // Tables of each level needed to map [start, end) (page-aligned, end > start,
        // no wrap, one canonical half) with 4 KiB pages: one L1 per 2 MiB, one L2 per
        // 1 GiB, one L3 per 512 GiB touched. The single L4 is not counted.
        public static void CountTables(ulong start, ulong end, out ulong l3, out ulong l2, out ulong l1)
        {
            ulong last = end - 1;
            l1 = (last >> 21) - (start >> 21) + 1;
            l2 = (last >> 30) - (start >> 30) + 1;
            l3 = (last >> 39) - (start >> 39) + 1;
        }

        public BootstrapPfnKind Classify(ulong pfn)
        {
            if (pfn >= MemoryPages) return BootstrapPfnKind.OutOfRange;
            if (pfn >= KernelPfn && pfn - KernelPfn < KernelPageCount) return BootstrapPfnKind.Kernel;
            if (pfn == StartInfoPfn) return BootstrapPfnKind.StartInfo;
            if (pfn >= P2MPfn && pfn - P2MPfn < P2MPageCount) return BootstrapPfnKind.P2M;
            if (pfn >= PageTablePfn && pfn - PageTablePfn < PageTableCount) return BootstrapPfnKind.PageTable;
            if (pfn >= StackPfn && pfn - StackPfn < StackPages) return BootstrapPfnKind.Stack;
            return BootstrapPfnKind.Free;
        }

        // True for pfns mapped by the bootstrap page tables.
        public bool IsMapped(ulong pfn) => pfn < BootstrapPfnCount;

        // The virtual address of a mapped pfn; false (and 0) for an unmapped one.
        public bool VirtualAddressOf(ulong pfn, out ulong virtualAddress)
        {
            if (pfn >= BootstrapPfnCount) { virtualAddress = 0; return false; }
            virtualAddress = VirtualBase + (pfn << (int)PageShift);
            return true;
        }

        // The pfn mapped at a virtual address of the bootstrap region; false outside it.
        public bool PfnOf(ulong virtualAddress, out ulong pfn)
        {
            if (virtualAddress < VirtualBase || virtualAddress >= BootstrapEnd) { pfn = 0; return false; }
            pfn = (virtualAddress - VirtualBase) >> (int)PageShift;
            return true;
        }

        // 4, 3, 2 or 1 for a bootstrap page-table pfn, 0 for any other pfn.
        public int TableLevelOf(ulong pfn)
        {
            if (pfn < PageTablePfn || pfn - PageTablePfn >= PageTableCount) return 0;
            ulong i = pfn - PageTablePfn;
            if (i == 0) return 4;
            if (i <= L3Count) return 3;
            if (i <= L3Count + L2Count) return 2;
            return 1;
        }

        // The pfn of the level-`level` table on the walk to a virtual address of the
        // bootstrap region; false for another level or an address outside the region.
        public bool TablePfnFor(int level, ulong virtualAddress, out ulong pfn)
        {
            pfn = 0;
            if (virtualAddress < VirtualBase || virtualAddress >= BootstrapEnd) return false;
            if (level == 4) { pfn = PageTablePfn; return true; }
            if (level == 3) { pfn = PageTablePfn + 1 + ((virtualAddress >> 39) - (VirtualBase >> 39)); return true; }
            if (level == 2) { pfn = PageTablePfn + 1 + L3Count + ((virtualAddress >> 30) - (VirtualBase >> 30)); return true; }
            if (level == 1)
            {
                pfn = PageTablePfn + 1 + L3Count + L2Count + ((virtualAddress >> 21) - (VirtualBase >> 21));
                return true;
            }
            return false;
        }
    }
}

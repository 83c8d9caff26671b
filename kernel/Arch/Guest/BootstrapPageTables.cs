using Ringwall.Arch.Paging;
using Ringwall.Core.Domains;

namespace Ringwall.Arch.Guest
{
    // Writes the start-of-day page tables of a domain into its frames: the region
    // [VirtualBase, BootstrapEnd) mapped with 4 KiB pages, the tables in the order the
    // layout plans (L4, L3s, L2s, L1s, each level in address order); every page
    // read-write except the page-table frames themselves, which are read-only.
    // The tables are only written here; the memory core validates them afterwards
    // (DomainBuilder pins them bottom-up), so nothing written here is trusted.
    public static unsafe class BootstrapPageTables
    {
        private const ulong Table = PageFlags.Present | PageFlags.Writable | PageFlags.User | Accessed;
        private const ulong Accessed = 1UL << 5, Dirty = 1UL << 6;
        private const ulong Data = PageFlags.Present | PageFlags.Writable | Accessed | Dirty;
        private const ulong ReadOnly = PageFlags.Present | Accessed;

        public static void Write(in StartOfDayLayout layout, ulong[] p2m)
        {
            ulong l3First = layout.PageTablePfn + 1;
            ulong l2First = l3First + layout.L3Count;
            ulong l1First = l2First + layout.L2Count;
            long l3 = -1, l2 = -1, l1 = -1;
            ulong last4 = ulong.MaxValue, last3 = ulong.MaxValue, last2 = ulong.MaxValue;
            for (ulong pfn = 0; pfn < layout.BootstrapPfnCount; pfn++)
            {
                ulong va = layout.VirtualBase + pfn * 4096;
                ulong i4 = (va >> 39) & 511, i3 = (va >> 30) & 511, i2 = (va >> 21) & 511, i1 = (va >> 12) & 511;
                ulong key4 = va >> 39, key3 = va >> 30, key2 = va >> 21;
                if (key4 != last4) { l3++; last4 = key4; Set(p2m[layout.PageTablePfn], i4, p2m[l3First + (ulong)l3], Table); }
                if (key3 != last3) { l2++; last3 = key3; Set(p2m[l3First + (ulong)l3], i3, p2m[l2First + (ulong)l2], Table); }
                if (key2 != last2) { l1++; last2 = key2; Set(p2m[l2First + (ulong)l2], i2, p2m[l1First + (ulong)l1], Table); }
                bool isTable = pfn >= layout.PageTablePfn && pfn < layout.PageTablePfn + layout.PageTableCount;
                Set(p2m[l1First + (ulong)l1], i1, p2m[pfn], isTable ? ReadOnly : Data);
            }
        }

        private static void Set(ulong tableMfn, ulong index, ulong targetMfn, ulong flags)
            => *(ulong*)DirectMap.ToVirtual((tableMfn << 12) + index * 8) = (targetMfn << 12) | flags;
    }
}

using Ringwall.Core.Physical;

namespace Ringwall.Arch.Paging
{
    // Device registers the VMM uses, mapped uncached (PCD|PWT), read-write and
    // no-execute, one page each, in a window of the VMM's own root (L4 slot 508) that
    // no guest root maps.
    public static unsafe class MmioWindow
    {
        public const ulong Base = 0xFFFFFE0000000000;
        private const ulong Uncached = PageFlags.CacheDisable | PageFlags.WriteThrough;
        private static ulong s_next = Base;

        public static byte* Map(FrameAllocator frames, ulong root, ulong physicalPage)
        {
            var builder = new PageTableBuilder(frames, 0x100000000UL, root);
            ulong va = s_next;
            builder.Map4K(va, physicalPage & ~0xFFFUL, PageFlags.Writable | PageFlags.NoExecute | Uncached);
            s_next += 0x1000;
            return (byte*)(va + (physicalPage & 0xFFF));
        }
    }
}

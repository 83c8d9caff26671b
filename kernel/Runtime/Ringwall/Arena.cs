using System.Runtime;

namespace Ringwall.Runtime
{
    // The boot-time allocator behind `new`. Objects are bump-allocated from regions
    // that are never freed. The first region is a static buffer in the image (enough
    // for early boot); the kernel adds regions from the frame allocator. After boot the
    // kernel seals the arena: an allocation after that is a hidden allocation on a
    // guest-driven path and panics at once.
    public static unsafe class Arena
    {
        private static byte* s_next;
        private static byte* s_end;
        private static bool s_sealed;
        private static ulong s_allocated;
        private static delegate*<ulong, ulong*, byte*> s_refill;

        public static ulong BytesAllocated => s_allocated;
        public static bool IsSealed => s_sealed;

        [RuntimeExport("rw_arena_add_region")]
        public static void AddRegion(byte* start, ulong size)
        {
            s_next = start;
            s_end = start + size;
        }

        // refill(minimumBytes, out actualBytes) returns a new zeroed region or null.
        public static void SetRefill(delegate*<ulong, ulong*, byte*> refill) => s_refill = refill;

        public static void Seal() => s_sealed = true;

        [RuntimeExport("rw_arena_allocate")]
        public static byte* Allocate(ulong size)
        {
            if (s_sealed) Panic.Halt("allocation after boot (arena sealed): a hidden allocation reached a run-time path");
            size = (size + 15) & ~15UL;
            if (s_next == null || (ulong)(s_end - s_next) < size) Refill(size);
            byte* result = s_next;
            s_next += size;
            s_allocated += size;
            for (ulong i = 0; i < size; i += 8) *(ulong*)(result + i) = 0;
            return result;
        }

        private static void Refill(ulong size)
        {
            ulong got = 0;
            byte* region = s_refill == null ? null : s_refill(size, &got);
            if (region == null || got < size) Panic.Halt("out of memory in the boot arena");
            s_next = region;
            s_end = region + got;
        }
    }
}

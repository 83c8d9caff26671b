using Ringwall.Core.Boot;

namespace Ringwall.Core.Physical
{
    // Which frames of the boot modules the VMM may give to the guest pool once every
    // domain is built (the modules were only read by the domain builder): whole frames
    // inside a module, inside a usable region of the memory map, and overlapping none
    // of the ranges kept past boot (the first MiB, the image, the boot information).
    // A frame a module shares with anything else (a partial first or last page) stays.
    public static class ModuleReclaim
    {
        public const ulong FrameSize = 4096;

        // The first whole frame at or after `start`.
        public static ulong FirstFrame(ulong start) => start / FrameSize + (start % FrameSize != 0 ? 1UL : 0UL);

        // The frame just past the last whole frame of [start, start + length) (a length
        // running past the top of the address space is cut there).
        public static ulong EndFrame(ulong start, ulong length)
            => (length > ulong.MaxValue - start ? ulong.MaxValue : start + length) / FrameSize;

        public static bool Reclaimable(ulong frame, BootInfo boot, ReservedRanges kept)
        {
            if (frame > ulong.MaxValue / FrameSize - 1) return false;
            ulong start = frame * FrameSize, end = start + FrameSize;
            if (kept.Overlaps(start, end)) return false;
            for (int i = 0; i < boot.RegionCount; i++)
            {
                MemoryRegion r = boot.Regions[i];
                if (r.Kind == MemoryKind.Usable && r.Start <= start && end <= r.End) return true;
            }
            return false;
        }
    }
}

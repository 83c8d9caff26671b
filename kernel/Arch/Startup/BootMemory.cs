using System.Runtime;
using System.Runtime.CompilerServices;
using Ringwall.Arch.Paging;
using Ringwall.Core.Boot;
using Ringwall.Core.Physical;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Startup
{
    // Turns the memory map into the frame allocator.
    // Invariants: the image, the boot modules, the boot information, the first MiB and
    // every non-usable region are reserved before any frame is free; the allocator's
    // own bitmap is carved from a gap that overlaps none of them; the arena, once the
    // allocator exists, grows only by whole frames taken from it.
    public static unsafe class BootMemory
    {
        public const ulong MinimumUsableBytes = 24UL << 20;
        private const ulong ArenaChunk = 2UL << 20;
        private static FrameAllocator s_frames;
        // Kept past boot: the first MiB, the image, the boot information (not the modules).
        private static readonly ReservedRanges s_kept = new ReservedRanges();
        // The boot modules as the loader gave them (before module packs are expanded).
        private static BootModule[] s_modules;
        private static BootInfo s_boot;

        public static FrameAllocator Frames => s_frames;

        public static void Initialize(BootInfo boot, in ImageLayout layout, ulong bootInfoAddress, ulong bootInfoBytes)
        {
            ulong usable = boot.UsableBytes;
            if (usable < MinimumUsableBytes)
            {
                Log.Error().Text("not enough memory: ").Decimal(usable >> 20).Text(" MiB usable, Ringwall needs at least ")
                    .Decimal(MinimumUsableBytes >> 20).Text(" MiB").End();
                PanicReporter.Fatal("not enough memory to boot (see the line above)", ExitStatus.OutOfMemory);
            }

            var reserved = new ReservedRanges();
            bool ok = reserved.Add(0, 0x100000)
                && reserved.Add(layout.ImageStartPhysical, layout.ImageEndPhysical)
                && reserved.Add(bootInfoAddress, bootInfoAddress + bootInfoBytes);
            for (int i = 0; i < reserved.Count; i++) s_kept.Add(reserved.Start(i), reserved.End(i));
            s_boot = boot;
            s_modules = new BootModule[boot.ModuleCount];
            for (int i = 0; i < boot.ModuleCount; i++)
            {
                s_modules[i] = boot.Modules[i];
                ok &= reserved.Add(boot.Modules[i].Start, boot.Modules[i].Start + boot.Modules[i].Length);
            }
            if (!ok) Panic.Halt("too many reserved ranges at boot");

            ulong frameLimit = HighestUsableEnd(boot) / FrameAllocator.FrameSize;
            ulong bitmapBytes = FrameAllocator.BitmapBytesFor(frameLimit) + 4096;
            ulong carve = Carve(boot, reserved, bitmapBytes);
            Arena.AddRegion(DirectMap.ToVirtual(carve), bitmapBytes);
            s_frames = new FrameAllocator(frameLimit);

            for (int i = 0; i < boot.RegionCount; i++)
                if (boot.Regions[i].Kind == MemoryKind.Usable)
                    s_frames.AddFreeRange(boot.Regions[i].Start, boot.Regions[i].End);
            for (int i = 0; i < boot.RegionCount; i++)
                if (boot.Regions[i].Kind != MemoryKind.Usable)
                    s_frames.ReserveRange(boot.Regions[i].Start, boot.Regions[i].End);
            for (int i = 0; i < reserved.Count; i++)
                s_frames.ReserveRange(reserved.Start(i), reserved.End(i));
            Arena.SetRefill(&Refill);
        }

        // Once every domain is built: `give` each frame of the boot modules that may go
        // to the guest pool (ModuleReclaim); returns how many it took.
        public static ulong ReclaimModules(delegate*<ulong, bool> give)
        {
            ulong taken = 0;
            for (int i = 0; i < s_modules.Length; i++)
            {
                BootModule m = s_modules[i];
                ulong end = ModuleReclaim.EndFrame(m.Start, m.Length);
                for (ulong f = ModuleReclaim.FirstFrame(m.Start); f < end; f++)
                    if (ModuleReclaim.Reclaimable(f, s_boot, s_kept) && give(f)) taken++;
            }
            return taken;
        }

        private static ulong HighestUsableEnd(BootInfo boot)
        {
            ulong end = 0;
            for (int i = 0; i < boot.RegionCount; i++)
                if (boot.Regions[i].Kind == MemoryKind.Usable && boot.Regions[i].End > end) end = boot.Regions[i].End;
            return end;
        }

        // A gap of `bytes` in usable RAM below 4 GiB (reachable through the early
        // direct map) that holds nothing; it is added to `reserved`.
        private static ulong Carve(BootInfo boot, ReservedRanges reserved, ulong bytes)
        {
            for (int i = 0; i < boot.RegionCount; i++)
            {
                MemoryRegion r = boot.Regions[i];
                if (r.Kind != MemoryKind.Usable || r.Start >= 0x100000000UL) continue;
                ulong end = r.End < 0x100000000UL ? r.End : 0x100000000UL;
                if (reserved.FindGap(r.Start, end, bytes, out ulong found) && !OverlapsNonUsable(boot, found, found + bytes))
                {
                    reserved.Add(found, found + bytes);
                    return found;
                }
            }
            PanicReporter.Fatal("no room for the frame allocator's bitmap below 4 GiB", ExitStatus.OutOfMemory);
            return 0;
        }

        private static bool OverlapsNonUsable(BootInfo boot, ulong start, ulong end)
        {
            for (int i = 0; i < boot.RegionCount; i++)
                if (boot.Regions[i].Kind != MemoryKind.Usable && start < boot.Regions[i].End && boot.Regions[i].Start < end)
                    return true;
            return false;
        }

        private static byte* Refill(ulong minimum, ulong* got)
        {
            ulong frames = (minimum + ArenaChunk - 1) / ArenaChunk * (ArenaChunk / FrameAllocator.FrameSize);
            if (!s_frames.TryAllocateContiguous(frames, 1, 0x100000000UL / FrameAllocator.FrameSize, out ulong first))
                return null;
            *got = frames * FrameAllocator.FrameSize;
            byte* region = DirectMap.ToVirtual(first * FrameAllocator.FrameSize);
            for (ulong i = 0; i < *got; i += 8) *(ulong*)(region + i) = 0;
            return region;
        }
    }
}

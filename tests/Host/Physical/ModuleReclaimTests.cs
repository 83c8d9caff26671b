using Ringwall.Core.Boot;
using Ringwall.Core.Physical;
using Xunit;

namespace Ringwall.Tests.Host.Physical
{
    // Which boot-module frames may join the guest pool (kernel/Core/Physical/ModuleReclaim.cs).
    public class ModuleReclaimTests
    {
        private static BootInfo Map()
        {
            var boot = new BootInfo();
            boot.AddRegion(0, 0x9F000, MemoryKind.Usable);
            boot.AddRegion(0x100000, 0x7F00000, MemoryKind.Usable);        // 1 MiB .. 128 MiB
            boot.AddRegion(0x8000000, 0x100000, MemoryKind.Reserved);
            return boot;
        }

        private static ReservedRanges Kept()
        {
            var kept = new ReservedRanges();
            kept.Add(0, 0x100000);
            kept.Add(0x200000, 0x280000);   // the image
            kept.Add(0x7000000, 0x7000100); // boot information
            return kept;
        }

        [Theory]
        [InlineData(0x1000000UL, 0x3000UL, 0x1000UL, 0x1003UL)]      // aligned: every frame
        [InlineData(0x1000800UL, 0x2000UL, 0x1001UL, 0x1002UL)]      // unaligned: only the whole frame inside
        [InlineData(0x1000800UL, 0x400UL, 0x1001UL, 0x1000UL)]       // inside one frame: none
        [InlineData(0xFFFFFFFFFFFFF000UL, 0x2000UL, 0xFFFFFFFFFFFFFUL, 0xFFFFFFFFFFFFFUL)]   // past the top: cut, none
        public void OnlyWholeFramesInsideTheModuleCount(ulong start, ulong length, ulong first, ulong end)
        {
            Assert.Equal(first, ModuleReclaim.FirstFrame(start));
            Assert.Equal(end, ModuleReclaim.EndFrame(start, length));
        }

        [Theory]
        [InlineData(0x1000UL, true)]      // usable RAM, kept by nothing
        [InlineData(0x7FFFUL, true)]      // the last usable frame
        [InlineData(0x8000UL, false)]     // a reserved region
        [InlineData(0x20000UL, false)]    // beyond the map
        [InlineData(0x200UL, false)]      // the image
        [InlineData(0x27FUL, false)]      // the image's last frame
        [InlineData(0x280UL, true)]       // just past the image
        [InlineData(0x7000UL, false)]     // shares a frame with the boot information
        [InlineData(0x50UL, false)]       // the first MiB
        [InlineData(0xFFFFFFFFFFFFFUL, false)]
        public void FramesInUsableRamAndOutsideWhatIsKeptAreReclaimable(ulong frame, bool expected)
            => Assert.Equal(expected, ModuleReclaim.Reclaimable(frame, Map(), Kept()));
    }
}

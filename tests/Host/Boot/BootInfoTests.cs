using Ringwall.Core.Boot;
using Xunit;
using static Ringwall.Tests.Host.Boot.BootText;

namespace Ringwall.Tests.Host.Boot;

public class BootInfoTests
{
    static FakePhysicalMemory StringsAt(ulong address, params string[] strings)
    {
        var image = new PhysicalImage(address);
        foreach (var s in strings) image.PlaceString(s);
        return image.Freeze();
    }

    [Fact]
    public void ZeroLengthRegionsAreDroppedAndDoNotCountTowardsTheLimit()
    {
        var info = new BootInfo();
        info.AddRegion(0x1000, 0, MemoryKind.Usable);
        Assert.Equal(0, info.RegionCount);
        for (int i = 0; i < BootInfo.MaxRegions; i++) info.AddRegion((ulong)i << 12, 0x1000, MemoryKind.Usable);
        Assert.False(info.Truncated);
        info.AddRegion(0x1000, 0, MemoryKind.Usable);
        Assert.False(info.Truncated);
        info.AddRegion(0x80000000, 0x1000, MemoryKind.Usable);
        Assert.True(info.Truncated);
        Assert.Equal(BootInfo.MaxRegions, info.RegionCount);
    }

    [Fact]
    public void RegionWrappingTheAddressSpaceIsClampedToItsTop()
    {
        var info = new BootInfo();
        info.AddRegion(0xFFFFFFFF00000000, 0x200000000, MemoryKind.Reserved);
        Assert.Equal(1, info.RegionCount);
        Assert.True(info.Regions[0].End > info.Regions[0].Start, "End must not wrap below Start");
        Assert.Equal(ulong.MaxValue, info.Regions[0].End);
    }

    [Fact]
    public void UsableBytesCountsOnlyUsableRegions()
    {
        var info = new BootInfo();
        info.AddRegion(0, 0x9F000, MemoryKind.Usable);
        info.AddRegion(0x9F000, 0x1000, MemoryKind.Reserved);
        info.AddRegion(0x100000, 0x100000, MemoryKind.AcpiNvs);
        info.AddRegion(0x200000, 0x300000, MemoryKind.Usable);
        Assert.Equal(0x9F000UL + 0x300000UL, info.UsableBytes);
    }

    [Fact]
    public void StringsAreStoredOneAfterAnother()
    {
        var memory = StringsAt(0x5000, "first", "second");
        var info = new BootInfo();
        info.CopyString(ref memory, 0x5000, 100, out int s1, out int l1);
        info.CopyString(ref memory, 0x5006, 100, out int s2, out int l2);
        Assert.Equal("first", String(info, s1, l1));
        Assert.Equal("second", String(info, s2, l2));
        Assert.Equal(s1 + l1, s2);
        Assert.Equal(11, info.StringBytes);
        Assert.False(info.Truncated);
    }

    [Fact]
    public void NullAddressIsTheEmptyString()
    {
        var memory = StringsAt(0x5000, "x");
        var info = new BootInfo();
        info.CopyString(ref memory, 0, 100, out _, out int length);
        Assert.Equal(0, length);
        Assert.False(info.Truncated);
    }

    [Fact]
    public void StringAtTheLimitIsCutThere()
    {
        var memory = StringsAt(0x5000, "abcdefgh");
        var info = new BootInfo();
        info.CopyString(ref memory, 0x5000, 5, out int start, out int length);
        Assert.Equal("abcde", String(info, start, length));
        Assert.True(info.Truncated);
    }

    [Fact]
    public void StringRunningOffReadableMemoryStopsThere()
    {
        var memory = new FakePhysicalMemory(0x5000, Ascii("abc"));
        var info = new BootInfo();
        info.CopyString(ref memory, 0x5000, 100, out int start, out int length);
        Assert.Equal("abc", String(info, start, length));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void StringSpaceRunningOutIsFlaggedAndNeverOverflows()
    {
        var memory = StringsAt(0x5000, new string('a', 1000));
        var info = new BootInfo();
        for (int i = 0; i < 5; i++) info.CopyString(ref memory, 0x5000, 1024, out _, out _);
        Assert.Equal(BootInfo.MaxStringBytes, info.StringBytes);
        Assert.True(info.Truncated);
        info.CopyString(ref memory, 0x5000, 1024, out int start, out int length);
        Assert.Equal(BootInfo.MaxStringBytes, start);
        Assert.Equal(0, length);
    }

    [Fact]
    public void StringThatExactlyFillsTheSpaceIsNotTruncated()
    {
        var memory = StringsAt(0x5000, new string('a', 1024));
        var info = new BootInfo();
        for (int i = 0; i < 4; i++) info.CopyString(ref memory, 0x5000, 2048, out _, out _);
        Assert.Equal(BootInfo.MaxStringBytes, info.StringBytes);
        Assert.False(info.Truncated);
    }

    [Fact]
    public void ModulesBeyondTheLimitAreFlagged()
    {
        var memory = StringsAt(0x5000, "m");
        var info = new BootInfo();
        for (int i = 0; i < BootInfo.MaxModules; i++) info.AddModule(ref memory, (ulong)i << 20, 0x1000, 0x5000);
        Assert.False(info.Truncated);
        info.AddModule(ref memory, 0x7000000, 0x1000, 0x5000);
        Assert.True(info.Truncated);
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
        Assert.Equal(BootInfo.MaxModules, info.StringBytes); // the dropped module's string is not kept
    }
}

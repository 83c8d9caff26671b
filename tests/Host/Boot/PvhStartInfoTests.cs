using System;
using Ringwall.Core.Boot;
using Xunit;
using static Ringwall.Tests.Host.Boot.BootText;

namespace Ringwall.Tests.Host.Boot;

public class PvhStartInfoTests
{
    static (BootParseResult Result, BootInfo Info, FakePhysicalMemory Memory) Parse(PvhBuilder b)
    {
        var memory = b.Build();
        var info = new BootInfo();
        var result = PvhStartInfo.Parse(ref memory, b.Address, info);
        return (result, info, memory);
    }

    [Fact]
    public void TypicalStartInfoYieldsEveryField()
    {
        var (result, info, memory) = Parse(PvhBuilder.Typical());

        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(BootProtocol.Pvh, info.Protocol);
        Assert.Equal("loglevel=debug selftest", CommandLineText(info));
        Assert.Equal(0xF52A0UL, info.RsdpAddress);
        Assert.False(info.Truncated);

        Assert.Equal(2, info.ModuleCount);
        Assert.Equal(0x1000000UL, info.Modules[0].Start);
        Assert.Equal(0x2A3F10UL, info.Modules[0].Length);
        Assert.Equal("guest.elf console=hvc0", ModuleCommandLine(info, 0));
        Assert.Equal(0x1400000UL, info.Modules[1].Start);
        Assert.Equal(0x80000UL, info.Modules[1].Length);
        Assert.Equal(0, info.Modules[1].CommandLineLength);

        Assert.Equal(7, info.RegionCount);
        Assert.Equal(new MemoryRegion(0x0, 0x9FC00, MemoryKind.Usable), info.Regions[0]);
        Assert.Equal(new MemoryRegion(0x9FC00, 0x400, MemoryKind.Reserved), info.Regions[1]);
        Assert.Equal(new MemoryRegion(0x100000, 0x1FEE0000, MemoryKind.Usable), info.Regions[3]);
        Assert.Equal(new MemoryRegion(0x1FFE0000, 0x20000, MemoryKind.AcpiReclaimable), info.Regions[4]);
        Assert.Equal(new MemoryRegion(0xFFFC0000, 0x40000, MemoryKind.Reserved), info.Regions[6]);
        Assert.Equal(0x9FC00UL + 0x1FEE0000UL, info.UsableBytes);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void NoModulesAndNoCommandLineIsFine()
    {
        var b = PvhBuilder.Typical();
        b.Modules.Clear();
        b.CommandLine = null;
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(0, info.ModuleCount);
        Assert.Equal(0, info.CommandLineLength);
        Assert.Equal(7, info.RegionCount);
    }

    [Fact]
    public void BadMagicIsRefusedBeforeAnythingIsRecorded()
    {
        var b = PvhBuilder.Typical();
        b.Magic = 0x336EC579;
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.BadMagic, result);
        Assert.Equal(0, info.RegionCount);
        Assert.Equal(0, info.ModuleCount);
        Assert.NotEqual(BootProtocol.Pvh, info.Protocol);
    }

    [Fact]
    public void VersionZeroIsUnsupported()
    {
        var b = PvhBuilder.Typical();
        b.Version = 0;
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.UnsupportedVersion, result);
        Assert.Equal(0, info.RegionCount);
    }

    [Fact]
    public void LaterVersionIsAccepted()
    {
        var b = PvhBuilder.Typical();
        b.Version = 2;
        Assert.Equal(BootParseResult.Ok, Parse(b).Result);
    }

    [Theory]
    [InlineData(0x0UL)]          // nothing mapped there
    [InlineData(0x5FF8UL)]       // starts before readable memory
    [InlineData(0xFFFFFFFFFFFFFFF0UL)] // would wrap around the address space
    public void UnreadableStartInfoIsReported(ulong address)
    {
        var memory = PvhBuilder.Typical().Build();
        var info = new BootInfo();
        Assert.Equal(BootParseResult.Unreadable, PvhStartInfo.Parse(ref memory, address, info));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void StartInfoCutShortByTheEndOfMemoryIsUnreadable()
    {
        var b = PvhBuilder.Typical();
        var memory = b.Build();
        // Place the same 56 bytes so that only 52 of them are readable.
        var tail = new byte[52];
        Array.Copy(memory.Bytes, 0, tail, 0, 52);
        var cut = new FakePhysicalMemory(b.Address, tail);
        Assert.Equal(BootParseResult.Unreadable, PvhStartInfo.Parse(ref cut, b.Address, new BootInfo()));
    }

    [Fact]
    public void MemoryMapOutsideReadableMemoryIsMalformed()
    {
        var b = PvhBuilder.Typical();
        b.MemoryMapOverride = 0x7FFF0000;
        var (result, _, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void MemoryMapRunningOffTheEndOfMemoryIsMalformed()
    {
        // The map is laid out last; claim more entries than were written.
        var b = PvhBuilder.Typical();
        b.MemoryMapEntriesOverride = 8;
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(7, info.RegionCount);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void ZeroMemoryMapEntriesIsMalformed()
    {
        var b = PvhBuilder.Typical();
        b.Regions.Clear();
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, info.RegionCount);
    }

    [Fact]
    public void ModuleListOutsideReadableMemoryIsMalformed()
    {
        var b = PvhBuilder.Typical();
        b.ModuleListOverride = 0x40000000;
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, info.ModuleCount);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void ModuleListWrappingTheAddressSpaceIsMalformed()
    {
        var b = PvhBuilder.Typical();
        b.ModuleListOverride = 0xFFFFFFFFFFFFFFF0;
        Assert.Equal(BootParseResult.Malformed, Parse(b).Result);
    }

    [Fact]
    public void MoreRegionsThanBootInfoHoldsAreTruncatedNotFatal()
    {
        var b = PvhBuilder.Typical();
        b.Regions.Clear();
        for (int i = 0; i < 200; i++) b.Regions.Add(((ulong)i << 21, 1UL << 21, (uint)(i % 2 == 0 ? 1 : 2)));
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.True(info.Truncated);
        Assert.Equal(BootInfo.MaxRegions, info.RegionCount);
        Assert.Equal((ulong)127 << 21, info.Regions[127].Start);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void ExactlyMaxRegionsIsNotTruncated()
    {
        var b = PvhBuilder.Typical();
        b.Regions.Clear();
        for (int i = 0; i < BootInfo.MaxRegions; i++) b.Regions.Add(((ulong)i << 21, 1UL << 21, 1));
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.False(info.Truncated);
        Assert.Equal(BootInfo.MaxRegions, info.RegionCount);
    }

    [Fact]
    public void MoreModulesThanBootInfoHoldsAreTruncatedNotFatal()
    {
        var b = PvhBuilder.Typical();
        b.Modules.Clear();
        for (int i = 0; i < 40; i++) b.Modules.Add(((ulong)(i + 1) << 24, 0x1000, "module" + i));
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.True(info.Truncated);
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
        Assert.Equal("module15", ModuleCommandLine(info, 15));
        Assert.Equal(16UL << 24, info.Modules[15].Start);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void HugeModuleCountReadsNoFurtherThanNeeded()
    {
        // nr_modules is absurd but the first 17 entries are readable: the parser stops
        // after noticing the table is full instead of walking four billion entries.
        var b = PvhBuilder.Typical();
        b.Modules.Clear();
        for (int i = 0; i < BootInfo.MaxModules + 1; i++) b.Modules.Add((0x1000000, 0x1000, null));
        b.ModuleCountOverride = uint.MaxValue;
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.True(info.Truncated);
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
    }

    [Fact]
    public void CommandLineLongerThanTheLimitIsCutAndFlagged()
    {
        var b = PvhBuilder.Typical();
        b.Modules.Clear();
        b.CommandLine = new string('x', 3000);
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(2048, info.CommandLineLength);
        Assert.Equal(new string('x', 2048), CommandLineText(info));
        Assert.True(info.Truncated);
    }

    [Fact]
    public void ModuleCommandLineLongerThanTheLimitIsCutAndFlagged()
    {
        var b = PvhBuilder.Typical();
        b.Modules.Clear();
        b.Modules.Add((0x1000000, 0x1000, "guest " + new string('y', 1500)));
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(1024, info.Modules[0].CommandLineLength);
        Assert.StartsWith("guest yyy", ModuleCommandLine(info, 0));
        Assert.True(info.Truncated);
    }

    [Fact]
    public void UnreadableCommandLineIsEmpty()
    {
        var b = PvhBuilder.Typical();
        b.CommandLineAddressOverride = 0x80000000;
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(0, info.CommandLineLength);
        Assert.Equal(0, memory.OutsideReads);
    }
}

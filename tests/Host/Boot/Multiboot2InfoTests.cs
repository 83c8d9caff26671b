using System;
using System.Collections.Generic;
using System.Linq;
using Ringwall.Core.Boot;
using Xunit;
using static Ringwall.Tests.Host.Boot.BootText;

namespace Ringwall.Tests.Host.Boot;

public class Multiboot2InfoTests
{
    static (BootParseResult Result, BootInfo Info, FakePhysicalMemory Memory) Parse(Multiboot2Builder b)
    {
        var memory = b.Build();
        var info = new BootInfo();
        var result = Multiboot2Info.Parse(ref memory, b.Address, info);
        return (result, info, memory);
    }

    static IEnumerable<(ulong, ulong, uint)> OneRegion => new[] { (0x100000UL, 0x1FF00000UL, 1u) };

    [Fact]
    public void TypicalGrubInformationYieldsEveryField()
    {
        var b = Multiboot2Builder.Typical();
        var (result, info, memory) = Parse(b);

        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(BootProtocol.Multiboot2, info.Protocol);
        Assert.Equal("loglevel=warn bench", CommandLineText(info));
        Assert.False(info.Truncated);

        Assert.Equal(2, info.ModuleCount);
        Assert.Equal(0x200000UL, info.Modules[0].Start);
        Assert.Equal(0xA3F11UL, info.Modules[0].Length);
        Assert.Equal("/boot/guest.elf console=hvc0 root=/dev/xvda", ModuleCommandLine(info, 0));
        Assert.Equal(0x300000UL, info.Modules[1].Start);
        Assert.Equal(0x80000UL, info.Modules[1].Length);
        Assert.Equal("/boot/initrd", ModuleCommandLine(info, 1));

        Assert.Equal(Multiboot2Builder.TypicalRegions.Length, info.RegionCount);
        for (int i = 0; i < info.RegionCount; i++)
        {
            var (start, length, type) = Multiboot2Builder.TypicalRegions[i];
            Assert.Equal(new MemoryRegion(start, length, (MemoryKind)type), info.Regions[i]);
        }
        Assert.Equal(0x9FC00UL + 0x1FEE0000UL + 0x40000000UL, info.UsableBytes);

        // The RSDP is the copy inside the ACPI 2.0 tag (tag 15, the last one added).
        Assert.Equal(b.TagAddresses[^1] + 8, info.RsdpAddress);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void TagsFollowingAnOddSizedTagAreFoundAtTheNextEightByteBoundary()
    {
        // "ab" + NUL makes an 11-byte tag; the memory map must be read from offset 16 after it.
        var b = new Multiboot2Builder().CommandLine("ab").MemoryMap(OneRegion);
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(b.TagAddresses[0] + 16, b.TagAddresses[1]);
        Assert.Equal("ab", CommandLineText(info));
        Assert.Equal(1, info.RegionCount);
        Assert.Equal(0x1FF00000UL, info.Regions[0].Length);
    }

    [Fact]
    public void RsdpV1AloneIsUsed()
    {
        var b = new Multiboot2Builder().MemoryMap(OneRegion).RsdpV1();
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(b.TagAddresses[1] + 8, info.RsdpAddress);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RsdpV2IsPreferredOverV1WhateverTheTagOrder(bool v1First)
    {
        var b = new Multiboot2Builder().MemoryMap(OneRegion);
        if (v1First) b.RsdpV1().RsdpV2(); else b.RsdpV2().RsdpV1();
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        ulong v2Tag = v1First ? b.TagAddresses[2] : b.TagAddresses[1];
        Assert.Equal(v2Tag + 8, info.RsdpAddress);
    }

    [Fact]
    public void NoRsdpTagLeavesTheAddressZero()
    {
        var (result, info, _) = Parse(new Multiboot2Builder().MemoryMap(OneRegion));
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(0UL, info.RsdpAddress);
    }

    [Fact]
    public void TagRunningPastTotalSizeIsMalformed()
    {
        var b = new Multiboot2Builder()
            .MemoryMap(OneRegion)
            .Tag(2, BootText.Ascii("GRUB\0"), sizeOverride: 0x400);
        var (result, _, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void MemoryMapTagRunningPastTotalSizeIsMalformed()
    {
        var b = new Multiboot2Builder().Tag(6, new byte[8 + 24], sizeOverride: 0x1000);
        b.Slack = 0x2000; // the bytes are readable; only total_size forbids them
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, info.RegionCount);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4u)]
    [InlineData(7u)]
    public void TagSmallerThanItsHeaderIsMalformed(uint size)
    {
        var b = new Multiboot2Builder().Tag(2, new byte[8], sizeOverride: size).MemoryMap(OneRegion);
        Assert.Equal(BootParseResult.Malformed, Parse(b).Result);
    }

    [Theory]
    [InlineData(0x00100001u)]  // just over the 1 MiB limit
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0u)]
    [InlineData(15u)]
    public void AbsurdTotalSizeIsMalformed(uint total)
    {
        var b = Multiboot2Builder.Typical();
        b.TotalSizeOverride = total;
        b.Slack = 0x100000 + 64;
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, info.RegionCount);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void TotalSizeBeyondReadableMemoryIsMalformed()
    {
        var b = Multiboot2Builder.Typical();
        b.TotalSizeOverride = 0x8000;
        var (result, _, memory) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void UnreadableHeaderIsReported()
    {
        var memory = Multiboot2Builder.Typical().Build();
        Assert.Equal(BootParseResult.Unreadable, Multiboot2Info.Parse(ref memory, 0x100, new BootInfo()));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void NoMemoryMapTagIsMalformed()
    {
        var b = new Multiboot2Builder().CommandLine("x").Module(0x200000, 0x201000, "m").RsdpV2();
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, info.RegionCount);
    }

    [Fact]
    public void MemoryMapWithEntriesSmallerThan24BytesIsMalformed()
    {
        var b = new Multiboot2Builder().MemoryMap(OneRegion, entrySize: 16);
        Assert.Equal(BootParseResult.Malformed, Parse(b).Result);
    }

    [Fact]
    public void MemoryMapWithLargerEntriesIsReadWithTheirStride()
    {
        var regions = new[] { (0x0UL, 0x9F000UL, 1u), (0x100000UL, 0x7FF00000UL, 1u), (0xE0000000UL, 0x10000000UL, 2u) };
        var (result, info, _) = Parse(new Multiboot2Builder().MemoryMap(regions, entrySize: 32));
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(3, info.RegionCount);
        Assert.Equal(new MemoryRegion(0xE0000000, 0x10000000, MemoryKind.Reserved), info.Regions[2]);
    }

    [Fact]
    public void ZeroLengthMemoryMapEntriesAreDropped()
    {
        var regions = new[] { (0x0UL, 0UL, 1u), (0x100000UL, 0x7FF00000UL, 1u) };
        var (result, info, _) = Parse(new Multiboot2Builder().MemoryMap(regions));
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(1, info.RegionCount);
        Assert.Equal(0x100000UL, info.Regions[0].Start);
    }

    [Fact]
    public void ModuleWhoseEndIsBelowItsStartHasLengthZero()
    {
        var b = new Multiboot2Builder().Module(0x300000, 0x200000, "backwards").Module(0x400000, 0x400000, "empty").MemoryMap(OneRegion);
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(2, info.ModuleCount);
        Assert.Equal(0x300000UL, info.Modules[0].Start);
        Assert.Equal(0UL, info.Modules[0].Length);
        Assert.Equal("backwards", ModuleCommandLine(info, 0));
        Assert.Equal(0UL, info.Modules[1].Length);
    }

    [Fact]
    public void ModuleTagWithoutStringHasEmptyCommandLine()
    {
        var payload = new byte[8];
        System.BitConverter.TryWriteBytes(payload.AsSpan(0, 4), 0x200000u);
        System.BitConverter.TryWriteBytes(payload.AsSpan(4, 4), 0x201000u);
        var b = new Multiboot2Builder().Tag(3, payload).MemoryMap(OneRegion);
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(1, info.ModuleCount);
        Assert.Equal(0x1000UL, info.Modules[0].Length);
        Assert.Equal(0, info.Modules[0].CommandLineLength);
    }

    [Fact]
    public void ModuleStringIsBoundedByItsTag()
    {
        // A module string without its NUL must not run on into the next tag.
        var payload = new byte[8 + 5];
        System.BitConverter.TryWriteBytes(payload.AsSpan(0, 4), 0x200000u);
        System.BitConverter.TryWriteBytes(payload.AsSpan(4, 4), 0x201000u);
        BootText.Ascii("guest").CopyTo(payload, 8);
        var b = new Multiboot2Builder().Tag(3, payload).CommandLine("after").MemoryMap(OneRegion);
        var memory = b.Build();
        // Fill the alignment padding after the tag with text, as a careless loader might leave it.
        for (ulong a = b.TagAddresses[0] + 8 + 13; a < b.TagAddresses[1]; a++) memory.Bytes[a - memory.Base] = (byte)'#';
        var info = new BootInfo();
        Assert.Equal(BootParseResult.Ok, Multiboot2Info.Parse(ref memory, b.Address, info));
        Assert.Equal("guest", ModuleCommandLine(info, 0));
        Assert.Equal("after", CommandLineText(info));
    }

    [Fact]
    public void CommandLineIsBoundedByItsTag()
    {
        var b = new Multiboot2Builder().Tag(1, BootText.Ascii("abcdef")).MemoryMap(OneRegion);
        var memory = b.Build();
        for (ulong a = b.TagAddresses[0] + 14; a < b.TagAddresses[1]; a++) memory.Bytes[a - memory.Base] = (byte)'#';
        var info = new BootInfo();
        Assert.Equal(BootParseResult.Ok, Multiboot2Info.Parse(ref memory, b.Address, info));
        Assert.Equal("abcdef", CommandLineText(info));
        Assert.True(info.Truncated); // no terminating NUL inside the tag
    }

    [Fact]
    public void MoreModulesAndRegionsThanBootInfoHoldsAreTruncated()
    {
        var b = new Multiboot2Builder();
        for (int i = 0; i < 20; i++) b.Module((uint)(i + 1) << 20, ((uint)(i + 1) << 20) + 0x1000, "m" + i);
        b.MemoryMap(Enumerable.Range(0, 150).Select(i => ((ulong)i << 21, 1UL << 21, 1u)));
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.True(info.Truncated);
        Assert.Equal(BootInfo.MaxModules, info.ModuleCount);
        Assert.Equal(BootInfo.MaxRegions, info.RegionCount);
        Assert.Equal("m15", ModuleCommandLine(info, 15));
        Assert.Equal(0, memory.OutsideReads);
    }

    [Fact]
    public void TagsAfterTheEndTagAreIgnored()
    {
        // An end tag in the middle: the memory map after it is never seen.
        var b = new Multiboot2Builder().CommandLine("x").Tag(0, new byte[0]).MemoryMap(OneRegion);
        var (result, info, _) = Parse(b);
        Assert.Equal(BootParseResult.Malformed, result);
        Assert.Equal(0, info.RegionCount);
    }

    [Fact]
    public void MissingEndTagStopsAtTotalSize()
    {
        var b = new Multiboot2Builder().MemoryMap(OneRegion);
        b.EndTag = false;
        b.Slack = 64;
        var (result, info, memory) = Parse(b);
        Assert.Equal(BootParseResult.Ok, result);
        Assert.Equal(1, info.RegionCount);
        Assert.Equal(0, memory.OutsideReads);
    }
}

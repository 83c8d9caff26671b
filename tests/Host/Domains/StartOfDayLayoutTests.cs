using System;
using System.Collections.Generic;
using System.Linq;
using Ringwall.Core.Domains;
using Xunit;

namespace Ringwall.Tests.Host.Domains;

public class StartOfDayLayoutTests
{
    const uint RX = ElfSegment.FlagRead | ElfSegment.FlagExecute;
    const ulong Page = 4096;

    /// <summary>A valid image with one RX segment of <paramref name="size"/> bytes at <paramref name="va"/>.</summary>
    static ElfImage Kernel(ulong va, ulong size, ulong? virtualBase = null)
    {
        var b = new ElfBuilder { Entry = va };
        b.AddLoad(va, size, RX, 0x100);
        var notes = new NoteBuilder().Xen(2, 8, va & ~0xFFFUL);
        if (virtualBase is ulong vb) notes.Xen(3, 8, vb);
        b.AddNotes(notes.Build());
        return ElfHarness.ParseOk(b);
    }

    static StartOfDayLayout PlanOk(ElfImage image, ulong memoryPages)
    {
        Assert.Equal(LayoutStatus.Ok, StartOfDayLayout.Plan(image, memoryPages, out var layout));
        CheckAgainstBruteForce(layout);
        return layout;
    }

    /// <summary>
    /// Recounts everything from scratch: distinct L1/L2/L3 indices over every page of the
    /// bootstrap region, the order and contiguity of the parts, each pfn's classification.
    /// </summary>
    static void CheckAgainstBruteForce(StartOfDayLayout l)
    {
        var l1 = new HashSet<ulong>();
        var l2 = new HashSet<ulong>();
        var l3 = new HashSet<ulong>();
        for (ulong va = l.VirtualBase; va != l.BootstrapEnd; va += Page)
        {
            l1.Add(va >> 21);
            l2.Add(va >> 30);
            l3.Add(va >> 39);
        }
        Assert.Equal((ulong)l1.Count, l.L1Count);
        Assert.Equal((ulong)l2.Count, l.L2Count);
        Assert.Equal((ulong)l3.Count, l.L3Count);
        Assert.Equal(1 + l.L3Count + l.L2Count + l.L1Count, l.PageTableCount);

        // The parts follow each other in pfn order without gaps.
        Assert.Equal(l.KernelPfn + l.KernelPageCount, l.StartInfoPfn);
        Assert.Equal(l.StartInfoPfn + 1, l.P2MPfn);
        Assert.Equal((l.MemoryPages * 8 + Page - 1) / Page, l.P2MPageCount);
        Assert.Equal(l.P2MPfn + l.P2MPageCount, l.PageTablePfn);
        Assert.Equal(l.PageTablePfn + l.PageTableCount, l.StackPfn);
        Assert.Equal(l.StackVa + StartOfDayLayout.StackPages * Page, l.StackTop);
        Assert.True(l.StackTop <= l.BootstrapEnd);
        Assert.True(l.BootstrapEnd - l.StackTop < StartOfDayLayout.BootstrapAlignment);
        Assert.Equal(0UL, l.BootstrapEnd % StartOfDayLayout.BootstrapAlignment);
        Assert.Equal((l.BootstrapEnd - l.VirtualBase) / Page, l.BootstrapPfnCount);
        Assert.True(l.BootstrapPfnCount <= l.MemoryPages);

        // Every part sits where the pfn-to-VA rule puts it.
        Assert.Equal(l.VirtualBase + l.KernelPfn * Page, l.KernelVa);
        Assert.Equal(l.VirtualBase + l.StartInfoPfn * Page, l.StartInfoVa);
        Assert.Equal(l.VirtualBase + l.P2MPfn * Page, l.P2MVa);
        Assert.Equal(l.VirtualBase + l.PageTablePfn * Page, l.PageTableVa);
        Assert.Equal(l.VirtualBase + l.StackPfn * Page, l.StackVa);

        // Every pfn of the region, classified and mapped; counts per kind match the parts.
        var counts = new Dictionary<BootstrapPfnKind, ulong>();
        var tablesPerLevel = new ulong[5];
        for (ulong pfn = 0; pfn < l.BootstrapPfnCount; pfn++)
        {
            var kind = l.Classify(pfn);
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            Assert.True(l.IsMapped(pfn));
            Assert.True(l.VirtualAddressOf(pfn, out ulong va));
            Assert.Equal(l.VirtualBase + pfn * Page, va);
            Assert.True(l.PfnOf(va + 0x123, out ulong back));
            Assert.Equal(pfn, back);
            int level = l.TableLevelOf(pfn);
            Assert.Equal(kind == BootstrapPfnKind.PageTable, level != 0);
            tablesPerLevel[level]++;

            // The tables on this page's walk: the right levels, each a page-table pfn.
            for (int walk = 1; walk <= 4; walk++)
            {
                Assert.True(l.TablePfnFor(walk, va, out ulong table));
                Assert.Equal(walk, l.TableLevelOf(table));
            }
        }
        Assert.Equal(l.KernelPageCount, counts.GetValueOrDefault(BootstrapPfnKind.Kernel));
        Assert.Equal(1UL, counts.GetValueOrDefault(BootstrapPfnKind.StartInfo));
        Assert.Equal(l.P2MPageCount, counts.GetValueOrDefault(BootstrapPfnKind.P2M));
        Assert.Equal(l.PageTableCount, counts.GetValueOrDefault(BootstrapPfnKind.PageTable));
        Assert.Equal(StartOfDayLayout.StackPages, counts.GetValueOrDefault(BootstrapPfnKind.Stack));
        Assert.Equal(l.BootstrapPfnCount - l.KernelPageCount - 1 - l.P2MPageCount - l.PageTableCount - StartOfDayLayout.StackPages,
            counts.GetValueOrDefault(BootstrapPfnKind.Free));
        Assert.Equal(new ulong[] { tablesPerLevel[0], l.L1Count, l.L2Count, l.L3Count, 1 }, tablesPerLevel);

        // Distinct L1 tables map distinct 2 MiB blocks (and likewise up the levels).
        foreach (var (level, shift) in new[] { (1, 21), (2, 30), (3, 39) })
        {
            var byTable = new Dictionary<ulong, ulong>();
            for (ulong va = l.VirtualBase; va != l.BootstrapEnd; va += Page)
            {
                Assert.True(l.TablePfnFor(level, va, out ulong table));
                if (byTable.TryGetValue(table, out ulong block)) Assert.Equal(block, va >> shift);
                else byTable[table] = va >> shift;
            }
            Assert.Equal(byTable.Count, byTable.Values.Distinct().Count());
        }

        // Outside the region.
        Assert.False(l.IsMapped(l.BootstrapPfnCount));
        Assert.False(l.VirtualAddressOf(l.BootstrapPfnCount, out _));
        Assert.False(l.PfnOf(l.BootstrapEnd, out _));
        Assert.False(l.PfnOf(l.VirtualBase - 1, out _));
        Assert.False(l.TablePfnFor(1, l.BootstrapEnd, out _));
        Assert.False(l.TablePfnFor(5, l.VirtualBase, out _));
        Assert.Equal(BootstrapPfnKind.OutOfRange, l.Classify(l.MemoryPages));
        Assert.Equal(BootstrapPfnKind.OutOfRange, l.Classify(ulong.MaxValue));
        if (l.BootstrapPfnCount < l.MemoryPages)
            Assert.Equal(BootstrapPfnKind.Free, l.Classify(l.MemoryPages - 1));
    }

    [Fact]
    public void SmallKernelInASmallDomain()
    {
        var image = ElfHarness.ParseOk(ElfBuilder.Valid()); // [0xFFFFFFFF80200000, +0x6000)
        var l = PlanOk(image, 8192);                         // 32 MiB

        Assert.Equal(ElfBuilder.KernelBase, l.VirtualBase);
        Assert.Equal(0UL, l.KernelPfn);
        Assert.Equal(6UL, l.KernelPageCount);
        Assert.Equal(6UL, l.StartInfoPfn);
        Assert.Equal(ElfBuilder.KernelBase + 0x6000, l.StartInfoVa);
        Assert.Equal(7UL, l.P2MPfn);
        Assert.Equal(16UL, l.P2MPageCount);                  // 8192 * 8 bytes
        Assert.Equal(23UL, l.PageTablePfn);
        Assert.Equal((1UL, 1UL, 1UL, 4UL), (l.L3Count, l.L2Count, l.L1Count, l.PageTableCount));
        Assert.Equal(27UL, l.StackPfn);
        Assert.Equal(ElfBuilder.KernelBase + 31 * Page, l.StackTop);
        // The base is 2 MiB but not 4 MiB aligned: the region ends at the next 4 MiB boundary.
        Assert.Equal(0xFFFFFFFF80400000UL, l.BootstrapEnd);
        Assert.Equal(512UL, l.BootstrapPfnCount);

        Assert.Equal(BootstrapPfnKind.Kernel, l.Classify(0));
        Assert.Equal(BootstrapPfnKind.Kernel, l.Classify(5));
        Assert.Equal(BootstrapPfnKind.StartInfo, l.Classify(6));
        Assert.Equal(BootstrapPfnKind.P2M, l.Classify(7));
        Assert.Equal(BootstrapPfnKind.P2M, l.Classify(22));
        Assert.Equal(BootstrapPfnKind.PageTable, l.Classify(23));
        Assert.Equal(4, l.TableLevelOf(23));
        Assert.Equal(3, l.TableLevelOf(24));
        Assert.Equal(2, l.TableLevelOf(25));
        Assert.Equal(1, l.TableLevelOf(26));
        Assert.Equal(0, l.TableLevelOf(27));
        Assert.Equal(BootstrapPfnKind.Stack, l.Classify(27));
        Assert.Equal(BootstrapPfnKind.Stack, l.Classify(30));
        Assert.Equal(BootstrapPfnKind.Free, l.Classify(31));   // mapped padding
        Assert.Equal(BootstrapPfnKind.Free, l.Classify(511));
        Assert.Equal(BootstrapPfnKind.Free, l.Classify(512));  // unmapped RAM
        Assert.False(l.IsMapped(512));
        Assert.Equal(BootstrapPfnKind.OutOfRange, l.Classify(8192));
    }

    [Fact]
    public void PagesBetweenTheVirtualBaseAndTheKernelArePlainMappedPages()
    {
        // Linux-like: linked at 0xFFFFFFFF81000000 with the base 16 MiB lower.
        var image = Kernel(0xFFFFFFFF81000000UL, 0x5000, virtualBase: 0xFFFFFFFF80000000UL);
        var l = PlanOk(image, 65536);
        Assert.Equal(0x1000UL, l.KernelPfn);
        Assert.Equal(5UL, l.KernelPageCount);
        Assert.Equal(BootstrapPfnKind.Free, l.Classify(0));
        Assert.Equal(BootstrapPfnKind.Free, l.Classify(0xFFF));
        Assert.Equal(BootstrapPfnKind.Kernel, l.Classify(0x1000));
        Assert.True(l.VirtualAddressOf(0, out ulong va));
        Assert.Equal(0xFFFFFFFF80000000UL, va);
        // Kernel, start info, 128 P2M pages, tables, stack end below 0x...81100000: rounded to 0x...81400000.
        Assert.Equal(0xFFFFFFFF81400000UL, l.BootstrapEnd);
        Assert.Equal(10UL, l.L1Count); // 20 MiB from the base
    }

    [Fact]
    public void KernelCrossingA2MiBBoundary()
    {
        var image = Kernel(0xFFFFFFFF803FE000UL, 0x3000); // 0x...803FE000 .. 0x...80401000
        Assert.Equal(0xFFFFFFFF80200000UL, image.VirtualBase);
        var l = PlanOk(image, 4096);
        Assert.Equal(0x1FEUL, l.KernelPfn);
        Assert.Equal(3UL, l.KernelPageCount);
        // Stack ends just above 0x80400000, so the region runs to 0x80800000: three 2 MiB blocks.
        Assert.Equal(0xFFFFFFFF80800000UL, l.BootstrapEnd);
        Assert.Equal(3UL, l.L1Count);
        Assert.Equal(1UL, l.L2Count);
        Assert.Equal(6UL, l.PageTableCount);
        Assert.True(l.TablePfnFor(1, 0xFFFFFFFF803FF000UL, out ulong first));
        Assert.True(l.TablePfnFor(1, 0xFFFFFFFF80400000UL, out ulong second));
        Assert.Equal(first + 1, second);
    }

    [Fact]
    public void MemoryExactlyEnoughAndOnePageShort()
    {
        var image = ElfHarness.ParseOk(ElfBuilder.Valid());
        var l = PlanOk(image, 512);
        Assert.Equal(512UL, l.BootstrapPfnCount);
        Assert.Equal(BootstrapPfnKind.Free, l.Classify(511));
        Assert.Equal(BootstrapPfnKind.OutOfRange, l.Classify(512));
        Assert.Equal(LayoutStatus.TooLittleMemory, StartOfDayLayout.Plan(image, 511, out _));
        Assert.Equal(LayoutStatus.TooLittleMemory, StartOfDayLayout.Plan(image, 0, out _));
    }

    [Fact]
    public void SmallestDomainFoundBySearchIsExactlyItsBootstrapSize()
    {
        // The P2M grows with the domain, so search for the smallest size that fits.
        var image = Kernel(0xFFFFFFFF80000000UL, 0x3F0000); // ~4 MiB kernel
        ulong n = 1;
        while (StartOfDayLayout.Plan(image, n, out _) != LayoutStatus.Ok) n++;
        var l = PlanOk(image, n);
        Assert.Equal(n, l.BootstrapPfnCount);
        Assert.Equal(LayoutStatus.TooLittleMemory, StartOfDayLayout.Plan(image, n - 1, out _));
    }

    [Fact]
    public void P2MOfAOneGiBDomainIs512Pages()
    {
        var image = ElfHarness.ParseOk(ElfBuilder.Valid());
        var l = PlanOk(image, 262144);
        Assert.Equal(512UL, l.P2MPageCount);
        Assert.Equal(7UL + 512, l.PageTablePfn);
        // 6 + 1 + 512 + 6 + 4 = 529 pages from 0x...80200000 pass 0x...80400000 (512 pages): next 4 MiB boundary.
        Assert.Equal(0xFFFFFFFF80800000UL, l.BootstrapEnd);
        Assert.Equal(3UL, l.L1Count);
        Assert.Equal(1536UL, l.BootstrapPfnCount);
        Assert.Equal(BootstrapPfnKind.P2M, l.Classify(518));
        Assert.Equal(BootstrapPfnKind.PageTable, l.Classify(519));
    }

    [Fact]
    public void LargeDomainsNeedMoreP2MAndTables()
    {
        var image = ElfHarness.ParseOk(ElfBuilder.Valid());
        var l = PlanOk(image, 16UL << 18); // 16 GiB: 8192 P2M pages = 32 MiB
        Assert.Equal(8192UL, l.P2MPageCount);
        Assert.True(l.L1Count >= 16);
        Assert.Equal(1UL, l.L2Count);
        Assert.Equal(LayoutStatus.TooLarge, StartOfDayLayout.Plan(image, StartOfDayLayout.MaxMemoryPages + 1, out _));
        Assert.Equal(LayoutStatus.TooLarge, StartOfDayLayout.Plan(image, ulong.MaxValue, out _));
    }

    [Fact]
    public void RegionCrossingA1GiBBoundary()
    {
        // Upper half, just below 0xFFFFFFFFC0000000.
        var image = Kernel(0xFFFFFFFFBFF00000UL, 0x80000);
        var l = PlanOk(image, 262144);
        Assert.Equal(0xFFFFFFFFBFE00000UL, l.VirtualBase);
        Assert.Equal(2UL, l.L2Count);
        Assert.Equal(1UL, l.L3Count);
        Assert.True(l.BootstrapEnd > 0xFFFFFFFFC0000000UL);
    }

    [Fact]
    public void RegionCrossingA512GiBBoundary()
    {
        // Lower half, just below 512 GiB: L3, L2 and L1 tables on both sides.
        var image = Kernel(0x7FFFF00000UL, 0x40000, virtualBase: 0x7FFFE00000UL);
        var l = PlanOk(image, 262144);
        Assert.Equal(2UL, l.L3Count);
        Assert.Equal(2UL, l.L2Count);
        Assert.True(l.L1Count >= 2);
        Assert.True(l.TablePfnFor(3, 0x7FFFFFF000UL, out ulong below));
        Assert.True(l.TablePfnFor(3, 0x8000000000UL, out ulong above));
        Assert.Equal(below + 1, above);
        Assert.True(l.TablePfnFor(4, 0x8000000000UL, out ulong top));
        Assert.Equal(l.PageTablePfn, top);
    }

    [Fact]
    public void TableCountsMatchBruteForceAcrossManyPlacements()
    {
        // Kernel sizes and places around 2 MiB, 1 GiB and 512 GiB boundaries, several domain sizes.
        var starts = new[] { 0x400000UL, 0x3FF000UL, 0x3FFFF000UL, 0x7FFFFF0000UL, 0xFFFFFFFF80000000UL, 0xFFFFFFFFBFFFE000UL, 0xFFFF880000000000UL };
        var sizes = new[] { 0x1000UL, 0x1FF000UL, 0x200000UL, 0x401000UL };
        var memories = new[] { 2048UL, 100000UL, 262144UL, 1UL << 20 };
        int checkedLayouts = 0;
        foreach (var start in starts)
            foreach (var size in sizes)
                foreach (var memory in memories)
                {
                    var image = Kernel(start, size);
                    var status = StartOfDayLayout.Plan(image, memory, out var l);
                    if (status == LayoutStatus.TooLittleMemory) continue;
                    Assert.Equal(LayoutStatus.Ok, status);
                    CheckAgainstBruteForce(l);
                    checkedLayouts++;
                }
        Assert.True(checkedLayouts > 80, "too few layouts fit: " + checkedLayouts);
    }

    [Fact]
    public void RegionThatWouldLeaveTheLowerHalfIsRefused()
    {
        // Four pages below the top of the lower half: no room for start info, P2M, tables, stack.
        var image = Kernel(0x00007FFFFFFFC000UL, 0x1000);
        Assert.Equal(LayoutStatus.LeavesCanonicalRange, StartOfDayLayout.Plan(image, 4096, out _));
        // 2 MiB below it: the region ends exactly at the top of the lower half.
        var room = Kernel(0x00007FFFFFE00000UL, 0x1000);
        var l = PlanOk(room, 4096);
        Assert.Equal(0x0000800000000000UL, l.BootstrapEnd);
    }

    [Fact]
    public void RegionThatWouldWrapPastTheTopIsRefused()
    {
        var image = Kernel(0xFFFFFFFFFFC00000UL, 0x3000);
        Assert.Equal(LayoutStatus.LeavesCanonicalRange, StartOfDayLayout.Plan(image, 4096, out _));
        var big = Kernel(0xFFFFFFFFFF000000UL, 0x3000);
        Assert.Equal(LayoutStatus.Ok, StartOfDayLayout.Plan(big, 4096, out _));
        // The same kernel with a large domain: the P2M pushes the region past 2^64.
        Assert.Equal(LayoutStatus.LeavesCanonicalRange, StartOfDayLayout.Plan(big, 1UL << 22, out _));
    }

    [Fact]
    public void RegionEnteringTheVmmRangeIsRefused()
    {
        // Parse never produces this (an upper-half image lies above the VMM's range and the
        // region grows upwards), so the check is defensive: a hand-made image proves it.
        var image = new ElfImage();
        image.Segments[0] = new ElfSegment { VirtualAddress = 0xFFFF800000000000UL, MemorySize = 0x1000, Flags = RX };
        image.SegmentCount = 1;
        image.ImageStart = image.VirtualBase = 0xFFFF800000000000UL;
        image.ImageEnd = image.ImageStart + 0x1000;
        Assert.Equal(LayoutStatus.EntersReservedRange, StartOfDayLayout.Plan(image, 4096, out _));
    }

    [Fact]
    public void ImagesThatDidNotParseAreRefused()
    {
        Assert.Equal(LayoutStatus.InvalidImage, StartOfDayLayout.Plan(new ElfImage(), 4096, out var l));
        Assert.Equal(0UL, l.BootstrapPfnCount);

        var image = ElfHarness.ParseOk(ElfBuilder.Valid());
        image.VirtualBase = image.ImageStart + Page;
        Assert.Equal(LayoutStatus.InvalidImage, StartOfDayLayout.Plan(image, 4096, out _));
        image = ElfHarness.ParseOk(ElfBuilder.Valid());
        image.VirtualBase = image.ImageEnd - ElfImage.MaxSpan - Page;
        Assert.Equal(LayoutStatus.InvalidImage, StartOfDayLayout.Plan(image, 4096, out _));
        image = ElfHarness.ParseOk(ElfBuilder.Valid());
        image.ImageEnd += 1;
        Assert.Equal(LayoutStatus.InvalidImage, StartOfDayLayout.Plan(image, 4096, out _));
    }

    [Fact]
    public void CountTablesPerLevel()
    {
        StartOfDayLayout.CountTables(0, Page, out ulong l3, out ulong l2, out ulong l1);
        Assert.Equal((1UL, 1UL, 1UL), (l3, l2, l1));
        StartOfDayLayout.CountTables(0x1FF000, 0x201000, out l3, out l2, out l1);
        Assert.Equal((1UL, 1UL, 2UL), (l3, l2, l1));
        StartOfDayLayout.CountTables(0x3FFFF000, 0x40001000, out l3, out l2, out l1);
        Assert.Equal((1UL, 2UL, 2UL), (l3, l2, l1));
        StartOfDayLayout.CountTables(0x7FFFFFF000, 0x8000001000, out l3, out l2, out l1);
        Assert.Equal((2UL, 2UL, 2UL), (l3, l2, l1));
        StartOfDayLayout.CountTables(0xFFFFFFFFFFE00000, 0xFFFFFFFFFFFFF000, out l3, out l2, out l1);
        Assert.Equal((1UL, 1UL, 1UL), (l3, l2, l1));
        StartOfDayLayout.CountTables(0, 1UL << 31, out l3, out l2, out l1);
        Assert.Equal((1UL, 2UL, 1024UL), (l3, l2, l1));
    }

    [Fact]
    public void EveryLayoutStatusHasItsOwnMessage()
    {
        var messages = Enum.GetValues<LayoutStatus>().Select(LayoutStatusNames.Describe).ToList();
        Assert.DoesNotContain("unknown layout status", messages);
        Assert.Equal(messages.Count, messages.Distinct().Count());
    }
}

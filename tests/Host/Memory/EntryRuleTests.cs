using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Tests.Host.Fakes;
using Xunit;
using static Ringwall.Tests.Host.Fakes.World;

namespace Ringwall.Tests.Host.Memory;

/// <summary>One rule per test pair: the accepting side and the refusing side of each validation rule.</summary>
public class EntryRuleTests
{
    static (World w, ulong l1) WorldWithL1()
    {
        var w = new World();
        w.NewDomain(0);
        w.NewDomain(1);
        var t = w.BuildTree(0);
        return (w, t.L1);
    }

    [Fact]
    public void WritableMappingOfOwnDataFrameIsAcceptedAndTyped()
    {
        var (w, l1) = WorldWithL1();
        ulong data = w.Alloc(0);
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 5, Entry(data, P | RW)));
        Assert.Equal(PageType.Writable, w.Core.Frame(data).Type);
        Assert.Equal(1u, w.Core.Frame(data).TypeCount);
        Assert.Equal(1u, w.Core.Frame(data).RefCount);
        w.AssertInvariants();
    }

    [Fact]
    public void WritableMappingOfPageTableIsRefusedButReadOnlyIsAccepted()
    {
        var (w, l1) = WorldWithL1();
        Assert.Equal(Status.EBUSY, w.Mmu1(0, l1, 5, Entry(l1, P | RW)));
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 5, Entry(l1, P)));
        Assert.Equal(PageType.L1, w.Core.Frame(l1).Type);
        w.AssertInvariants();
    }

    [Fact]
    public void ForeignVmmAndFreeFramesAreRefused()
    {
        var (w, l1) = WorldWithL1();
        ulong other = w.Alloc(1);
        Assert.Equal(Status.EPERM, w.Mmu1(0, l1, 1, Entry(other, P)));
        Assert.Equal(Status.EPERM, w.Mmu1(0, l1, 1, Entry(2, P))); // VMM-private frame
        ulong free = w.Core.FrameCount - 1;
        Assert.Equal(FrameOwner.Free, w.Core.Frame(free).Owner);
        Assert.Equal(Status.EPERM, w.Mmu1(0, l1, 1, Entry(free, P)));
        Assert.Equal(Status.EINVAL, w.Mmu1(0, l1, 1, Entry(w.Core.FrameCount + 5, P)));
        w.AssertInvariants();
    }

    [Fact]
    public void M2pIsMappableReadOnlyOnly()
    {
        var (w, l1) = WorldWithL1();
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(w.M2pFirst, P | U)));
        Assert.Equal(Status.EPERM, w.Mmu1(0, l1, 2, Entry(w.M2pFirst, P | RW)));
        w.AssertInvariants();
    }

    [Fact]
    public void SharedInfoIsWritableByItsDomainOnly()
    {
        var (w, l1) = WorldWithL1();
        ulong si = w.FirstSpareVmm;
        Assert.Equal(Status.Ok, w.Core.SetSharedInfo(0, si));
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(si, P | RW)));
        var t1 = w.BuildTree(1);
        Assert.Equal(Status.EPERM, w.Mmu1(1, t1.L1, 1, Entry(si, P)));
        w.AssertInvariants();
    }

    [Fact]
    public void GlobalBitIsRefused()
    {
        var (w, l1) = WorldWithL1();
        ulong data = w.Alloc(0);
        Assert.Equal(Status.EINVAL, w.Mmu1(0, l1, 1, Entry(data, P | Pte.Global)));
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(data, P | Pte.NoExecute | Pte.Available | Pte.Accessed | Pte.Dirty)));
        w.AssertInvariants();
    }

    [Fact]
    public void HighAndReservedAddressBitsAreRefused()
    {
        var (w, l1) = WorldWithL1();
        ulong data = w.Alloc(0);
        Assert.Equal(Status.EINVAL, w.Mmu1(0, l1, 1, Entry(data, P) | (1UL << 52)));
        Assert.Equal(Status.EINVAL, w.Mmu1(0, l1, 1, Entry(data, P) | (1UL << 46))); // at MAXPHYADDR (46 here)
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(data, P)));
        w.AssertInvariants();
    }

    [Fact]
    public void NotPresentEntriesFollowTheL1tfRule()
    {
        var (w, l1) = WorldWithL1();
        ulong other = w.Alloc(1);
        Assert.Equal(Status.EPERM, w.Mmu1(0, l1, 1, Entry(other, 0)));         // names RAM: refused
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, 0x7FEUL));                      // no address: any other bits
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 2, World.L1tfSafe | 0x40));       // at the safe address
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 3, (0xFFFFFUL << 32) | 0x2));     // far above RAM
        w.AssertInvariants();
    }

    [Fact]
    public void NotPresentUpperLevelEntryWithPageSizeBitIsRefused()
    {
        var w = new World();
        w.NewDomain(0);
        var t = w.BuildTree(0);
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L2, 7, Pte.PageSize));
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L1, 7, Pte.PatSmall)); // bit 7 in L1 is PAT: fine
        w.AssertInvariants();
    }

    [Fact]
    public void ReservedL4SlotsAreNeverWritable()
    {
        var w = new World();
        w.NewDomain(0);
        var t = w.BuildTree(0);
        ulong l3 = w.Alloc(0);
        Assert.Equal(Status.EPERM, w.Mmu1(0, t.L4, 256, Entry(l3, P)));
        Assert.Equal(Status.EPERM, w.Mmu1(0, t.L4, 271, 0x2)); // not even a not-present value
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L4, 272, Entry(l3, P | RW)));
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L4, 255, Entry(l3, P | RW)));
        w.AssertInvariants();
    }

    [Fact]
    public void SuperpageOverOwnedUntypedExtentIsAcceptedAndHoldsTheWholeExtent()
    {
        var w = new World(4096);
        w.NewDomain(0, quota: 2048);
        var t = w.BuildTree(0);
        Assert.Equal(Status.Ok, w.Core.AllocateExtent(0, out ulong first));
        Assert.Equal(0UL, first % 512);
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L2, 9, Entry(first, P | RW | Pte.PageSize)));
        Assert.Equal(1u, w.Core.Extent(first).Superpages);
        // While mapped, no frame inside may become a table, a descriptor or DMA frame, or leave.
        Assert.Equal(Status.EINVAL, w.Pin(0, first + 7, 1));
        Assert.Equal(Status.EINVAL, w.Core.HoldDescriptorFrame(0, first + 8));
        Assert.Equal(Status.EINVAL, w.Core.PinDmaFrame(0, first + 9));
        Assert.Equal(Status.EBUSY, w.Core.ReleaseFrame(0, first + 10));
        // A 4 KiB writable mapping of a frame inside is still fine (it is writable anyway).
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L1, 3, Entry(first + 11, P | RW)));
        w.AssertInvariants();
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L2, 9, 0));
        Assert.Equal(0u, w.Core.Extent(first).Superpages);
        Assert.Equal(0u, w.Core.Frame(first + 100).TypeCount);
        Assert.Equal(Status.Ok, w.Pin(0, first + 7, 1)); // free to change type again
        w.AssertInvariants();
    }

    [Fact]
    public void AnL2OfSuperpagesOverOneExtentCostsOneTableOfWork()
    {
        // Finding 4 of issue 9: 512 entries mapping the same extent were 512 x 512 frame
        // updates to validate and again to devalidate.
        var w = new World(4096);
        w.NewDomain(0, quota: 2048);
        var t = w.BuildTree(0);
        Assert.Equal(Status.Ok, w.Core.AllocateExtent(0, out ulong first));
        ulong l2 = w.Alloc(0);
        for (int i = 0; i < 512; i++)
            w.GuestWrite(l2, i, Entry(first, P | RW | Pte.PageSize));
        long reads = w.Ram.Reads;
        ulong work = w.Core.WorkDone;
        Assert.Equal(Status.Ok, w.Pin(0, l2, 2));
        Assert.Equal(512u, w.Core.Extent(first).Superpages);
        Assert.True(w.Core.WorkDone - work < 4 * 512, $"pin cost {w.Core.WorkDone - work} units");
        Assert.True(w.Ram.Reads - reads < 2 * 512, $"pin read {w.Ram.Reads - reads} words");
        w.AssertInvariants();
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, l2));
        work = w.Core.WorkDone;
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.ClearPage, l2)); // devalidates it
        Assert.True(w.Core.WorkDone - work < 4 * 512, $"devalidation cost {w.Core.WorkDone - work} units");
        Assert.Equal(0u, w.Core.Extent(first).Superpages);
        w.AssertInvariants();
        _ = t;
    }

    [Fact]
    public void SuperpageOverTypedUnownedOrBadExtentIsRefused()
    {
        var w = new World(4096);
        w.NewDomain(0, quota: 2048);
        var t = w.BuildTree(0);
        Assert.Equal(Status.Ok, w.Core.AllocateExtent(0, out ulong first));
        Assert.Equal(Status.Ok, w.Pin(0, first + 3, 1)); // one typed frame inside
        Assert.Equal(Status.EBUSY, w.Mmu1(0, t.L2, 9, Entry(first, P | Pte.PageSize)));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, first + 3));
        Assert.Equal(Status.EBUSY, w.Mmu1(0, t.L2, 9, Entry(first, P | Pte.PageSize))); // still validated (lazy): refused
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L2, 9, Entry(first, P | Pte.PageSize) | (1UL << 13)));
        Assert.Equal(Status.EPERM, w.Mmu1(0, t.L2, 9, Entry(first + 512, P | Pte.PageSize)));
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L3, 9, Entry(first, P | Pte.PageSize))); // 1 GiB: not supported
        for (ulong k = 0; k < 512; k++)
            Assert.Equal(0u, w.Core.Frame(first + k).RefCount);
        Assert.Equal(0u, w.Core.Extent(first).Superpages);
        w.AssertInvariants();
    }

    [Fact]
    public void LinearPageTablesAreRefusedAtEveryLevel()
    {
        var w = new World();
        w.NewDomain(0);
        var t = w.BuildTree(0);
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L4, 5, Entry(t.L4, P)));
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L3, 5, Entry(t.L3, P)));
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L2, 5, Entry(t.L2, P)));
        Assert.Equal(Status.EINVAL, w.Mmu1(0, t.L4, 5, Entry(t.L2, P))); // cross-level
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L4, 5, Entry(t.L3, P)));     // the proper level: fine
        w.AssertInvariants();
    }

    [Fact]
    public void TablesAreValidatedBottomUpOnly()
    {
        var w = new World();
        w.NewDomain(0);
        ulong l1 = w.Alloc(0), l2 = w.Alloc(0), data = w.Alloc(0);
        w.GuestWrite(l1, 0, Entry(data, P | RW));
        w.GuestWrite(l2, 0, Entry(l1, P | RW));
        Assert.Equal(Status.EINVAL, w.Pin(0, l2, 2)); // its L1 is not validated yet
        Assert.Equal(0u, w.Core.Frame(data).RefCount);
        Assert.Equal(Status.Ok, w.Pin(0, l1, 1));
        Assert.Equal(Status.Ok, w.Pin(0, l2, 2));
        Assert.Equal(2u, w.Core.Frame(l1).TypeCount);
        w.AssertInvariants();
    }

    [Fact]
    public void DirectLinkValidatesTheLinkedTable()
    {
        var w = new World();
        w.NewDomain(0);
        var t = w.BuildTree(0);
        ulong l1 = w.Alloc(0), data = w.Alloc(0), other = w.Alloc(0);
        w.GuestWrite(l1, 3, Entry(data, P | RW));
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L2, 4, Entry(l1, P | RW)));
        Assert.True(w.Core.Frame(l1).Validated);
        Assert.Equal(PageType.Writable, w.Core.Frame(data).Type);
        // A table with a bad entry is refused and leaves nothing behind.
        ulong bad = w.Alloc(0);
        w.GuestWrite(bad, 0, Entry(other, P | RW));
        w.GuestWrite(bad, 1, Entry(bad, P | RW)); // maps itself writable
        Assert.Equal(Status.EBUSY, w.Mmu1(0, t.L2, 5, Entry(bad, P | RW)));
        Assert.False(w.Core.Frame(bad).Validated);
        Assert.Equal(0u, w.Core.Frame(other).RefCount);
        w.AssertInvariants();
    }

    [Fact]
    public void TypeChangesOnlyAtTypeCountZero()
    {
        var (w, l1) = WorldWithL1();
        ulong f = w.Alloc(0);
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(f, P | RW)));
        Assert.Equal(Status.EINVAL, w.Pin(0, f, 1));
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, 0));
        Assert.Equal(Status.Ok, w.Pin(0, f, 1));
        Assert.Equal(PageType.L1, w.Core.Frame(f).Type);
        w.AssertInvariants();
    }

    [Fact]
    public void UnpinnedTableStaysValidatedUntilItMustChangeType()
    {
        var (w, l1) = WorldWithL1();
        ulong table = w.Alloc(0), data = w.Alloc(0);
        w.GuestWrite(table, 0, Entry(data, P | RW));
        Assert.Equal(Status.Ok, w.Pin(0, table, 1));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, table));
        Assert.True(w.Core.Frame(table).Validated);
        Assert.Equal(1u, w.Core.Frame(data).TypeCount); // still held by the lazily validated table
        w.AssertInvariants();
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 9, Entry(table, P | RW))); // devalidated, then writable
        Assert.False(w.Core.Frame(table).Validated);
        Assert.Equal(0u, w.Core.Frame(data).TypeCount);
        w.AssertInvariants();
    }

    [Fact]
    public void PreserveAccessedDirtyKeepsHardwareBits()
    {
        var (w, l1) = WorldWithL1();
        ulong f = w.Alloc(0);
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(f, P | RW)));
        w.Ram.SetWord(l1, 1, w.Ram.Word(l1, 1) | Pte.Accessed | Pte.Dirty); // the CPU set A and D
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(f, P | RW | Pte.NoExecute), MemoryAbi.MmuPtUpdatePreserveAd));
        Assert.Equal(Entry(f, P | RW | Pte.NoExecute | Pte.Accessed | Pte.Dirty), w.Ram.Word(l1, 1));
        Assert.Equal(Status.Ok, w.Mmu1(0, l1, 1, Entry(f, P | RW)));
        Assert.Equal(Entry(f, P | RW), w.Ram.Word(l1, 1));
        w.AssertInvariants();
    }
}

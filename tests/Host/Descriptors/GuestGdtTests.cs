using Ringwall.Core;
using Ringwall.Core.Descriptors;
using Xunit;
using static Ringwall.Tests.Host.Descriptors.DescriptorCheckTests;

namespace Ringwall.Tests.Host.Descriptors;

public class GuestGdtTests
{
    const ulong A = DescriptorCheck.Accessed;
    const ulong Frame = 0x1234;

    static ulong[] Words() => new ulong[GuestGdt.TableEntries];
    static ulong[] Out() => new ulong[GuestGdt.GuestEntries];

    [Fact]
    public void Layout()
    {
        Assert.Equal(16, GuestGdt.FirstGuestEntry);
        Assert.Equal(32, GuestGdt.TableEntries);
        Assert.Equal(16, GuestGdt.GuestEntries);
    }

    [Fact]
    public void GuestEntriesAreCheckedAndTheRestIsZero()
    {
        var w = Words();
        w[16] = Data(1);
        w[17] = Code64(3);
        w[18] = Data(3);
        w[20] = Data(3);   // beyond entries: ignored
        var o = Out();
        for (int i = 0; i < o.Length; i++) o[i] = 0xFF;
        Assert.Equal(Status.Ok, GuestGdt.CheckTable(w, 19, o));
        Assert.Equal(Data(1) | A, o[0]);
        Assert.Equal(Code64(3) | A, o[1]);
        Assert.Equal(Data(3) | A, o[2]);
        for (int i = 3; i < o.Length; i++) Assert.Equal(0UL, o[i]);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(16u)]
    [InlineData(32u)]
    public void EntryCountsUpToTheTableSizeAreAccepted(uint entries)
        => Assert.Equal(Status.Ok, GuestGdt.CheckTable(Words(), entries, Out()));

    [Theory]
    [InlineData(33u)]
    [InlineData(8192u)]
    [InlineData(uint.MaxValue)]
    public void MoreEntriesThanTheTableAreRefused(uint entries)
        => Assert.Equal(Status.EINVAL, GuestGdt.CheckTable(Words(), entries, Out()));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(15)]
    public void ReservedEntriesMustBeZero(int index)
    {
        var w = Words();
        w[index] = Data(3);
        Assert.Equal(Status.EINVAL, GuestGdt.CheckTable(w, 32, Out()));
        Assert.Equal(Status.Ok, GuestGdt.CheckTable(w, (uint)index, Out()));   // beyond entries: not read
    }

    [Fact]
    public void OneBadEntryRefusesTheWholeTable()
    {
        var g = new GuestGdt();
        var w = Words();
        w[16] = Data(1);
        var o = Out();
        Assert.Equal(Status.Ok, GuestGdt.CheckTable(w, 17, o));
        g.Install(Frame, 17, o);
        w[16] = Data(3);
        w[31] = Code64(0);
        Assert.Equal(Status.EINVAL, GuestGdt.CheckTable(w, 32, Out()));
        Assert.Equal(Data(1) | A, g.Slots[0]);   // the installed table is untouched
        Assert.Equal(17u, g.Entries);
    }

    [Fact]
    public void InstallAndClear()
    {
        var g = new GuestGdt();
        Assert.Equal(GuestGdt.NoFrame, g.Frame);
        var o = Out();
        o[3] = Data(3) | A;
        g.Install(Frame, 20, o);
        Assert.Equal(Frame, g.Frame);
        Assert.Equal(Data(3) | A, g.SlotOf(0x9B));
        Assert.Equal(Data(3) | A, g.SlotOf(0x98));
        Assert.Equal(0UL, g.SlotOf(0x9F));      // LDT selector
        Assert.Equal(0UL, g.SlotOf(0x7B));      // reserved index 15
        Assert.Equal(0UL, g.SlotOf(0x100));     // beyond the GDT
        g.Install(Frame, 0, Out());
        Assert.Equal(GuestGdt.NoFrame, g.Frame);
        g.Install(Frame, 20, o);
        g.Clear();
        Assert.Equal(GuestGdt.NoFrame, g.Frame);
        Assert.Equal(0u, g.Entries);
        Assert.Equal(0UL, g.SlotOf(0x9B));
    }

    [Fact]
    public void UpdatesReachOnlyThisTablesGuestEntries()
    {
        var g = new GuestGdt();
        g.Install(Frame, 20, Out());
        Assert.Equal(Status.Ok, g.CheckUpdate(Frame + 1, 17, Data(3) | A, out bool inTable));
        Assert.False(inTable);                                                   // another frame
        Assert.Equal(Status.Ok, g.CheckUpdate(Frame, 20, Data(3) | A, out inTable));
        Assert.False(inTable);                                                   // beyond entries
        Assert.Equal(Status.Ok, g.CheckUpdate(Frame, 19, Data(3) | A, out inTable));
        Assert.True(inTable);
        g.Apply(19, Data(3) | A);
        Assert.Equal(Data(3) | A, g.Slots[3]);
    }

    [Fact]
    public void UpdatesMayNotFillReservedEntriesOfATable()
    {
        var g = new GuestGdt();
        g.Install(Frame, 20, Out());
        Assert.Equal(Status.EINVAL, g.CheckUpdate(Frame, 3, Data(3) | A, out bool inTable));
        Assert.False(inTable);
        Assert.Equal(Status.Ok, g.CheckUpdate(Frame, 3, 0, out inTable));
        Assert.False(inTable);
    }
}

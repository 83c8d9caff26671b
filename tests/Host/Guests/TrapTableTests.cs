using Ringwall.Abi;
using Ringwall.Core;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests;

public class TrapTableTests
{
    const ushort Cs = TrapTable.GuestKernelCode;
    const ulong Handler = 0xFFFFFFFF80001000UL;
    const byte Dpl0 = 0, Dpl1 = 1, Dpl2 = 2, Dpl3 = 3;
    const byte Mask = TrapInfoFlags.MaskEvents;

    [Fact]
    public void ConstantsMatchTheAbi()
    {
        Assert.Equal(0x19, TrapTable.GuestKernelCode);
        Assert.Equal(0x80, TrapTable.SystemCallVector);
        Assert.Equal(256, TrapTable.Vectors);
        Assert.Equal(3, TrapInfoFlags.DplMask);
        Assert.Equal(4, TrapInfoFlags.MaskEvents);
    }

    // ---- Check: accepted ----

    [Theory]
    [InlineData(0u, Dpl0)]
    [InlineData(3u, Dpl1)]
    [InlineData(14u, (byte)(Dpl0 | Mask))]
    [InlineData(0x80u, Dpl3)]
    [InlineData(0x80u, (byte)(Dpl3 | Mask))]
    [InlineData(0x80u, Dpl1)]
    [InlineData(0x81u, Dpl2)]
    [InlineData(255u, (byte)(Dpl1 | Mask))]
    public void GoodEntriesAreAccepted(uint vector, byte flags)
        => Assert.Equal(Status.Ok, TrapTable.Check(vector, flags, Cs, Handler));

    [Theory]
    [InlineData(0x0000000000001000UL)]
    [InlineData(0x00007FFFFFFFFFFFUL)]   // top of the lower canonical half
    [InlineData(0xFFFF880000000000UL)]   // first past the VMM range
    [InlineData(0xFFFFFFFFFFFFFFFFUL)]
    [InlineData(0xFFFFFFFF80000000UL)]
    public void CanonicalGuestAddressesAreAccepted(ulong address)
        => Assert.Equal(Status.Ok, TrapTable.Check(6, Dpl0, Cs, address));

    // ---- Check: refused ----

    [Theory]
    [InlineData(256u)]
    [InlineData(0x1000u)]
    [InlineData(uint.MaxValue)]
    public void VectorsOutOfRangeAreRefused(uint vector)
        => Assert.Equal(Status.EINVAL, TrapTable.Check(vector, Dpl0, Cs, Handler));

    [Theory]
    [InlineData((ushort)0x00)]
    [InlineData((ushort)0x08)]   // a ring-0 selector
    [InlineData((ushort)0x18)]   // the right descriptor with RPL 0
    [InlineData((ushort)0x1B)]   // the right descriptor with RPL 3
    [InlineData((ushort)0x33)]   // the ring-3 code segment
    [InlineData((ushort)0x119)]
    [InlineData((ushort)0xFFFF)]
    public void OtherCodeSegmentsAreRefused(ushort cs)
        => Assert.Equal(Status.EINVAL, TrapTable.Check(14, Dpl0, cs, Handler));

    [Theory]
    [InlineData(0x0000800000000000UL)]   // first non-canonical
    [InlineData(0x0000FFFFFFFFFFFFUL)]
    [InlineData(0x8000000000000000UL)]
    [InlineData(0xFFFF7FFFFFFFFFFFUL)]   // last non-canonical
    [InlineData(0x1234567812345678UL)]
    public void NonCanonicalAddressesAreRefused(ulong address)
        => Assert.Equal(Status.EINVAL, TrapTable.Check(14, Dpl0, Cs, address));

    [Theory]
    [InlineData(0xFFFF800000000000UL)]   // VirtStart
    [InlineData(0xFFFF800000001000UL)]
    [InlineData(0xFFFF840000000000UL)]
    [InlineData(0xFFFF87FFFFFFFFFFUL)]   // VirtLast
    public void AddressesInTheVmmRangeAreRefused(ulong address)
    {
        Assert.True(TrapTable.InReservedRange(address));
        Assert.Equal(Status.EINVAL, TrapTable.Check(14, Dpl0, Cs, address));
        Assert.Equal(Status.EINVAL, TrapTable.Check(0x80, Dpl3, Cs, address));
    }

    [Fact]
    public void ReservedRangeIsExactlyTheVmmRange()
    {
        Assert.Equal(0xFFFF800000000000UL, VmmRange.VirtStart);
        Assert.Equal(0xFFFF880000000000UL, VmmRange.VirtEnd);
        Assert.False(TrapTable.InReservedRange(VmmRange.VirtStart - 1));
        Assert.True(TrapTable.InReservedRange(VmmRange.VirtStart));
        Assert.True(TrapTable.InReservedRange(VmmRange.VirtLast));
        Assert.False(TrapTable.InReservedRange(VmmRange.VirtEnd));
        Assert.Equal(Status.Ok, TrapTable.Check(14, Dpl0, Cs, VmmRange.VirtEnd));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(3u)]
    [InlineData(14u)]
    [InlineData(0x7Fu)]
    [InlineData(0x81u)]
    [InlineData(255u)]
    public void Dpl3IsRefusedOutsideTheSystemCallVector(uint vector)
    {
        Assert.Equal(Status.EINVAL, TrapTable.Check(vector, Dpl3, Cs, Handler));
        Assert.Equal(Status.EINVAL, TrapTable.Check(vector, Dpl3 | Mask, Cs, Handler));
        Assert.Equal(Status.Ok, TrapTable.Check(vector, Dpl2, Cs, Handler));
    }

    [Theory]
    [InlineData((byte)0x08)]
    [InlineData((byte)0x10)]
    [InlineData((byte)0x80)]
    [InlineData((byte)0xF8)]
    [InlineData((byte)0xFF)]
    [InlineData((byte)(0x08 | 1))]
    public void UnknownFlagBitsAreRefused(byte flags)
    {
        Assert.Equal(Status.EINVAL, TrapTable.Check(14, flags, Cs, Handler));
        Assert.Equal(Status.EINVAL, TrapTable.Check(0x80, (byte)(flags | Dpl3), Cs, Handler));
    }

    [Fact]
    public void EveryFlagByteIsAcceptedExactlyWhenKnown()
    {
        for (int f = 0; f < 256; f++)
        {
            bool known = (f & ~7) == 0;
            bool ok14 = known && (f & 3) != 3;
            Assert.Equal(ok14 ? Status.Ok : Status.EINVAL, TrapTable.Check(14, (byte)f, Cs, Handler));
            Assert.Equal(known ? Status.Ok : Status.EINVAL, TrapTable.Check(0x80, (byte)f, Cs, Handler));
        }
    }

    // ---- the table ----

    [Fact]
    public void NewTableIsEmpty()
    {
        var t = new TrapTable();
        for (int v = 0; v < TrapTable.Vectors; v++)
        {
            Assert.False(t.Has(v));
            Assert.Equal(0, t.Dpl(v));
            Assert.False(t.MasksEvents(v));
        }
    }

    [Fact]
    public void SetRecordsHandlerAndFlags()
    {
        var t = new TrapTable();
        t.Set(14, Dpl0 | Mask, Handler);
        t.Set(0x80, Dpl3, Handler + 0x40);
        t.Set(3, Dpl1, Handler + 0x80);

        Assert.True(t.Has(14));
        Assert.Equal(Handler, t.Address[14]);
        Assert.Equal(0, t.Dpl(14));
        Assert.True(t.MasksEvents(14));

        Assert.True(t.Has(0x80));
        Assert.Equal(Handler + 0x40, t.Address[0x80]);
        Assert.Equal(3, t.Dpl(0x80));
        Assert.False(t.MasksEvents(0x80));

        Assert.Equal(1, t.Dpl(3));
        Assert.False(t.MasksEvents(3));

        Assert.False(t.Has(13));
        Assert.False(t.Has(15));
    }

    [Fact]
    public void DplIgnoresTheMaskEventsBit()
    {
        var t = new TrapTable();
        t.Set(0x80, Dpl3 | Mask, Handler);
        Assert.Equal(3, t.Dpl(0x80));
        Assert.True(t.MasksEvents(0x80));
        t.Set(1, Dpl2 | Mask, Handler);
        Assert.Equal(2, t.Dpl(1));
    }

    [Fact]
    public void SetReplacesAnEarlierEntry()
    {
        var t = new TrapTable();
        t.Set(14, Dpl1 | Mask, Handler);
        t.Set(14, Dpl0, Handler + 8);
        Assert.Equal(Handler + 8, t.Address[14]);
        Assert.Equal(0, t.Dpl(14));
        Assert.False(t.MasksEvents(14));
    }

    [Fact]
    public void SettingAddressZeroRemovesTheHandler()
    {
        var t = new TrapTable();
        t.Set(6, Dpl0, Handler);
        t.Set(6, Dpl0, 0);
        Assert.False(t.Has(6));
    }

    [Fact]
    public void ClearEmptiesEveryVector()
    {
        var t = new TrapTable();
        for (int v = 0; v < TrapTable.Vectors; v++) t.Set(v, Dpl1 | Mask, Handler + (ulong)v * 16);
        Assert.True(t.Has(0));
        Assert.True(t.Has(255));
        t.Clear();
        for (int v = 0; v < TrapTable.Vectors; v++)
        {
            Assert.False(t.Has(v));
            Assert.Equal(0UL, t.Address[v]);
            Assert.Equal(0, t.Flags[v]);
            Assert.False(t.MasksEvents(v));
        }
    }
}

using Ringwall.Core.Physical;
using Xunit;

namespace Ringwall.Tests.Host.Physical;

public class ReservedRangesTests
{
    static ReservedRanges With(params (ulong Start, ulong End)[] ranges)
    {
        var r = new ReservedRanges();
        foreach (var (s, e) in ranges) Assert.True(r.Add(s, e));
        return r;
    }

    [Fact]
    public void AddKeepsRangesInOrderAndIgnoresEmptyOnes()
    {
        var r = With((0, 0x100000), (0x5000, 0x5000), (0x9000, 0x1000), (0x200000, 0x280000));
        Assert.Equal(2, r.Count);
        Assert.Equal(0UL, r.Start(0));
        Assert.Equal(0x100000UL, r.End(0));
        Assert.Equal(0x200000UL, r.Start(1));
        Assert.Equal(0x280000UL, r.End(1));
    }

    [Fact]
    public void OverlapsTreatsRangesAsHalfOpen()
    {
        var r = With((0x10000, 0x20000), (0x40000, 0x41000));
        Assert.True(r.Overlaps(0x1F000, 0x21000));
        Assert.True(r.Overlaps(0x0, 0x10001));
        Assert.True(r.Overlaps(0x40FFF, 0x50000));
        Assert.True(r.Overlaps(0x0, 0x100000)); // covers both
        Assert.True(r.Overlaps(0x12000, 0x13000)); // inside one
        Assert.False(r.Overlaps(0x0, 0x10000));  // touches the start
        Assert.False(r.Overlaps(0x20000, 0x40000)); // exactly the gap
        Assert.False(r.Overlaps(0x41000, 0x50000));
        Assert.False(r.Overlaps(0x15000, 0x15000)); // empty
    }

    [Fact]
    public void OverlapsWithNothingReserved()
    {
        Assert.False(new ReservedRanges().Overlaps(0, ulong.MaxValue));
    }

    [Fact]
    public void FindGapSkipsSeveralBlockers()
    {
        // Added out of order, one nested inside another, one ending unaligned.
        var r = With((0x300000, 0x380000), (0x100000, 0x180000), (0x120000, 0x130000), (0x180000, 0x200800), (0x203000, 0x210000));
        Assert.True(r.FindGap(0x100000, 0x1000000, 0x4000, out ulong found));
        Assert.Equal(0x210000UL, found);
        Assert.False(r.Overlaps(found, found + 0x4000));

        // A smaller request fits in the hole between 0x201000 (0x200800 rounded up) and 0x203000.
        Assert.True(r.FindGap(0x100000, 0x1000000, 0x2000, out ulong small));
        Assert.Equal(0x201000UL, small);
    }

    [Fact]
    public void FindGapAlignsTheRegionStartUp()
    {
        var r = new ReservedRanges();
        Assert.True(r.FindGap(0x100001, 0x200000, 0x1000, out ulong found));
        Assert.Equal(0x101000UL, found);
    }

    [Fact]
    public void FindGapAtTheVeryEndOfTheRegion()
    {
        var r = With((0x100000, 0x1FC000));
        Assert.True(r.FindGap(0x100000, 0x200000, 0x4000, out ulong found));
        Assert.Equal(0x1FC000UL, found);
        Assert.Equal(0x200000UL, found + 0x4000);
    }

    [Fact]
    public void NoGapWhenTheRegionIsFull()
    {
        var r = With((0x100000, 0x1FD000));
        Assert.False(r.FindGap(0x100000, 0x200000, 0x4000, out ulong found));
        Assert.Equal(0UL, found);
        Assert.False(r.FindGap(0x100000, 0x200000, 0x200000, out _)); // larger than the region
    }

    [Fact]
    public void NoGapWhenABlockerReachesTheTopOfTheAddressSpace()
    {
        // Rounding the blocker's end up must not wrap around to address 0.
        var r = With((0x1000, ulong.MaxValue - 10));
        Assert.False(r.FindGap(0x1000, ulong.MaxValue, 0x1000, out _));
    }

    [Fact]
    public void NoGapFromAddressZeroWhenABlockerReachesTheTop()
    {
        // From regionStart 0 a wrapped candidate would look like a fresh start (and loop forever).
        var r = With((0x1000, ulong.MaxValue - 10));
        Assert.False(r.FindGap(0, ulong.MaxValue, 0x2000, out _));
        Assert.True(r.FindGap(0, ulong.MaxValue, 0x1000, out ulong found));
        Assert.Equal(0UL, found);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FindGapFindsTheLowestGapAByteScanFinds(int seed)
    {
        var random = new System.Random(seed);
        for (int trial = 0; trial < 300; trial++)
        {
            var r = new ReservedRanges();
            int n = random.Next(0, 8);
            for (int i = 0; i < n; i++)
            {
                ulong s = (ulong)random.Next(0, 64) * 0x800 + (ulong)random.Next(0, 3) * 0x10;
                r.Add(s, s + (ulong)random.Next(1, 12) * 0x800);
            }
            ulong regionStart = (ulong)random.Next(0, 16) * 0x800;
            ulong regionEnd = regionStart + (ulong)random.Next(0, 48) * 0x800;
            ulong size = (ulong)random.Next(1, 5) * 0x800;

            ulong? expected = null;
            for (ulong c = (regionStart + 0xFFF) & ~0xFFFUL; c + size <= regionEnd; c += 0x1000)
                if (!r.Overlaps(c, c + size)) { expected = c; break; }

            bool ok = r.FindGap(regionStart, regionEnd, size, out ulong found);
            string where = $"seed {seed} trial {trial}: region [{regionStart:x}, {regionEnd:x}) size {size:x}";
            Assert.True(ok == expected.HasValue, $"{where}: FindGap {ok}, scan {expected?.ToString("x") ?? "none"}");
            if (ok) Assert.True(found == expected.Value, $"{where}: FindGap {found:x}, scan {expected.Value:x}");
        }
    }

    [Fact]
    public void NoGapWhenTheRegionStartRoundsPastTheTop()
    {
        var r = new ReservedRanges();
        Assert.False(r.FindGap(ulong.MaxValue - 10, ulong.MaxValue, 4, out _));
    }

    [Fact]
    public void AddBeyondCapacityReturnsFalse()
    {
        var r = new ReservedRanges();
        for (int i = 0; i < ReservedRanges.Capacity; i++)
            Assert.True(r.Add((ulong)i * 0x10000, (ulong)i * 0x10000 + 0x1000));
        Assert.False(r.Add(0x9000000, 0x9001000));
        Assert.Equal(ReservedRanges.Capacity, r.Count);
        Assert.False(r.Overlaps(0x9000000, 0x9001000)); // the refused range is not recorded
        Assert.True(r.Add(0x5000, 0x5000)); // an empty range needs no room
    }
}

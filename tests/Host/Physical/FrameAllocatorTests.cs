using System;
using System.Collections.Generic;
using Ringwall.Core.Physical;
using Xunit;

namespace Ringwall.Tests.Host.Physical;

public class FrameAllocatorTests
{
    const ulong Page = FrameAllocator.FrameSize;

    static ulong CountFree(FrameAllocator a)
    {
        ulong n = 0;
        for (ulong f = 0; f < a.FrameLimit + 70; f++) if (a.IsFree(f)) n++;
        return n;
    }

    static FrameAllocator AllFree(ulong frames)
    {
        var a = new FrameAllocator(frames);
        a.AddFreeRange(0, frames * Page);
        Assert.Equal(frames, a.FreeFrames);
        return a;
    }

    [Fact]
    public void NewAllocatorHasNothingFree()
    {
        var a = new FrameAllocator(1000);
        Assert.Equal(0UL, a.FreeFrames);
        Assert.Equal(0UL, CountFree(a));
        Assert.False(a.TryAllocate(out _));
        Assert.Equal(16UL * 8, FrameAllocator.BitmapBytesFor(1000));
    }

    [Fact]
    public void AddFreeRangeRoundsInward()
    {
        var a = new FrameAllocator(100);
        a.AddFreeRange(0x1001, 0x5FFF); // frames 2, 3, 4 lie wholly inside
        Assert.Equal(3UL, a.FreeFrames);
        Assert.False(a.IsFree(1));
        Assert.True(a.IsFree(2));
        Assert.True(a.IsFree(4));
        Assert.False(a.IsFree(5));
    }

    [Fact]
    public void AddFreeRangeOfLessThanAFrameFreesNothing()
    {
        var a = new FrameAllocator(100);
        a.AddFreeRange(0x1001, 0x2FFF);
        a.AddFreeRange(0x3800, 0x3900);
        Assert.Equal(0UL, a.FreeFrames);
        Assert.Equal(0UL, CountFree(a));
    }

    [Fact]
    public void AddFreeRangeStopsAtTheFrameLimit()
    {
        var a = new FrameAllocator(100);
        a.AddFreeRange(90 * Page, 1000 * Page);
        Assert.Equal(10UL, a.FreeFrames);
        Assert.False(a.IsFree(100));
        Assert.Equal(10UL, CountFree(a));
    }

    [Fact]
    public void AddFreeRangeTwiceCountsOnce()
    {
        var a = new FrameAllocator(100);
        a.AddFreeRange(0, 10 * Page);
        a.AddFreeRange(5 * Page, 15 * Page);
        Assert.Equal(15UL, a.FreeFrames);
        Assert.Equal(15UL, CountFree(a));
    }

    [Theory]
    [InlineData(0xFFFFFFFFFFFFF001UL, ulong.MaxValue)] // start rounds up past the top of the address space
    [InlineData(0x10000UL, 0x5000UL)]                   // backwards
    [InlineData(ulong.MaxValue, ulong.MaxValue)]
    public void AddFreeRangeNearTheTopOrBackwardsFreesNothing(ulong start, ulong end)
    {
        var a = new FrameAllocator(100);
        a.AddFreeRange(start, end);
        Assert.Equal(0UL, a.FreeFrames);
        Assert.Equal(0UL, CountFree(a));
    }

    [Fact]
    public void ReserveRangeRoundsOutward()
    {
        var a = AllFree(100);
        a.ReserveRange(0x3FFF, 0x5001); // touches frames 3, 4 and 5
        Assert.Equal(97UL, a.FreeFrames);
        Assert.True(a.IsFree(2));
        Assert.False(a.IsFree(3));
        Assert.False(a.IsFree(5));
        Assert.True(a.IsFree(6));
    }

    [Fact]
    public void ReserveRangeOfOneByteTakesItsFrame()
    {
        var a = AllFree(100);
        a.ReserveRange(0x7123, 0x7124);
        Assert.Equal(99UL, a.FreeFrames);
        Assert.False(a.IsFree(7));
    }

    [Fact]
    public void EmptyOrBackwardsReserveRangeTakesNothing()
    {
        var a = AllFree(100);
        a.ReserveRange(0x7000, 0x7000);
        a.ReserveRange(0x9000, 0x1000);
        Assert.Equal(100UL, a.FreeFrames);
    }

    [Fact]
    public void ReserveRangeReachingTheTopOfTheAddressSpaceTakesEverythingAbove()
    {
        var a = AllFree(100);
        a.ReserveRange(40 * Page + 1, ulong.MaxValue);
        Assert.Equal(40UL, a.FreeFrames);
        Assert.True(a.IsFree(39));
        Assert.False(a.IsFree(40));
        Assert.False(a.IsFree(99));
    }

    [Fact]
    public void TryAllocateNeverReturnsAFrameTwice()
    {
        var a = new FrameAllocator(300);
        a.AddFreeRange(0x1000, 250 * Page);
        a.ReserveRange(64 * Page, 70 * Page);
        var seen = new HashSet<ulong>();
        while (a.TryAllocate(out ulong f))
        {
            Assert.True(seen.Add(f), $"frame {f} handed out twice");
            Assert.InRange(f, 1UL, 249UL);
            Assert.False(f >= 64 && f < 70, $"reserved frame {f} handed out");
        }
        Assert.Equal(249 - 6, seen.Count);
        Assert.Equal(0UL, a.FreeFrames);

        // Free a few in the middle, then allocate again: exactly those come back, once each.
        foreach (ulong f in new ulong[] { 200, 3, 150 }) Assert.True(a.Free(f));
        var again = new HashSet<ulong>();
        while (a.TryAllocate(out ulong f)) Assert.True(again.Add(f));
        Assert.Equal(new HashSet<ulong> { 3, 150, 200 }, again);
    }

    [Fact]
    public void FreeOfAFreeFrameIsRefused()
    {
        var a = AllFree(100);
        Assert.False(a.Free(10));
        Assert.Equal(100UL, a.FreeFrames);
        Assert.True(a.TryAllocate(out ulong f));
        Assert.True(a.Free(f));
        Assert.False(a.Free(f));
        Assert.Equal(100UL, a.FreeFrames);
    }

    [Fact]
    public void FreeBeyondTheLimitIsRefused()
    {
        var a = new FrameAllocator(100);
        Assert.False(a.Free(100));
        Assert.False(a.Free(ulong.MaxValue));
        Assert.False(a.IsFree(100));
        Assert.Equal(0UL, a.FreeFrames);
    }

    [Fact]
    public void ContiguousRespectsAlignmentAndLimit()
    {
        var a = AllFree(1024);
        a.ReserveRange(0, 100 * Page);

        Assert.False(a.TryAllocateContiguous(8, 16, 100, out _));   // everything below 100 is taken
        Assert.False(a.TryAllocateContiguous(8, 16, 119, out _));   // 112..119 would end past the limit
        Assert.True(a.TryAllocateContiguous(8, 16, 120, out ulong f));
        Assert.Equal(112UL, f);
        for (ulong i = 112; i < 120; i++) Assert.False(a.IsFree(i));
        Assert.True(a.IsFree(100));

        Assert.True(a.TryAllocateContiguous(3, 1, 1024, out ulong g));
        Assert.Equal(100UL, g);
        Assert.True(a.TryAllocateContiguous(10, 64, 1024, out ulong h));
        Assert.Equal(128UL, h);
        Assert.Equal(1024UL - 100 - 8 - 3 - 10, a.FreeFrames);
        Assert.Equal(a.FreeFrames, CountFree(a));
    }

    [Fact]
    public void ContiguousLimitAboveTheFrameLimitIsClamped()
    {
        var a = AllFree(100);
        Assert.True(a.TryAllocateContiguous(100, 1, ulong.MaxValue, out ulong f));
        Assert.Equal(0UL, f);
        Assert.False(a.TryAllocateContiguous(1, 1, ulong.MaxValue, out _));
        Assert.Equal(0UL, a.FreeFrames);
    }

    [Fact]
    public void ContiguousSkipsAHole()
    {
        var a = AllFree(64);
        a.ReserveRange(5 * Page, 6 * Page);
        Assert.True(a.TryAllocateContiguous(6, 1, 64, out ulong f));
        Assert.Equal(6UL, f);
    }

    [Theory]
    [InlineData(0UL, 1UL)]
    [InlineData(1UL, 0UL)]
    [InlineData(1UL, 3UL)]
    [InlineData(4UL, 6UL)]
    [InlineData(4UL, 0x8000000000000001UL)]
    public void ContiguousRefusesBadArguments(ulong count, ulong alignment)
    {
        var a = AllFree(256);
        Assert.False(a.TryAllocateContiguous(count, alignment, 256, out _));
        Assert.Equal(256UL, a.FreeFrames);
    }

    [Fact]
    public void ContiguousWithAHugeCountFailsQuietly()
    {
        var a = AllFree(256);
        Assert.False(a.TryAllocateContiguous(ulong.MaxValue, 1, ulong.MaxValue, out _));
        Assert.False(a.TryAllocateContiguous(257, 1, 256, out _));
        Assert.Equal(256UL, a.FreeFrames);
    }

    [Fact]
    public void ExtentIsAligned2MiB()
    {
        var a = new FrameAllocator(4096);
        a.AddFreeRange(0x100000, 4096 * Page); // from 1 MiB: the first extent is incomplete
        Assert.True(a.TryAllocateExtent(out ulong first));
        Assert.Equal(512UL, first);
        Assert.True(a.TryAllocateExtent(out ulong second));
        Assert.Equal(1024UL, second);
        Assert.Equal(0UL, second % FrameAllocator.FramesPerExtent);
        for (ulong f = 512; f < 1536; f++) Assert.False(a.IsFree(f));
        Assert.Equal(4096UL - 256 - 1024, a.FreeFrames);
    }

    [Fact]
    public void ExtentFailsWhenFragmented()
    {
        var a = AllFree(2048);
        foreach (ulong f in new ulong[] { 0, 512 + 5, 1024 + 300, 1536 + 511 }) a.ReserveRange(f * Page, f * Page + 1);
        Assert.Equal(2044UL, a.FreeFrames);
        Assert.False(a.TryAllocateExtent(out _));
        Assert.Equal(2044UL, a.FreeFrames);
        // 512 contiguous frames exist, just not aligned.
        Assert.True(a.TryAllocateContiguous(512, 1, 2048, out ulong f2));
        Assert.NotEqual(0UL, f2 % 512);
    }

    [Fact]
    public void ExtentFailsWhenUnalignedEvenIfLargeEnough()
    {
        var a = new FrameAllocator(2048);
        a.AddFreeRange(1 * Page, 1000 * Page);
        Assert.False(a.TryAllocateExtent(out _));
        a.AddFreeRange(1000 * Page, 1024 * Page);
        Assert.True(a.TryAllocateExtent(out ulong f));
        Assert.Equal(512UL, f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(20240611)]
    public void RandomOperationsAgreeWithASetModel(int seed)
    {
        const ulong limit = 1000; // not a multiple of 64: the tail word is exercised
        var random = new Random(seed);
        var a = new FrameAllocator(limit);
        var free = new HashSet<ulong>();
        var handedOut = new HashSet<ulong>();

        for (int step = 0; step < 10_000; step++)
        {
            string where = $"seed {seed} step {step}";
            int op = random.Next(100);
            if (op < 8)
            {
                ulong s = (ulong)random.Next(0, (int)(limit + 40) * 4096);
                ulong e = s + (ulong)random.Next(0, 40 * 4096);
                a.AddFreeRange(s, e);
                for (ulong f = (s + Page - 1) / Page; f < e / Page && f < limit; f++) { free.Add(f); handedOut.Remove(f); }
            }
            else if (op < 14)
            {
                ulong s = (ulong)random.Next(0, (int)(limit + 40) * 4096);
                ulong e = s + (ulong)random.Next(0, 12 * 4096);
                a.ReserveRange(s, e);
                if (e > s)
                    for (ulong f = s / Page; f < (e + Page - 1) / Page && f < limit; f++) free.Remove(f);
            }
            else if (op < 50)
            {
                bool ok = a.TryAllocate(out ulong f);
                Assert.True(ok == (free.Count > 0), $"{where}: TryAllocate returned {ok} with {free.Count} free");
                if (ok)
                {
                    Assert.True(free.Remove(f), $"{where}: TryAllocate returned frame {f} that was not free");
                    Assert.True(handedOut.Add(f), $"{where}: frame {f} handed out twice");
                }
            }
            else if (op < 80)
            {
                ulong f = random.Next(4) == 0 || handedOut.Count == 0
                    ? (ulong)random.Next(0, (int)limit + 10)
                    : Pick(handedOut, random);
                bool expected = f < limit && !free.Contains(f);
                bool ok = a.Free(f);
                Assert.True(ok == expected, $"{where}: Free({f}) returned {ok}, expected {expected}");
                if (ok) { free.Add(f); handedOut.Remove(f); }
            }
            else
            {
                ulong count = (ulong)random.Next(0, 17);
                ulong alignment = random.Next(6) == 0 ? (ulong)random.Next(0, 10) : 1UL << random.Next(0, 7);
                ulong lim = (ulong)random.Next(0, (int)limit + 50);
                bool ok = a.TryAllocateContiguous(count, alignment, lim, out ulong f);
                bool valid = count != 0 && alignment != 0 && (alignment & (alignment - 1)) == 0;
                if (ok)
                {
                    Assert.True(valid, $"{where}: accepted count {count} alignment {alignment}");
                    Assert.True(f % alignment == 0, $"{where}: frame {f} not aligned to {alignment}");
                    Assert.True(f + count <= Math.Min(lim, limit), $"{where}: run {f}+{count} past limit {lim}");
                    for (ulong i = f; i < f + count; i++)
                    {
                        Assert.True(free.Remove(i), $"{where}: contiguous run included used frame {i}");
                        Assert.True(handedOut.Add(i), $"{where}: frame {i} handed out twice");
                    }
                }
                else if (valid)
                {
                    ulong top = Math.Min(lim, limit);
                    for (ulong s = 0; s + count <= top; s += alignment)
                    {
                        bool run = true;
                        for (ulong i = s; i < s + count && run; i++) run = free.Contains(i);
                        Assert.False(run, $"{where}: refused {count} frames aligned {alignment} below {lim} though {s} was free");
                    }
                }
            }

            Assert.True(a.FreeFrames == (ulong)free.Count, $"{where}: FreeFrames {a.FreeFrames}, model {free.Count}");
            ulong counted = 0;
            for (ulong f = 0; f < limit + 64; f++)
            {
                bool isFree = a.IsFree(f);
                if (isFree) counted++;
                if (isFree != free.Contains(f)) Assert.Fail($"{where}: IsFree({f}) is {isFree}, model says {free.Contains(f)}");
            }
            Assert.True(counted == a.FreeFrames, $"{where}: {counted} frames IsFree but FreeFrames is {a.FreeFrames}");
        }
    }

    static ulong Pick(HashSet<ulong> set, Random random)
    {
        int skip = random.Next(set.Count);
        foreach (ulong x in set) if (skip-- == 0) return x;
        throw new InvalidOperationException();
    }
}

using System.Linq;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests;

public class ConsoleInputTests
{
    static ConsoleInput Owned(int capacity, uint owner)
    {
        var input = new ConsoleInput(capacity);
        input.SetDefaultOwner(owner);
        return input;
    }

    static byte[] ReadAll(ConsoleInput input, uint domain, int max)
    {
        var buffer = new byte[max];
        int n = input.Copy(domain, buffer, max);
        input.Consume(n);
        return buffer.Take(n).ToArray();
    }

    [Fact]
    public void BytesComeOutInArrivalOrder()
    {
        var input = Owned(16, 0);
        foreach (byte b in new byte[] { 1, 2, 3, 0, 0xFF })
            Assert.True(input.Receive(b));
        Assert.Equal(new byte[] { 1, 2, 3, 0, 0xFF }, ReadAll(input, 0, 100));
        Assert.Equal(0, input.Count);
        Assert.Empty(ReadAll(input, 0, 100));   // empty: 0 bytes, as CONSOLEIO_read returns
    }

    [Fact]
    public void ReadTakesAtMostMax()
    {
        var input = Owned(16, 0);
        for (byte b = 0; b < 10; b++) input.Receive(b);
        Assert.Equal(new byte[] { 0, 1, 2 }, ReadAll(input, 0, 3));
        Assert.Equal(new byte[] { 3, 4, 5, 6 }, ReadAll(input, 0, 4));
        Assert.Equal(3, input.Count);
        Assert.Empty(ReadAll(input, 0, 0));
        var buffer = new byte[4];
        Assert.Equal(0, input.Copy(0, buffer, -1));
        Assert.Equal(3, input.Count);
    }

    [Fact]
    public void CopyWithoutConsumeLosesNothing()
    {
        // The VMM copies first and consumes only when the guest buffer took the bytes
        // (CONSOLEIO_read with a bad buffer: -EFAULT, the input stays).
        var input = Owned(8, 0);
        input.Receive(7);
        input.Receive(8);
        var buffer = new byte[8];
        Assert.Equal(2, input.Copy(0, buffer, 8));
        Assert.Equal(2, input.Copy(0, buffer, 8));
        Assert.Equal(new byte[] { 7, 8 }, ReadAll(input, 0, 8));
    }

    [Fact]
    public void CopyIsBoundedByTheDestination()
    {
        var input = Owned(8, 0);
        for (byte b = 0; b < 6; b++) input.Receive(b);
        var small = new byte[2];
        Assert.Equal(2, input.Copy(0, small, int.MaxValue));
    }

    [Fact]
    public void OverflowDropsNewBytesAndCountsThem()
    {
        var input = Owned(4, 0);
        for (byte b = 0; b < 10; b++)
            Assert.Equal(b < 4, input.Receive(b));
        Assert.Equal(10UL, input.Received);
        Assert.Equal(6UL, input.Dropped);
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, ReadAll(input, 0, 10));   // the oldest bytes stay
        Assert.True(input.Receive(42));                                    // room again
        Assert.Equal(new byte[] { 42 }, ReadAll(input, 0, 10));
    }

    [Fact]
    public void RingWrapsAround()
    {
        var input = Owned(5, 0);
        var expected = new System.Collections.Generic.List<byte>();
        var got = new System.Collections.Generic.List<byte>();
        byte next = 0;
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < round % 5 + 1; i++)
            {
                if (input.Receive(next)) expected.Add(next);
                next++;
            }
            got.AddRange(ReadAll(input, 0, round % 3 + 1));
        }
        got.AddRange(ReadAll(input, 0, 100));
        Assert.Equal(expected, got);
        Assert.Equal((ulong)next, input.Received);
        Assert.Equal((ulong)(next - expected.Count), input.Dropped);
    }

    [Fact]
    public void OnlyTheOwnerReads()
    {
        var input = Owned(8, 1);
        input.Receive(5);
        var buffer = new byte[8];
        Assert.False(input.Owns(0));
        Assert.Equal(0, input.Copy(0, buffer, 8));
        Assert.Equal(0, input.Copy(ConsoleInput.NoOwner, buffer, 8));
        Assert.True(input.Owns(1));
        Assert.Equal(new byte[] { 5 }, ReadAll(input, 1, 8));
    }

    [Fact]
    public void FirstClaimWinsOverTheDefault()
    {
        var input = new ConsoleInput(8);
        Assert.False(input.HasOwner);
        Assert.True(input.Claim(2));
        Assert.False(input.Claim(3));    // a second claim is refused
        input.SetDefaultOwner(0);        // the default does not override a claim
        Assert.Equal(2u, input.Owner);
        Assert.False(input.Claim(ConsoleInput.NoOwner));
    }

    [Fact]
    public void DefaultOwnerWithoutClaim()
    {
        var input = new ConsoleInput(8);
        input.SetDefaultOwner(0);
        Assert.True(input.Owns(0));
    }

    [Fact]
    public void NoOwnerDropsEverything()
    {
        var input = new ConsoleInput(8);
        Assert.False(input.Receive(1));
        Assert.Equal(1UL, input.Dropped);
        Assert.Equal(0, input.Count);
        Assert.False(input.Owns(ConsoleInput.NoOwner));
    }

    [Fact]
    public void ReleaseByTheOwnerDiscardsAndStopsInput()
    {
        var input = Owned(8, 0);
        input.Receive(1);
        input.Release(1);                // not the owner: nothing changes
        Assert.Equal(1, input.Count);
        input.Release(0);
        Assert.False(input.HasOwner);
        Assert.Equal(0, input.Count);
        Assert.False(input.Receive(2));
        Assert.Equal(1UL, input.Dropped);
    }
}

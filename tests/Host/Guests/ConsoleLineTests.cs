using System.Linq;
using System.Text;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests;

public class ConsoleLineTests
{
    static string Text(ConsoleLine line) => Encoding.ASCII.GetString(line.Bytes, 0, line.Length);

    // Feeds bytes as the VMM does: emits every completed line and clears.
    static System.Collections.Generic.List<string> Feed(ConsoleLine line, byte[] bytes)
    {
        var emitted = new System.Collections.Generic.List<string>();
        foreach (byte b in bytes)
        {
            if (line.Add(b))
            {
                emitted.Add(Text(line));
                line.Clear();
            }
        }
        return emitted;
    }

    [Fact]
    public void PrintableBytesAccumulateUntilNewline()
    {
        var line = new ConsoleLine();
        foreach (byte b in Encoding.ASCII.GetBytes("hello, world"))
            Assert.False(line.Add(b));
        Assert.Equal("hello, world", Text(line));
        Assert.True(line.Add((byte)'\n'));
        Assert.Equal("hello, world", Text(line));   // the newline is not part of the line
    }

    [Fact]
    public void ClearStartsANewLine()
    {
        var line = new ConsoleLine();
        var lines = Feed(line, Encoding.ASCII.GetBytes("one\ntwo\nthr"));
        Assert.Equal(new[] { "one", "two" }, lines);
        Assert.Equal("thr", Text(line));
    }

    [Fact]
    public void EmptyLineIsStillALine()
    {
        var line = new ConsoleLine();
        Assert.True(line.Add((byte)'\n'));
        Assert.Equal(0, line.Length);
    }

    [Fact]
    public void CarriageReturnIsDropped()
    {
        var line = new ConsoleLine();
        var lines = Feed(line, Encoding.ASCII.GetBytes("a\r\nb\rc\r"));
        Assert.Equal(new[] { "a" }, lines);
        Assert.Equal("bc", Text(line));
    }

    [Fact]
    public void TabIsKept()
    {
        var line = new ConsoleLine();
        Assert.False(line.Add((byte)'\t'));
        Assert.Equal("\t", Text(line));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x07)]   // bell
    [InlineData(0x08)]   // backspace
    [InlineData(0x0B)]
    [InlineData(0x0C)]
    [InlineData(0x1B)]   // escape
    [InlineData(0x1F)]
    [InlineData(0x7F)]   // delete
    [InlineData(0x80)]
    [InlineData(0x9B)]   // 8-bit CSI
    [InlineData(0xFF)]
    public void ControlAndNonAsciiBytesBecomeQuestionMarks(byte b)
    {
        var line = new ConsoleLine();
        Assert.False(line.Add(b));
        Assert.Equal(1, line.Length);
        Assert.Equal((byte)'?', line.Bytes[0]);
    }

    [Theory]
    [InlineData(0x20)]
    [InlineData(0x7E)]
    [InlineData((byte)'?')]
    public void PrintableBoundariesAreKept(byte b)
    {
        var line = new ConsoleLine();
        Assert.False(line.Add(b));
        Assert.Equal(b, line.Bytes[0]);
    }

    [Fact]
    public void EscapeSequenceCannotMoveTheCursor()
    {
        var line = new ConsoleLine();
        var lines = Feed(line, new byte[] { 0x1B, (byte)'[', (byte)'2', (byte)'J', (byte)'x', (byte)'\n' });
        Assert.Equal(new[] { "?[2Jx" }, lines);
        foreach (char c in lines[0]) Assert.InRange(c, ' ', '~');
    }

    [Fact]
    public void FullLineIsEmittedAtCapacity()
    {
        var line = new ConsoleLine();
        for (int i = 0; i < ConsoleLine.Capacity - 1; i++)
            Assert.False(line.Add((byte)('a' + i % 26)));
        Assert.Equal(ConsoleLine.Capacity - 1, line.Length);
        Assert.True(line.Add((byte)'!'));
        Assert.Equal(ConsoleLine.Capacity, line.Length);
        Assert.Equal((byte)'!', line.Bytes[ConsoleLine.Capacity - 1]);
    }

    [Fact]
    public void LongLineIsEmittedInPieces()
    {
        var line = new ConsoleLine();
        var text = new string('x', ConsoleLine.Capacity) + new string('y', ConsoleLine.Capacity) + "zz\n";
        var lines = Feed(line, Encoding.ASCII.GetBytes(text));
        Assert.Equal(new[] { new string('x', ConsoleLine.Capacity), new string('y', ConsoleLine.Capacity), "zz" }, lines);
        Assert.Equal(0, line.Length);
    }

    [Fact]
    public void NewlineRightAfterAFullPieceGivesAnEmptyLine()
    {
        var line = new ConsoleLine();
        var lines = Feed(line, Encoding.ASCII.GetBytes(new string('q', ConsoleLine.Capacity) + "\n"));
        Assert.Equal(new[] { new string('q', ConsoleLine.Capacity), "" }, lines);
    }

    [Fact]
    public void CarriageReturnsDoNotCountTowardsCapacity()
    {
        var line = new ConsoleLine();
        for (int i = 0; i < ConsoleLine.Capacity - 1; i++) Assert.False(line.Add((byte)'a'));
        for (int i = 0; i < 10; i++) Assert.False(line.Add((byte)'\r'));
        Assert.Equal(ConsoleLine.Capacity - 1, line.Length);
        Assert.True(line.Add((byte)'b'));
    }

    [Fact]
    public void EveryByteValueIsSafeAndBounded()
    {
        var line = new ConsoleLine();
        var all = new byte[256 * 3];
        for (int i = 0; i < all.Length; i++) all[i] = (byte)i;
        var lines = Feed(line, all);
        // Every byte but the three newlines and three carriage returns is kept (maybe
        // replaced), in lines and pieces of at most Capacity bytes.
        Assert.Equal(all.Length - 6, lines.Sum(l => l.Length) + line.Length);
        Assert.Equal(6, lines.Count);   // 10, 200, 54, 200, 54, 200 (then 44 pending)
        Assert.Equal(new[] { 10, 200, 54, 200, 54, 200 }, lines.Select(l => l.Length));
        Assert.Equal(44, line.Length);
        foreach (var l in lines)
        {
            Assert.True(l.Length <= ConsoleLine.Capacity);
            foreach (char c in l) Assert.True(c == '\t' || (c >= ' ' && c <= '~'), $"byte {(int)c:X2}");
        }
    }
}

using System.Collections.Generic;
using Ringwall.Core.Boot;
using Xunit;
using static Ringwall.Tests.Host.Boot.BootText;

namespace Ringwall.Tests.Host.Boot;

public class CommandLineTests
{
    static List<(string Key, string Value, string Token)> Split(string line, int prefix = 0)
    {
        // The line sits after `prefix` bytes of other text, as it does in BootInfo.Strings.
        var text = Ascii(new string('Z', prefix) + line);
        var result = new List<(string, string, string)>();
        int position = prefix;
        int end = text.Length;
        int guard = 0;
        while (CommandLine.Next(text, ref position, end, out var o))
        {
            Assert.True(++guard <= line.Length, "Next must make progress");
            string key = System.Text.Encoding.ASCII.GetString(text, o.KeyStart, o.KeyLength);
            string value = o.HasValue ? System.Text.Encoding.ASCII.GetString(text, o.ValueStart, o.ValueLength) : null;
            string token = System.Text.Encoding.ASCII.GetString(text, o.TokenStart, o.TokenLength);
            result.Add((key, value, token));
        }
        Assert.Equal(end, position);
        return result;
    }

    [Fact]
    public void EmptyLineHasNoOptions()
    {
        Assert.Empty(Split(""));
    }

    [Fact]
    public void BlankLineHasNoOptions()
    {
        Assert.Empty(Split(" \t \r\n  "));
    }

    [Fact]
    public void SpacesAndTabsSeparateOptions()
    {
        var options = Split("  a\tb  \t c\n");
        Assert.Equal(new[] { ("a", (string)null, "a"), ("b", null, "b"), ("c", null, "c") }, options);
    }

    [Fact]
    public void KeyValue()
    {
        Assert.Equal(new[] { ("loglevel", "debug", "loglevel=debug") }, Split("loglevel=debug"));
    }

    [Fact]
    public void EmptyValueIsAValueNotAMissingOne()
    {
        var options = Split("a= b");
        Assert.Equal(("a", "", "a="), options[0]);
        Assert.Equal(("b", (string)null, "b"), options[1]);
    }

    [Fact]
    public void EqualsInsideTheValueBelongsToTheValue()
    {
        Assert.Equal(new[] { ("root", "UUID=1234=5", "root=UUID=1234=5") }, Split("root=UUID=1234=5"));
    }

    [Fact]
    public void EmptyKey()
    {
        Assert.Equal(new[] { ("", "x", "=x") }, Split("=x"));
    }

    [Fact]
    public void OffsetsAreIntoTheWholeBuffer()
    {
        var options = Split("x=1 yy", prefix: 7);
        Assert.Equal(new[] { ("x", "1", "x=1"), ("yy", (string)null, "yy") }, options);
    }

    [Fact]
    public void EndBoundsTheScan()
    {
        var text = Ascii("abc def");
        int position = 0;
        Assert.True(CommandLine.Next(text, ref position, 5, out var first));
        Assert.Equal(3, first.KeyLength);
        Assert.True(CommandLine.Next(text, ref position, 5, out var second));
        Assert.Equal(1, second.KeyLength); // "d" only: the scan stops at `end`
        Assert.False(CommandLine.Next(text, ref position, 5, out _));
    }

    [Fact]
    public void KeyIsAndValueIsCompareExactly()
    {
        var text = Ascii("loglevel=debug selftest");
        int position = 0;
        CommandLine.Next(text, ref position, text.Length, out var o);
        Assert.True(CommandLine.KeyIs(text, o, "loglevel"));
        Assert.False(CommandLine.KeyIs(text, o, "loglevelx"));
        Assert.False(CommandLine.KeyIs(text, o, "loglev"));
        Assert.True(CommandLine.ValueIs(text, o, "debug"));
        Assert.False(CommandLine.ValueIs(text, o, "debu"));
        CommandLine.Next(text, ref position, text.Length, out var s);
        Assert.True(CommandLine.KeyIs(text, s, "selftest"));
        Assert.False(CommandLine.ValueIs(text, s, "")); // no value at all is not an empty value
    }
}

using System.Text;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests;

public class DomainSpecTests
{
    // The command line is placed after a prefix and before a suffix of other bytes, so
    // that the tests also prove the parser keeps to [start, start + length).
    const string Prefix = "name=bad!";
    const string Suffix = " bogus=1";

    sealed record Parsed(DomainSpecStatus Status, DomainSpec Spec, byte[] Text)
    {
        public string Name => Encoding.ASCII.GetString(Spec.Name, 0, Spec.NameLength);
        public string Guest => Encoding.ASCII.GetString(Text, Spec.GuestCommandLineStart, Spec.GuestCommandLineLength);
        public string Problem => Encoding.ASCII.GetString(Text, Spec.ProblemStart, Spec.ProblemLength);
    }

    static Parsed Parse(string line, int index = 0)
    {
        byte[] text = Encoding.ASCII.GetBytes(Prefix + line + Suffix);
        var spec = new DomainSpec();
        var status = spec.Parse(text, Prefix.Length, line.Length, index);
        return new Parsed(status, spec, text);
    }

    static Parsed ParseOk(string line, int index = 0)
    {
        var p = Parse(line, index);
        Assert.Equal(DomainSpecStatus.Ok, p.Status);
        return p;
    }

    // ---- defaults ----

    [Fact]
    public void EmptyCommandLineGivesDefaults()
    {
        var p = ParseOk("", 3);
        Assert.Equal("dom3", p.Name);
        Assert.Equal(16UL << 20, p.Spec.MemoryBytes);
        Assert.Equal(DomainSpec.DefaultMemory, p.Spec.MemoryBytes);
        Assert.Equal(0, p.Spec.GuestCommandLineLength);
        Assert.Equal(Prefix.Length, p.Spec.GuestCommandLineStart);
    }

    [Fact]
    public void SpacesOnlyGivesDefaults()
    {
        var p = ParseOk("   ", 1);
        Assert.Equal("dom1", p.Name);
        Assert.Equal(DomainSpec.DefaultMemory, p.Spec.MemoryBytes);
        Assert.Equal(0, p.Spec.GuestCommandLineLength);
    }

    [Theory]
    [InlineData(0, "dom0")]
    [InlineData(9, "dom9")]
    [InlineData(10, "dom10")]
    [InlineData(15, "dom15")]
    [InlineData(99, "dom99")]
    public void DefaultNameIsDomAndTheIndex(int index, string expected)
        => Assert.Equal(expected, ParseOk("mem=2M", index).Name);

    [Fact]
    public void ReparsingResetsEverythingToDefaults()
    {
        byte[] first = Encoding.ASCII.GetBytes("name=web mem=64M -- root=/dev/xvda");
        byte[] second = Encoding.ASCII.GetBytes("");
        var spec = new DomainSpec();
        Assert.Equal(DomainSpecStatus.Ok, spec.Parse(first, 0, first.Length, 0));
        Assert.Equal(64UL << 20, spec.MemoryBytes);
        Assert.Equal(DomainSpecStatus.Ok, spec.Parse(second, 0, 0, 7));
        Assert.Equal("dom7", Encoding.ASCII.GetString(spec.Name, 0, spec.NameLength));
        Assert.Equal(DomainSpec.DefaultMemory, spec.MemoryBytes);
        Assert.Equal(0, spec.GuestCommandLineLength);
    }

    // ---- complete lines ----

    [Fact]
    public void TypicalLineYieldsEveryField()
    {
        var p = ParseOk("name=web-1 mem=64M -- console=hvc0 root=/dev/xvda1", 2);
        Assert.Equal("web-1", p.Name);
        Assert.Equal(64UL << 20, p.Spec.MemoryBytes);
        Assert.Equal("console=hvc0 root=/dev/xvda1", p.Guest);
    }

    [Fact]
    public void OptionsMayComeInAnyOrderAndRepeatLastWins()
    {
        var p = ParseOk("mem=2M name=a mem=3M name=b");
        Assert.Equal("b", p.Name);
        Assert.Equal(3UL << 20, p.Spec.MemoryBytes);
        Assert.Equal(0, p.Spec.GuestCommandLineLength);
    }

    [Fact]
    public void GuestLineIsHandedOverUnchangedEvenIfItLooksLikeOptions()
    {
        var p = ParseOk("name=x -- name=BAD! mem=999G bogus -- again  ");
        Assert.Equal("x", p.Name);
        Assert.Equal(DomainSpec.DefaultMemory, p.Spec.MemoryBytes);
        Assert.Equal("name=BAD! mem=999G bogus -- again  ", p.Guest);
    }

    [Fact]
    public void SeveralSpacesAfterSeparatorAreSkipped()
        => Assert.Equal("quiet", ParseOk("mem=4M --    quiet").Guest);

    [Fact]
    public void SeparatorAsFirstTokenHandsEverythingToTheGuest()
    {
        var p = ParseOk("-- name=x mem=1", 4);
        Assert.Equal("dom4", p.Name);
        Assert.Equal(DomainSpec.DefaultMemory, p.Spec.MemoryBytes);
        Assert.Equal("name=x mem=1", p.Guest);
    }

    [Fact]
    public void SeparatorAfterLeadingSpaces()
        => Assert.Equal("ro", ParseOk("   -- ro").Guest);

    [Theory]
    [InlineData("name=x --")]
    [InlineData("name=x --   ")]
    [InlineData("--")]
    public void SeparatorWithNothingAfterGivesAnEmptyGuestLine(string line)
    {
        var p = ParseOk(line);
        Assert.Equal(0, p.Spec.GuestCommandLineLength);
        // The empty guest line sits at the end of this command line, not in the suffix.
        Assert.Equal(Prefix.Length + line.Length, p.Spec.GuestCommandLineStart);
    }

    [Fact]
    public void GuestLineStopsAtTheGivenLength()
    {
        var p = ParseOk("-- abc");
        Assert.Equal("abc", p.Guest);
        Assert.Equal(Prefix.Length + "-- abc".Length, p.Spec.GuestCommandLineStart + p.Spec.GuestCommandLineLength);
    }

    [Fact]
    public void SeparatorMustBeAWholeToken()
    {
        // "--x" and "--=x" are options named "--x" and "--", not the separator.
        var a = Parse("--x foo");
        Assert.Equal(DomainSpecStatus.UnknownOption, a.Status);
        Assert.Equal("--x", a.Problem);
        var b = Parse("--=x foo");
        Assert.Equal(DomainSpecStatus.UnknownOption, b.Status);
        Assert.Equal("--=x", b.Problem);
    }

    // ---- name ----

    [Theory]
    [InlineData("a")]
    [InlineData("z9_-")]
    [InlineData("0123456789")]
    [InlineData("abcdefghijklmno")]   // 15 characters: the maximum
    [InlineData("_-_-_-_-_-_-_-_")]
    public void GoodNamesAreAccepted(string name)
    {
        var p = ParseOk("name=" + name);
        Assert.Equal(name, p.Name);
    }

    [Theory]
    [InlineData("name=abcdefghijklmnop")]   // 16 characters
    [InlineData("name=")]
    [InlineData("name")]
    [InlineData("name=Web")]
    [InlineData("name=a.b")]
    [InlineData("name=a/b")]
    [InlineData("name=a=b")]
    public void BadNamesAreRefusedAndTheTokenIsRecorded(string token)
    {
        var p = Parse("mem=2M " + token + " -- x", 5);
        Assert.Equal(DomainSpecStatus.BadName, p.Status);
        Assert.Equal(Encoding.ASCII.GetString(Encoding.ASCII.GetBytes(token)), p.Problem);
        Assert.Equal(Prefix.Length + "mem=2M ".Length, p.Spec.ProblemStart);
        // A refused name leaves the default in place (for the refusal message).
        Assert.Equal("dom5", p.Name);
    }

    [Theory]
    [InlineData(0xE9)]
    [InlineData(0x00)]
    [InlineData(0x7F)]
    [InlineData((byte)'A')]
    public void NamesWithBytesOutsideTheAlphabetAreRefused(byte bad)
    {
        byte[] text = Encoding.ASCII.GetBytes("name=ab_ mem=2M");
        text[7] = bad;
        var spec = new DomainSpec();
        Assert.Equal(DomainSpecStatus.BadName, spec.Parse(text, 0, text.Length, 1));
        Assert.Equal(0, spec.ProblemStart);
        Assert.Equal(8, spec.ProblemLength);
        Assert.Equal("dom1", Encoding.ASCII.GetString(spec.Name, 0, spec.NameLength));
    }

    [Fact]
    public void RefusedLongNameDoesNotOverwriteThePreviousName()
    {
        var p = Parse("name=good name=abcdefghijklmnopq");
        Assert.Equal(DomainSpecStatus.BadName, p.Status);
        Assert.Equal("good", p.Name);
    }

    // ---- memory ----

    [Theory]
    [InlineData("1M", 1UL << 20)]
    [InlineData("1m", 1UL << 20)]
    [InlineData("1024K", 1UL << 20)]
    [InlineData("1024k", 1UL << 20)]
    [InlineData("1048576", 1UL << 20)]
    [InlineData("16M", 16UL << 20)]
    [InlineData("1G", 1UL << 30)]
    [InlineData("1g", 1UL << 30)]
    [InlineData("64G", 64UL << 30)]
    [InlineData("64g", 64UL << 30)]
    [InlineData("65536M", 64UL << 30)]
    [InlineData("68719476736", 64UL << 30)]
    [InlineData("000000000001G", 1UL << 30)]   // 12 digits: the maximum
    [InlineData("000001048576", 1UL << 20)]    // 12 digits without a suffix
    [InlineData("1536K", 1536UL << 10)]
    public void GoodSizesAreAccepted(string value, ulong bytes)
        => Assert.Equal(bytes, ParseOk("mem=" + value).Spec.MemoryBytes);

    [Theory]
    [InlineData("1023K")]            // just under 1M
    [InlineData("1048575")]          // one byte under 1M
    [InlineData("0")]
    [InlineData("0M")]
    [InlineData("65G")]
    [InlineData("65537M")]
    [InlineData("68719476737")]      // one byte over 64G
    [InlineData("0000000000001G")]   // 13 digits
    [InlineData("1000000000000")]    // 13 digits
    [InlineData("")]
    [InlineData("M")]
    [InlineData("K")]
    [InlineData("16T")]
    [InlineData("16MB")]
    [InlineData("-16M")]
    [InlineData("+16M")]
    [InlineData("1.5G")]
    [InlineData("0x100000")]
    [InlineData("M16")]
    public void BadSizesAreRefused(string value)
    {
        string token = "mem=" + value.Trim();
        var p = Parse("name=x " + token + " -- y");
        Assert.Equal(DomainSpecStatus.BadMemory, p.Status);
        Assert.Equal(token, p.Problem);
    }

    [Fact]
    public void MemWithoutValueIsRefused()
    {
        var p = Parse("mem");
        Assert.Equal(DomainSpecStatus.BadMemory, p.Status);
        Assert.Equal("mem", p.Problem);
    }

    [Theory]
    // (2^34 + 1) GiB = 2^64 + 1 GiB: wrapped to 1G before the fix.
    [InlineData("17179869185G")]
    // 2^34 GiB wraps to exactly 0.
    [InlineData("17179869184G")]
    [InlineData("999999999999G")]
    // (2^34 + 64) GiB = 2^64 + 64 GiB: wrapped to exactly the maximum.
    [InlineData("17179869248G")]
    public void SizesOverflowing64BitsAreRefusedNotWrapped(string value)
    {
        Assert.False(DomainSpec.ParseSize(Encoding.ASCII.GetBytes(value), 0, value.Length, out _));
        Assert.Equal(DomainSpecStatus.BadMemory, Parse("mem=" + value).Status);
    }

    [Fact]
    public void LargestTwelveDigitSizesFitWhenTheyDoNotOverflow()
    {
        byte[] m = Encoding.ASCII.GetBytes("999999999999M");
        Assert.True(DomainSpec.ParseSize(m, 0, m.Length, out ulong mb));
        Assert.Equal(999999999999UL << 20, mb);
        byte[] g = Encoding.ASCII.GetBytes("017179869183G");   // (2^34 - 1) GiB: the largest that fits
        Assert.True(DomainSpec.ParseSize(g, 0, g.Length, out ulong gb));
        Assert.Equal(17179869183UL << 30, gb);
    }

    [Fact]
    public void ParseSizeKeepsToItsRange()
    {
        // "12" inside "x12Mx": the digits, then the suffix, nothing outside.
        byte[] text = Encoding.ASCII.GetBytes("912M9");
        Assert.True(DomainSpec.ParseSize(text, 1, 3, out ulong bytes));
        Assert.Equal(12UL << 20, bytes);
        Assert.True(DomainSpec.ParseSize(text, 1, 2, out bytes));
        Assert.Equal(12UL, bytes);
        Assert.False(DomainSpec.ParseSize(text, 1, 0, out bytes));
        Assert.Equal(0UL, bytes);
    }

    // ---- unknown options ----

    [Theory]
    [InlineData("cpus=2", "cpus=2")]
    [InlineData("verbose", "verbose")]
    [InlineData("Name=x", "Name=x")]
    [InlineData("MEM=4M", "MEM=4M")]
    [InlineData("names=x", "names=x")]
    [InlineData("=x", "=x")]
    public void UnknownOptionsAreRefusedWithTheirToken(string token, string problem)
    {
        var p = Parse("name=ok " + token + " mem=4M -- guest");
        Assert.Equal(DomainSpecStatus.UnknownOption, p.Status);
        Assert.Equal(problem, p.Problem);
        Assert.Equal(Prefix.Length + "name=ok ".Length, p.Spec.ProblemStart);
    }

    [Fact]
    public void FirstProblemWinsOverLaterOnes()
    {
        var p = Parse("mem=1K name=BAD");
        Assert.Equal(DomainSpecStatus.BadMemory, p.Status);
        Assert.Equal("mem=1K", p.Problem);
    }

    [Fact]
    public void OptionsAreSeparatedByTabsAsWell()
    {
        var p = ParseOk("name=t\tmem=2M");
        Assert.Equal("t", p.Name);
        Assert.Equal(2UL << 20, p.Spec.MemoryBytes);
    }
}

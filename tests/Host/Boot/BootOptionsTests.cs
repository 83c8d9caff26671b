using Ringwall.Core.Boot;
using Xunit;
using static Ringwall.Tests.Host.Boot.BootText;

namespace Ringwall.Tests.Host.Boot;

public class BootOptionsTests
{
    static (BootOptions Options, byte[] Text) Parse(string line)
    {
        var text = Ascii(line);
        var options = new BootOptions();
        options.Parse(text, 0, text.Length);
        return (options, text);
    }

    static string Problem(BootOptions o, byte[] text, int i)
        => System.Text.Encoding.ASCII.GetString(text, o.Problems[i].TokenStart, o.Problems[i].TokenLength);

    [Fact]
    public void DefaultsWithAnEmptyLine()
    {
        var (o, _) = Parse("");
        Assert.Equal(2, o.LogLevel);
        Assert.Equal(FaultTest.None, o.Fault);
        Assert.False(o.SelfTest);
        Assert.False(o.Bench);
        Assert.False(o.EntryStats);
        Assert.Equal(0, o.ProblemCount);
    }

    [Fact]
    public void EntryStatsIsAFlag()
    {
        var (o, _) = Parse("entrystats");
        Assert.True(o.EntryStats);
        Assert.Equal(0, o.ProblemCount);
        var (bad, text) = Parse("entrystats=1");
        Assert.False(bad.EntryStats);
        Assert.Equal(1, bad.ProblemCount);
        Assert.Equal("entrystats=1", Problem(bad, text, 0));
    }

    [Theory]
    [InlineData("loglevel=error", 0)]
    [InlineData("loglevel=warn", 1)]
    [InlineData("loglevel=info", 2)]
    [InlineData("loglevel=debug", 3)]
    [InlineData("loglevel=error loglevel=debug", 3)] // the last one wins
    public void LogLevels(string line, int level)
    {
        var (o, _) = Parse(line);
        Assert.Equal(level, o.LogLevel);
        Assert.Equal(0, o.ProblemCount);
    }

    [Theory]
    [InlineData("test.fault=pagefault", FaultTest.PageFault)]
    [InlineData("test.fault=panic", FaultTest.Panic)]
    [InlineData("test.fault=stack", FaultTest.StackOverflow)]
    [InlineData("test.fault=ud", FaultTest.InvalidOpcode)]
    public void FaultTests(string line, FaultTest fault)
    {
        var (o, _) = Parse(line);
        Assert.Equal(fault, o.Fault);
        Assert.Equal(0, o.ProblemCount);
    }

    [Fact]
    public void FlagsAndEverythingTogether()
    {
        var (o, _) = Parse("\tselftest  bench loglevel=warn test.fault=ud ");
        Assert.True(o.SelfTest);
        Assert.True(o.Bench);
        Assert.Equal(1, o.LogLevel);
        Assert.Equal(FaultTest.InvalidOpcode, o.Fault);
        Assert.Equal(0, o.ProblemCount);
    }

    [Fact]
    public void UnknownOptionIsRecordedWithItsExactToken()
    {
        var (o, text) = Parse("selftest console=ttyS0,115200 bench");
        Assert.True(o.SelfTest);
        Assert.True(o.Bench);
        Assert.Equal(1, o.ProblemCount);
        Assert.Equal("console=ttyS0,115200", Problem(o, text, 0));
    }

    [Theory]
    [InlineData("loglevel=loud")]
    [InlineData("loglevel=")]
    [InlineData("loglevel")]
    [InlineData("loglevel=DEBUG")]
    [InlineData("test.fault=segv")]
    [InlineData("test.fault")]
    [InlineData("selftest=1")]
    [InlineData("bench=")]
    [InlineData("Selftest")]
    public void BadValuesAreRecordedAndChangeNothing(string token)
    {
        var (o, text) = Parse("loglevel=warn " + token);
        Assert.Equal(1, o.ProblemCount);
        Assert.Equal(token, Problem(o, text, 0));
        Assert.Equal(1, o.LogLevel);
        Assert.Equal(FaultTest.None, o.Fault);
        Assert.False(o.SelfTest);
        Assert.False(o.Bench);
    }

    [Fact]
    public void ManyUnknownOptionsKeepTheFirstMaxProblemsAndStillApplyTheRest()
    {
        var line = "";
        for (int i = 0; i < 40; i++) line += "junk" + i + " ";
        line += "loglevel=debug bench";
        var (o, text) = Parse(line);
        Assert.Equal(BootOptions.MaxProblems, o.ProblemCount);
        Assert.Equal("junk0", Problem(o, text, 0));
        Assert.Equal("junk15", Problem(o, text, BootOptions.MaxProblems - 1));
        Assert.Equal(3, o.LogLevel);
        Assert.True(o.Bench);
    }

    [Fact]
    public void ParsesOnlyTheGivenSliceOfTheBuffer()
    {
        var text = Ascii("junk selftest bench junk");
        var o = new BootOptions();
        o.Parse(text, 5, 8); // "selftest"
        Assert.True(o.SelfTest);
        Assert.False(o.Bench);
        Assert.Equal(0, o.ProblemCount);
    }
}

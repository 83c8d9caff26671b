using System.Text;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests;

// The `console` domain option (who receives the VMM's serial input).
public class DomainSpecConsoleTests
{
    static (DomainSpecStatus Status, DomainSpec Spec, string Problem, string Guest) Parse(string line)
    {
        byte[] text = Encoding.ASCII.GetBytes(line);
        var spec = new DomainSpec();
        var status = spec.Parse(text, 0, text.Length, 0);
        return (status, spec, Encoding.ASCII.GetString(text, spec.ProblemStart, spec.ProblemLength),
            Encoding.ASCII.GetString(text, spec.GuestCommandLineStart, spec.GuestCommandLineLength));
    }

    [Fact]
    public void ConsoleIsOffByDefault()
    {
        var p = Parse("name=a mem=4M");
        Assert.Equal(DomainSpecStatus.Ok, p.Status);
        Assert.False(p.Spec.Console);
    }

    [Theory]
    [InlineData("console")]
    [InlineData("name=a console mem=4M")]
    [InlineData("console console")]
    public void BareConsoleClaimsTheConsole(string line)
    {
        var p = Parse(line);
        Assert.Equal(DomainSpecStatus.Ok, p.Status);
        Assert.True(p.Spec.Console);
    }

    [Theory]
    [InlineData("console=1", "console=1")]
    [InlineData("name=a console= -- x", "console=")]
    public void ConsoleTakesNoValue(string line, string problem)
    {
        var p = Parse(line);
        Assert.Equal(DomainSpecStatus.BadConsole, p.Status);
        Assert.Equal(problem, p.Problem);
    }

    [Fact]
    public void ConsoleAfterTheSeparatorBelongsToTheGuest()
    {
        var p = Parse("name=a -- console");
        Assert.Equal(DomainSpecStatus.Ok, p.Status);
        Assert.False(p.Spec.Console);
        Assert.Equal("console", p.Guest);
    }

    [Fact]
    public void ReparsingResetsConsole()
    {
        var spec = new DomainSpec();
        byte[] first = Encoding.ASCII.GetBytes("console");
        byte[] second = Encoding.ASCII.GetBytes("name=b");
        Assert.Equal(DomainSpecStatus.Ok, spec.Parse(first, 0, first.Length, 0));
        Assert.Equal(DomainSpecStatus.Ok, spec.Parse(second, 0, second.Length, 1));
        Assert.False(spec.Console);
    }
}

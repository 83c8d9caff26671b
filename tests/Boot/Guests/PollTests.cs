using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    public class PollTests
    {
        // SCHEDOP_poll: a timeout with nothing pending waits at least the timeout; a
        // pending masked port returns at once; bad port counts, ports and arrays are
        // refused (tests/guests/poller).
        [Fact]
        public void PollWaitsForAMaskedPortOrItsTimeoutAndRefusesBadArguments()
        {
            var r = GuestRun.Boot("poll", (GuestRun.Guest("poller"), "name=poller"));
            var console = GuestRun.ConsoleOf(r, "poller");
            Assert.DoesNotContain(console, l => l.Contains(" FAIL"));
            Assert.Contains("poller: done failures=0", console);
            Assert.Equal(9, console.Count(l => l.EndsWith(")") && l.Contains(" ok (")));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }
    }
}

using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    public class EventTests
    {
        // A21 and an interdomain channel: the server allocates an unbound port for the
        // client, the client binds it and sends; the server's upcalls come, it replies;
        // the client closes and the server's later send reaches nobody. The `events`
        // scenario (GuestScenarioTests) covers sends on unbound, closed, foreign and
        // out-of-range ports and double binds in one domain.
        [Fact]
        public void A21_InterdomainChannelDeliversAndSurvivesThePeerClosing()
        {
            var r = GuestRun.Boot("a21-evtchan",
                (GuestRun.Guest("testguest"), "name=server -- scenarios=evtchan role=server"),
                (GuestRun.Guest("testguest"), "name=client -- scenarios=evtchan role=client"));
            foreach (string domain in new[] { "server", "client" })
            {
                var console = GuestRun.ConsoleOf(r, domain);
                Assert.DoesNotContain(console, l => l.StartsWith("RESULT ") && l.Contains(" FAIL"));
                Assert.Contains(console, l => Regex.IsMatch(l, @"^RESULT done passed=\d+ failed=0$"));
            }
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        // Item 7 of the issue: a guest kernel running two ring-3 processes in their own
        // address spaces, switching between them on its virtual timer (VIRQ_TIMER) and
        // serving their system calls through the 0x80 gate; their output interleaves.
        [Theory]
        [InlineData("l4")]
        [InlineData("slot")]
        public void MultiGuestRunsTwoProcessesOnItsVirtualTimer(string addressSpaces)
        {
            var r = GuestRun.Boot("multi-" + addressSpaces, (GuestRun.Guest("multi"), "name=multi -- as=" + addressSpaces));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            var console = GuestRun.ConsoleOf(r, "multi");
            Assert.Contains(console, l => l.Contains("multi: done ok"));
            int firstB = console.FindIndex(l => l.StartsWith("proc B"));
            int lastA = console.FindLastIndex(l => l.StartsWith("proc A"));
            Assert.True(firstB >= 0 && lastA > firstB, "the processes did not interleave\n" + Vm.Explain(r));
        }
    }
}

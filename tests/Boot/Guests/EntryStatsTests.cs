using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // The `entrystats` option (docs/boot.md): under icount, the longest single guest
    // entry in instructions, reported once when every domain has stopped, in the exact
    // format other tools parse:
    //   vmm: longest entry <N> instructions (<description>) over <M> entries
    public class EntryStatsTests
    {
        private const string Line = @"^vmm: longest entry (\d+) instructions \((hypercall \d+ arg0 0x[0-9a-f]{16}|vector \d+)\) over (\d+) entries$";
        // A benign run's longest entry (today the exit of a 16 MiB domain, its teardown:
        // about 1.3 million) stays far below this.
        private const long SaneBound = 20_000_000;

        private static (byte[], string)[] Guests() => new[]
        {
            (GuestRun.Guest("testguest"), "name=tg mem=16M -- scenarios=console,version,sched,mmu,multicall,timers"),
            (GuestRun.Guest("hello"), "name=other mem=8M -- exit=0"),
        };

        [Fact]
        public void LongestEntryIsReportedOnceUnderIcount()
        {
            var r = GuestRun.Boot("entrystats", o => { o.Icount = true; o.Append = "entrystats"; }, Guests());
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.Single(Regex.Matches(r.SerialLog, @"^vmm: longest entry", RegexOptions.Multiline));
            var m = SerialLog.Find(r.SerialLog, Line);
            Assert.True(m.Success, "no well-formed vmm: longest entry line\n" + Vm.Explain(r));
            long n = long.Parse(m.Groups[1].Value), entries = long.Parse(m.Groups[3].Value);
            Assert.InRange(n, 1, SaneBound);
            // Each guest makes well over a hundred hypercalls; each counts.
            Assert.InRange(entries, 200, long.MaxValue);
            // Reported after "all domains have stopped", before the per-domain report.
            int stopped = r.SerialLog.IndexOf("all domains have stopped");
            int line = r.SerialLog.IndexOf(m.Value);
            int report = r.SerialLog.IndexOf("domain 0 (tg): shutdown");
            Assert.True(stopped >= 0 && stopped < line && line < report, Vm.Explain(r));
        }

        [Fact]
        public void WithoutTheOptionNothingIsMeasured()
        {
            var r = GuestRun.Boot("entrystats-off", o => o.Icount = true, Guests());
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.DoesNotContain("vmm: longest entry", r.SerialLog);
        }
    }
}

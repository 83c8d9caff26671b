using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Review of issue 9's fix for findings 3 and 4 (scenario class A12): the issue's
    // target is that no VMM entry takes more than 1,000,000 instructions under
    // -icount shift=0,sleep=off, whatever the guest does (vmm.longest_entry). The
    // budget (WorkCost.EntryBudget, 4,096 units) bounds units of work, and these tests
    // measure what a unit costs when a guest picks the cheapest units the meter counts
    // and the paths that spend more than one budget in one entry. Under icount a TSC
    // tick is one instruction; each measurement is one VMM entry (checked by hand with
    // a VMM that timed every entry itself: the same figures within 2,000 instructions).
    public class EntryLengthTests
    {
        private const long Limit = 1_000_000;

        // Every unit of the budget spent on the cheapest work the meter counts, mostly
        // guest-memory accesses (testguest a12entry): a multicall of inner mmuext_ops of
        // count 0 with MMU_UPDATE_PREEMPTED and a pdone (4 walks of the guest's tables
        // each), an mmuext_op of NEW_USER_BASEPTR 0, an mmu_update of MMU_MACHPHYS_UPDATEs,
        // a multicall of update_va_mappings of a page to itself, each far longer than one
        // budget. The VMM measures every entry itself (`entrystats`, under icount).
        // The review's VMM (e81f082, one unit per guest word, uncharged writes, the
        // counts sized to end within one budget; the guest's TSC around the call):
        //   a12entry shape=mcnull count=683: one entry least=2441709 TSC ticks
        //   a12entry shape=extnull count=1366: one entry least=1873820
        //   a12entry shape=m2p count=2048: one entry least=1878770
        //   a12entry shape=uvmnop count=586: one entry least=1984837
        [Fact]
        public void A12_NoSingleMemoryHypercallRunsOverAMillionInstructions()
        {
            var r = GuestRun.Boot("a12-entry-length", o => { o.Icount = true; o.Append = "entrystats"; },
                (GuestRun.Guest("testguest"), "name=att mem=16M -- scenarios=a12entry shapes=mcnull+extnull+m2p+uvmnop reps=4 "
                    + "count_mcnull=1024 count_extnull=2048 count_m2p=2048 count_uvmnop=1024"));
            GuestRun.AssertAllChecksPassed(r, "att", 4, "a12entry", "mcnull.completes", "extnull.completes", "m2p.completes", "uvmnop.completes");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            var longest = LongestEntryLog.Parse(r.SerialLog);
            Assert.True(longest != null, "no entrystats line\n" + Vm.Explain(r));
            Assert.True(longest.Value.Instructions <= Limit,
                $"one VMM entry took {longest.Value.Instructions} instructions ({longest.Value.What}), limit {Limit}");
        }

        // The entry in which a domain ends runs two teardown pieces: DomainReaper.Begin
        // runs the first (Lifecycle.Release), and the return path the next
        // (Guests.PrepareReturnSlow takes one piece per return while one is pending), so
        // a plain 12 MiB domain that does nothing but shut down (testguest a12exit,
        // tables=0: nothing hostile at all) costs one entry of two budgets: visiting its
        // 3,072 frames and freeing them. A bystander measuring every gap between two of
        // its samples (a12probe) sees it. DomainReaper's own comment says "no VMM entry
        // does more than one piece".
        // This VMM: a12probe: ... longest single entry 1097501 TSC ticks (the VMM's own
        // timing of that entry, sched_op shutdown: 1095885)
        [Fact]
        public void A12_TheEntryThatEndsADomainStaysUnderAMillionInstructions()
        {
            var r = GuestRun.Boot("a12-exit-entry", o => { o.Icount = true; o.Memory = "256M"; },
                (GuestRun.Guest("testguest"), "name=att mem=12M -- scenarios=a12exit tables=0 wait_ms=100"),
                (GuestRun.Guest("testguest"), $"name=probe mem=8M -- scenarios=a12probe ms=150 limit={Limit}"));
            Assert.Contains("RESULT a12exit.tables_pinned ok", GuestRun.ConsoleOf(r, "att"));
            AssertProbeSawTheEnd(r, "probe", "domain 0: ");
            GuestRun.AssertAllChecksPassed(r, "probe", 1, "a12probe", "entry_within_limit");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, 2);
        }

        // The same class, wider: the return path destroys a vCPU whose upcall frame
        // cannot be written, starts its teardown (one piece) and picks the next vCPU, in a
        // loop, within one entry. Fourteen domains (testguest a12chain) that each spin
        // with an upcall due, events unmasked and RSP on an unmapped page are switched in
        // one after the other at the end of the probe's slice: fourteen destructions and
        // fifteen teardown pieces in one timer-interrupt entry, while every other domain
        // waits.
        // This VMM: a12probe: ... longest single entry 5905812 TSC ticks (the VMM's own
        // timing: vector 0xf0, 5905587)
        [Fact]
        public void A12_DomainsDestroyedInOneReturnPathStayUnderAMillionInstructions()
        {
            const int hostile = 14;
            var modules = new[] { (GuestRun.Guest("testguest"), $"name=probe mem=8M -- scenarios=a12probe ms=300 switch_ticks=9500000 limit={Limit}") }
                .Concat(Enumerable.Range(1, hostile).Select(i => (GuestRun.Guest("testguest"), $"name=h{i} mem=12M -- scenarios=a12chain")))
                .ToArray();
            var r = GuestRun.Boot("a12-destroy-chain", o => { o.Icount = true; o.Memory = "512M"; }, modules);
            int destroyed = SerialLog.Lines(r.SerialLog)
                .Count(l => Regex.IsMatch(l, @"^WARN: domain \d+ \(h\d+\) destroyed: cannot write the event upcall frame"));
            Assert.True(destroyed == hostile, $"{destroyed} of {hostile} spinning domains were destroyed\n" + Vm.Explain(r));
            AssertProbeSawTheEnd(r, "probe", $"domain {hostile}: ");
            GuestRun.AssertAllChecksPassed(r, "probe", 1, "a12probe", "entry_within_limit");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Sentinel.AssertEveryFrameReturned(r, hostile + 1);
        }

        // The probe's verdict covers the entries in question only if it was still
        // sampling when they ran (`marker`: a line logged after them).
        private static void AssertProbeSawTheEnd(QemuResult r, string probe, string marker)
        {
            var lines = SerialLog.Lines(r.SerialLog).ToList();
            int end = lines.FindIndex(l => l.StartsWith(marker));
            int verdict = lines.FindIndex(l => l.StartsWith($"[{probe}] testguest: a12probe: "));
            Assert.True(end >= 0 && verdict > end, $"the probe stopped before \"{marker}\"\n" + Vm.Explain(r));
        }
    }
}

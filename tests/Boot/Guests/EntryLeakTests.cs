using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // A31: registers do not leak between domains through the VMM stacks every guest root
    // maps (the entry stack and the four IST stacks; docs/ring1.md "What the stacks
    // hold"). A victim domain keeps patterned registers (and its own RIP, RSP and RFLAGS
    // patterns) while it takes #DB through the IST stack (single steps, also across a
    // yield and across the end of time slices), #BP, hypercalls and timer preemptions;
    // an attacker reads every word of those stacks each time it has the CPU back and
    // must find none of the victim's values (testguest a31). Before the fix the #DB
    // frames and saved registers stayed on the #DB IST stack, and a switch made on an IST
    // entry left the victim's last frame on the entry stack: no_foreign_gpr,
    // no_foreign_rsp and no_foreign_rflags failed.
    public class EntryLeakTests
    {
        private static readonly string[] AttackerChecks =
        {
            "scanner_detects_planted_frame", "attacker_scans", "attacker_stacks_readable",
            "no_foreign_gpr", "no_foreign_rip", "no_foreign_rsp", "no_foreign_rflags",
        };
        private static readonly string[] VictimChecks = { "victim_rounds", "victim_ist_entries", "victim_registers_kept" };

        private static string Victim(string extra) => "scenarios=a31 role=victim a31_ms=800 " + extra;
        private static string Attacker(string extra) => "scenarios=a31 role=attacker a31_ms=1400 " + extra;

        // The victim's checks all ok; with end=die it was destroyed on its last #DB (an
        // IST entry), after printing them.
        private static void AssertVictim(QemuResult r, int domain, bool dies, params string[] more)
        {
            var console = GuestRun.ConsoleOf(r, "victim");
            var failures = console.Where(l => l.StartsWith("RESULT ") && l.Contains(" FAIL")).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + Vm.Explain(r));
            foreach (string check in VictimChecks.Concat(more))
                Assert.True(console.Contains("RESULT a31." + check + " ok"), "victim: no a31." + check + " ok\n" + Vm.Explain(r));
            if (dies)
            {
                Assert.True(SerialLog.Find(r.SerialLog, @"^WARN: domain " + domain + @": #DB \(debug\) in ring 1 ").Success, Vm.Explain(r));
                Assert.True(SerialLog.Find(r.SerialLog, @"^domain " + domain + @" \(victim\): destroyed: exception with no handler in its trap table$").Success, Vm.Explain(r));
            }
            else
                Assert.True(SerialLog.Find(r.SerialLog, @"^domain " + domain + @" \(victim\): shutdown reason=poweroff code=0$").Success, Vm.Explain(r));
        }

        // A15's stores as a channel: a domain that writes every word of the entry and IST
        // stacks its root maps, then yields, never has them read by the next domain (the
        // VMM zeroes the stack pages the CPU marked dirty before it goes to another domain).
        [Fact]
        public void A31_BytesADomainStoresIntoTheVmmStacksDoNotReachTheNextDomain()
        {
            var r = GuestRun.Boot("a31-stack-channel",
                (GuestRun.Guest("testguest"), "name=writer mem=16M -- scenarios=stackchan role=writer"),
                (GuestRun.Guest("testguest"), "name=reader mem=16M -- scenarios=stackchan role=reader"));
            GuestRun.AssertAllChecksPassed(r, "reader", 3, "stackchan", "scan_finds_planted", "rounds", "no_foreign_stores");
            GuestRun.AssertAllChecksPassed(r, "writer", 2, "stackchan", "wrote");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // Victim first; it dies on a #DB, so the VMM switches to the attacker on that IST
        // entry (the victim's last hypercall frame was on the entry stack just before).
        [Fact]
        public void A31_VictimRegistersOnTheEntryAndIstStacksAreNotReadableByTheNextDomain()
        {
            var r = GuestRun.Boot("a31-victim-first",
                (GuestRun.Guest("testguest"), "name=victim mem=16M -- " + Victim("end=die")),
                (GuestRun.Guest("testguest"), "name=attacker mem=16M -- " + Attacker("")));
            GuestRun.AssertAllChecksPassed(r, "attacker", 9, "a31", AttackerChecks);
            AssertVictim(r, 0, dies: true);
        }

        // The other order, the attacker single-stepping itself across its yields, and a
        // victim that exits normally.
        [Fact]
        public void A31_AttackerFirstAndSingleSteppingItselfFindsNothingOfTheVictim()
        {
            var r = GuestRun.Boot("a31-attacker-first",
                (GuestRun.Guest("testguest"), "name=attacker mem=16M -- " + Attacker("step=1")),
                (GuestRun.Guest("testguest"), "name=victim mem=16M -- " + Victim("end=exit")));
            GuestRun.AssertAllChecksPassed(r, "attacker", 10, "a31", AttackerChecks.Append("attacker_single_stepped").ToArray());
            AssertVictim(r, 1, dies: false);
        }

        // Two vCPUs on each side (the victim's vCPU 1 single-steps with its own patterns,
        // the attacker's vCPU 1 scans too), on -cpu max, whose SMAP gives the stubs that
        // begin with clac (the IST ones jump to the plain IST stubs).
        [Fact]
        public void A31_TwoVcpusEachWithSmapStubs()
        {
            var r = GuestRun.Boot("a31-two-vcpus", o => { o.Cpu = "max"; o.Timeout = System.TimeSpan.FromSeconds(90); },
                (GuestRun.Guest("testguest"), "name=victim mem=16M vcpus=2 -- " + Victim("end=die v1=1")),
                (GuestRun.Guest("testguest"), "name=attacker mem=16M vcpus=2 -- " + Attacker("step=1 v1=1")));
            Assert.True(SerialLog.Find(r.SerialLog, @"^entry: SMAP, every entry stub begins with clac$").Success, Vm.Explain(r));
            GuestRun.AssertAllChecksPassed(r, "attacker", 12, "a31",
                AttackerChecks.Concat(new[] { "attacker_single_stepped", "v1_finished", "v1_scans", "v1_no_foreign_value" }).ToArray());
            AssertVictim(r, 0, dies: true, "v1_rounds", "v1_registers_kept");
        }
    }
}

using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Security scenarios of ../shared/design/security-scenarios.md re-enacted by the
    // test guest against trap delivery, set_trap_table and stack_switch.
    public class TrapSecurityTests
    {
        private static QemuResult RunWithBystander(string runName, string scenario) =>
            GuestRun.Boot(runName,
                (GuestRun.Guest("testguest"), "name=tg -- scenarios=" + scenario),
                (GuestRun.Guest("hello"), "name=other -- exit=9"));

        private static void AssertOnlyTheGuestDied(QemuResult r, string reason)
        {
            Assert.True(r.IsDebugExit(VmExit.GuestCrashed), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 0 \(tg\): destroyed: " + Regex.Escape(reason) + "$").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 1 \(other\): shutdown reason=poweroff code=9$").Success, Vm.Explain(r));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
            Assert.Equal(GuestRun.GuestFramesAtBoot(r), GuestRun.FramesReturned(r).Last().free);
        }

        // A23: a fault inside a fault: a handler that is not mapped, a ring-1 stack that
        // is not mapped, an exception from ring 3 with no ring-1 stack. The guest is
        // destroyed cleanly (failsafe); the VMM and the other domain go on.
        [Theory]
        [InlineData("badhandler", "the trap handler faults at its first instruction")]
        [InlineData("badstack", "cannot write the exception frame on the ring-1 stack")]
        [InlineData("nohandler3", "exception in ring 3 with no ring-1 stack (stack_switch)")]
        public void A23_FaultWhileDeliveringAFaultDestroysOnlyThatGuest(string scenario, string reason)
        {
            var r = RunWithBystander("a23-" + scenario, scenario);
            Assert.Contains("RESULT " + scenario + ".attempt ok", GuestRun.ConsoleOf(r, "tg"));
            AssertOnlyTheGuestDied(r, reason);
        }

        // A29, A17, A25: trap-table entries naming ring 0 (cs 0x08), ring 3 or a data
        // segment, handler addresses in the VMM range or non-canonical, DPL 3 outside
        // the system-call vector, a ring-1 stack in the VMM range or non-canonical: all
        // refused, and the previous table keeps working.
        [Fact]
        public void A29_TrapTableEntriesNamingRingZeroTheVmmOrBadAddressesAreRefused()
        {
            var r = GuestRun.Boot("a29-trapsrefused", (GuestRun.Guest("testguest"), "name=tg -- scenarios=trapsrefused"));
            var console = GuestRun.ConsoleOf(r, "tg");
            foreach (string check in new[] { "cs_ring0", "cs_ring0.old_table_kept", "addr_vmm_entry", "addr_noncanonical",
                                             "dpl3_pf", "third_bad", "stack_switch_ss_ring0", "stack_switch_sp_vmm", "stack_switch_sp_noncanonical" })
                Assert.Contains("RESULT trapsrefused." + check + " ok", console);
            Assert.DoesNotContain(console, l => l.Contains(" FAIL"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A24: a hypercall from guest ring 3 (int 0x82 through the DPL-1 gate) is
        // refused: the CPU raises #GP, and with no handler the guest dies alone.
        [Fact]
        public void A24_HypercallFromRingThreeIsRefused()
        {
            var r = RunWithBystander("a24-ring3", "ring3");
            Assert.Contains("RESULT ring3.attempt ok", GuestRun.ConsoleOf(r, "tg"));
            Assert.True(SerialLog.Find(r.SerialLog, @"^WARN: domain 0: #GP \(general protection\) in ring 3 ").Success, Vm.Explain(r));
            AssertOnlyTheGuestDied(r, "exception with no handler in its trap table");
        }
    }
}

using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Every entry executes clac where the CPU has SMAP (architecture.md §1): the IDT
    // then points at the stubs that begin with clac (Entry.asm, rw_isr_table_smap);
    // without SMAP it points at the plain ones (CLAC would be #UD). A guest kernel sets
    // AC with POPF before hypercalls (testguest smap): the answers, a buffer the VMM
    // writes and one it reads are right, the guest's AC comes back set, and the VMM
    // does not fault, on both CPU models.
    public class SmapEntryTests
    {
        private static void AssertSmapScenario(Ringwall.Tools.Qemu.QemuResult r)
        {
            GuestRun.AssertAllChecksPassed(r, "tg", 15, "smap", "version_with_ac", "ac_kept_version",
                "guest_buffer_written_with_ac", "ac_kept_extraversion", "console_read_with_ac", "ac_kept_console");
            Assert.Contains("testguest: smap: written with AC set", GuestRun.ConsoleOf(r, "tg"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        [Fact]
        public void HypercallsWithAcSetWorkWithTheClacStubsOnASmapCpu()
        {
            var r = GuestRun.Boot("smap-cpu-max", o => o.Cpu = "max",
                (GuestRun.Guest("testguest"), "name=tg mem=16M -- scenarios=smap,version"));
            Assert.True(SerialLog.Find(r.SerialLog, @"^protections: CR0\.WP SMEP SMAP UMIP NX$").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^entry: SMAP, every entry stub begins with clac$").Success, Vm.Explain(r));
            AssertSmapScenario(r);
        }

        [Fact]
        public void WithoutSmapThePlainStubsRunAndNoClacFaults()
        {
            var r = GuestRun.Boot("smap-qemu64",
                (GuestRun.Guest("testguest"), "name=tg mem=16M -- scenarios=smap,version"));
            Assert.True(SerialLog.Find(r.SerialLog, @"^features: .* absent:.*\bsmap\b").Success, Vm.Explain(r));
            Assert.DoesNotContain("every entry stub begins with clac", r.SerialLog);
            AssertSmapScenario(r);
        }
    }
}

using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Domains with more than one vCPU (vcpus=, vcpu_op), time-sliced on one CPU.
    public class VcpuTests
    {

        // vcpu_op: counting, every refusal, start with an argument, time-slicing with
        // vCPU 0, down and up (of another vCPU and of itself).
        [Fact]
        public void SecondVcpuStartsStopsAndResumesThroughVcpuOp()
        {
            var r = GuestRun.Boot("vcpus", (GuestRun.Guest("testguest"), "name=tg vcpus=2 -- scenarios=vcpus"));
            GuestRun.AssertAllChecksPassed(r, "tg", 40);
            Assert.Contains("2 vCPUs", r.SerialLog);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A domain without vcpus= has exactly one: the same scenario fails its count.
        [Fact]
        public void DomainsHaveOneVcpuUnlessTheyAskForMore()
        {
            var r = GuestRun.Boot("vcpus-one", (GuestRun.Guest("testguest"), "name=tg -- scenarios=vcpus"));
            var console = GuestRun.ConsoleOf(r, "tg");
            Assert.Contains(console, l => l.StartsWith("RESULT vcpus.count FAIL"));
            Assert.Contains(console, l => l.StartsWith("RESULT vcpus.is_up_1 FAIL"));   // -ENOENT, not 0
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        // A bad vcpus= value refuses that domain only.
        [Fact]
        public void BadVcpuCountRefusesTheDomain()
        {
            var r = GuestRun.Boot("vcpus-bad",
                (GuestRun.Guest("testguest"), "name=bad vcpus=5 -- scenarios=console"),
                (GuestRun.Guest("testguest"), "name=good -- scenarios=console"));
            Assert.Contains("bad domain parameter 'vcpus=5'", r.SerialLog);
            GuestRun.AssertAllChecksPassed(r, "good", 1);
        }

        // A15: a hostile second vCPU writes the entry area (read-only parts #PF; the entry
        // and IST stacks are writable and get overwritten every round) while vCPU 0 keeps
        // entering and leaving the VMM: vCPU 0's answers, registers and mappings stay
        // right, the VMM does not fault, and another domain runs to its end undisturbed.
        [Fact]
        public void A15_SecondVcpuScribblingTheEntryAreaCannotDisturbTheVmmOrTheOtherVcpu()
        {
            var r = GuestRun.Boot("a15-vcpus",
                (GuestRun.Guest("testguest"), "name=hostile vcpus=2 -- scenarios=a15"),
                (GuestRun.Guest("testguest"), "name=bystander -- scenarios=console,version,sched,mmu"));
            GuestRun.AssertAllChecksPassed(r, "hostile", 20);
            GuestRun.AssertAllChecksPassed(r, "bystander", 10);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }
    }
}

using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Security scenarios re-enacted by the test guest (tests/guests/testguest).
    public class HostileScenarioTests
    {

        // A16 (and A30's port I/O): cli, sti, hlt, moves to and from control and debug
        // registers, MSRs, descriptor-table loads, invlpg, wbinvd, invd, port I/O
        // (PCI configuration ports included), swapgs, sysret, sysexit, iretq to ring 0
        // and more, from ring 1 and from ring 3: each raises an exception delivered to
        // the guest's own handler, with no effect on the machine.
        [Fact]
        public void A16_PrivilegedInstructionsFromRingsOneAndThreeFaultIntoTheGuest()
        {
            var r = GuestRun.Boot("a16-privileged", (GuestRun.Guest("testguest"), "name=tg -- scenarios=privileged"));
            GuestRun.AssertAllChecksPassed(r, "tg", 60);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A25: non-canonical addresses everywhere the VMM takes one (callbacks, trap
        // handlers, the ring-1 stack, mapping and flush operands, directly and in a
        // multicall) are refused, segment bases and debug registers cannot be set at
        // all, and the guest's own IRETQ to a non-canonical RIP faults in ring 1.
        [Fact]
        public void A25_NonCanonicalAddressesAreRefusedOrFaultInTheGuest()
        {
            var r = GuestRun.Boot("a25", (GuestRun.Guest("testguest"), "name=tg -- scenarios=a25"));
            GuestRun.AssertAllChecksPassed(r, "tg", 17, "a25", "own_iretq_gp", "invlpg_local", "multicall_result");
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A25 at the canonical edge: a hypercall whose `int $0x82` is the last
        // instruction below 0x0000800000000000 leaves a non-canonical return address in
        // the frame the CPU saved. The VMM must not IRETQ to it (a #GP in ring 0): the
        // domain is destroyed with the reason logged, and another domain runs on.
        [Fact]
        public void A25_HypercallAtTheCanonicalEdgeDestroysOnlyThatGuest()
        {
            var r = GuestRun.Boot("a25-edge",
                (GuestRun.Guest("testguest"), "name=edge -- scenarios=a25edge"),
                (GuestRun.Guest("testguest"), "name=other -- scenarios=console,version,sched"));
            Assert.Contains("RESULT a25edge.attempt ok", GuestRun.ConsoleOf(r, "edge"));
            Assert.DoesNotContain(GuestRun.ConsoleOf(r, "edge"), l => l.Contains("survived"));
            Assert.Matches(@"domain 0 \(edge\) destroyed: non-canonical return address or stack pointer \(0x0*800000000000\)", r.SerialLog);
            GuestRun.AssertAllChecksPassed(r, "other", 5);
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        // A26: hostile RFLAGS (NT, IOPL, AC, DF) around hypercalls and the guest's own
        // IRETQ: the VMM returns with NT clear, IOPL 0 and IF set.
        [Fact]
        public void A26_HostileRflagsAreSanitisedOnReturn()
        {
            var r = GuestRun.Boot("a26-rflags", (GuestRun.Guest("testguest"), "name=tg -- scenarios=rflags"));
            GuestRun.AssertAllChecksPassed(r, "tg", 10);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A28: no stale translation survives an unmap, a remap or a switch between
        // domains: the prober never reads the owner's page at the same address.
        [Fact]
        public void A28_NoStaleTranslationAcrossUnmapRemapOrDomains()
        {
            var single = GuestRun.Boot("a28-staletlb", (GuestRun.Guest("testguest"), "name=tg -- scenarios=staletlb"));
            GuestRun.AssertAllChecksPassed(single, "tg", 8);
            var pair = GuestRun.Boot("a28-staletlb-pair",
                (GuestRun.Guest("testguest"), "name=owner -- scenarios=staletlb role=owner"),
                (GuestRun.Guest("testguest"), "name=prober -- scenarios=staletlb role=prober"));
            GuestRun.AssertAllChecksPassed(pair, "owner", 4);
            GuestRun.AssertAllChecksPassed(pair, "prober", 4);
            Assert.True(pair.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(pair));
        }
    }
}

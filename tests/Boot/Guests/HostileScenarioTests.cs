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

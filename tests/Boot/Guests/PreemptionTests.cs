using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    public class PreemptionTests
    {
        // A22: a guest that spins with its events masked and makes no hypercall keeps
        // the CPU only for its time slice: the other domain runs to completion while
        // it spins (without preemption it would run only after the spinner is done).
        [Fact]
        public void A22_SpinningGuestWithEventsMaskedDoesNotStarveAnother()
        {
            var r = GuestRun.Boot("a22-spinner",
                (GuestRun.Guest("spinner"), "name=spinner -- loops=300000000"),
                (GuestRun.Guest("hello"), "name=other -- exit=0"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^timer: local APIC.* time slice 10 ms; TSC \d+ MHz$").Success, Vm.Explain(r));
            var lines = SerialLog.Lines(r.SerialLog).ToList();
            int spinning = lines.FindIndex(l => l.StartsWith("[spinner] spinner: spinning"));
            int otherDone = lines.FindIndex(l => l == "[other] hello: all checks ok, exiting with code 0");
            int spinnerDone = lines.FindIndex(l => l.StartsWith("[spinner] spinner: done after 300000000 loops"));
            Assert.True(spinning >= 0 && otherDone > spinning && spinnerDone > otherDone,
                "the other domain did not finish while the spinner spun\n" + Vm.Explain(r));
        }

        // Weights: a domain with weight=3 gets three slices for every one of a
        // weight-1 domain; both spin the same work, so when the heavy one finishes the
        // light one has done about a third of it (and is not starved: some of it).
        [Fact]
        public void WeightedDomainGetsMoreSlices()
        {
            var r = GuestRun.Boot("weights",
                (GuestRun.Guest("spinner"), "name=heavy weight=3 -- loops=200000000 progress=10000000"),
                (GuestRun.Guest("spinner"), "name=light -- loops=200000000 progress=10000000"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            var lines = SerialLog.Lines(r.SerialLog).ToList();
            int heavyDone = lines.FindIndex(l => l.StartsWith("[heavy] spinner: done"));
            int lightBefore = lines.Take(heavyDone).Count(l => l.StartsWith("[light] spinner: progress"));
            Assert.True(heavyDone > 0, Vm.Explain(r));
            Assert.InRange(lightBefore, 3, 10);   // about 20 / 3; equal weights would give about 20
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 0 \(heavy\): .* weight 3, 1 vCPU$").Success, Vm.Explain(r));
        }
    }
}

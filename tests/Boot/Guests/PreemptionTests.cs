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
    }
}

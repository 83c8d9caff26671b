using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    public class FpuIsolationTests
    {
        // A31: one domain unmasks every SSE exception and fills its xmm registers, then
        // makes hypercalls and yields many times; the VMM (which runs C# with SSE) must
        // not fault, the writer keeps its own state, and the other domain sees only its
        // own start-of-day state (MXCSR 0x1F80, xmm zero).
        [Fact]
        public void A31_FpuStateAndMxcsrStayWithTheirDomain()
        {
            var r = GuestRun.Boot("a31-fpu",
                (GuestRun.Guest("fpu"), "name=writer -- role=writer"),
                (GuestRun.Guest("fpu"), "name=reader -- role=reader"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.Contains("fpu: writer ok", GuestRun.ConsoleOf(r, "writer"));
            Assert.Contains("fpu: reader ok", GuestRun.ConsoleOf(r, "reader"));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }
    }
}

using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot
{
    // `bench` runs the boot-time measurements (their values go to docs/bench.md via
    // make bench; here only that the measured paths work and report).
    public class BenchModeTests
    {
        [Fact]
        public void BenchModeRunsAValidatedBatchOf512UpdatesAndReports()
        {
            var options = Vm.Pvh("bench-mode", "bench");
            options.Icount = true;
            var r = Vm.Run(options);
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            var pte = SerialLog.Find(r.SerialLog, @"^BENCH mmu\.pte_update_in_batch_512 value=(\d+) unit=instructions baseline=(\d+) baseline_of=""[^""]+""$");
            Assert.True(pte.Success, Vm.Explain(r));
            Assert.True(ulong.Parse(pte.Groups[1].Value) > ulong.Parse(pte.Groups[2].Value), "validation cannot be cheaper than the store it checks");
            Assert.True(SerialLog.Find(r.SerialLog, @"^BENCH boot\.instructions_to_banner value=\d+ unit=instructions$").Success, Vm.Explain(r));
        }
    }
}

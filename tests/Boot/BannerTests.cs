using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot
{
    public class BannerTests
    {
        [Fact]
        public void PvhBootPrintsBannerFirstThenCpuAndMemory()
        {
            var r = Vm.Run(Vm.Pvh("pvh-banner"));
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            string first = SerialLog.Lines(r.SerialLog).First(l => l.Length > 0);
            Assert.Matches(@"^Ringwall \d+\.\d+\.\d+ ", first);
            Assert.True(SerialLog.Find(r.SerialLog, @"^cpu: \S+ family \d+ model \d+").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^features: .*\bnx\b.* absent:.*\bpcid\b").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^memory: usable \d+ KiB").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^boot: PVH").Success, Vm.Explain(r));
        }

        [Fact]
        public void FeaturesOfAModernCpuModelAreDetectedAndEnabled()
        {
            var options = Vm.Pvh("pvh-cpu-max");
            options.Cpu = "max";
            var r = Vm.Run(options);
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            // TCG's "max" model has these (docs/qemu facts); PCID, INVPCID, x2APIC and
            // CPUID faulting it lacks, and the VMM must say so.
            Assert.True(SerialLog.Find(r.SerialLog, @"^features: .*\bsmep\b.*\bsmap\b.*\b1g-pages\b.* absent:.*\bpcid\b.*\binvpcid\b.*\bx2apic\b.*\bcpuid-faulting\b").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^protections: CR0\.WP SMEP SMAP UMIP NX$").Success, Vm.Explain(r));
        }

        [Fact]
        public void SelfTestOfTheRuntimePasses()
        {
            var r = Vm.Run(Vm.Pvh("pvh-selftest", "selftest"));
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            var summary = SerialLog.Find(r.SerialLog, @"^selftest: passed=(\d+) failed=(\d+)$");
            Assert.True(summary.Success, Vm.Explain(r));
            Assert.Equal("0", summary.Groups[2].Value);
            Assert.True(int.Parse(summary.Groups[1].Value) >= 16, Vm.Explain(r));
            Assert.DoesNotContain(" FAIL", r.SerialLog);
        }
    }
}

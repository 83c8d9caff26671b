using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot
{
    public class CommandLineTests
    {
        [Fact]
        public void UnknownOptionsAndBadValuesWarnAndBootContinues()
        {
            var r = Vm.Run(Vm.Pvh("cmdline-unknown", "frobnicate=7 loglevel=loud test.fault=sideways"));
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^WARN: unknown option 'frobnicate=7' ignored$").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^WARN: unknown option 'loglevel=loud' ignored$").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^WARN: unknown option 'test.fault=sideways' ignored$").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^Ringwall: boot complete").Success, Vm.Explain(r));
        }

        [Fact]
        public void LogLevelErrorSilencesInformation()
        {
            var r = Vm.Run(Vm.Pvh("cmdline-loglevel", "loglevel=error"));
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            Assert.DoesNotContain("memmap:", r.SerialLog);
            Assert.DoesNotContain("boot complete", r.SerialLog);
        }
    }
}

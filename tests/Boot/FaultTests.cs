using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot
{
    // test.fault=... makes the VMM fault on purpose; the report must name the C#
    // method, in the VMM's own backtrace and through the host symbolizer.
    public class FaultTests
    {
        [Theory]
        [InlineData("pagefault", VmExit.CpuException, "#PF", "FaultInjector__WriteThroughNullPointer")]
        [InlineData("stack", VmExit.CpuException, "#DF", "FaultInjector__Recurse")]
        [InlineData("ud", VmExit.CpuException, "#UD", "KernelMain__Main")]
        [InlineData("panic", VmExit.Panic, null, "FaultInjector__BreakAnInvariant")]
        public void DeliberateFaultIsReportedWithABacktraceNamingTheMethod(string fault, int exit, string vector, string method)
        {
            var r = Vm.Run(Vm.Pvh("fault-" + fault, "test.fault=" + fault));
            Assert.True(r.IsDebugExit(exit), Vm.Explain(r));
            Assert.Contains("*** RINGWALL PANIC: ", r.SerialLog);
            Assert.Contains("*** END PANIC", r.SerialLog);
            if (vector != null)
            {
                Assert.True(SerialLog.Find(r.SerialLog, @"^vector=0x[0-9a-f]{2} \(" + vector + @"\) error=0x[0-9a-f]{16} cr2=0x[0-9a-f]{16}$").Success, Vm.Explain(r));
                Assert.True(SerialLog.Find(r.SerialLog, @"^rip=ffffffff8[0-9a-f]{7} cs=0008 ").Success, Vm.Explain(r));
            }
            Assert.True(SerialLog.Find(r.SerialLog, @"^  #\d+ ffffffff8[0-9a-f]{7} Ringwall_Kernel_Ringwall_Arch_Startup_" + method + @"\+0x[0-9a-f]+$").Success, Vm.Explain(r));

            string symbolized = Vm.Symbolized(r);
            string csharpName = "Ringwall.Arch.Startup." + method.Replace("__", ".");
            Assert.Contains(csharpName, symbolized);
        }

        [Fact]
        public void PageFaultReportsTheFaultingAddressAndAWriteAccess()
        {
            var r = Vm.Run(Vm.Pvh("fault-pagefault-detail", "test.fault=pagefault"));
            var m = SerialLog.Find(r.SerialLog, @"^vector=0x0e \(#PF\) error=0x([0-9a-f]{16}) cr2=0x([0-9a-f]{16})$");
            Assert.True(m.Success, Vm.Explain(r));
            Assert.Equal(0x18UL, SerialLog.Hex(m.Groups[2].Value));
            Assert.Equal(0x2UL, SerialLog.Hex(m.Groups[1].Value) & 0x3); // write, not present
        }
    }
}

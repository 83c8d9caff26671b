using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot
{
    public class IsoBootTests
    {
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void GrubIsoBootsThroughMultiboot2(bool uefi)
        {
            var r = Vm.Run(Vm.IsoBoot(uefi ? "iso-uefi" : "iso-bios", uefi));
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^Ringwall \d+\.\d+\.\d+ ").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^boot: multiboot2, ").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^frames: \d+ free").Success, Vm.Explain(r));
        }
    }
}

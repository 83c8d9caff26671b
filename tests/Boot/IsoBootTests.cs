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

        // build/ringwall-guests.iso: GRUB passes two guests as multiboot2 modules, each
        // with its domain command line.
        [Fact]
        public void GrubModulesBecomeDomains()
        {
            var options = Vm.IsoBoot("iso-guests", false);
            options.Image = System.IO.Path.Combine(Ringwall.Tools.Qemu.RepoPaths.Build, "ringwall-guests.iso");
            var r = Vm.Run(options);
            Assert.True(r.IsDebugExit(VmExit.GuestExitBase + 4), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^boot: multiboot2, 2 modules").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^\[alpha\] hello: all checks ok, exiting with code 4$").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^\[beta\] hello: all checks ok, exiting with code 0$").Success, Vm.Explain(r));
        }
    }
}

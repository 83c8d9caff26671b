using System.IO;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot
{
    // VmExit mirrors the kernel's ExitStatus (the image's core library cannot be
    // referenced from a host assembly); this keeps the mirror honest.
    public class ExitStatusMirrorTests
    {
        [Theory]
        [InlineData("Success", VmExit.Success)]
        [InlineData("Failure", VmExit.Failure)]
        [InlineData("Panic", VmExit.Panic)]
        [InlineData("CpuException", VmExit.CpuException)]
        [InlineData("OutOfMemory", VmExit.OutOfMemory)]
        [InlineData("GuestExitBase", VmExit.GuestExitBase)]
        [InlineData("GuestCrashed", VmExit.GuestCrashed)]
        public void MirrorMatchesKernel(string name, int value)
        {
            string source = File.ReadAllText(Path.Combine(RepoPaths.Root, "kernel/Runtime/Ringwall/ExitStatus.cs"));
            var m = Regex.Match(source, @"\b" + name + @" = 0x([0-9A-Fa-f]+),");
            Assert.True(m.Success, name + " not found in ExitStatus.cs");
            Assert.Equal(value, System.Convert.ToInt32(m.Groups[1].Value, 16));
        }
    }
}

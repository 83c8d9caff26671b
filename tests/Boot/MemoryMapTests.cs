using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot
{
    public class MemoryMapTests
    {
        // QEMU's pc machine keeps the legacy hole (640 KiB - 1 MiB) and a little
        // firmware memory at the top of RAM: the VMM must report within 2 MiB of -m.
        [Theory]
        [InlineData("128M", 128UL << 20)]
        [InlineData("2G", 2UL << 30)]
        public void ReportedMemoryMatchesTheMachine(string memory, ulong bytes)
        {
            var r = Vm.Run(Vm.Pvh("memmap-" + memory, memory: memory));
            Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));

            var summary = SerialLog.Find(r.SerialLog, @"^memory: usable (\d+) KiB in (\d+) regions, highest usable address (0x[0-9a-f]+)$");
            Assert.True(summary.Success, Vm.Explain(r));
            ulong usable = ulong.Parse(summary.Groups[1].Value) << 10;
            ulong highest = SerialLog.Hex(summary.Groups[3].Value);
            Assert.InRange(usable, bytes - (2UL << 20), bytes);
            Assert.InRange(highest, bytes - (2UL << 20), bytes);

            // The per-region lines add up to the summary.
            ulong sum = 0;
            foreach (string line in SerialLog.Lines(r.SerialLog))
            {
                var m = Regex.Match(line, @"^memmap: (0x[0-9a-f]+)-(0x[0-9a-f]+) usable$");
                if (m.Success) sum += SerialLog.Hex(m.Groups[2].Value) - SerialLog.Hex(m.Groups[1].Value);
            }
            Assert.Equal(usable, sum);

            // Nearly all of it is free for guests once the VMM has booted.
            var frames = SerialLog.Find(r.SerialLog, @"^frames: (\d+) free of (\d+)");
            Assert.True(frames.Success, Vm.Explain(r));
            ulong free = ulong.Parse(frames.Groups[1].Value) * 4096;
            Assert.InRange(free, usable - (8UL << 20) - usable / 256, usable);
        }

        [Fact]
        public void TooLittleMemoryIsAClearPanicNotAHang()
        {
            var r = Vm.Run(Vm.Pvh("memmap-16M", memory: "16M"));
            Assert.True(r.IsDebugExit(VmExit.OutOfMemory), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^ERROR: not enough memory: \d+ MiB usable, Ringwall needs at least 24 MiB$").Success, Vm.Explain(r));
            Assert.Contains("*** RINGWALL PANIC: not enough memory to boot", r.SerialLog);
        }
    }
}

using System;
using System.IO;
using Ringwall.Tools.Bench;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tools.Tests.Bench
{
    public class LongestEntryTests
    {
        [Fact]
        public void Parses_the_vmm_report_line()
        {
            var e = LongestEntryLog.Parse("x\nvmm: longest entry 226450 instructions (hypercall 29 arg0 0x0000000000000040) over 47 entries\ndomain 0 (a): ...\n");
            Assert.NotNull(e);
            Assert.Equal(226450, e.Value.Instructions);
            Assert.Equal("hypercall 29 arg0 0x0000000000000040", e.Value.What);
            Assert.Equal(47, e.Value.Entries);
            Assert.Null(LongestEntryLog.Parse("vmm: longest entry lots instructions"));
        }

        [Fact]
        public void The_figure_is_the_largest_run_and_a_run_without_a_line_fails_the_bench()
        {
            string path = Path.GetTempFileName();
            try
            {
                File.WriteAllText(path, "a10\t1200\thypercall 26 arg0 0x1\nfuzz-seed-3\t98765\tvector 240\na31\t800\thypercall 29 arg0 0x40\n");
                var (metric, where, runs) = LongestEntry.Measure(path);
                Assert.Equal("vmm.longest_entry", metric.Id);
                Assert.Equal(98765, metric.Value);
                Assert.Equal("icount", metric.Method);
                Assert.Equal("fuzz-seed-3: vector 240", where);
                Assert.Equal(3, runs);
                File.AppendAllText(path, "a12\tmissing\tno entrystats line (timed out)\n");
                Assert.Throws<BenchException>(() => LongestEntry.Measure(path));
                File.WriteAllText(path, "");
                Assert.Throws<BenchException>(() => LongestEntry.Measure(path));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}

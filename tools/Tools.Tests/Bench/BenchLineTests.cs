using System;
using Ringwall.Tools.Bench;
using Xunit;

namespace Ringwall.Tools.Tests.Bench
{
    public class BenchLineTests
    {
        [Fact]
        public void Parses_a_plain_line()
        {
            var m = BenchLine.Parse("BENCH hypercall.null_round_trip value=412 unit=instructions", "icount");
            Assert.Equal("hypercall.null_round_trip", m.Id);
            Assert.Equal(412, m.Value);
            Assert.Equal("instructions", m.Unit);
            Assert.Null(m.Baseline);
            Assert.Null(m.BaselineOf);
            Assert.Equal("icount", m.Method);
        }

        [Fact]
        public void Parses_a_baseline()
        {
            var m = BenchLine.Parse("BENCH mmu.pte_update_in_batch_512 value=90 unit=instructions baseline=30 baseline_of=\"a plain store, same loop\"", "icount");
            Assert.Equal(30, m.Baseline);
            Assert.Equal("a plain store, same loop", m.BaselineOf);
        }

        [Theory]
        [InlineData("BENCH x value=1 unit=bytes")]
        [InlineData("BENCH boot.banner value=1.5 unit=bytes")]
        [InlineData("BENCH boot.banner value=1 unit=cycles")]
        [InlineData("BENCH boot.banner value=1 unit=bytes baseline=2")]
        [InlineData("BENCH boot.banner value=1 unit=bytes extra")]
        [InlineData("BENCH Boot.Banner value=1 unit=bytes")]
        public void Refuses_malformed_lines(string line)
        {
            Assert.Throws<FormatException>(() => BenchLine.Parse(line, "icount"));
        }

        [Fact]
        public void ParseAll_takes_only_bench_lines_and_refuses_duplicates()
        {
            string log = "Ringwall 0.1\r\nBENCH a.b value=1 unit=bytes\r\nnot BENCH a.c value=2 unit=bytes\nBENCH a.c value=2 unit=ratio\n";
            var all = BenchLine.ParseAll(log, "icount");
            Assert.Equal(2, all.Count);
            Assert.Throws<FormatException>(() => BenchLine.ParseAll(log + "BENCH a.b value=3 unit=bytes\n", "icount"));
        }
    }
}

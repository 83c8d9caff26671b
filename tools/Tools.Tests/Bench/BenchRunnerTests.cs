using System;
using System.IO;
using System.Text.Json;
using Ringwall.Tools.Elf;
using Ringwall.Tools.Qemu;
using Ringwall.Tools.Tests.Support;
using Xunit;
using BenchProgram = Ringwall.Tools.Bench.Program;

namespace Ringwall.Tools.Tests.Bench
{
    /// <summary>End to end on the fixture guest, which prints BENCH lines when its command line starts with 'b'.</summary>
    public class BenchRunnerTests
    {
        private static string OutDir(string name)
        {
            string dir = Path.Combine(RepoPaths.Build, "test-fixtures", name);
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
            Directory.CreateDirectory(dir);
            return dir;
        }

        private static int Run(string outDir, params string[] extra)
        {
            var args = new System.Collections.Generic.List<string>
            {
                "--elf", Fixtures.PvhElf, "--out", outDir, "--qemu-timeout", "30", "--expect-exit", "0x10",
                "--log-name", "tools-bench-" + Path.GetFileName(outDir),
            };
            args.AddRange(extra);
            return BenchProgram.Main(args.ToArray());
        }

        [Fact]
        public void Writes_json_and_markdown()
        {
            string dir = OutDir("bench-ok");
            Assert.Equal(0, Run(dir));

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "bench.json")));
            var root = json.RootElement;
            var banner = root.GetProperty("boot.instructions_to_banner");
            Assert.True(banner.GetProperty("value").GetInt64() > 0);
            Assert.Equal("instructions", banner.GetProperty("unit").GetString());
            Assert.Equal("icount", banner.GetProperty("method").GetString());
            Assert.Equal(JsonValueKind.Null, banner.GetProperty("baseline").ValueKind);
            Assert.Equal(JsonValueKind.Null, banner.GetProperty("baseline_of").ValueKind);
            var ratio = root.GetProperty("fixture.ratio");
            Assert.Equal(1, ratio.GetProperty("baseline").GetInt64());

            string stripped = Path.Combine(RepoPaths.Build, "test-fixtures", "pvh-fixture.stripped.elf");
            Assert.Equal(new FileInfo(stripped).Length, root.GetProperty("image.stripped_bytes").GetProperty("value").GetInt64());
            var elf = ElfFile.Load(Fixtures.PvhElf);
            Assert.Equal((long)elf.Section(".text").Size, root.GetProperty("image.text_bytes").GetProperty("value").GetInt64());
            Assert.Equal((long)elf.Section(".bss").Size, root.GetProperty("image.bss_bytes").GetProperty("value").GetInt64());
            Assert.Equal("static", root.GetProperty("image.rodata_bytes").GetProperty("method").GetString());
            Assert.Equal("static", root.GetProperty("image.data_bytes").GetProperty("method").GetString());

            string md = File.ReadAllText(Path.Combine(dir, "bench.md"));
            Assert.Contains("| `boot.instructions_to_banner` |", md);
            Assert.Contains("-icount shift=0,sleep=off", md);
            Assert.Contains("QEMU emulator version", md);
            Assert.Contains("Commit: `", md);
        }

        [Fact]
        public void Missing_metric_fails_and_leaves_old_files()
        {
            string dir = OutDir("bench-missing");
            File.WriteAllText(Path.Combine(dir, "bench.json"), "old");
            Assert.Equal(1, Run(dir, "--require", "boot.instructions_to_banner,switch.vcpu_between_domains"));
            Assert.Equal("old", File.ReadAllText(Path.Combine(dir, "bench.json")));
            Assert.False(File.Exists(Path.Combine(dir, "bench.md")));
        }

        [Fact]
        public void Unexpected_exit_fails()
        {
            string dir = OutDir("bench-exit");
            Assert.Equal(1, Run(dir, "--expect-exit", "0x00"));
            Assert.False(File.Exists(Path.Combine(dir, "bench.json")));
        }

        [Fact]
        public void Missing_image_and_bad_arguments_fail()
        {
            string dir = OutDir("bench-noimage");
            Assert.Equal(1, BenchProgram.Main(new[] { "--elf", Path.Combine(dir, "none.elf"), "--out", dir }));
            Assert.Equal(2, BenchProgram.Main(new[] { "--elf", "x" }));
            Assert.Equal(2, BenchProgram.Main(new[] { "--elf", "x", "--out", dir, "--bogus", "1" }));
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tools.Bench
{
    /// <summary>
    /// `make bench`: measures, then writes docs/bench.json and docs/bench.md. Any failure (QEMU,
    /// panic, missing or malformed metric) exits non-zero and leaves the old files untouched.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            BenchArgs a;
            try
            {
                a = BenchArgs.Parse(args);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is OverflowException)
            {
                Console.Error.WriteLine("Bench: " + e.Message);
                Console.Error.WriteLine(BenchArgs.Usage);
                return 2;
            }
            try
            {
                Run(a);
                return 0;
            }
            catch (Exception e) when (e is BenchException || e is IOException || e is InvalidDataException || e is InvalidOperationException)
            {
                Console.Error.WriteLine("Bench: FAILED, docs not written: " + e.Message);
                return 1;
            }
        }

        public static void Run(BenchArgs a)
        {
            string elf = Path.GetFullPath(a.Elf);
            if (!File.Exists(elf))
                throw new BenchException($"{elf} does not exist (run make first)");
            string stripped = Path.Combine(Path.GetDirectoryName(elf), Path.GetFileNameWithoutExtension(elf) + ".stripped.elf");

            var metrics = StaticMetrics.Measure(elf, stripped);
            Console.WriteLine($"Bench: static sizes of {stripped}");
            if (HypercallFloor.Applies(elf))
                metrics.Add(HypercallFloor.Measure(elf));

            var options = BenchRun.Options(elf, a.QemuTimeout, a.LogName);
            options.Modules.AddRange(a.Modules);
            options.QemuPath = a.Qemu;
            var (measured, run) = BenchRun.Measure(options, a.ExpectExit);
            Console.WriteLine($"Bench: {measured.Count} BENCH lines in {run.WallTime.TotalSeconds:0.0} s ({run.LogPath})");

            foreach (var m in measured)
            {
                if (metrics.Any(s => s.Id == m.Id))
                    throw new BenchException($"the VMM reported '{m.Id}', which is a static metric");
            }
            metrics.AddRange(BaselineLinks.Apply(measured));
            string longestWhere = null;
            if (a.LongestEntryLog != null)
            {
                var (longest, where, runs) = LongestEntry.Measure(a.LongestEntryLog);
                metrics.Add(longest);
                longestWhere = $"{where} (the longest of {runs} runs)";
                Console.WriteLine($"Bench: {LongestEntry.Id} {longest.Value} instructions in {longestWhere}");
            }
            var missing = a.Require.Where(id => !metrics.Any(m => m.Id == id)).ToList();
            if (missing.Count > 0)
                throw new BenchException("required metrics missing from the VMM's output: " + string.Join(", ", missing) + "\nserial log: " + run.LogPath);

            var provenance = Provenance.Collect(RepoPaths.Root, a.Qemu, run.CommandLine);
            Directory.CreateDirectory(a.Out);
            WriteAll(new Dictionary<string, string>
            {
                [Path.Combine(a.Out, "bench.json")] = BenchJson.Render(metrics),
                [Path.Combine(a.Out, "bench.md")] = BenchMarkdown.Render(metrics, provenance, longestWhere),
            });
            foreach (var m in metrics.OrderBy(m => m.Id, StringComparer.Ordinal))
                Console.WriteLine($"  {m.Id,-40} {m.Value,14} {m.Unit,-12} {m.Method}");
            Console.WriteLine($"Bench: wrote {Path.Combine(a.Out, "bench.json")} and bench.md");
        }

        // Both files or neither: write temporaries first, then move them into place.
        private static void WriteAll(Dictionary<string, string> files)
        {
            foreach (var (path, text) in files)
                File.WriteAllText(path + ".tmp", text);
            foreach (var path in files.Keys)
                File.Move(path + ".tmp", path, overwrite: true);
        }
    }
}

using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Ringwall.Tools.Elf;

namespace Ringwall.Tools.Bench
{
    /// <summary>Image size figures: strips the ELF (strip -o) and reads its section sizes.</summary>
    public static class StaticMetrics
    {
        public static readonly (string Id, string Section)[] Sections =
        {
            ("image.text_bytes", ".text"),
            ("image.rodata_bytes", ".rodata"),
            ("image.data_bytes", ".data"),
            ("image.bss_bytes", ".bss"),
        };

        /// <summary>Strips <paramref name="elfPath"/> to <paramref name="strippedPath"/> and measures it.</summary>
        public static List<Metric> Measure(string elfPath, string strippedPath)
        {
            Strip(elfPath, strippedPath);
            var elf = ElfFile.Load(strippedPath);
            var result = new List<Metric>
            {
                Static("image.stripped_bytes", new FileInfo(strippedPath).Length),
            };
            foreach (var (id, name) in Sections)
            {
                var s = elf.Section(name) ?? throw new InvalidDataException($"{strippedPath} has no {name} section");
                result.Add(Static(id, (long)s.Size));
            }
            return result;
        }

        private static Metric Static(string id, long bytes) =>
            new Metric { Id = id, Value = bytes, Unit = "bytes", Method = "static" };

        private static void Strip(string input, string output)
        {
            var psi = new ProcessStartInfo("strip") { RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(output);
            psi.ArgumentList.Add(input);
            using var p = Process.Start(psi);
            string err = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(60_000))
            {
                p.Kill(true);
                throw new IOException("strip did not finish in 60 s");
            }
            if (p.ExitCode != 0)
                throw new IOException($"strip -o {output} {input} failed ({p.ExitCode}): {err.Trim()}");
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Ringwall.Tools.Qemu
{
    /// <summary>
    /// The VMM's `entrystats` report line, `vmm: longest entry N instructions (what) over M
    /// entries`, and the log that collects it across runs for the figure vmm.longest_entry:
    /// with the environment variable RINGWALL_ENTRYSTATS_LOG naming a file, the booted
    /// tests' runs go under `-icount shift=0,sleep=off` with `entrystats` on the VMM command
    /// line (<see cref="Apply"/>), and each run's line is appended to the file as
    /// "run&lt;TAB&gt;N&lt;TAB&gt;what" (<see cref="Record"/>). `make bench` sets it while it
    /// runs the hostile tests and the fuzz campaign, then reads the file.
    /// </summary>
    public static class LongestEntryLog
    {
        public const string Variable = "RINGWALL_ENTRYSTATS_LOG";
        static readonly Regex Line = new(@"^vmm: longest entry (\d+) instructions \((.*)\) over (\d+) entries\r?$", RegexOptions.Multiline);
        static readonly object Gate = new();

        /// <summary>The log file when collecting, else null.</summary>
        public static string Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } p ? p : null;

        /// <summary>The longest entry and what it was, from a serial log; null when the line is absent.</summary>
        public static (long Instructions, string What, long Entries)? Parse(string serialLog)
        {
            Match m = Line.Match(serialLog ?? "");
            if (!m.Success)
                return null;
            return (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value,
                long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        }

        /// <summary>When collecting: icount and entrystats for this run.</summary>
        public static void Apply(QemuOptions options)
        {
            if (Path == null)
                return;
            options.Icount = true;
            if (options.Append == null || !Regex.IsMatch(options.Append, @"(^|\s)entrystats(\s|$)"))
                options.Append = string.IsNullOrEmpty(options.Append) ? "entrystats" : options.Append + " entrystats";
        }

        /// <summary>When collecting: appends the run's line (a run without one is recorded as missing).</summary>
        public static void Record(QemuResult r)
        {
            string path = Path;
            if (path == null)
                return;
            var e = Parse(r.SerialLog);
            string line = e is { } v
                ? $"{r.Name}\t{v.Instructions}\t{v.What}\n"
                : $"{r.Name}\tmissing\tno entrystats line (the run ended before the report: {r.Describe().Split('\n')[0]})\n";
            lock (Gate)
                File.AppendAllText(path, line);
        }

        /// <summary>The entries of a log: run, instructions (null when missing), what.</summary>
        public static List<(string Run, long? Instructions, string What)> Read(string path)
        {
            var list = new List<(string, long?, string)>();
            foreach (string raw in File.ReadAllLines(path))
            {
                string[] f = raw.Split('\t');
                if (f.Length != 3)
                    throw new InvalidDataException($"{path}: malformed line '{raw}'");
                list.Add((f[0], f[1] == "missing" ? null : long.Parse(f[1], CultureInfo.InvariantCulture), f[2]));
            }
            return list;
        }
    }
}

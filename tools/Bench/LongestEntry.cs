using System.Linq;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tools.Bench
{
    /// <summary>
    /// vmm.longest_entry: the most instructions any single VMM entry took in the hostile
    /// booted tests and the fuzz campaign, each run under `-icount shift=0,sleep=off` with
    /// `entrystats` (the VMM measures every entry and reports the longest). `make bench`
    /// runs those tests with RINGWALL_ENTRYSTATS_LOG set and passes the collected file here
    /// (--longest-entry-log). A run that reported no line fails the bench: a run that never
    /// got to its report is exactly what the figure must not hide.
    /// </summary>
    public static class LongestEntry
    {
        public const string Id = "vmm.longest_entry";
        public const long Target = 1_000_000;

        public static (Metric Metric, string Where, int Runs) Measure(string logPath)
        {
            var runs = LongestEntryLog.Read(logPath);
            if (runs.Count == 0)
                throw new BenchException($"{logPath}: no runs were recorded");
            var missing = runs.Where(r => r.Instructions == null).ToList();
            if (missing.Count > 0)
                throw new BenchException($"{logPath}: runs without an entrystats line: " + string.Join("; ", missing.Select(m => m.Run + ": " + m.What)));
            var worst = runs.OrderByDescending(r => r.Instructions).First();
            var metric = new Metric
            {
                Id = Id,
                Value = worst.Instructions.Value,
                Unit = "instructions",
                Baseline = null,
                BaselineOf = null,
                Method = "icount",
            };
            return (metric, $"{worst.Run}: {worst.What}", runs.Count);
        }
    }
}

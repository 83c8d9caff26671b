using System.Collections.Generic;
using System.Linq;

namespace Ringwall.Tools.Fuzz
{
    /// <summary>
    /// The verdict on a whole campaign: every run's parts hold, the figures are the worst
    /// over the runs. One line:
    /// <c>fuzz verdict: vmm alive, bystander intact, frames returned (N of N), heartbeat longest gap G ns, longest VMM entry L instructions</c>
    /// (with N the boot frame totals summed over the runs), then the problems, if any.
    /// </summary>
    public sealed class CampaignVerdict
    {
        public List<(FuzzRun run, RunVerdict verdict)> Runs { get; } = new List<(FuzzRun, RunVerdict)>();

        public bool Passed => Runs.Count > 0 && Runs.All(r => r.verdict.Passed);

        public long TotalCalls => Runs.Sum(r => r.verdict.FuzzCalls);

        public IEnumerable<string> Lines()
        {
            foreach (var (run, verdict) in Runs)
                yield return verdict.Line(run);
            var v = Runs.Select(r => r.verdict).ToList();
            long free = v.Sum(x => x.FinalFreeFrames), boot = v.Sum(x => x.BootFrames);
            long? gap = v.Any(x => x.HeartbeatGapNs.HasValue) ? v.Max(x => x.HeartbeatGapNs ?? 0) : (long?)null;
            RunVerdict worstEntry = v.Where(x => x.LongestEntry.HasValue).OrderByDescending(x => x.LongestEntry).FirstOrDefault();
            bool entryKnown = v.Count > 0 && v.All(x => x.LongestEntry.HasValue);
            string entry = worstEntry == null ? "longest VMM entry: unknown (no entrystats line)"
                : worstEntry.EntryText + (entryKnown ? "" : " (some runs printed no entrystats line)");
            yield return "fuzz verdict: "
                + (v.Count > 0 && v.All(x => x.VmmAlive) ? "vmm alive" : "VMM NOT ALIVE") + ", "
                + (v.Count > 0 && v.All(x => x.BystanderIntact) ? "bystander intact" : "BYSTANDER NOT INTACT") + ", "
                + (v.Count > 0 && v.All(x => x.FramesReturned) ? "frames returned" : "FRAMES NOT RETURNED") + $" ({free} of {boot}), "
                + $"heartbeat longest gap {(gap.HasValue ? gap + " ns" : "unknown")}, {entry}"
                + $", {Runs.Count} runs, {TotalCalls} hypercalls"
                + (Passed ? "" : " -- FAILED");
            foreach (var (run, verdict) in Runs)
                foreach (string problem in verdict.Problems)
                    yield return $"fuzz problem {run.Name}: {problem} (replay: {run.Replay})";
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tools.Fuzz
{
    /// <summary>
    /// The verdict on one run, read from its serial log and QEMU's exit:
    ///  - VMM alive: debug-exit with the fuzzer's exit code 0 (0x20), no panic block, the
    ///    "all domains have stopped" report;
    ///  - the fuzzer finished: its "FUZZ done seed=.. calls=.." line for the run's seed and at
    ///    least its calls, and no anomaly it saw from inside ("FUZZ anomaly", "anomalies=0");
    ///  - bystander intact: "SENTINEL bystander intact", no CORRUPT line;
    ///  - frames returned: a "domain D: F frames returned, T free" line for every domain, the
    ///    last T equal to the boot total ("guest memory: N frames" plus the boot modules' frames
    ///    "returned to the guest pool");
    ///  - the heartbeat's longest gap (within FuzzLimits.MaxGapNs);
    ///  - the longest VMM entry from the entrystats line (within FuzzLimits.MaxEntryInstructions),
    ///    or "unknown" when the VMM printed none.
    /// </summary>
    public sealed class RunVerdict
    {
        public const int FuzzerExitValue = 0x20;   // all domains stopped, the first (the fuzzer) with code 0
        public const int Domains = 3;

        public bool VmmAlive { get; private set; }
        public bool FuzzerFinished { get; private set; }
        public long FuzzCalls { get; private set; }
        public long Anomalies { get; private set; }
        public bool BystanderIntact { get; private set; }
        public long BootFrames { get; private set; }
        public long FinalFreeFrames { get; private set; }
        public int DomainsReturned { get; private set; }
        public bool FramesReturned => DomainsReturned == Domains && BootFrames > 0 && FinalFreeFrames == BootFrames;
        public long? HeartbeatGapNs { get; private set; }
        public bool GapOk { get; private set; }
        public long? LongestEntry { get; private set; }
        public string LongestEntryWhat { get; private set; }
        public bool EntryOk { get; private set; }
        /// <summary>Each part that failed, with what was seen.</summary>
        public List<string> Problems { get; } = new List<string>();

        public bool Passed => Problems.Count == 0;

        private static readonly RegexOptions Lines = RegexOptions.Multiline | RegexOptions.CultureInvariant;

        public static RunVerdict Judge(FuzzRun run, QemuResult result, FuzzLimits limits)
        {
            var v = new RunVerdict();
            string log = (result.SerialLog ?? "").Replace("\r\n", "\n");
            v.JudgeVmm(result, log);
            v.JudgeFuzzer(run, log);
            v.JudgeBystander(log);
            v.JudgeFrames(log);
            v.JudgeHeartbeat(log, limits);
            v.JudgeEntry(log, limits);
            return v;
        }

        private void JudgeVmm(QemuResult result, string log)
        {
            bool panic = Regex.IsMatch(log, @"^\*\*\* RINGWALL PANIC", Lines);
            bool stopped = Regex.IsMatch(log, @"^all domains have stopped$", Lines);
            bool exit = result.Outcome == QemuOutcome.DebugExit && result.ExitValue == FuzzerExitValue;
            VmmAlive = !panic && stopped && exit;
            if (panic)
                Problems.Add("the VMM panicked (RINGWALL PANIC)");
            if (!exit)
                Problems.Add($"QEMU ended with {result.OutcomeText}, expected debug-exit 0x{FuzzerExitValue:x2}");
            else if (!stopped)
                Problems.Add("no \"all domains have stopped\" report");
        }

        private void JudgeFuzzer(FuzzRun run, string log)
        {
            var done = Regex.Matches(log, @"^\[fuzz\] FUZZ done seed=(\d+) calls=(\d+) errors=(\d+) ok=(\d+)$", Lines);
            var checks = Regex.Match(log, @"^\[fuzz\] FUZZ checks .*anomalies=(\d+)$", Lines);
            var anomalyLines = Regex.Matches(log, @"^\[fuzz\] FUZZ anomaly (.*)$", Lines);
            if (done.Count == 1)
            {
                FuzzCalls = long.Parse(done[0].Groups[2].Value, CultureInfo.InvariantCulture);
                ulong seed = ulong.Parse(done[0].Groups[1].Value, CultureInfo.InvariantCulture);
                FuzzerFinished = seed == run.Seed && FuzzCalls >= run.Calls;
            }
            Anomalies = Math.Max(anomalyLines.Count, checks.Success ? long.Parse(checks.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
            if (!FuzzerFinished)
                Problems.Add(done.Count == 0 ? "the fuzzer did not finish (no FUZZ done line)"
                    : done.Count > 1 ? "more than one FUZZ done line"
                    : $"the fuzzer's done line does not match the run (seed {run.Seed}, at least {run.Calls} calls): {done[0].Value}");
            else if (!checks.Success)
                Problems.Add("no FUZZ checks line");
            if (Anomalies > 0)
                Problems.Add($"the fuzzer saw {Anomalies} anomalies, first: {(anomalyLines.Count > 0 ? anomalyLines[0].Groups[1].Value : "?")}");
        }

        private void JudgeBystander(string log)
        {
            bool intact = Regex.IsMatch(log, @"^\[bystander\] SENTINEL bystander intact rounds=[1-9]\d* frames=\d+$", Lines);
            var corrupt = Regex.Match(log, @"^\[bystander\] SENTINEL bystander CORRUPT (.*)$", Lines);
            BystanderIntact = intact && !corrupt.Success;
            if (corrupt.Success)
                Problems.Add("bystander CORRUPT: " + corrupt.Groups[1].Value);
            else if (!intact)
                Problems.Add("no \"SENTINEL bystander intact\" line");
        }

        private void JudgeFrames(string log)
        {
            var boot = Regex.Match(log, @"^guest memory: (\d+) frames", Lines);
            var modules = Regex.Match(log, @"^boot modules: (\d+) frames \(\d+ KiB\) returned to the guest pool$", Lines);
            if (boot.Success)
                BootFrames = long.Parse(boot.Groups[1].Value, CultureInfo.InvariantCulture)
                    + (modules.Success ? long.Parse(modules.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
            var returned = Regex.Matches(log, @"^domain (\d+): (\d+) frames returned, (\d+) free$", Lines);
            DomainsReturned = returned.Cast<Match>().Select(m => m.Groups[1].Value).Distinct().Count();
            if (returned.Count > 0)
                FinalFreeFrames = long.Parse(returned[returned.Count - 1].Groups[3].Value, CultureInfo.InvariantCulture);
            if (!boot.Success)
                Problems.Add("no \"guest memory: N frames\" line");
            else if (!FramesReturned)
                Problems.Add($"frames not all returned: {DomainsReturned} of {Domains} domains torn down, "
                    + $"{FinalFreeFrames} free at the end of {BootFrames}");
        }

        private void JudgeHeartbeat(string log, FuzzLimits limits)
        {
            var m = Regex.Match(log, @"^\[heartbeat\] SENTINEL heartbeat longest_gap_ns=(\d+) longest_gap_tsc=(\d+) samples=(\d+)$", Lines);
            if (!m.Success)
            {
                Problems.Add("no \"SENTINEL heartbeat\" line");
                return;
            }
            HeartbeatGapNs = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            GapOk = HeartbeatGapNs <= limits.MaxGapNs;
            if (!GapOk)
                Problems.Add($"the heartbeat was kept off the CPU for {HeartbeatGapNs} ns (limit {limits.MaxGapNs} ns)");
        }

        private void JudgeEntry(string log, FuzzLimits limits)
        {
            var m = Regex.Match(log, @"^vmm: longest entry (\d+) instructions \((.*)\) over (\d+) entries$", Lines);
            if (!m.Success)
            {
                EntryOk = true;   // unknown: nothing to hold it to
                return;
            }
            LongestEntry = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            LongestEntryWhat = m.Groups[2].Value;
            EntryOk = LongestEntry <= limits.MaxEntryInstructions;
            if (!EntryOk)
                Problems.Add($"a VMM entry took {LongestEntry} instructions ({LongestEntryWhat}; limit {limits.MaxEntryInstructions})");
        }

        /// <summary>"longest VMM entry L instructions (what)" or "longest VMM entry: unknown (no entrystats line)".</summary>
        public string EntryText => LongestEntry.HasValue
            ? $"longest VMM entry {LongestEntry} instructions ({LongestEntryWhat})"
            : "longest VMM entry: unknown (no entrystats line)";

        /// <summary>The verdict line of this run.</summary>
        public string Line(FuzzRun run) =>
            $"fuzz verdict {run.Name} (seed {run.Seed}, {FuzzCalls} calls): {(VmmAlive ? "vmm alive" : "VMM NOT ALIVE")}, "
            + $"{(BystanderIntact ? "bystander intact" : "BYSTANDER NOT INTACT")}, "
            + $"{(FramesReturned ? "frames returned" : "FRAMES NOT RETURNED")} ({FinalFreeFrames} of {BootFrames}), "
            + $"heartbeat longest gap {(HeartbeatGapNs.HasValue ? HeartbeatGapNs + " ns" : "unknown")}, {EntryText}"
            + (Anomalies > 0 ? $", {Anomalies} fuzzer anomalies" : "")
            + (Passed ? "" : " -- FAILED");
    }
}

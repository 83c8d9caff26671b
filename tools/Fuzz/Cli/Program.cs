using System;
using System.Collections.Generic;
using System.IO;
using Ringwall.Tools.Fuzz;
using Ringwall.Tools.Qemu;

// Fuzz [short|long] [--out FILE] [--jobs N]: runs the campaign's runs, N at a time (default
// FUZZ_JOBS, else 1: in sequence; each QEMU run under its timeout), prints each run's verdict
// line as it ends, then the campaign verdict (in the campaign's order); writes
// every verdict line to FILE (default build/fuzz/verdict-<campaign>.txt). Exit status 0 when
// the verdict holds, 1 when it does not, 2 on bad arguments.
string campaign = "long", output = null, jobsText = Environment.GetEnvironmentVariable("FUZZ_JOBS");
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length)
        output = args[++i];
    else if (args[i] == "--jobs" && i + 1 < args.Length)
        jobsText = args[++i];
    else if (args[i] == "short" || args[i] == "long")
        campaign = args[i];
    else
    {
        Console.Error.WriteLine("usage: Fuzz [short|long] [--out FILE] [--jobs N]");
        return 2;
    }
}
output ??= Path.Combine(RepoPaths.Build, "fuzz", $"verdict-{campaign}.txt");
FuzzLimits limits;
IReadOnlyList<FuzzRun> runs;
int jobs = 1;
try
{
    if (!string.IsNullOrWhiteSpace(jobsText) && (!int.TryParse(jobsText, out jobs) || jobs < 1 || jobs > 64))
        throw new ArgumentException($"jobs={jobsText}: expected a whole number from 1 to 64");
    limits = FuzzLimits.FromEnvironment();
    runs = FuzzCampaign.ByName(campaign);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("Fuzz: " + e.Message);
    return 2;
}
Console.WriteLine($"fuzz campaign {campaign}: {runs.Count} runs ({jobs} at a time), avoid={FuzzCampaign.Avoid}, "
    + $"limits: VMM entry {limits.MaxEntryInstructions} instructions, heartbeat gap {limits.MaxGapNs} ns");
var verdict = FuzzRunner.RunAll(runs, limits, (run, result, v) =>
{
    Console.WriteLine($"{v.Line(run)} [{result.WallTime.TotalSeconds:0.0} s, log {result.LogPath}]");
    foreach (string problem in v.Problems)
        Console.WriteLine($"  problem: {problem}");
}, jobs);
var lines = new List<string>(verdict.Lines());
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output)));
File.WriteAllLines(output, lines);
Console.WriteLine(lines[runs.Count]);   // the campaign line (after one line per run)
Console.WriteLine($"verdict written to {output}");
return verdict.Passed ? 0 : 1;

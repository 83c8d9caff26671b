using System.IO;
using System.Linq;
using System.Text;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Fuzz;
using Ringwall.Tools.Qemu;
using Xunit;
using Xunit.Abstractions;

namespace Ringwall.Tests.Boot.Guests
{
    // The short fuzz campaign (docs/fuzz.md): the fuzz guest with fixed seeds, each run
    // next to a sentinel bystander and heartbeat, under -icount shift=0,sleep=off (a seed
    // replays exactly) with entrystats on the VMM command line, each QEMU run with its
    // timeout. The verdict (tools/Fuzz, the same code make fuzz uses) must hold for every
    // run: VMM alive, bystander intact, every frame returned, the fuzzer finished without
    // anomalies, the heartbeat's longest gap and the longest VMM entry within their limits.
    // The verdict lines go to the test output and to build/fuzz/verdict-short.txt.
    public class FuzzTests
    {
        private readonly ITestOutputHelper output;

        public FuzzTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public void ShortCampaignVmmAliveBystanderIntactFramesReturned()
        {
            var runs = FuzzCampaign.Short();
            Assert.True(runs.Sum(r => r.Calls) >= 200_000, "the short campaign must make at least 200,000 hypercalls");
            var failures = new StringBuilder();
            CampaignVerdict verdict = FuzzRunner.RunAll(runs, FuzzLimits.FromEnvironment(), (run, result, v) =>
            {
                output.WriteLine($"{v.Line(run)} [{result.WallTime.TotalSeconds:0.0} s]");
                if (!v.Passed)
                    failures.AppendLine($"{run.Name}: {string.Join("; ", v.Problems)}\nreplay: {run.Replay}\n{Vm.Explain(result)}");
            });
            var lines = verdict.Lines().ToList();
            foreach (string line in lines.Skip(runs.Count))
                output.WriteLine(line);
            string file = Path.Combine(RepoPaths.Build, "fuzz", "verdict-short.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(file));
            File.WriteAllLines(file, lines);
            Assert.True(verdict.Passed, string.Join("\n", lines) + "\n" + failures);
            Assert.True(verdict.TotalCalls >= 200_000, $"only {verdict.TotalCalls} hypercalls were made");
        }
    }
}

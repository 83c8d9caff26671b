using System;
using System.Collections.Generic;
using System.Linq;

namespace Ringwall.Tools.Fuzz
{
    /// <summary>
    /// The two campaigns (docs/fuzz.md). Fixed seeds, so a failing run replays:
    ///  - Short (make test, tests/Boot/Guests/FuzzTests.cs): 4 runs of 50,000 hypercalls;
    ///  - Long (make fuzz): 10 runs of 1,000,000 hypercalls.
    /// Every run avoids the shapes in <see cref="Avoid"/>: by default the ones that break the
    /// VMM as long as issue 9's findings 1 to 4 are open (the fuzzer reaches them: without the
    /// avoid list the VMM panics, or holds the CPU for seconds, within a few thousand calls);
    /// FUZZ_AVOID=none (or any avoid= list) overrides it.
    /// </summary>
    public static class FuzzCampaign
    {
        /// <summary>
        /// Shapes the campaigns leave out by default (see the fuzzer's fuzz.h): none. They left
        /// out basebatch, mclong and superlong (issue 9's findings 1-4) until those were fixed;
        /// FUZZ_AVOID still chooses a list for a replay.
        /// </summary>
        public const string KnownBreaks = "none";

        public static string Avoid
        {
            get
            {
                string env = Environment.GetEnvironmentVariable("FUZZ_AVOID");
                return string.IsNullOrWhiteSpace(env) ? KnownBreaks : env.Trim();
            }
        }

        public static IReadOnlyList<FuzzRun> Short() => Make("short", new ulong[] { 101, 202, 303, 404 }, 50_000,
            TimeSpan.FromSeconds(240));

        public static IReadOnlyList<FuzzRun> Long() => Make("long", Enumerable.Range(1, 10).Select(i => (ulong)(1000 + i)).ToArray(),
            1_000_000, TimeSpan.FromMinutes(45));

        public static IReadOnlyList<FuzzRun> ByName(string name) => name switch
        {
            "short" => Short(),
            "long" => Long(),
            _ => throw new ArgumentException($"unknown campaign '{name}' (short or long)"),
        };

        /// <summary>vCPU 1 gets the valid loop in three runs of four, an accepted hostile context in the fourth.</summary>
        private static IReadOnlyList<FuzzRun> Make(string campaign, ulong[] seeds, long calls, TimeSpan timeout)
        {
            string avoid = Avoid;
            return seeds.Select((seed, i) => new FuzzRun
            {
                Name = $"fuzz-{campaign}-{seed}",
                Seed = seed,
                Calls = calls,
                Avoid = avoid,
                Vcpu1Valid = i % 4 != 2,
                Timeout = timeout,
            }).ToList();
        }
    }
}

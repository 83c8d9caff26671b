using System;
using System.Collections.Generic;
using System.Globalization;

namespace Ringwall.Tools.Fuzz
{
    /// <summary>
    /// One QEMU run of a campaign: the fuzz guest (domain 0, so QEMU's exit status carries
    /// its exit code) with its seed and call count, a sentinel bystander and a sentinel
    /// heartbeat that run about as long as the fuzzer, under <c>-icount shift=0,sleep=off</c>
    /// with <c>entrystats</c> on the VMM command line.
    /// </summary>
    public sealed class FuzzRun
    {
        /// <summary>Fuzzer nanoseconds of guest time per hypercall next to the heartbeat (measured: about 30 µs).</summary>
        public const long SentinelNsPerCall = 30_000;

        public string Name { get; init; }
        public ulong Seed { get; init; }
        public long Calls { get; init; }
        /// <summary>The fuzzer's avoid= list (shapes that break the unfixed VMM; "none" for all of them).</summary>
        public string Avoid { get; init; } = "none";
        public bool Vcpu1Valid { get; init; } = true;
        public int BystanderFrames { get; init; } = 64;
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
        /// <summary>VMM command line.</summary>
        public string VmmCommandLine { get; init; } = "entrystats";

        /// <summary>How long (guest ms) the sentinels watch: about the fuzzer's own duration.</summary>
        public long SentinelMs => Math.Max(200, Calls * SentinelNsPerCall / 1_000_000);

        public string FuzzCommandLine =>
            string.Format(CultureInfo.InvariantCulture, "name=fuzz mem=32M vcpus=2 -- seed={0} calls={1} progress={2} avoid={3} vcpu1={4}",
                Seed, Calls, Math.Max(1000, Calls / 10), Avoid, Vcpu1Valid ? "valid" : "hostile");

        public string BystanderCommandLine =>
            string.Format(CultureInfo.InvariantCulture, "name=bystander mem=16M -- role=bystander frames={0} ms={1}", BystanderFrames, SentinelMs);

        public string HeartbeatCommandLine =>
            string.Format(CultureInfo.InvariantCulture, "name=heartbeat mem=8M -- role=heartbeat ms={0}", SentinelMs);

        /// <summary>(guest image name in build/guests, domain command line), in domain order.</summary>
        public IReadOnlyList<(string guest, string commandLine)> Modules => new[]
        {
            ("fuzz", FuzzCommandLine),
            ("sentinel", BystanderCommandLine),
            ("sentinel", HeartbeatCommandLine),
        };

        /// <summary>What to type to replay this run (see docs/fuzz.md).</summary>
        public string Replay =>
            $"seed={Seed} calls={Calls} avoid={Avoid} vcpu1={(Vcpu1Valid ? "valid" : "hostile")}; modules: fuzz.elf \"{FuzzCommandLine}\", "
            + $"sentinel.elf \"{BystanderCommandLine}\", sentinel.elf \"{HeartbeatCommandLine}\"; VMM: \"{VmmCommandLine}\", -icount shift=0,sleep=off";
    }
}

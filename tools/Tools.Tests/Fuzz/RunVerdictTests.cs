using System.Linq;
using Ringwall.Tools.Fuzz;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tools.Tests.Fuzz
{
    // The fuzz verdict (tools/Fuzz/Lib/RunVerdict.cs) over serial logs written by hand in
    // the shapes the VMM, the fuzzer and the sentinels print.
    public class RunVerdictTests
    {
        private static readonly FuzzRun Run = new FuzzRun { Name = "t", Seed = 7, Calls = 1000 };

        private const string Good =
            "guest memory: 63148 frames (252592 KiB) for domains, M2P 128 frames at 0x0000000000226000\n" +
            "boot modules: 141 frames (564 KiB) returned to the guest pool\n" +
            "[fuzz] FUZZ start seed=7 calls=1000 avoid=none pool=160 alias=512 vcpu1=valid\n" +
            "[heartbeat] SENTINEL heartbeat longest_gap_ns=10844915 longest_gap_tsc=10844688 samples=88893952\n" +
            "domain 2: 2049 frames returned, 50999 free\n" +
            "[bystander] SENTINEL bystander intact rounds=146 frames=64\n" +
            "domain 1: 4097 frames returned, 55096 free\n" +
            "[fuzz] FUZZ checks probes=2839 probe_faults=2078 self_faults=0 anomalies=0\n" +
            "[fuzz] FUZZ done seed=7 calls=1000 errors=600 ok=400\n" +
            "domain 0: 8193 frames returned, 63289 free\n" +
            "all domains have stopped\n";

        private static QemuResult Exit(string log, int value = RunVerdict.FuzzerExitValue) => new QemuResult
        {
            Name = "t", Outcome = QemuOutcome.DebugExit, ExitValue = value, ExitCode = ExitStatus.ForValue(value), SerialLog = log,
        };

        private static RunVerdict Judge(string log, FuzzLimits limits = null) =>
            RunVerdict.Judge(Run, Exit(log), limits ?? new FuzzLimits());

        [Fact]
        public void AGoodRunPassesWithEveryPart()
        {
            var v = Judge(Good);
            Assert.True(v.Passed, string.Join("; ", v.Problems));
            Assert.True(v.VmmAlive && v.FuzzerFinished && v.BystanderIntact && v.FramesReturned);
            Assert.Equal(63289, v.BootFrames);
            Assert.Equal(10844915, v.HeartbeatGapNs);
            Assert.Null(v.LongestEntry);
            Assert.Contains("longest VMM entry: unknown (no entrystats line)", v.Line(Run));
            Assert.Contains("frames returned (63289 of 63289)", v.Line(Run));
        }

        [Fact]
        public void TheEntrystatsLineIsReadAndHeldToTheLimit()
        {
            string log = Good + "vmm: longest entry 123456 instructions (hypercall 26 arg0 0x0000000000001000) over 99 entries\n";
            var v = Judge(log);
            Assert.True(v.Passed);
            Assert.Equal(123456, v.LongestEntry);
            Assert.Contains("longest VMM entry 123456 instructions (hypercall 26 arg0 0x0000000000001000)", v.Line(Run));
            var tight = Judge(log, new FuzzLimits { MaxEntryInstructions = 100000 });
            Assert.False(tight.Passed);
            Assert.Contains(tight.Problems, p => p.Contains("123456 instructions"));
        }

        [Fact]
        public void APanicIsNotAlive()
        {
            var v = RunVerdict.Judge(Run, Exit(Good + "\n*** RINGWALL PANIC: CPU exception #PF (page fault) in the VMM\n", 0x70),
                new FuzzLimits());
            Assert.False(v.VmmAlive);
            Assert.False(v.Passed);
            Assert.Contains(v.Problems, p => p.Contains("panicked"));
        }

        [Fact]
        public void ATimeoutOrAnotherExitIsNotAlive()
        {
            var r = new QemuResult { Name = "t", Outcome = QemuOutcome.Timeout, ExitCode = -1, SerialLog = Good };
            Assert.False(RunVerdict.Judge(Run, r, new FuzzLimits()).VmmAlive);
            Assert.False(RunVerdict.Judge(Run, Exit(Good, 0x60), new FuzzLimits()).VmmAlive);   // the fuzzer was destroyed
        }

        [Fact]
        public void ACorruptBystanderFails()
        {
            string log = Good.Replace("[bystander] SENTINEL bystander intact rounds=146 frames=64",
                "[bystander] SENTINEL bystander CORRUPT frame=3 word=7 got=0 expected=1234");
            var v = Judge(log);
            Assert.False(v.BystanderIntact);
            Assert.Contains(v.Problems, p => p.Contains("CORRUPT: frame=3 word=7"));
            // A line some other domain prints is not the bystander's.
            Assert.False(Judge(Good.Replace("[bystander] SENTINEL", "[fuzz] SENTINEL")).BystanderIntact);
        }

        [Fact]
        public void FramesMustAllComeBack()
        {
            var v = Judge(Good.Replace("63289 free\nall", "63280 free\nall"));
            Assert.False(v.FramesReturned);
            Assert.Contains(v.Problems, p => p.Contains("63280 free at the end of 63289"));
            // A domain that was never torn down.
            Assert.False(Judge(Good.Replace("domain 1: 4097 frames returned, 55096 free\n", "")).FramesReturned);
        }

        [Fact]
        public void TheFuzzerMustFinishItsRunWithoutAnomalies()
        {
            Assert.False(Judge(Good.Replace("[fuzz] FUZZ done seed=7 calls=1000 errors=600 ok=400\n", "")).FuzzerFinished);
            Assert.False(Judge(Good.Replace("FUZZ done seed=7 calls=1000", "FUZZ done seed=8 calls=1000")).FuzzerFinished);
            Assert.False(Judge(Good.Replace("FUZZ done seed=7 calls=1000", "FUZZ done seed=7 calls=999")).FuzzerFinished);
            // A console write glued in front of the done line is not the done line.
            Assert.False(Judge(Good.Replace("[fuzz] FUZZ done", "[fuzz] bytesFUZZ done")).FuzzerFinished);
            var anomaly = Judge(Good.Replace("[fuzz] FUZZ checks", "[fuzz] FUZZ anomaly call=5 it=4 base 1 maps 2\n[fuzz] FUZZ checks")
                .Replace("anomalies=0", "anomalies=1"));
            Assert.False(anomaly.Passed);
            Assert.Equal(1, anomaly.Anomalies);
            Assert.Contains(anomaly.Problems, p => p.Contains("call=5 it=4 base 1 maps 2"));
        }

        [Fact]
        public void TheHeartbeatGapIsHeldToTheLimit()
        {
            Assert.False(Judge(Good, new FuzzLimits { MaxGapNs = 10_000_000 }).GapOk);
            Assert.False(Judge(Good.Replace("[heartbeat] SENTINEL heartbeat", "[heartbeat] SENTINEL heartbeats")).Passed);
        }

        [Fact]
        public void TheCampaignLineSumsFramesAndTakesTheWorstFigures()
        {
            var c = new CampaignVerdict();
            c.Runs.Add((Run, Judge(Good)));
            c.Runs.Add((Run, Judge(Good.Replace("longest_gap_ns=10844915", "longest_gap_ns=20000000")
                + "vmm: longest entry 5000 instructions (vector 32) over 9 entries\n")));
            var lines = c.Lines().ToList();
            Assert.True(c.Passed);
            Assert.Equal("fuzz verdict: vmm alive, bystander intact, frames returned (126578 of 126578), heartbeat longest gap 20000000 ns, "
                + "longest VMM entry 5000 instructions (vector 32) (some runs printed no entrystats line), 2 runs, 2000 hypercalls",
                lines[2]);
        }

        [Fact]
        public void TheShortCampaignMakesAtLeast200000CallsAndTheLongOne10Million()
        {
            Assert.True(FuzzCampaign.Short().Sum(r => r.Calls) >= 200_000);
            Assert.True(FuzzCampaign.Long().Sum(r => r.Calls) >= 10_000_000);
            Assert.All(FuzzCampaign.Short().Concat(FuzzCampaign.Long()), r => Assert.Contains($"seed={r.Seed} ", r.FuzzCommandLine));
            Assert.Equal(FuzzCampaign.Short().Count, FuzzCampaign.Short().Select(r => r.Seed).Distinct().Count());
        }
    }
}

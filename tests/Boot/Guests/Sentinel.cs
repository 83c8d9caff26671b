using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // The sentinel guest (tests/guests/sentinel) next to other guests: its command lines
    // and its one verdict line per role.
    public static class Sentinel
    {
        public static (byte[] image, string commandLine) Bystander(string name, int frames = 64, int ms = 2000, string extra = "")
            => (GuestRun.Guest("sentinel"), $"name={name} -- role=bystander who={name} frames={frames} ms={ms} {extra}".TrimEnd());

        public static (byte[] image, string commandLine) Heartbeat(string name, int ms = 2000)
            => (GuestRun.Guest("sentinel"), $"name={name} -- role=heartbeat ms={ms}");

        // "SENTINEL bystander intact rounds=R frames=N" from `domain`, with at least
        // `minRounds` rounds (the bystander really ran while the others did).
        public static void AssertIntact(QemuResult r, string domain, int frames, int minRounds = 2)
        {
            var lines = GuestRun.ConsoleOf(r, domain).Where(l => l.StartsWith("SENTINEL ")).ToList();
            Assert.True(lines.Count == 1, $"expected one SENTINEL line from {domain}, got {lines.Count}: {string.Join(" | ", lines)}\n" + Vm.Explain(r));
            var m = Regex.Match(lines[0], @"^SENTINEL bystander intact rounds=(\d+) frames=(\d+)$");
            Assert.True(m.Success, $"{domain}: {lines[0]}\n" + Vm.Explain(r));
            Assert.Equal(frames, int.Parse(m.Groups[2].Value));
            Assert.True(int.Parse(m.Groups[1].Value) >= minRounds, $"{domain}: only {m.Groups[1].Value} rounds\n" + Vm.Explain(r));
        }

        // The heartbeat's longest time off the CPU: (ns, raw TSC ticks).
        public static (long ns, long tsc) HeartbeatGap(QemuResult r, string domain)
        {
            var line = GuestRun.ConsoleOf(r, domain).FirstOrDefault(l => l.StartsWith("SENTINEL heartbeat "));
            Assert.True(line != null, $"no SENTINEL heartbeat line from {domain}\n" + Vm.Explain(r));
            var m = Regex.Match(line, @"^SENTINEL heartbeat longest_gap_ns=(\d+) longest_gap_tsc=(\d+) samples=(\d+)$");
            Assert.True(m.Success && long.Parse(m.Groups[3].Value) > 0, line + "\n" + Vm.Explain(r));
            return (long.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value));
        }

        // The heartbeat was never kept off the CPU longer than `boundMs`.
        public static void AssertGapBelow(QemuResult r, string domain, double boundMs)
        {
            var (ns, tsc) = HeartbeatGap(r, domain);
            Assert.True(ns < boundMs * 1e6, $"{domain} was kept off the CPU for {ns / 1e6:F1} ms ({tsc} TSC ticks); bound {boundMs} ms\n" + Vm.Explain(r));
        }

        // Every domain's frames (and shared-info page) went back to the pool.
        public static void AssertEveryFrameReturned(QemuResult r, int domains)
        {
            var returned = GuestRun.FramesReturned(r);
            Assert.True(returned.Count == domains, $"{returned.Count} of {domains} domains returned their frames\n" + Vm.Explain(r));
            Assert.Equal(GuestRun.GuestFramesAtBoot(r), returned.Last().free);
        }
    }
}

using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // tests/guests/testguest runs named scenarios and prints one RESULT line per check:
    // every hypercall's success and refusal paths, arguments at unmapped, VMM-range,
    // non-canonical and misaligned addresses (answered with errors, never a VMM
    // fault), page-table updates visible after the hypercall and refused ones not.
    public class GuestScenarioTests
    {
        [Theory]
        [InlineData("console")]
        [InlineData("version")]
        [InlineData("sched")]
        [InlineData("unknown")]
        [InlineData("mmu")]
        [InlineData("multicall")]
        [InlineData("vmmread")]
        [InlineData("traps")]
        [InlineData("trapsring3")]
        [InlineData("syscall")]
        [InlineData("trapsrefused")]
        [InlineData("events")]
        [InlineData("eventsalign")]
        public void ScenarioPassesEveryCheck(string scenario)
        {
            var r = GuestRun.Boot("scenario-" + scenario, (GuestRun.Guest("testguest"), "name=tg -- scenarios=" + scenario));
            var console = GuestRun.ConsoleOf(r, "tg");
            var failures = console.Where(l => l.StartsWith("RESULT ") && l.Contains(" FAIL")).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + Vm.Explain(r));
            int ok = console.Count(l => Regex.IsMatch(l, "^RESULT " + scenario + @"\.\S+ ok$"));
            Assert.True(ok >= 3, "too few checks ran\n" + Vm.Explain(r));
            Assert.Contains("RESULT done passed=" + ok + " failed=0", console);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // XENVER_changeset and XENVER_compile_info answer what the build recorded
        // (build/build-info.inc, written by tools/build/build-info.sh when the image was built).
        [Fact]
        public void VersionNamesTheBuild()
        {
            string info = System.IO.File.ReadAllText(System.IO.Path.Combine(Ringwall.Tools.Qemu.RepoPaths.Build, "build-info.inc"));
            string changeset = Regex.Match(info, "RW_CHANGESET \"([^\"]*)\"").Groups[1].Value;
            string compiler = Regex.Match(info, "RW_COMPILER \"([^\"]*)\"").Groups[1].Value;
            Assert.True(changeset.Length > 0 && compiler.StartsWith("ILCompiler "), info);
            var r = GuestRun.Boot("version-build", (GuestRun.Guest("testguest"), "name=tg -- scenarios=version"));
            var console = GuestRun.ConsoleOf(r, "tg");
            Assert.Contains("testguest: changeset \"" + changeset + "\"", console);
            Assert.Contains("testguest: compiler \"" + compiler + "\"", console);
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
        }

        // A long console write is done in pieces (each entry prints about 512 bytes, then
        // the call continues, so the guest can be preempted between them): every line
        // arrives once, in order, the 600 empty ones with their prefix too.
        [Fact]
        public void LongConsoleWriteArrivesWholeInPieces()
        {
            var r = GuestRun.Boot("console-pieces", (GuestRun.Guest("testguest"), "name=tg -- scenarios=console"));
            Assert.Contains("RESULT console.write_in_pieces ok", GuestRun.ConsoleOf(r, "tg"));
            var lines = SerialLog.Lines(r.SerialLog).ToList();   // trimmed: an empty guest line reads "[tg]"
            int first = lines.IndexOf("[tg] xxxxxxxxxx");
            int done = lines.IndexOf("[tg] burst done");
            Assert.True(first >= 0 && done == first + 136 + 600, Vm.Explain(r));
            Assert.True(lines.Skip(first).Take(136).All(l => l == "[tg] xxxxxxxxxx"), Vm.Explain(r));
            Assert.True(lines.Skip(first + 136).Take(600).All(l => l == "[tg]"), Vm.Explain(r));
        }

        // The guest does something the VMM must not allow: only that domain dies (its
        // exception logged), the VMM keeps running and the other domain finishes.
        [Theory]
        [InlineData("vmmwrite", @"#PF \(page fault\) in ring 1 .* error=0x0003 cr2=0xffff878000011000")]
        [InlineData("vmmhole", @"#PF \(page fault\) in ring 1 .* error=0x0000 cr2=0xffff808000000000")]
        [InlineData("ring3", @"#GP \(general protection\) in ring 3 ")]
        public void HostileScenarioKillsOnlyItsDomain(string scenario, string logged)
        {
            var r = GuestRun.Boot("hostile-" + scenario,
                (GuestRun.Guest("testguest"), "name=tg -- scenarios=" + scenario),
                (GuestRun.Guest("hello"), "name=other -- exit=9"));
            Assert.True(r.IsDebugExit(VmExit.GuestCrashed), Vm.Explain(r));
            Assert.Contains("RESULT " + scenario + ".attempt ok", GuestRun.ConsoleOf(r, "tg"));
            Assert.DoesNotContain(GuestRun.ConsoleOf(r, "tg"), l => l.Contains(" FAIL"));
            Assert.True(SerialLog.Find(r.SerialLog, "^WARN: domain 0: " + logged).Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 0 \(tg\): destroyed: ").Success, Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 1 \(other\): shutdown reason=poweroff code=9$").Success, Vm.Explain(r));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
            Assert.Equal(GuestRun.GuestFramesAtBoot(r), GuestRun.FramesReturned(r).Last().free);
        }
    }
}

using System.Linq;
using Ringwall.Tests.Boot.Harness;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    public class GuestLifecycleTests
    {
        [Fact]
        public void GuestRunsInRingOneAndItsExitCodeBecomesQemusStatus()
        {
            var r = GuestRun.Boot("guest-hello-exit5", (GuestRun.Guest("hello"), "name=hello -- exit=5"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(5)), Vm.Explain(r));
            var console = GuestRun.ConsoleOf(r, "hello");
            Assert.Contains("hello: update_va_mapping page check ok", console);
            Assert.Contains("hello: mmu_update page check ok", console);
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 0 \(hello\): shutdown reason=poweroff code=5$").Success, Vm.Explain(r));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        [Fact]
        public void TwoGuestsShareTheMachineAndAllTheirFramesComeBack()
        {
            var r = GuestRun.Boot("guest-two",
                (GuestRun.Guest("hello"), "name=alpha mem=16M -- who=alpha exit=3"),
                (GuestRun.Guest("hello"), "name=beta mem=8M -- who=beta exit=4"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(3)), Vm.Explain(r));
            var lines = SerialLog.Lines(r.SerialLog).ToList();
            int betaFirst = lines.FindIndex(l => l.StartsWith("[beta] "));
            int alphaLast = lines.FindLastIndex(l => l.StartsWith("[alpha] "));
            Assert.True(betaFirst >= 0 && betaFirst < alphaLast, "the guests did not interleave (they yield between steps)\n" + Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^domain 1 \(beta\): shutdown reason=poweroff code=4$").Success, Vm.Explain(r));

            var returned = GuestRun.FramesReturned(r);
            Assert.Equal(2, returned.Count);
            // Its memory and its shared-info page (taken from the same pool).
            Assert.Contains(returned, x => x.domain == 0 && x.returned == 4096 + 1);
            Assert.Contains(returned, x => x.domain == 1 && x.returned == 2048 + 1);
            Assert.Equal(GuestRun.GuestFramesAtBoot(r), returned.Last().free);

            // The module pack's frames joined the pool once both domains were built
            // (QEMU loads it page-aligned, so every whole frame of it).
            var module = SerialLog.Find(r.SerialLog, @"^module 0: 0x([0-9a-f]+) (\d+) bytes");
            var reclaimed = SerialLog.Find(r.SerialLog, @"^boot modules: (\d+) frames \((\d+) KiB\) returned to the guest pool$");
            Assert.True(module.Success && reclaimed.Success, Vm.Explain(r));
            Assert.Equal(0L, System.Convert.ToInt64(module.Groups[1].Value, 16) % 4096);
            Assert.Equal(long.Parse(module.Groups[2].Value) / 4096, long.Parse(reclaimed.Groups[1].Value));
        }

        // Xen's loader reads the Xen notes from SHT_NOTE sections when no PT_NOTE segment
        // holds them: hello with its PT_NOTE header turned into PT_NULL still boots (its
        // .note.Xen section names the hypercall page); with the section table cut off as well
        // it is refused for want of a hypercall page.
        [Fact]
        public void GuestWithXenNotesOnlyInSectionsBoots()
        {
            byte[] hello = GuestRun.Guest("hello");
            byte[] sectionsOnly = WithoutNoteSegments(hello);
            byte[] neither = (byte[])sectionsOnly.Clone();
            System.BitConverter.GetBytes((ushort)0).CopyTo(neither, 60);   // e_shnum = 0
            var r = GuestRun.Boot("guest-section-notes", (sectionsOnly, "name=sect -- exit=0"), (neither, "name=none"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.Contains("hello: all checks ok, exiting with code 0", GuestRun.ConsoleOf(r, "sect"));
            Assert.True(SerialLog.Find(r.SerialLog, @"^ERROR: domain none: refused: no Xen hypercall-page note$").Success, Vm.Explain(r));
        }

        // The image with every PT_NOTE program header's type set to PT_NULL (0).
        private static byte[] WithoutNoteSegments(byte[] elf)
        {
            byte[] copy = (byte[])elf.Clone();
            ulong phoff = System.BitConverter.ToUInt64(copy, 32);
            int phnum = System.BitConverter.ToUInt16(copy, 56);
            int changed = 0;
            for (int i = 0; i < phnum; i++)
            {
                int at = (int)phoff + 56 * i;
                if (System.BitConverter.ToUInt32(copy, at) == 4)
                {
                    System.BitConverter.GetBytes(0u).CopyTo(copy, at);
                    changed++;
                }
            }
            Assert.True(changed > 0, "hello.elf has no PT_NOTE header to remove");
            return copy;
        }

        [Theory]
        [InlineData("notelf", "not an ELF file")]
        [InlineData("elf32", "not a 64-bit ELF file")]
        [InlineData("entry", "entry point is outside the image")]
        [InlineData("memory", "domain memory is too small for the kernel and its start-of-day data")]
        public void BadGuestImageIsRefusedAndTheGoodOneStillRuns(string defect, string message)
        {
            byte[] hello = GuestRun.Guest("hello");
            byte[] bad = (byte[])hello.Clone();
            string badLine = "name=bad";
            switch (defect)
            {
                case "notelf": bad = System.Text.Encoding.ASCII.GetBytes(new string('x', 300)); break;   // long enough to be read as a header
                case "elf32": bad[4] = 1; break;                                   // EI_CLASS = ELFCLASS32
                case "entry": System.BitConverter.GetBytes(0xFFFFFFFF90000000UL).CopyTo(bad, 24); break; // e_entry
                case "memory": badLine = "name=bad mem=1M"; break;
            }
            var r = GuestRun.Boot("guest-bad-" + defect, (bad, badLine), (hello, "name=good -- exit=6"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(6)), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^ERROR: domain bad: refused: " + System.Text.RegularExpressions.Regex.Escape(message) + "$").Success, Vm.Explain(r));
            Assert.Contains("hello: all checks ok, exiting with code 6", GuestRun.ConsoleOf(r, "good"));
        }

        [Fact]
        public void BadDomainParameterIsRefusedWithItsText()
        {
            var r = GuestRun.Boot("guest-bad-param", (GuestRun.Guest("hello"), "name=x mem=lots"), (GuestRun.Guest("hello"), "name=good -- exit=0"));
            Assert.True(r.IsDebugExit(GuestRun.GuestExit(0)), Vm.Explain(r));
            Assert.True(SerialLog.Find(r.SerialLog, @"^ERROR: module 0: refused: bad domain parameter 'mem=lots'$").Success, Vm.Explain(r));
        }

        [Fact]
        public void OnlyBadModulesEndTheBootWithAFailure()
        {
            var r = GuestRun.Boot("guest-only-bad", (System.Text.Encoding.ASCII.GetBytes("garbage garbage garbage garbage garbage garbage garbage"), "name=bad"));
            Assert.True(r.IsDebugExit(VmExit.Failure), Vm.Explain(r));
            Assert.Contains("no domain could be built", r.SerialLog);
        }
    }
}

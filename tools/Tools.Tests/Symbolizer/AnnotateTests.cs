using System.IO;
using System.Linq;
using RS = Ringwall.Tools.Symbolizer;
using Xunit;

namespace Ringwall.Tools.Tests.Symbolizer
{
    public class AnnotateTests
    {
        private static readonly string Elf = SampleImage.Path("symbolizer-sample");

        private static string Line(string text, string startsWith) =>
            text.Split('\n').First(l => l.TrimStart().StartsWith(startsWith));

        [Fact]
        public void Exception_frames_get_symbols_and_rip_gets_disassembly()
        {
            string a = RS.Symbolizer.Annotate(Elf, PanicBlockTests.ExceptionLog);
            Assert.Equal("  #0 ffffffff80000004 " + SampleImage.Fault + "+0x4 (Ringwall.Kernel.Panic.Fault)", Line(a, "#0"));
            // A return address at the very end of Main must not resolve to the label after it.
            Assert.Equal("  #1 ffffffff8000001c " + SampleImage.Main + "+0xc (Ringwall.Kernel.Boot.Main)", Line(a, "#1"));
            Assert.Equal("  #2 ffffffff90000000 ?", Line(a, "#2"));
            Assert.Contains("rip is " + SampleImage.Fault + "+0x4 (Ringwall.Kernel.Panic.Fault)", a);
            string marked = Line(a, "=>");
            Assert.Contains("ffffffff80000004", marked);
            Assert.Contains("48 89 08", marked);
            Assert.Contains("mov     [rax],rcx", marked);
            Assert.Contains("push    rbp", a);
            Assert.Contains("ret", a);
            Assert.StartsWith("Ringwall 0.1\n*** RINGWALL PANIC: page fault in the VMM\n", a);
            Assert.EndsWith("*** END PANIC\n", a);
        }

        [Fact]
        public void Software_panic_marks_the_call_that_frame_0_returns_to()
        {
            string a = RS.Symbolizer.Annotate(Elf, PanicBlockTests.SoftwareLog);
            Assert.Contains("#0 ffffffff80000016 " + SampleImage.Main + "+0x6 (Ringwall.Kernel.Boot.Main)", a);
            string marked = Line(a, "=>");
            Assert.Contains("ffffffff80000011", marked);
            Assert.Contains("call    0xffffffff80000000", marked);
        }

        [Fact]
        public void Log_without_panic_is_returned_unchanged()
        {
            const string log = "Ringwall 0.1\nall fine\n";
            Assert.Equal(log, RS.Symbolizer.Annotate(Elf, log));
        }

        [Fact]
        public void Rip_off_an_instruction_boundary_is_said_so()
        {
            string log = "*** RINGWALL PANIC: x\nvector=0x06 (#UD) error=0x0000000000000000 cr2=0x0000000000000000\n"
                + "rip=ffffffff80000005 cs=0008\nbacktrace:\n  #0 ffffffff80000005\n*** END PANIC";
            string a = RS.Symbolizer.Annotate(Elf, log);
            Assert.Contains("not on an instruction boundary", a);
        }

        [Fact]
        public void Console_front_end_annotates_a_file()
        {
            string log = Path.Combine(Path.GetDirectoryName(Elf), "symbolizer-sample.log");
            File.WriteAllText(log, PanicBlockTests.ExceptionLog);
            var writer = new StringWriter();
            var saved = System.Console.Out;
            try
            {
                System.Console.SetOut(writer);
                Assert.Equal(0, RS.Program.Main(new[] { Elf, log }));
            }
            finally
            {
                System.Console.SetOut(saved);
            }
            Assert.Contains("(Ringwall.Kernel.Panic.Fault)", writer.ToString());
        }
    }
}

using Ringwall.Tools.Symbolizer;
using Xunit;

namespace Ringwall.Tools.Tests.Symbolizer
{
    public class PanicBlockTests
    {
        public const string ExceptionLog =
            "Ringwall 0.1\n" +
            "*** RINGWALL PANIC: page fault in the VMM\n" +
            "vector=0x0e (#PF) error=0x0000000000000002 cr2=0x0000000000001000\n" +
            "rip=ffffffff80000004 cs=0008 rflags=0000000000010046 rsp=ffffffff80123ff0 ss=0010\n" +
            "rax=0000000000001000 rbx=0000000000000000 rcx=0000000000000007 rdx=0000000000000000\n" +
            "cr0=0000000080010033 cr2=0000000000001000 cr3=0000000000200000 cr4=00000000000000a0 efer=0000000000000d00\n" +
            "backtrace:\n" +
            "  #0 ffffffff80000004\n" +
            "  #1 ffffffff8000001c\n" +
            "  #2 ffffffff90000000\n" +
            "*** END PANIC\n";

        public const string SoftwareLog =
            "*** RINGWALL PANIC: out of memory: need 2 MiB\r\n" +
            "backtrace:\r\n" +
            "  #0 ffffffff80000016\r\n" +
            "*** END PANIC\r\n";

        [Fact]
        public void Parses_an_exception_block()
        {
            var b = Assert.Single(PanicBlock.FindAll(ExceptionLog));
            Assert.Equal("page fault in the VMM", b.Reason);
            Assert.Equal(0x0e, b.Vector);
            Assert.Equal("#PF", b.VectorName);
            Assert.Equal(0xffffffff80000004UL, b.Rip);
            Assert.Equal(3, b.Frames.Count);
            Assert.Equal(0xffffffff8000001cUL, b.Frames[1].Address);
            Assert.True(b.Complete);
        }

        [Fact]
        public void Parses_a_software_panic_with_crlf()
        {
            var b = Assert.Single(PanicBlock.FindAll(SoftwareLog));
            Assert.Equal("out of memory: need 2 MiB", b.Reason);
            Assert.Null(b.Vector);
            Assert.Null(b.Rip);
            Assert.Single(b.Frames);
        }

        [Fact]
        public void A_block_cut_short_still_counts_and_two_blocks_are_two()
        {
            string log = SoftwareLog + "more\n*** RINGWALL PANIC: second\nbacktrace:\n  #0 ffffffff80000016\n";
            var blocks = PanicBlock.FindAll(log);
            Assert.Equal(2, blocks.Count);
            Assert.False(blocks[1].Complete);
            Assert.Single(blocks[1].Frames);
        }

        [Fact]
        public void No_panic_no_block()
        {
            Assert.Empty(PanicBlock.FindAll("Ringwall 0.1\nrip=ffffffff80000004\n  #0 ffffffff80000004\n"));
        }
    }
}

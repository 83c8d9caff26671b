using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tools.Tests.Qemu
{
    public class ExitStatusTests
    {
        [Theory]
        [InlineData(0x10, 0x21)]
        [InlineData(0x21, 0x43)]
        [InlineData(0x7f, 0xff)]
        [InlineData(0x80, 0x01)]
        public void ForValue_matches_isa_debug_exit(int value, int status)
        {
            Assert.Equal(status, ExitStatus.ForValue(value));
        }

        [Fact]
        public void Zero_is_a_reset()
        {
            Assert.Equal(QemuOutcome.Reset, ExitStatus.Decode(0, "").Outcome);
        }

        [Fact]
        public void Odd_status_is_a_debug_exit()
        {
            var (outcome, value) = ExitStatus.Decode(0x21, "");
            Assert.Equal(QemuOutcome.DebugExit, outcome);
            Assert.Equal(0x10, value);
        }

        [Fact]
        public void Status_one_with_an_error_line_is_a_qemu_error()
        {
            Assert.Equal(QemuOutcome.QemuError, ExitStatus.Decode(1, "qemu-system-x86_64: -foo: invalid option\n").Outcome);
            Assert.Equal(QemuOutcome.DebugExit, ExitStatus.Decode(1, "qemu-system-x86_64: warning: host doesn't support requested feature\n").Outcome);
        }

        [Fact]
        public void Even_status_is_a_qemu_error()
        {
            Assert.Equal(QemuOutcome.QemuError, ExitStatus.Decode(2, "").Outcome);
        }
    }
}

using System;
using System.IO;
using Ringwall.Tools.Qemu;
using Ringwall.Tools.Tests.Support;
using Xunit;

namespace Ringwall.Tools.Tests.Qemu
{
    /// <summary>Runs QEMU on the throw-away fixture guest (fixtures/pvh-fixture.S).</summary>
    public class RunnerTests
    {
        private static QemuOptions Fixture(string name, string append) => new QemuOptions
        {
            Name = "tools-" + name,
            Image = Fixtures.PvhElf,
            Append = append,
            Timeout = TimeSpan.FromSeconds(30),
        };

        [Fact]
        public void Debug_exit_value_and_serial_log()
        {
            var r = QemuRunner.Run(Fixture("debug-exit", "x hello"));
            Assert.True(r.IsDebugExit(0x21), r.Describe());
            Assert.Equal(0x43, r.ExitCode);
            Assert.Contains("fixture: x hello", r.SerialLog);
            Assert.Equal(r.SerialLog, File.ReadAllText(r.LogPath));
            Assert.EndsWith(Path.Combine("build", "test-logs", "tools-debug-exit.log"), r.LogPath);
        }

        [Fact]
        public void Triple_fault_is_a_reset()
        {
            var r = QemuRunner.Run(Fixture("triple-fault", "t"));
            Assert.True(r.Outcome == QemuOutcome.Reset, r.Describe());
            Assert.Equal(0, r.ExitCode);
        }

        [Fact]
        public void Hang_is_killed_at_the_timeout()
        {
            var o = Fixture("hang", "h");
            o.Timeout = TimeSpan.FromSeconds(2);
            var r = QemuRunner.Run(o);
            Assert.True(r.Outcome == QemuOutcome.Timeout, r.Describe());
            Assert.InRange(r.WallTime.TotalSeconds, 1.9, 15);
            Assert.Contains("fixture: h", r.SerialLog);
            Assert.Contains("timeout after 2 s", r.Describe());
        }

        [Fact]
        public void Serial_input_keeps_the_log_exit_and_timeout()
        {
            // The fixture never reads COM1: the runner still connects, logs and sends.
            var o = Fixture("serial-input", "x hello");
            o.SerialInput.Add(new SerialInput(null, new byte[] { 0x41 }));
            o.SerialInput.Add(new SerialInput("fixture: x hello", new byte[] { 0x42, 0x43 }));
            var r = QemuRunner.Run(o);
            Assert.True(r.IsDebugExit(0x21), r.Describe());
            Assert.Contains("-chardev socket,id=com1", r.CommandLine);
            Assert.Contains("fixture: x hello", r.SerialLog);
            Assert.Equal(r.SerialLog, File.ReadAllText(r.LogPath));

            var hang = Fixture("serial-input-hang", "h");
            hang.Timeout = TimeSpan.FromSeconds(2);
            hang.SerialInput.Add(new SerialInput("fixture: h", new byte[] { 1 }));
            hang.SerialInput.Add(new SerialInput("never printed", new byte[] { 2 }));
            r = QemuRunner.Run(hang);
            Assert.True(r.Outcome == QemuOutcome.Timeout, r.Describe());
            Assert.InRange(r.WallTime.TotalSeconds, 1.9, 15);
            Assert.Equal(1, r.SerialInputsSent);
            Assert.Contains("fixture: h", r.SerialLog);
        }

        [Fact]
        public void Bad_option_is_a_qemu_error()
        {
            var o = Fixture("bad-option", "x");
            o.ExtraArgs.Add("-no-such-option");
            var r = QemuRunner.Run(o);
            Assert.True(r.Outcome == QemuOutcome.QemuError, r.Describe());
            Assert.Contains("no-such-option", r.Describe());
        }

        [Fact]
        public void Pvh_module_arrives()
        {
            var o = Fixture("module", "m");
            o.Modules.Add(Fixtures.PvhElf);
            o.Icount = true;
            var r = QemuRunner.Run(o);
            Assert.True(r.IsDebugExit(0x10), r.Describe());
            Assert.Contains("modules=1", r.SerialLog);
        }

        [Fact]
        public void Smp_q35_and_max_cpu()
        {
            var o = Fixture("q35-smp", "x");
            o.Machine = "q35";
            o.Smp = 2;
            o.Cpu = "max";
            o.Memory = "2G";
            var r = QemuRunner.Run(o);
            Assert.True(r.IsDebugExit(0x21), r.Describe());
        }

        [Fact]
        public void Grub_iso_on_bios()
        {
            var r = QemuRunner.Run(new QemuOptions
            {
                Name = "tools-iso-bios",
                Image = Fixtures.Iso,
                Boot = BootMode.IsoBios,
                Timeout = TimeSpan.FromSeconds(60),
            });
            Assert.True(r.IsDebugExit(0x10), r.Describe());
            Assert.Contains("fixture: multiboot2", r.SerialLog);
        }

        [Fact]
        public void Grub_iso_on_uefi()
        {
            var r = QemuRunner.Run(new QemuOptions
            {
                Name = "tools-iso-uefi",
                Image = Fixtures.Iso,
                Boot = BootMode.IsoUefi,
                Machine = "q35",
                Timeout = TimeSpan.FromSeconds(120),
            });
            Assert.True(r.IsDebugExit(0x10), r.Describe());
            Assert.Contains("fixture: multiboot2", r.SerialLog);
        }

        [Fact]
        public void Describe_shows_the_serial_tail()
        {
            var r = QemuRunner.Run(Fixture("describe", "p"));
            Assert.True(r.IsDebugExit(0x31), r.Describe());
            Assert.True(r.HasPanic);
            string d = r.Describe(tailLines: 2);
            Assert.Contains("*** END PANIC", d);
            Assert.DoesNotContain("fixture: p", d);
        }
    }
}

using System;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tools.Tests.Qemu
{
    public class CommandLineTests
    {
        private static QemuOptions Pvh() => new QemuOptions { Name = "t", Image = "/x/ringwall.elf" };

        [Fact]
        public void Always_adds_the_harness_devices()
        {
            string line = string.Join(" ", QemuCommandLine.Build(Pvh(), "/tmp/t.log"));
            Assert.Contains("-display none -no-reboot -nodefaults -serial file:/tmp/t.log", line);
            Assert.Contains("-device isa-debug-exit,iobase=0xf4,iosize=0x04", line);
            Assert.Contains("-kernel /x/ringwall.elf", line);
            Assert.DoesNotContain("-icount", line);
        }

        [Fact]
        public void Icount_append_and_module()
        {
            var o = Pvh();
            o.Icount = true;
            o.Append = "bench";
            o.Modules.Add("/x/guest.elf");
            var args = QemuCommandLine.Build(o, "/tmp/t.log");
            string line = string.Join(" ", args);
            Assert.Contains("-icount shift=0,sleep=off", line);
            Assert.Contains("-initrd /x/guest.elf", line);
            Assert.Equal("bench", args[args.IndexOf("-append") + 1]);
        }

        [Fact]
        public void Uefi_iso_uses_ovmf_and_cdrom()
        {
            var o = new QemuOptions { Name = "u", Image = "/x/ringwall.iso", Boot = BootMode.IsoUefi, Machine = "q35" };
            string line = string.Join(" ", QemuCommandLine.Build(o, "/tmp/u.log"));
            Assert.Contains("-bios /usr/share/ovmf/OVMF.fd -cdrom /x/ringwall.iso", line);
            Assert.Contains("-machine q35", line);
        }

        [Fact]
        public void Serial_input_replaces_the_file_with_a_logged_socket()
        {
            var o = Pvh();
            o.SerialInput.Add(new SerialInput("ready", new byte[] { 1 }));
            var args = QemuCommandLine.Build(o, "/tmp/t.log", "/tmp/s.sock");
            string line = string.Join(" ", args);
            Assert.Contains("-chardev socket,id=com1,path=/tmp/s.sock,server=on,wait=on", line);
            Assert.Contains("-serial chardev:com1", line);
            Assert.DoesNotContain("file:", line);
            Assert.Throws<ArgumentException>(() => QemuCommandLine.Build(o, "/tmp/t.log", "/tmp/a,b.sock"));

            var noBytes = Pvh();
            noBytes.SerialInput.Add(new SerialInput(null, null));
            Assert.Throws<ArgumentException>(() => QemuCommandLine.Validate(noBytes));
        }

        [Fact]
        public void Refuses_what_qemu_would_not_honour()
        {
            var iso = new QemuOptions { Name = "i", Image = "/x/r.iso", Boot = BootMode.IsoBios, Append = "x" };
            Assert.Throws<ArgumentException>(() => QemuCommandLine.Validate(iso));

            var two = Pvh();
            two.Modules.Add("/a");
            two.Modules.Add("/b");
            Assert.Throws<ArgumentException>(() => QemuCommandLine.Validate(two));

            var noTimeout = Pvh();
            noTimeout.Timeout = TimeSpan.Zero;
            Assert.Throws<ArgumentException>(() => QemuCommandLine.Validate(noTimeout));

            var badName = Pvh();
            badName.Name = "../escape";
            Assert.Throws<ArgumentException>(() => QemuCommandLine.Validate(badName));
        }
    }
}

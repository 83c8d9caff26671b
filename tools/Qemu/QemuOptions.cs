using System;
using System.Collections.Generic;

namespace Ringwall.Tools.Qemu
{
    /// <summary>
    /// One QEMU run. Every run has a timeout. The launcher always adds
    /// <c>-display none -no-reboot -nodefaults -serial file:LOG
    /// -device isa-debug-exit,iobase=0xf4,iosize=0x04</c> (with <see cref="SerialInput"/>,
    /// a socket chardev the runner logs to LOG replaces <c>-serial file:LOG</c>).
    /// </summary>
    public sealed class QemuOptions
    {
        /// <summary>Run name: the serial log goes to &lt;LogDirectory&gt;/&lt;Name&gt;.log. Letters, digits, '.', '-', '_'.</summary>
        public string Name { get; set; }

        /// <summary>The ELF (Pvh) or ISO (IsoBios, IsoUefi) to boot.</summary>
        public string Image { get; set; }

        public BootMode Boot { get; set; } = BootMode.Pvh;

        /// <summary>Kernel command line (<c>-append</c>); PVH only, GRUB takes it from grub.cfg.</summary>
        public string Append { get; set; }

        /// <summary>Guest RAM as QEMU's -m takes it: "128M", "2G".</summary>
        public string Memory { get; set; } = "128M";

        /// <summary>"pc" or "q35" (intel-iommu needs q35).</summary>
        public string Machine { get; set; } = "pc";

        /// <summary>CPU model: qemu64 is the conservative baseline; "max" adds SMEP, SMAP, 1 GiB pages, ...</summary>
        public string Cpu { get; set; } = "qemu64";

        public int Smp { get; set; } = 1;

        /// <summary>Adds <c>-icount shift=0,sleep=off</c>: RDTSC counts executed instructions.</summary>
        public bool Icount { get; set; }

        /// <summary>
        /// PVH boot modules, passed as one <c>-initrd</c>. QEMU 7.2 gives a PVH guest exactly one
        /// module and treats a comma list as a single file name, so more than one is refused.
        /// </summary>
        public List<string> Modules { get; } = new List<string>();

        /// <summary>
        /// Input for COM1, in order. Empty (the default): COM1 is <c>-serial file:LOG</c> and
        /// receives nothing. Otherwise COM1 is a Unix socket QEMU serves and waits on
        /// (<c>-chardev socket,server=on,wait=on</c>): the runner connects, copies all output
        /// to LOG as it arrives and sends each step's bytes when its text has appeared. The run's timeout still applies; steps never sent are reported in
        /// <see cref="QemuResult.SerialInputsSent"/>.
        /// </summary>
        public List<SerialInput> SerialInput { get; } = new List<SerialInput>();

        /// <summary>More QEMU arguments, appended last (e.g. "-device", "edu").</summary>
        public List<string> ExtraArgs { get; } = new List<string>();

        /// <summary>Wall-clock limit; the process tree is killed when it runs out.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        public string QemuPath { get; set; } = "qemu-system-x86_64";

        /// <summary>Firmware for <see cref="BootMode.IsoUefi"/> (Debian package ovmf).</summary>
        public string OvmfPath { get; set; } = "/usr/share/ovmf/OVMF.fd";

        /// <summary>Where the serial log goes; null means build/test-logs under the repository root.</summary>
        public string LogDirectory { get; set; }
    }
}

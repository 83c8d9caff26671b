using System;
using System.IO;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tests.Boot.Harness
{
    /// <summary>
    /// Booted-test helpers: QEMU options for the VMM image on each boot path, and a failure
    /// message that includes the symbolized panic block. Use in a test as
    /// <code>
    /// var r = Vm.Run(Vm.Pvh("pvh-banner"));
    /// Assert.True(r.IsDebugExit(VmExit.Success), Vm.Explain(r));
    /// </code>
    /// </summary>
    public static class Vm
    {
        /// <summary>build/ringwall.elf (unstripped: also the symbol source).</summary>
        public static string Elf => RepoPaths.Image;

        /// <summary>build/ringwall.iso (make iso).</summary>
        public static string Iso => Path.Combine(RepoPaths.Build, "ringwall.iso");

        /// <summary>PVH boot of the image; the serial log goes to build/test-logs/&lt;name&gt;.log.</summary>
        public static QemuOptions Pvh(string name, string append = null, string memory = "128M") => new QemuOptions
        {
            Name = name,
            Image = Require(Elf),
            Boot = BootMode.Pvh,
            Append = append,
            Memory = memory,
            Timeout = TimeSpan.FromSeconds(30),
        };

        /// <summary>GRUB ISO on SeaBIOS, or on OVMF (q35, longer timeout: the firmware alone takes 4-6 s).</summary>
        public static QemuOptions IsoBoot(string name, bool uefi) => new QemuOptions
        {
            Name = name,
            Image = Require(Iso),
            Boot = uefi ? BootMode.IsoUefi : BootMode.IsoBios,
            Machine = uefi ? "q35" : "pc",
            Timeout = TimeSpan.FromSeconds(uefi ? 120 : 60),
        };

        /// <summary>
        /// Runs QEMU. With RINGWALL_ENTRYSTATS_LOG set (make bench), every run goes under icount
        /// with `entrystats` and its longest-entry line is collected (LongestEntryLog).
        /// </summary>
        public static QemuResult Run(QemuOptions options)
        {
            LongestEntryLog.Apply(options);
            QemuResult r = QemuRunner.Run(options);
            LongestEntryLog.Record(r);
            return r;
        }

        /// <summary><see cref="QemuResult.Describe"/> plus every panic block annotated with symbols and disassembly.</summary>
        public static string Explain(QemuResult r)
        {
            string text = r.Describe();
            if (!r.HasPanic)
                return text;
            try
            {
                string annotated = Ringwall.Tools.Symbolizer.Symbolizer.Annotate(Elf, r.SerialLog);
                int start = annotated.IndexOf("*** RINGWALL PANIC", StringComparison.Ordinal);
                return text + "\n--- symbolized panic ---\n" + annotated.Substring(start);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException)
            {
                return text + "\n(symbolizing failed: " + e.Message + ")";
            }
        }

        /// <summary>The annotated serial log (panic blocks symbolized), for asserting on method names.</summary>
        public static string Symbolized(QemuResult r) => Ringwall.Tools.Symbolizer.Symbolizer.Annotate(Elf, r.SerialLog);

        private static string Require(string path)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"{path} is missing: build it first (make, make iso).", path);
            return path;
        }
    }
}

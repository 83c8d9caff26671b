using System;
using System.Collections.Generic;
using System.IO;

namespace Ringwall.Tools.Qemu
{
    /// <summary>Turns <see cref="QemuOptions"/> into QEMU's argument list, refusing combinations QEMU would not honour.</summary>
    public static class QemuCommandLine
    {
        public static void Validate(QemuOptions o)
        {
            if (o == null)
                throw new ArgumentNullException(nameof(o));
            if (string.IsNullOrWhiteSpace(o.Name))
                throw new ArgumentException("QemuOptions.Name is required (it names the serial log).");
            foreach (char c in o.Name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))
                    throw new ArgumentException($"QemuOptions.Name '{o.Name}' may hold only letters, digits, '.', '-' and '_'.");
            }
            if (string.IsNullOrWhiteSpace(o.Image))
                throw new ArgumentException("QemuOptions.Image is required.");
            if (o.Timeout <= TimeSpan.Zero)
                throw new ArgumentException("Every QEMU run needs a positive Timeout.");
            if (o.Smp < 1)
                throw new ArgumentException("Smp must be at least 1.");
            foreach (SerialInput step in o.SerialInput)
            {
                if (step == null || step.Bytes == null)
                    throw new ArgumentException("Every SerialInput step needs Bytes.");
            }
            if (o.Boot != BootMode.Pvh && !string.IsNullOrEmpty(o.Append))
                throw new ArgumentException("Append (-append) works only with PVH (-kernel); an ISO takes its command line from grub.cfg.");
            if (o.Boot != BootMode.Pvh && o.Modules.Count > 0)
                throw new ArgumentException("Modules (-initrd) work only with PVH; an ISO lists its modules in grub.cfg.");
            if (o.Modules.Count > 1)
                throw new ArgumentException("QEMU 7.2 passes exactly one PVH module (-initrd); a comma list is read as one file name.");
            foreach (string m in o.Modules)
            {
                if (m.Contains(','))
                    throw new ArgumentException($"Module path '{m}' contains a comma, which QEMU cannot pass.");
            }
        }

        /// <summary>
        /// The argument list (without the program name) for a run that writes COM1 to
        /// <paramref name="serialLog"/>; with <paramref name="serialSocket"/>, COM1 is that Unix
        /// socket instead (QEMU the server, waiting for the runner to connect), and the runner
        /// writes the log from what it reads.
        /// </summary>
        public static List<string> Build(QemuOptions o, string serialLog, string serialSocket = null)
        {
            Validate(o);
            var a = new List<string> { "-display", "none", "-no-reboot", "-nodefaults" };
            if (serialSocket == null)
                a.AddRange(new[] { "-serial", "file:" + serialLog });
            else
            {
                if (serialSocket.Contains(','))
                    throw new ArgumentException("The serial socket path may not contain commas (QEMU option syntax).");
                a.AddRange(new[]
                {
                    "-chardev", $"socket,id=com1,path={serialSocket},server=on,wait=on",
                    "-serial", "chardev:com1",
                });
            }
            a.AddRange(new[]
            {
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-machine", o.Machine,
                "-cpu", o.Cpu,
                "-m", o.Memory,
                "-smp", o.Smp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            if (o.Icount)
                a.AddRange(new[] { "-icount", "shift=0,sleep=off" });

            string image = Path.GetFullPath(o.Image);
            switch (o.Boot)
            {
                case BootMode.Pvh:
                    a.AddRange(new[] { "-kernel", image });
                    if (!string.IsNullOrEmpty(o.Append))
                        a.AddRange(new[] { "-append", o.Append });
                    if (o.Modules.Count > 0)
                        a.AddRange(new[] { "-initrd", Path.GetFullPath(o.Modules[0]) });
                    break;
                case BootMode.IsoBios:
                    a.AddRange(new[] { "-cdrom", image });
                    break;
                case BootMode.IsoUefi:
                    a.AddRange(new[] { "-bios", o.OvmfPath, "-cdrom", image });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(o), o.Boot, "unknown boot mode");
            }
            a.AddRange(o.ExtraArgs);
            return a;
        }
    }
}

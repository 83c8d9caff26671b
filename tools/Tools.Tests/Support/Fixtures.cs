using System;
using System.Diagnostics;
using System.IO;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tools.Tests.Support
{
    /// <summary>
    /// Builds the throw-away guest in fixtures/ (GNU as + ld, once per test run) into
    /// build/test-fixtures/. It stands in for the VMM image until that exists.
    /// </summary>
    public static class Fixtures
    {
        private static readonly Lazy<string> elf = new Lazy<string>(BuildElf);
        private static readonly Lazy<string> iso = new Lazy<string>(BuildIso);

        public static string Dir => Path.Combine(RepoPaths.Build, "test-fixtures");

        public static string Source(string name) => Path.Combine(RepoPaths.Root, "tools", "Tools.Tests", "fixtures", name);

        /// <summary>The PVH fixture ELF (see fixtures/pvh-fixture.S for its command-line verbs).</summary>
        public static string PvhElf => elf.Value;

        /// <summary>A GRUB (multiboot2) ISO holding the same fixture.</summary>
        public static string Iso => iso.Value;

        private static string BuildElf()
        {
            Directory.CreateDirectory(Dir);
            string obj = Path.Combine(Dir, "pvh-fixture.o");
            string output = Path.Combine(Dir, "pvh-fixture.elf");
            Tool.Run("as", "--64", "-o", obj, Source("pvh-fixture.S"));
            Tool.Run("ld", "-n", "-nostdlib", "-static", "-z", "max-page-size=0x1000", "--no-warn-rwx-segments",
                "-T", Source("pvh-fixture.ld"), "-o", output, obj);
            return output;
        }

        private static string BuildIso()
        {
            string root = Path.Combine(Dir, "iso-root");
            if (Directory.Exists(root))
                Directory.Delete(root, true);
            Directory.CreateDirectory(Path.Combine(root, "boot", "grub"));
            File.Copy(PvhElf, Path.Combine(root, "boot", "fixture.elf"));
            File.WriteAllText(Path.Combine(root, "boot", "grub", "grub.cfg"),
                "set timeout=0\nset default=0\nserial --unit=0 --speed=115200\nterminal_output serial\n"
                + "menuentry \"fixture\" {\n  multiboot2 /boot/fixture.elf\n  boot\n}\n");
            string output = Path.Combine(Dir, "fixture.iso");
            Tool.Run("grub-mkrescue", "-o", output, root);
            return output;
        }
    }

    /// <summary>Runs a host tool and fails loudly with its output.</summary>
    public static class Tool
    {
        public static string Run(string program, params string[] args)
        {
            var psi = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in args)
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            var stderrTask = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                throw new TimeoutException($"{program} did not finish in 120 s");
            }
            string stderr = stderrTask.Result;
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"{program} {string.Join(" ", args)} failed ({p.ExitCode}):\n{stdout}{stderr}");
            return stdout;
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Tests.Boot.Harness;
using Ringwall.Tools.ModulePack;
using Ringwall.Tools.Qemu;
using Xunit;

namespace Ringwall.Tests.Boot.Guests
{
    // Booting the VMM with guests: a module pack (QEMU's PVH boot passes one module)
    // of guest images from build/guests (make guests) or raw bytes, each with its
    // domain command line.
    public static class GuestRun
    {
        public static string GuestElf(string name)
        {
            string path = Path.Combine(RepoPaths.Build, "guests", name + ".elf");
            if (!File.Exists(path)) throw new FileNotFoundException(path + " is missing: run make guests", path);
            return path;
        }

        public static byte[] Guest(string name) => File.ReadAllBytes(GuestElf(name));

        public static QemuResult Boot(string runName, params (byte[] image, string commandLine)[] modules)
            => Vm.Run(Options(runName, modules));

        // As Boot, with bytes typed on COM1 (QemuOptions.SerialInput) during the run.
        public static QemuResult BootWithInput(string runName, IEnumerable<SerialInput> input,
            params (byte[] image, string commandLine)[] modules)
        {
            QemuOptions options = Options(runName, modules);
            options.SerialInput.AddRange(input);
            return Vm.Run(options);
        }

        // As Boot, with the QEMU options adjusted first (e.g. Icount for timing tests).
        public static QemuResult Boot(string runName, Action<QemuOptions> configure, params (byte[] image, string commandLine)[] modules)
        {
            QemuOptions options = Options(runName, modules);
            configure(options);
            return Vm.Run(options);
        }

        private static QemuOptions Options(string runName, (byte[] image, string commandLine)[] modules)
        {
            string dir = Path.Combine(RepoPaths.Build, "test-packs");
            Directory.CreateDirectory(dir);
            string pack = Path.Combine(dir, runName + ".pack");
            File.WriteAllBytes(pack, ModulePack.Build(modules.ToList()));
            QemuOptions options = Vm.Pvh(runName);
            options.Modules.Add(pack);
            options.Timeout = TimeSpan.FromSeconds(60);
            return options;
        }

        // Lines a domain printed, without the "[name] " prefix.
        public static List<string> ConsoleOf(QemuResult r, string domain)
        {
            string prefix = "[" + domain + "] ";
            return SerialLog.Lines(r.SerialLog).Where(l => l.StartsWith(prefix)).Select(l => l.Substring(prefix.Length)).ToList();
        }

        public static int GuestExit(int code) => VmExit.GuestExitBase + code;

        // A testguest domain's report: no FAIL line, every `required` check of
        // `scenario` reported ok, a final "RESULT done" with at least `minimum` passes,
        // and no VMM panic.
        public static void AssertAllChecksPassed(QemuResult r, string domain, int minimum, string scenario = null,
            params string[] required)
        {
            var console = ConsoleOf(r, domain);
            var failures = console.Where(l => l.StartsWith("RESULT ") && l.Contains(" FAIL")).ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + Vm.Explain(r));
            foreach (var check in required)
            {
                string line = "RESULT " + scenario + "." + check + " ok";
                Assert.True(console.Any(l => l == line), "no " + line + "\n" + Vm.Explain(r));
            }
            var done = console.Select(l => Regex.Match(l, @"^RESULT done passed=(\d+) failed=0$")).FirstOrDefault(m => m.Success);
            Assert.True(done != null && int.Parse(done.Groups[1].Value) >= minimum, "too few checks ran\n" + Vm.Explain(r));
            Assert.DoesNotContain("RINGWALL PANIC", r.SerialLog);
        }

        // "domain N: F frames returned, T free": every domain's frames come back.
        public static List<(int domain, long returned, long free)> FramesReturned(QemuResult r)
        {
            var list = new List<(int, long, long)>();
            foreach (string line in SerialLog.Lines(r.SerialLog))
            {
                var m = Regex.Match(line, @"^domain (\d+): (\d+) frames returned, (\d+) free$");
                if (m.Success) list.Add((int.Parse(m.Groups[1].Value), long.Parse(m.Groups[2].Value), long.Parse(m.Groups[3].Value)));
            }
            return list;
        }

        public static long GuestFramesAtBoot(QemuResult r)
        {
            var m = SerialLog.Find(r.SerialLog, @"^guest memory: (\d+) frames");
            if (!m.Success) throw new InvalidOperationException("no 'guest memory:' line\n" + Vm.Explain(r));
            // The boot modules' frames join the pool once the domains are built.
            var modules = SerialLog.Find(r.SerialLog, @"^boot modules: (\d+) frames \(\d+ KiB\) returned to the guest pool$");
            return long.Parse(m.Groups[1].Value) + (modules.Success ? long.Parse(modules.Groups[1].Value) : 0);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Ringwall.Tools.Bench
{
    /// <summary>Command line: --elf build/ringwall.elf --out docs/ [--qemu-timeout 120] [--expect-exit 0x10] [--require a,b] [--qemu PATH] [--log-name bench] [--module FILE].</summary>
    public sealed class BenchArgs
    {
        public const string Usage =
            "usage: Bench --elf build/ringwall.elf --out docs/ [--qemu-timeout 120] [--expect-exit 0x10]\n"
            + "             [--require boot.instructions_to_banner,...] [--qemu qemu-system-x86_64] [--log-name bench] [--module FILE]\n"
            + "             [--longest-entry-log FILE]";

        public string Elf { get; private set; }
        public string Out { get; private set; }
        public TimeSpan QemuTimeout { get; private set; } = TimeSpan.FromSeconds(120);

        /// <summary>The debug-exit value of a clean end (Ringwall.Runtime.ExitStatus.Success = 0x10).</summary>
        public int ExpectExit { get; private set; } = 0x10;

        /// <summary>BENCH metrics that must be present, or nothing is written.</summary>
        public List<string> Require { get; } = new List<string> { "boot.instructions_to_banner" };

        public string Qemu { get; private set; } = "qemu-system-x86_64";

        /// <summary>Boot modules for the run (guest images or a module pack), in order.</summary>
        public List<string> Modules { get; } = new List<string>();

        /// <summary>The runs collected for vmm.longest_entry (tools/Qemu/LongestEntryLog.cs), or null.</summary>
        public string LongestEntryLog { get; private set; }

        /// <summary>Name of the serial log under build/test-logs/.</summary>
        public string LogName { get; private set; } = "bench";

        public static BenchArgs Parse(string[] args)
        {
            var a = new BenchArgs();
            for (int i = 0; i < args.Length; i++)
            {
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--elf": a.Elf = value; break;
                    case "--out": a.Out = value; break;
                    case "--qemu-timeout": a.QemuTimeout = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                    case "--expect-exit": a.ExpectExit = ParseInt(value); break;
                    case "--qemu": a.Qemu = value; break;
                    case "--log-name": a.LogName = value; break;
                    case "--module": a.Modules.Add(value); break;
                    case "--longest-entry-log": a.LongestEntryLog = value; break;
                    case "--require":
                        a.Require.Clear();
                        a.Require.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
                i++;
            }
            if (a.Elf == null || a.Out == null)
                throw new ArgumentException("--elf and --out are required");
            if (a.QemuTimeout <= TimeSpan.Zero)
                throw new ArgumentException("--qemu-timeout must be positive");
            return a;
        }

        private static int ParseInt(string s) =>
            s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? int.Parse(s.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : int.Parse(s, CultureInfo.InvariantCulture);
    }
}

using System;
using System.Collections.Generic;
using System.Text;

namespace Ringwall.Tools.Qemu
{
    /// <summary>The result of one QEMU run: decoded exit, the whole COM1 log and where it is kept.</summary>
    public sealed class QemuResult
    {
        public string Name { get; init; }

        /// <summary>Raw process exit status; -1 when the run was killed at its timeout.</summary>
        public int ExitCode { get; init; }

        public QemuOutcome Outcome { get; init; }

        /// <summary>The value the guest wrote to isa-debug-exit (low 7 bits); null unless Outcome is DebugExit.</summary>
        public int? ExitValue { get; init; }

        /// <summary>Everything the guest wrote to COM1.</summary>
        public string SerialLog { get; init; }

        /// <summary>The serial log on disk: build/test-logs/&lt;Name&gt;.log unless LogDirectory was set.</summary>
        public string LogPath { get; init; }

        /// <summary>QEMU's own output (errors and warnings).</summary>
        public string StdErr { get; init; }

        public string StdOut { get; init; }

        /// <summary>How many of the run's <see cref="QemuOptions.SerialInput"/> steps were sent (0 without any).</summary>
        public int SerialInputsSent { get; init; }

        public TimeSpan WallTime { get; init; }

        public TimeSpan Timeout { get; init; }

        /// <summary>The program and its arguments, quoted for a shell, for reproducing the run by hand.</summary>
        public string CommandLine { get; init; }

        public bool IsDebugExit(int value) => Outcome == QemuOutcome.DebugExit && ExitValue == value;

        /// <summary>True when the VMM printed a panic block (see docs/tools.md).</summary>
        public bool HasPanic => SerialLog != null && SerialLog.Contains("*** RINGWALL PANIC", StringComparison.Ordinal);

        public string OutcomeText => Outcome switch
        {
            QemuOutcome.DebugExit => $"debug-exit value 0x{ExitValue:x2} (status {ExitCode})",
            QemuOutcome.Reset => "reset (status 0: triple fault or crash)",
            QemuOutcome.Timeout => $"timeout after {Timeout.TotalSeconds:0.#} s (killed)",
            _ => $"QEMU error (status {ExitCode})",
        };

        /// <summary>A failure message: outcome, command line, QEMU's stderr and the tail of the serial log.</summary>
        public string Describe(int tailLines = 40)
        {
            var sb = new StringBuilder();
            sb.Append("QEMU run '").Append(Name).Append("': ").Append(OutcomeText)
              .Append(", ").Append(WallTime.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s");
            sb.Append("command: ").AppendLine(CommandLine);
            if (!string.IsNullOrWhiteSpace(StdErr))
                sb.AppendLine("QEMU stderr:").AppendLine(StdErr.TrimEnd());
            sb.Append("serial log: ").AppendLine(LogPath);
            IReadOnlyList<string> tail = Tail(SerialLog, tailLines);
            sb.Append("--- last ").Append(tail.Count).AppendLine(" serial lines ---");
            foreach (string line in tail)
                sb.AppendLine(line);
            sb.Append("--- end of serial log ---");
            return sb.ToString();
        }

        public override string ToString() => $"{Name}: {OutcomeText}";

        internal static IReadOnlyList<string> Tail(string text, int lines)
        {
            if (string.IsNullOrEmpty(text) || lines <= 0)
                return Array.Empty<string>();
            string[] all = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            int skip = Math.Max(0, all.Length - lines);
            return all[skip..];
        }
    }
}

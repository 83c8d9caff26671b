using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace Ringwall.Tests.Boot
{
    // Reading the VMM's console lines (formats: kernel/Arch/Startup/BootReport.cs).
    public static class SerialLog
    {
        public static string[] Lines(string log) =>
            log.Replace("\r", "").Split('\n').Select(l => StripTerminalCodes(l).TrimEnd()).ToArray();

        // GRUB and OVMF write terminal control sequences to the serial port.
        private static string StripTerminalCodes(string line) => Regex.Replace(line, @"\x1b\[[0-9;]*[A-Za-z]", "");

        public static Match Find(string log, string pattern)
        {
            foreach (string line in Lines(log))
            {
                Match m = Regex.Match(line, pattern);
                if (m.Success) return m;
            }
            return Match.Empty;
        }

        public static ulong Hex(string text) => Convert.ToUInt64(text.StartsWith("0x") ? text.Substring(2) : text, 16);
    }
}

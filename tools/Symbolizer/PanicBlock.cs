using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ringwall.Tools.Symbolizer
{
    /// <summary>One backtrace line of a panic block: "  #N ffffffff80012345".</summary>
    public sealed class PanicFrame
    {
        public int Number { get; init; }
        public ulong Address { get; init; }

        /// <summary>Index of the line in the log's line array.</summary>
        public int Line { get; init; }
    }

    /// <summary>
    /// A panic block as the VMM prints it (docs/tools.md): from "*** RINGWALL PANIC: reason" to
    /// "*** END PANIC" (or the end of the log when the machine died mid-block).
    /// </summary>
    public sealed class PanicBlock
    {
        public const string StartMarker = "*** RINGWALL PANIC:";
        public const string EndMarker = "*** END PANIC";

        private static readonly Regex VectorLine = new Regex(@"(?:^|\s)vector=0x([0-9a-fA-F]+)(?:\s+\(([^)]*)\))?", RegexOptions.CultureInvariant);
        private static readonly Regex RipLine = new Regex(@"(?:^|\s)rip=([0-9a-fA-F]{1,16})(?:\s|$)", RegexOptions.CultureInvariant);
        // The VMM may already name the symbol after the address (its embedded table); the host annotation is added anyway.
        private static readonly Regex FrameLine = new Regex(@"^\s*#(\d+)\s+(?:0x)?([0-9a-fA-F]{1,16})(?:\s+\S+)?\s*$", RegexOptions.CultureInvariant);

        public string Reason { get; private set; }

        /// <summary>CPU exception vector, or null for a software panic.</summary>
        public int? Vector { get; private set; }

        /// <summary>The mnemonic in parentheses after the vector, e.g. "#PF".</summary>
        public string VectorName { get; private set; }

        public ulong? Rip { get; private set; }

        /// <summary>Line index of the rip= line, or -1.</summary>
        public int RipLineIndex { get; private set; } = -1;

        public List<PanicFrame> Frames { get; } = new List<PanicFrame>();

        /// <summary>First line (the PANIC marker) and the last line that belongs to the block.</summary>
        public int FirstLine { get; private set; }
        public int LastLine { get; private set; }

        /// <summary>True when the END PANIC line was seen.</summary>
        public bool Complete { get; private set; }

        /// <summary>Splits a log into lines the way <see cref="FindAll(string[])"/> expects.</summary>
        public static string[] Lines(string log) => (log ?? "").Replace("\r\n", "\n").Split('\n');

        public static List<PanicBlock> FindAll(string log) => FindAll(Lines(log));

        public static List<PanicBlock> FindAll(string[] lines)
        {
            var blocks = new List<PanicBlock>();
            PanicBlock current = null;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                int start = line.IndexOf(StartMarker, StringComparison.Ordinal);
                if (start >= 0)
                {
                    if (current != null)
                        blocks.Add(current);
                    current = new PanicBlock { FirstLine = i, LastLine = i, Reason = line.Substring(start + StartMarker.Length).Trim() };
                    continue;
                }
                if (current == null)
                    continue;
                current.LastLine = i;
                if (line.Contains(EndMarker, StringComparison.Ordinal))
                {
                    current.Complete = true;
                    blocks.Add(current);
                    current = null;
                    continue;
                }
                current.Read(line, i);
            }
            if (current != null)
                blocks.Add(current);
            return blocks;
        }

        private void Read(string line, int index)
        {
            var f = FrameLine.Match(line);
            if (f.Success)
            {
                Frames.Add(new PanicFrame
                {
                    Number = int.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture),
                    Address = ulong.Parse(f.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    Line = index,
                });
                return;
            }
            var v = VectorLine.Match(line);
            if (v.Success && Vector == null)
            {
                Vector = int.Parse(v.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                VectorName = v.Groups[2].Success ? v.Groups[2].Value : null;
            }
            var r = RipLine.Match(line);
            if (r.Success && Rip == null)
            {
                Rip = ulong.Parse(r.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                RipLineIndex = index;
            }
        }
    }
}

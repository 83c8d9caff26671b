using System;
using System.Collections.Generic;
using System.Text;
using Iced.Intel;
using Ringwall.Tools.Elf;

namespace Ringwall.Tools.Symbolizer
{
    /// <summary>
    /// Disassembles the instructions around an address with Iced. Decoding starts at the start
    /// of the enclosing symbol so that instruction boundaries are the real ones.
    /// </summary>
    public static class Disassembly
    {
        /// <summary>How many instructions are shown before and after the marked one.</summary>
        public const int Before = 4, After = 3;

        private const int MaxDecodeBytes = 1 << 20;

        /// <summary>
        /// Lines like "  => ffffffff80012345  48 89 08              mov [rax],rcx". The marked
        /// instruction is the one starting at <paramref name="address"/>, or, when
        /// <paramref name="isReturnAddress"/>, the one ending there (the call).
        /// </summary>
        public static List<string> Around(ElfFile elf, SymbolMatch match, ulong address, bool isReturnAddress, string indent = "    ")
        {
            var lines = new List<string>();
            ulong start = match != null ? match.Symbol.Value : address;
            ulong span = address - start + 16 * (After + 1);
            if (span > MaxDecodeBytes)
            {
                lines.Add(indent + "(no disassembly: symbol start too far away)");
                return lines;
            }
            byte[] bytes = elf.BytesAt(start, (int)span).ToArray();
            if (bytes.Length == 0)
            {
                lines.Add(indent + $"(no disassembly: 0x{address:x16} is not in the image's file contents)");
                return lines;
            }

            var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(bytes), start);
            var all = new List<Instruction>();
            int marked = -1;
            ulong end = start + (ulong)bytes.Length;
            while (decoder.IP < end)
            {
                decoder.Decode(out var ins);
                all.Add(ins);
                bool hit = isReturnAddress ? ins.NextIP == address : ins.IP == address;
                if (hit)
                    marked = all.Count - 1;
                if (marked >= 0 && all.Count - 1 >= marked + After)
                    break;
                if (marked < 0 && ins.IP > address)
                    break;
            }
            if (marked < 0)
            {
                lines.Add(indent + $"(0x{address:x16} is not on an instruction boundary when decoding from 0x{start:x16})");
                marked = all.FindLastIndex(i => i.IP <= address);
                if (marked < 0)
                    return lines;
            }

            var formatter = new IntelFormatter();
            formatter.Options.FirstOperandCharIndex = 8;
            formatter.Options.HexPrefix = "0x";
            formatter.Options.HexSuffix = null;
            formatter.Options.UppercaseHex = false;
            formatter.Options.ShowBranchSize = false;
            var output = new StringOutput();
            int from = Math.Max(0, marked - Before), to = Math.Min(all.Count - 1, marked + After);
            for (int i = from; i <= to; i++)
            {
                var ins = all[i];
                formatter.Format(ins, output);
                string text = ins.IsInvalid ? "(bad)" : output.ToStringAndReset();
                output.Reset();
                lines.Add($"{indent}{(i == marked ? "=> " : "   ")}{ins.IP:x16}  {Hex(bytes, ins.IP - start, ins.Length),-24} {text}");
            }
            return lines;
        }

        private static string Hex(byte[] bytes, ulong offset, int length)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < length && (int)offset + i < bytes.Length; i++)
            {
                if (i > 0)
                    sb.Append(' ');
                sb.Append(bytes[(int)offset + i].ToString("x2"));
            }
            return sb.ToString();
        }
    }
}

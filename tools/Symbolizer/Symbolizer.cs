using System;
using System.Collections.Generic;
using System.Text;

namespace Ringwall.Tools.Symbolizer
{
    /// <summary>
    /// Annotates the panic blocks of a serial log with symbols from the VMM's ELF: every backtrace
    /// address gets "Symbol+0xoff (Namespace.Type.Method)", and rip (or, in a software panic,
    /// frame #0) gets the disassembly around it. Lines outside panic blocks are left as they are.
    /// </summary>
    public sealed class Symbolizer
    {
        private readonly CodeSymbols symbols;

        public Symbolizer(CodeSymbols symbols)
        {
            this.symbols = symbols ?? throw new ArgumentNullException(nameof(symbols));
        }

        /// <summary>Loads <paramref name="elfPath"/> (unstripped) and annotates <paramref name="log"/>.</summary>
        public static string Annotate(string elfPath, string log) => new Symbolizer(CodeSymbols.Load(elfPath)).Annotate(log);

        /// <summary>
        /// The symbol of a backtrace frame. Frames after #0 are return addresses, so the lookup uses
        /// address - 1 (a call at the very end of a function must not resolve to the next one);
        /// the offset printed is still from the printed address.
        /// </summary>
        public SymbolMatch Resolve(ulong address, bool isReturnAddress)
        {
            var m = symbols.Find(isReturnAddress && address > 0 ? address - 1 : address);
            if (m == null)
                return null;
            return new SymbolMatch { Symbol = m.Symbol, Offset = address - m.Symbol.Value };
        }

        /// <summary>"Name+0x1a (Namespace.Type.Method)", "Name+0x1a" when not demangled, "?" when unknown.</summary>
        public static string Describe(SymbolMatch m)
        {
            if (m == null)
                return "?";
            string nice = IlcNames.Demangle(m.Symbol.Name);
            return nice == null ? m.Text : $"{m.Text} ({nice})";
        }

        public string Annotate(string log)
        {
            string[] lines = PanicBlock.Lines(log);
            var blocks = PanicBlock.FindAll(lines);
            if (blocks.Count == 0)
                return log;

            var after = new Dictionary<int, List<string>>();
            var replace = new Dictionary<int, string>();
            foreach (var block in blocks)
            {
                if (block.Rip is ulong rip)
                {
                    var m = Resolve(rip, isReturnAddress: false);
                    var extra = new List<string> { $"    rip is {Describe(m)}" };
                    extra.AddRange(Disassembly.Around(symbols.Elf, m, rip, isReturnAddress: false));
                    after[block.RipLineIndex] = extra;
                }
                foreach (var frame in block.Frames)
                {
                    bool returnAddress = !(frame.Number == 0 && block.Rip == frame.Address);
                    if (frame.Number == 0 && block.Rip == null)
                        returnAddress = true;
                    var m = Resolve(frame.Address, returnAddress);
                    replace[frame.Line] = lines[frame.Line].TrimEnd('\r', ' ') + " " + Describe(m);
                    if (frame.Number == 0 && block.Rip == null && m != null)
                        after[frame.Line] = Disassembly.Around(symbols.Elf, Resolve(frame.Address, true), frame.Address, isReturnAddress: true, indent: "       ");
                }
            }

            var sb = new StringBuilder();
            for (int i = 0; i < lines.Length; i++)
            {
                sb.Append(replace.TryGetValue(i, out var r) ? r : lines[i]);
                if (after.TryGetValue(i, out var extra))
                {
                    foreach (string e in extra)
                        sb.Append('\n').Append(e);
                }
                if (i < lines.Length - 1)
                    sb.Append('\n');
            }
            return sb.ToString();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Ringwall.Tools.Elf;

namespace Ringwall.Tools.Symbolizer
{
    /// <summary>An address resolved to the code symbol that holds it.</summary>
    public sealed class SymbolMatch
    {
        public ElfSymbol Symbol { get; init; }
        public ulong Offset { get; init; }

        /// <summary>"Name+0x1a" (just "Name" at offset 0).</summary>
        public string Text => Offset == 0 ? Symbol.Name : $"{Symbol.Name}+0x{Offset:x}";

        public override string ToString() => Text;
    }

    /// <summary>
    /// The function-like symbols (STT_FUNC and STT_NOTYPE) of the executable sections of an
    /// ELF, sorted by address, for address-to-symbol lookup.
    /// </summary>
    public sealed class CodeSymbols
    {
        private readonly ElfSymbol[] sorted;
        private readonly ElfSection[] owner;

        public ElfFile Elf { get; }

        public int Count => sorted.Length;

        public CodeSymbols(ElfFile elf)
        {
            Elf = elf ?? throw new ArgumentNullException(nameof(elf));
            var best = new Dictionary<ulong, ElfSymbol>();
            foreach (var s in elf.Symbols())
            {
                if (s.Type != ElfSymbol.TypeFunc && s.Type != ElfSymbol.TypeNoType)
                    continue;
                if (string.IsNullOrEmpty(s.Name) || s.Name.StartsWith(".L", StringComparison.Ordinal))
                    continue;
                if (s.SectionIndex == 0 || s.SectionIndex >= elf.Sections.Count || !elf.Sections[s.SectionIndex].IsExecutable)
                    continue;
                if (!best.TryGetValue(s.Value, out var other) || Rank(s) > Rank(other))
                    best[s.Value] = s;
            }
            sorted = best.Values.OrderBy(s => s.Value).ToArray();
            owner = sorted.Select(s => elf.Sections[s.SectionIndex]).ToArray();
        }

        public static CodeSymbols Load(string elfPath) => new CodeSymbols(ElfFile.Load(elfPath));

        /// <summary>
        /// The symbol holding <paramref name="address"/>: the nearest one at or below it in the same
        /// section, and inside its size when the size is known. Null when nothing fits.
        /// </summary>
        public SymbolMatch Find(ulong address)
        {
            int lo = 0, hi = sorted.Length - 1, at = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (sorted[mid].Value <= address)
                {
                    at = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }
            if (at < 0)
                return null;
            var sym = sorted[at];
            if (!owner[at].Contains(address))
                return null;
            ulong offset = address - sym.Value;
            if (sym.Size != 0 && offset >= sym.Size)
                return null;
            return new SymbolMatch { Symbol = sym, Offset = offset };
        }

        /// <summary>Looks a symbol up by its exact name.</summary>
        public ElfSymbol ByName(string name) => sorted.FirstOrDefault(s => s.Name == name);

        // Several names at one address (a RuntimeExport alias, an assembly label): prefer the C#
        // method name, then FUNC over NOTYPE, global over local, sized over unsized.
        private static int Rank(ElfSymbol s) =>
            (IlcNames.Demangle(s.Name) != null ? 8 : 0) + (s.Type == ElfSymbol.TypeFunc ? 4 : 0) + (s.Bind != ElfSymbol.BindLocal ? 2 : 0) + (s.Size != 0 ? 1 : 0);
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Iced.Intel;
using Ringwall.Tools.Elf;

namespace Ringwall.Tools.Bench
{
    /// <summary>
    /// hypercall.entry_exit_floor: the instructions every hypercall executes in the entry
    /// and exit code whatever the C# side does, counted by decoding the VMM image with Iced
    /// (kernel/Arch/Asm/Entry.asm marks the path with labels):
    ///   the gate's stub isr_130 (push, push, jmp),
    ///   isr_common up to entry_common_end (cld, the 15 register saves, the ring test),
    ///   from_guest up to guest_entry_end (root and stack switch, FPU save and defaults,
    ///   the call into C#),
    ///   resume_frame up to guest_exit_end (FPU restore, root switch, the 15 restores, IRETQ),
    /// plus the two instructions of the guest's hypercall-page stub before the gate
    /// (`mov eax, N; int 0x82`, written by kernel/Arch/Guest/HypercallPageWriter.cs) and
    /// the `ret` of an empty C# handler. The measured round trip can approach it, never
    /// beat it.
    /// </summary>
    public static class HypercallFloor
    {
        private static readonly (string From, string To)[] Segments =
        {
            ("isr_130", "isr_131"),
            ("isr_common", "entry_common_end"),
            ("from_guest", "guest_entry_end"),
            ("resume_frame", "guest_exit_end"),
        };

        private const int StubInstructions = 2;
        private const int EmptyHandler = 1;

        /// <summary>True for a VMM image (it has the entry path); other ELF files have no floor.</summary>
        public static bool Applies(string elfPath) => ElfFile.Load(elfPath).Symbols().Any(s => s.Name == "isr_common");

        public static Metric Measure(string elfPath)
        {
            var elf = ElfFile.Load(elfPath);
            var symbols = new Dictionary<string, ulong>();
            foreach (var s in elf.Symbols())
                symbols.TryAdd(s.Name, s.Value);
            long count = StubInstructions + EmptyHandler;
            foreach (var (from, to) in Segments)
                count += CountInstructions(elf, Address(symbols, from), Address(symbols, to));
            return new Metric { Id = "hypercall.entry_exit_floor", Value = count, Unit = "instructions", Method = "static" };
        }

        private static ulong Address(Dictionary<string, ulong> symbols, string name) =>
            symbols.TryGetValue(name, out ulong a) ? a : throw new InvalidDataException($"symbol {name} not found in the image");

        private static int CountInstructions(ElfFile elf, ulong start, ulong end)
        {
            if (end <= start || end - start > 4096)
                throw new InvalidDataException($"bad entry-path segment {start:x}..{end:x}");
            byte[] code = elf.BytesAt(start, (int)(end - start)).ToArray();
            var decoder = Decoder.Create(64, new ByteArrayCodeReader(code), start);
            int n = 0;
            while (decoder.IP < end)
            {
                decoder.Decode(out Instruction instruction);
                if (instruction.IsInvalid)
                    throw new InvalidDataException($"undecodable instruction at {instruction.IP:x}");
                n++;
            }
            return n;
        }
    }
}

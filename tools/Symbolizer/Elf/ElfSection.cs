namespace Ringwall.Tools.Elf
{
    /// <summary>One ELF64 section header (Elf64_Shdr).</summary>
    public sealed class ElfSection
    {
        public const uint TypeProgBits = 1;
        public const uint TypeSymTab = 2;
        public const uint TypeStrTab = 3;
        public const uint TypeNoBits = 8;

        public const ulong FlagWrite = 0x1;
        public const ulong FlagAlloc = 0x2;
        public const ulong FlagExecInstr = 0x4;

        public int Index { get; init; }
        public string Name { get; init; }
        public uint Type { get; init; }
        public ulong Flags { get; init; }
        public ulong Address { get; init; }
        public ulong Offset { get; init; }
        public ulong Size { get; init; }
        public uint Link { get; init; }
        public ulong EntrySize { get; init; }

        public bool IsExecutable => (Flags & FlagExecInstr) != 0;
        public bool IsAllocated => (Flags & FlagAlloc) != 0;

        public bool Contains(ulong address) => address >= Address && address - Address < Size;

        public override string ToString() => $"{Name} @0x{Address:x} size 0x{Size:x}";
    }
}

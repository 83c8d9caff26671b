namespace Ringwall.Tools.Elf
{
    /// <summary>One ELF64 symbol (Elf64_Sym) with its name resolved.</summary>
    public sealed class ElfSymbol
    {
        public const byte TypeNoType = 0;
        public const byte TypeObject = 1;
        public const byte TypeFunc = 2;
        public const byte TypeSection = 3;
        public const byte TypeFile = 4;

        public const byte BindLocal = 0;
        public const byte BindGlobal = 1;
        public const byte BindWeak = 2;

        public string Name { get; init; }
        public ulong Value { get; init; }
        public ulong Size { get; init; }
        public byte Type { get; init; }
        public byte Bind { get; init; }
        public ushort SectionIndex { get; init; }

        public override string ToString() => $"{Name} @0x{Value:x} size 0x{Size:x}";
    }
}

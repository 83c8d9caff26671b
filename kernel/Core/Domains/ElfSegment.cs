namespace Ringwall.Core.Domains
{
    // One validated, non-empty PT_LOAD segment of a guest kernel image.
    public struct ElfSegment
    {
        public const uint FlagExecute = 1; // PF_X
        public const uint FlagWrite = 2;   // PF_W
        public const uint FlagRead = 4;    // PF_R

        // Offset of the contents in the ELF file, and their physical address in the
        // module (module start + offset): FileSize bytes are copied from there.
        public ulong FileOffset;
        public ulong SourceAddress;
        public ulong FileSize;
        // [VirtualAddress, VirtualAddress + MemorySize): the bytes past FileSize are zero.
        public ulong VirtualAddress;
        public ulong MemorySize;
        public uint Flags;

        // First byte after the segment (never wraps: Parse refuses such segments).
        public ulong VirtualEnd => VirtualAddress + MemorySize;
        public bool Executable => (Flags & FlagExecute) != 0;
        public bool Writable => (Flags & FlagWrite) != 0;
        public bool Readable => (Flags & FlagRead) != 0;

        public bool ContainsVirtual(ulong address) => address >= VirtualAddress && address - VirtualAddress < MemorySize;
    }
}

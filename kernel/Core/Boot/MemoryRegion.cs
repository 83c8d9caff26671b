namespace Ringwall.Core.Boot
{
    // Kinds follow the E820 numbering that PVH and multiboot2 both use.
    public enum MemoryKind : uint
    {
        Usable = 1,
        Reserved = 2,
        AcpiReclaimable = 3,
        AcpiNvs = 4,
        Bad = 5,
    }

    public struct MemoryRegion
    {
        public ulong Start;
        public ulong Length;
        public MemoryKind Kind;

        public ulong End => Start + Length;

        public MemoryRegion(ulong start, ulong length, MemoryKind kind)
        {
            Start = start;
            Length = length;
            Kind = kind;
        }
    }
}

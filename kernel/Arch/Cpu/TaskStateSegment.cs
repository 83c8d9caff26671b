using System.Runtime.InteropServices;

namespace Ringwall.Arch.Cpu
{
    // The 64-bit TSS: stack pointers for entries from rings 1-3 and the interrupt
    // stack table. No I/O permission bitmap yet (IoMapBase beyond the limit).
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public unsafe struct TaskStateSegment
    {
        public uint Reserved0;
        public ulong Rsp0;
        public ulong Rsp1;
        public ulong Rsp2;
        public ulong Reserved1;
        public fixed ulong Ist[7];
        public ulong Reserved2;
        public ushort Reserved3;
        public ushort IoMapBase;

        public const int Size = 104;
    }
}

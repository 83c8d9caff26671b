namespace Ringwall.Arch.Cpu
{
    // The VMM's GDT layout (identical on every CPU). Guest selectors are reserved now
    // for the ring-1 kernel and ring-3 processes that later issues run.
    public static class Selectors
    {
        public const ushort VmmCode = 0x08;          // 64-bit code, DPL 0
        public const ushort VmmData = 0x10;          // data, DPL 0
        public const ushort GuestKernelCode = 0x19;  // 64-bit code, DPL 1 (RPL 1)
        public const ushort GuestKernelData = 0x21;  // data, DPL 1
        public const ushort GuestUserData = 0x2B;    // data, DPL 3
        public const ushort GuestUserCode = 0x33;    // 64-bit code, DPL 3
        public const ushort Tss = 0x38;              // 16-byte TSS descriptor
        public const int GdtEntries = 9;
    }
}

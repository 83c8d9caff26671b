namespace Ringwall.Arch.Cpu
{
    // The VMM's GDT layout (identical on every CPU): the VMM's entries at the bottom,
    // then (indices 16..31, selectors 0x80..0xF8) the guest slots that hold the
    // running vCPU's set_gdt table (kernel/Core/Descriptors/GuestGdt.cs; zero when it
    // has none). Indices 9..15 stay zero. The GDT ends where the TSS begins
    // (EntryLayout.TssInPage = 32 * 8).
    public static class Selectors
    {
        public const ushort VmmCode = 0x08;          // 64-bit code, DPL 0
        public const ushort VmmData = 0x10;          // data, DPL 0
        public const ushort GuestKernelCode = 0x19;  // 64-bit code, DPL 1 (RPL 1)
        public const ushort GuestKernelData = 0x21;  // data, DPL 1
        public const ushort GuestUserData = 0x2B;    // data, DPL 3
        public const ushort GuestUserCode = 0x33;    // 64-bit code, DPL 3
        public const ushort Tss = 0x38;              // 16-byte TSS descriptor
        public const int GdtEntries = Ringwall.Core.Descriptors.GuestGdt.TableEntries;
        public const int FirstGuestEntry = Ringwall.Core.Descriptors.GuestGdt.FirstGuestEntry;
    }
}

namespace Ringwall.Arch.Entry
{
    // The entry area's layout (see kernel/Arch/Asm/EntryLayout.inc, which must agree:
    // tests/Host/Arch/EntryLayoutTests.cs compares them). Offsets from Base.
    // Every guest entry's frame is at EntryFrame, the top FrameBytes of the entry stack
    // (the IST stubs move theirs there): the one place a guest's registers are kept.
    public static class EntryLayout
    {
        public const int L4Slot = 271;
        public const ulong Base = 0xFFFF878000000000;   // L4 slot 271
        public const ulong CodeOffset = 0x00000;        // entry code, read-execute (at most 64 KiB)
        public const ulong MaxCodeBytes = 0x10000;
        public const ulong DescriptorOffset = 0x10000;  // GDT (+0) and TSS (+0x100), read-only
        public const ulong IdtOffset = 0x11000;         // IDT, read-only
        public const ulong PerCpuOffset = 0x12000;      // per-CPU data, read-only
        public const ulong TssInPage = 0x100;
        // Stacks, each with an unmapped guard page below: the entry stack (TSS.RSP0),
        // then the IST stacks (#DF, NMI, #MC, #DB).
        public const ulong StackRegion = 0x20000;
        public const ulong StackSlot = 0x10000;
        public const ulong StackBytes = 0x2000;
        public const int StackCount = 5;

        public const ulong PerCpu = Base + PerCpuOffset;
        public const int PerCpuVmmCr3 = 0;
        public const int PerCpuGuestCr3 = 8;
        public const int PerCpuVmmStack = 16;
        public const int PerCpuFpuArea = 24;
        public const int PerCpuMxcsr = 32;
        public const int PerCpuEntryTarget = 40;
        public const int FrameCs = 18 * 8;
        public const ulong FrameBytes = 22 * 8;         // sizeof(InterruptFrame)
        public const ulong EntryStackTopAddress = 0xFFFF878000023000;   // = StackTop(0)
        public const ulong EntryFrame = EntryStackTopAddress - FrameBytes;
        public const ulong IstScrubBytes = 128;         // zeroed by an IST stub on a guest entry

        // Stack i occupies [bottom, top) with its guard page just below bottom.
        public static ulong StackTop(int i) => Base + StackRegion + (ulong)i * StackSlot + 0x1000 + StackBytes;
        public static ulong StackBottom(int i) => Base + StackRegion + (ulong)i * StackSlot + 0x1000;
        public static ulong EntryStackTop => StackTop(0);
        public const int FirstIstStack = 1;
    }
}

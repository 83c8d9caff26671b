using System.Runtime;
using System.Runtime.CompilerServices;

namespace Ringwall.Arch.Paging
{
    // Where the linker put each part of the image (virtual addresses; physical =
    // virtual - KernelBase except ImageStartPhysical). Filled by rw_image_layout.
    public unsafe struct ImageLayout
    {
        public const ulong KernelBase = 0xFFFFFFFF80000000;
        public const ulong StackSlotBytes = 65536;
        public const ulong GuardBytes = 4096;
        public const int BootStackSlot = 0;
        public const int StackSlots = 5;

        public ulong ImageStartPhysical;
        public ulong TextStart, TextEnd;
        public ulong RodataStart, RodataEnd;
        public ulong DataStart, DataEnd;
        public ulong BssStart, BssEnd;
        public ulong StacksStart, StacksEnd;
        public ulong SymbolsStart, SymbolsEnd;
        public ulong ImageEnd;
        public ulong SymbolTable;
        public ulong InterruptStubTable;
        public ulong EntryStart, EntryEnd;
        public ulong ResumeGuest;
        public ulong GuestEntry, GuestEntryMeasured;   // rw_guest_entry and EntryStats' wrapper
        public ulong SmapInterruptStubTable;            // rw_isr_table_smap: the stubs that begin with clac

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_image_layout")]
        private static extern void Fill(ImageLayout* layout);

        public static ImageLayout Read()
        {
            ImageLayout layout;
            Fill(&layout);
            return layout;
        }

        public ulong ImageEndPhysical => ImageEnd - KernelBase;

        public ulong StackGuard(int slot) => StacksStart + (ulong)slot * StackSlotBytes;
        public ulong StackBottom(int slot) => StackGuard(slot) + GuardBytes;
        public ulong StackTop(int slot) => StackGuard(slot) + StackSlotBytes;

        public bool IsOnAStack(ulong address) => address >= StacksStart && address < StacksEnd
            && (address - StacksStart) % StackSlotBytes >= GuardBytes;
    }
}

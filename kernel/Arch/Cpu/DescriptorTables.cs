using Ringwall.Arch.Paging;

namespace Ringwall.Arch.Cpu
{
    // The boot CPU's GDT and TSS and the IDT every CPU shares.
    // Invariants: every IDT gate is a DPL-0 interrupt gate (IF cleared on entry) to
    // the VMM code segment; #DF, NMI, #MC and #DB run on their own IST stacks, each
    // with an unmapped guard page below it; no descriptor is writable by a guest (none
    // is mapped in a guest address space yet).
    public static unsafe class DescriptorTables
    {
        public const int IstDoubleFault = 1, IstNmi = 2, IstMachineCheck = 3, IstDebug = 4;

        private struct Tables
        {
            public fixed ulong Gdt[Selectors.GdtEntries];
            public TaskStateSegment Tss;
            public fixed ulong Idt[512];
        }

        private static Tables* s_tables;

        public static TaskStateSegment* Tss => &s_tables->Tss;

        // `memory` holds BytesNeeded zeroed bytes that stay mapped for good.
        public static void Install(byte* memory, in ImageLayout layout)
        {
            s_tables = (Tables*)memory;
            BuildGdt(layout);
            BuildIdt(layout);
            LoadAll();
        }

        private static void BuildGdt(in ImageLayout layout)
        {
            ulong* gdt = s_tables->Gdt;
            gdt[0] = 0;
            gdt[1] = CodeSegment(0);
            gdt[2] = DataSegment(0);
            gdt[3] = CodeSegment(1);
            gdt[4] = DataSegment(1);
            gdt[5] = DataSegment(3);
            gdt[6] = CodeSegment(3);
            ulong tss = (ulong)&s_tables->Tss;
            ulong limit = TaskStateSegment.Size - 1;
            gdt[7] = (limit & 0xFFFF) | ((tss & 0xFFFFFF) << 16) | (0x89UL << 40) | ((tss >> 24 & 0xFF) << 56);
            gdt[8] = tss >> 32;

            TaskStateSegment* t = &s_tables->Tss;
            t->Rsp0 = layout.StackTop(ImageLayout.BootStackSlot);
            t->Ist[IstDoubleFault - 1] = layout.StackTop(1);
            t->Ist[IstNmi - 1] = layout.StackTop(2);
            t->Ist[IstMachineCheck - 1] = layout.StackTop(3);
            t->Ist[IstDebug - 1] = layout.StackTop(4);
            t->IoMapBase = TaskStateSegment.Size;
        }

        // Long mode: base and limit ignored; L=1 for code; DPL in bits 45-46;
        // accessed bit preset so the CPU never writes the table.
        private static ulong CodeSegment(int dpl) => 0x00209B0000000000UL | ((ulong)dpl << 45);
        private static ulong DataSegment(int dpl) => 0x0000930000000000UL | ((ulong)dpl << 45);

        private static void BuildIdt(in ImageLayout layout)
        {
            ulong* stubs = (ulong*)layout.InterruptStubTable;
            for (int vector = 0; vector < 256; vector++)
                SetGate(vector, stubs[vector], IstFor(vector));
        }

        private static int IstFor(int vector)
        {
            if (vector == 8) return IstDoubleFault;
            if (vector == 2) return IstNmi;
            if (vector == 18) return IstMachineCheck;
            if (vector == 1) return IstDebug;
            return 0;
        }

        private static void SetGate(int vector, ulong handler, int ist)
        {
            ulong* gate = s_tables->Idt + vector * 2;
            gate[0] = (handler & 0xFFFF) | ((ulong)Selectors.VmmCode << 16) | ((ulong)ist << 32)
                    | (0x8EUL << 40) | ((handler >> 16 & 0xFFFF) << 48);
            gate[1] = handler >> 32;
        }

        private static void LoadAll()
        {
            byte* pointer = stackalloc byte[10];
            *(ushort*)pointer = Selectors.GdtEntries * 8 - 1;
            *(ulong*)(pointer + 2) = (ulong)s_tables->Gdt;
            Cpu.LoadGdt(pointer);
            Cpu.LoadSegments(Selectors.VmmCode, Selectors.VmmData);
            Cpu.LoadTaskRegister(Selectors.Tss);
            *(ushort*)pointer = 256 * 16 - 1;
            *(ulong*)(pointer + 2) = (ulong)s_tables->Idt;
            Cpu.LoadIdt(pointer);
        }

        public static ulong BytesNeeded => (ulong)sizeof(Tables);
    }

}

namespace Ringwall.Arch.Cpu
{
    // The GDT, TSS and IDT of the running CPU. They are built twice: at early boot in
    // arena memory (so faults are reported from the start), then in the entry area
    // (kernel/Arch/Entry/EntryArea.cs), whose copy the CPU uses from then on.
    // Invariants: every IDT gate is a DPL-0 interrupt gate (IF cleared on entry) to the
    // VMM code segment, except the hypercall gate (DPL 1, reachable from ring 1 only);
    // #DF, NMI, #MC and #DB run on IST stacks with unmapped guard pages; descriptors
    // have the accessed bit preset so the CPU never writes the tables (the entry-area
    // copy is read-only); the loaded GDT is read-only once LTR has set the busy bit.
    public static unsafe class DescriptorTables
    {
        public const int IstDoubleFault = 1, IstNmi = 2, IstMachineCheck = 3, IstDebug = 4;
        public const int HypercallVector = 0x82;
        public const int GdtBytes = Selectors.GdtEntries * 8;
        public const int IdtBytes = 256 * 16;

        private static TaskStateSegment* s_tss;
        private static ulong* s_gdt;
        private static byte* s_idt;
        private static ulong* s_stubs;
        private static ulong s_stubBias;

        // The TSS as the VMM writes it (RSP0/RSP1 change per vCPU).
        public static TaskStateSegment* Tss => s_tss;

        // The GDT as the VMM writes it (the guest slots change per vCPU:
        // kernel/Arch/Guest/GuestDescriptors.cs).
        public static ulong* Gdt => s_gdt;

        public struct Placement
        {
            public byte* Gdt;            // writable address of GdtBytes bytes
            public ulong GdtVirtual;     // the address the CPU will use (may be a read-only alias)
            public TaskStateSegment* Tss;
            public ulong TssVirtual;
            public byte* Idt;            // writable address of IdtBytes bytes
            public ulong IdtVirtual;
            public ulong* Stubs;         // the 256 stub addresses as linked
            public ulong StubBias;       // added to each stub address (entry-area alias)
            public ulong Rsp0;
            public ulong IstDoubleFaultTop, IstNmiTop, IstMachineCheckTop, IstDebugTop;
        }

        public static void Install(in Placement p)
        {
            BuildGdt(p);
            BuildIdt(p);
            s_tss = p.Tss;
            s_gdt = (ulong*)p.Gdt;
            s_idt = p.Idt;
            s_stubs = p.Stubs;
            s_stubBias = p.StubBias;
            Load(p);
        }

        private static void BuildGdt(in Placement p)
        {
            ulong* gdt = (ulong*)p.Gdt;
            gdt[0] = 0;
            gdt[1] = CodeSegment(0);
            gdt[2] = DataSegment(0);
            gdt[3] = CodeSegment(1);
            gdt[4] = DataSegment(1);
            gdt[5] = DataSegment(3);
            gdt[6] = CodeSegment(3);
            ulong tss = p.TssVirtual;
            ulong limit = TaskStateSegment.Size - 1;
            gdt[7] = (limit & 0xFFFF) | ((tss & 0xFFFFFF) << 16) | (0x89UL << 40) | ((tss >> 24 & 0xFF) << 56);
            gdt[8] = tss >> 32;
            for (int i = 9; i < Selectors.GdtEntries; i++) gdt[i] = 0;   // unused, then the guest slots

            TaskStateSegment* t = p.Tss;
            *t = default;
            t->Rsp0 = p.Rsp0;
            t->Ist[IstDoubleFault - 1] = p.IstDoubleFaultTop;
            t->Ist[IstNmi - 1] = p.IstNmiTop;
            t->Ist[IstMachineCheck - 1] = p.IstMachineCheckTop;
            t->Ist[IstDebug - 1] = p.IstDebugTop;
            t->IoMapBase = TaskStateSegment.Size;
        }

        // Long mode: base and limit ignored; L=1 for code; DPL in bits 45-46;
        // accessed bit preset so the CPU never writes the table.
        private static ulong CodeSegment(int dpl) => 0x00209B0000000000UL | ((ulong)dpl << 45);
        private static ulong DataSegment(int dpl) => 0x0000930000000000UL | ((ulong)dpl << 45);

        private static void BuildIdt(in Placement p)
        {
            for (int vector = 0; vector < 256; vector++)
                SetGate(p.Idt, vector, p.Stubs[vector] + p.StubBias, IstFor(vector), DplFor(vector));
        }

        // int3 and into may be used by guests in rings 1 and 3 (they come to the VMM,
        // which delivers them to the guest's handlers); the hypercall gate only from
        // ring 1; every other software interrupt raises #GP.
        private static int DplFor(int vector)
        {
            if (vector == HypercallVector) return 1;
            if (vector == 3 || vector == 4) return 3;
            return 0;
        }

        // Points `vector` at a guest's ring-1 handler through a DPL-3 trap gate (IF is
        // not cleared: the guest's interrupt flag is virtual), or back at the VMM's stub.
        public static void SetGuestGate(int vector, ulong handler)
        {
            ulong* gate = (ulong*)s_idt + vector * 2;
            gate[0] = (handler & 0xFFFF) | ((ulong)Selectors.GuestKernelCode << 16)
                    | (0xEFUL << 40) | ((handler >> 16 & 0xFFFF) << 48);
            gate[1] = handler >> 32;
        }

        // Points `vector` at a VMM handler (ring 0) with the given DPL (bench mode's native
        // system-call baseline: kernel/Arch/Startup/SyscallBench.cs); ResetGate undoes it.
        public static void SetVmmGate(int vector, ulong handler, int dpl) => SetGate(s_idt, vector, handler, 0, dpl);

        public static void ResetGate(int vector)
            => SetGate(s_idt, vector, s_stubs[vector] + s_stubBias, IstFor(vector), DplFor(vector));

        private static int IstFor(int vector)
        {
            if (vector == 8) return IstDoubleFault;
            if (vector == 2) return IstNmi;
            if (vector == 18) return IstMachineCheck;
            if (vector == 1) return IstDebug;
            return 0;
        }

        private static void SetGate(byte* idt, int vector, ulong handler, int ist, int dpl)
        {
            ulong* gate = (ulong*)idt + vector * 2;
            ulong type = 0x8EUL | ((ulong)dpl << 5);
            gate[0] = (handler & 0xFFFF) | ((ulong)Selectors.VmmCode << 16) | ((ulong)ist << 32)
                    | (type << 40) | ((handler >> 16 & 0xFFFF) << 48);
            gate[1] = handler >> 32;
        }

        // LTR marks the TSS descriptor busy, a write: it is done through the writable
        // address; then the GDTR moves to the (possibly read-only) address for good.
        private static void Load(in Placement p)
        {
            byte* pointer = stackalloc byte[10];
            *(ushort*)pointer = GdtBytes - 1;
            *(ulong*)(pointer + 2) = (ulong)p.Gdt;
            Cpu.LoadGdt(pointer);
            Cpu.LoadSegments(Selectors.VmmCode, Selectors.VmmData);
            Cpu.LoadTaskRegister(Selectors.Tss);
            *(ulong*)(pointer + 2) = p.GdtVirtual;
            Cpu.LoadGdt(pointer);
            *(ushort*)pointer = IdtBytes - 1;
            *(ulong*)(pointer + 2) = p.IdtVirtual;
            Cpu.LoadIdt(pointer);
        }
    }
}

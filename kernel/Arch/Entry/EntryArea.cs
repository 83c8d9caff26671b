using Ringwall.Arch.Cpu;
using Ringwall.Arch.Paging;
using Ringwall.Core.Physical;
using Ringwall.Runtime;

namespace Ringwall.Arch.Entry
{
    // The entry area of a CPU: everything the CPU needs while it switches between a
    // guest and the VMM, mapped at EntryLayout.Base (L4 slot 271) by one L3 table that
    // both this CPU's VMM root and its guest root point to, so the mapping is
    // identical in both.
    // Invariants: the area holds only entry code (read-execute), the GDT, TSS and IDT
    // and the per-CPU page (read-only), and this CPU's entry and IST stacks
    // (read-write, no-execute, each above an unmapped guard page); nothing secret is in
    // it and nothing else of the VMM is reachable from a guest root; no entry is
    // global. A guest's ring 1 can read all of it and write the stacks of the CPU it
    // runs on (paging cannot tell ring 1 from ring 0): the entry stack holds only the
    // frame of the vCPU that runs (EntryLayout.EntryFrame), the IST stacks nothing of
    // a guest once its entry has moved its frame (Entry.asm), and the VMM's C# runs on
    // a stack outside the area (what an exception in the VMM leaves on an IST stack is
    // scrubbed before the next domain runs: EntryScrub). The stack pages themselves are
    // the running domain's own: DomainStacks repoints their entries on every switch
    // between domains, so what one domain left or stored there no other ever maps.
    public static unsafe class EntryArea
    {
        private static ulong s_l3;
        private static PerCpuData* s_perCpu;
        private static ulong s_resumeAlias;
        private static ulong* s_pte;   // the area's L1 table (direct-map address)

        public static ulong L3Table => s_l3;
        public static PerCpuData* PerCpu => s_perCpu;

        // The entry-area address of rw_resume_guest (the image address is not mapped
        // in a guest root).
        public static ulong ResumeGuestAlias => s_resumeAlias;

        // `smap`: the CPU has SMAP, so the IDT gets the stubs that begin with clac.
        public static void Build(FrameAllocator frames, ulong vmmRoot, in ImageLayout layout, bool smap)
        {
            if (layout.EntryEnd - layout.EntryStart > EntryLayout.MaxCodeBytes) Panic.Halt("entry code larger than its window");
            s_l3 = NewTable(frames);
            ulong l2 = NewTable(frames);
            ulong l1 = NewTable(frames);
            Table(s_l3)[0] = l2 | PageFlags.Present | PageFlags.Writable;
            Table(l2)[0] = l1 | PageFlags.Present | PageFlags.Writable;
            Table(vmmRoot)[EntryLayout.L4Slot] = s_l3 | PageFlags.Present | PageFlags.Writable;
            ulong* pte = Table(l1);
            s_pte = pte;

            for (ulong v = layout.EntryStart; v < layout.EntryEnd; v += 0x1000)
                pte[(EntryLayout.CodeOffset + v - layout.EntryStart) >> 12] = (v - ImageLayout.KernelBase) | PageFlags.Present;

            ulong descriptors = NewFrame(frames);
            ulong idt = NewFrame(frames);
            ulong perCpu = NewFrame(frames);
            pte[EntryLayout.DescriptorOffset >> 12] = descriptors | PageFlags.Present | PageFlags.NoExecute;
            pte[EntryLayout.IdtOffset >> 12] = idt | PageFlags.Present | PageFlags.NoExecute;
            pte[EntryLayout.PerCpuOffset >> 12] = perCpu | PageFlags.Present | PageFlags.NoExecute;
            for (int s = 0; s < EntryLayout.StackCount; s++)
                for (ulong page = 0; page < EntryLayout.StackBytes; page += 0x1000)
                    pte[(EntryLayout.StackBottom(s) - EntryLayout.Base + page) >> 12] =
                        NewFrame(frames) | PageFlags.Present | PageFlags.Writable | PageFlags.NoExecute;   // boot's; DomainStacks maps each domain's
            Cpu.Cpu.WriteCr3(Cpu.Cpu.ReadCr3());

            s_perCpu = (PerCpuData*)DirectMap.ToVirtual(perCpu);
            s_perCpu->VmmCr3 = Pcid.VmmCr3(vmmRoot);
            s_perCpu->VmmStackTop = layout.StackTop(ImageLayout.BootStackSlot);
            s_perCpu->Mxcsr = 0x1F80;
            s_perCpu->EntryTarget = layout.GuestEntry;
            s_resumeAlias = Alias(layout, layout.ResumeGuest);

            var p = new DescriptorTables.Placement();
            p.Gdt = DirectMap.ToVirtual(descriptors);
            p.GdtVirtual = EntryLayout.Base + EntryLayout.DescriptorOffset;
            p.Tss = (TaskStateSegment*)(DirectMap.ToVirtual(descriptors) + EntryLayout.TssInPage);
            p.TssVirtual = EntryLayout.Base + EntryLayout.DescriptorOffset + EntryLayout.TssInPage;
            p.Idt = DirectMap.ToVirtual(idt);
            p.IdtVirtual = EntryLayout.Base + EntryLayout.IdtOffset;
            p.Stubs = (ulong*)(smap ? layout.SmapInterruptStubTable : layout.InterruptStubTable);
            p.StubBias = EntryLayout.Base + EntryLayout.CodeOffset - layout.EntryStart;
            p.Rsp0 = EntryLayout.EntryStackTop;
            p.IstDoubleFaultTop = EntryLayout.StackTop(1);
            p.IstNmiTop = EntryLayout.StackTop(2);
            p.IstMachineCheckTop = EntryLayout.StackTop(3);
            p.IstDebugTop = EntryLayout.StackTop(4);
            DescriptorTables.Install(p);
            if (smap) Ringwall.Drivers.Console.Log.Info().Text("entry: SMAP, every entry stub begins with clac").End();
        }

        public static ulong Alias(in ImageLayout layout, ulong entryCodeAddress)
            => EntryLayout.Base + EntryLayout.CodeOffset + entryCodeAddress - layout.EntryStart;

        // The page-table entry that maps the entry-area page at `address`.
        public static ulong* PteOf(ulong address) => s_pte + ((address - EntryLayout.Base) >> 12);

        public static bool IsEntryStack(ulong address)
            => address >= EntryLayout.StackBottom(0) && address < EntryLayout.StackTop(EntryLayout.StackCount - 1);

        public static bool IsIstStack(ulong address)
            => address >= EntryLayout.StackBottom(EntryLayout.FirstIstStack) && address < EntryLayout.StackTop(EntryLayout.StackCount - 1);

        private static ulong* Table(ulong physical) => (ulong*)DirectMap.ToVirtual(physical);

        private static ulong NewFrame(FrameAllocator frames)
        {
            if (!frames.TryAllocate(out ulong frame)) Panic.Halt("out of memory building the entry area");
            ulong physical = frame * FrameAllocator.FrameSize;
            byte* p = DirectMap.ToVirtual(physical);
            for (int i = 0; i < 4096; i += 8) *(ulong*)(p + i) = 0;
            return physical;
        }

        private static ulong NewTable(FrameAllocator frames) => NewFrame(frames);
    }
}

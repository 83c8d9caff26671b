using Ringwall.Arch.Cpu;
using Ringwall.Core.Boot;
using Ringwall.Core.Physical;

namespace Ringwall.Arch.Paging
{
    // The VMM's own address space.
    // Invariants: the lowest 512 GiB of virtual space are unmapped (null-pointer
    // checks in generated code rely on a fault near 0); text is read-execute, read-only
    // data read-only and no-execute, data, bss and stacks read-write and no-execute
    // (W^X); the guard page under every VMM stack is unmapped; the direct map covers
    // the memory map's RAM and ACPI regions and the first MiB, no-execute; no entry is
    // global (guests will share the TLB).
    public static class VmmAddressSpace
    {
        public static ulong Build(FrameAllocator frames, BootInfo boot, in ImageLayout layout, bool noExecute, out ulong tables)
        {
            ulong nx = noExecute ? PageFlags.NoExecute : 0;
            var builder = new PageTableBuilder(frames, 0x100000000UL);
            ulong data = PageFlags.Writable | nx;

            builder.MapRange(DirectMap.Base, 0, 0x100000, data);
            for (int i = 0; i < boot.RegionCount; i++)
            {
                MemoryRegion r = boot.Regions[i];
                if (r.Kind == MemoryKind.Usable || r.Kind == MemoryKind.AcpiReclaimable || r.Kind == MemoryKind.AcpiNvs)
                    builder.MapRange(DirectMap.Base, r.Start, r.End, data);
            }

            MapImage(ref builder, layout.TextStart, layout.TextEnd, 0);
            MapImage(ref builder, layout.RodataStart, layout.RodataEnd, nx);
            MapImage(ref builder, layout.DataStart, layout.DataEnd, data);
            MapImage(ref builder, layout.BssStart, layout.BssEnd, data);
            for (int slot = 0; slot < ImageLayout.StackSlots; slot++)
                MapImage(ref builder, layout.StackBottom(slot), layout.StackTop(slot), data);
            MapImage(ref builder, layout.SymbolsStart, layout.SymbolsEnd, nx);
            tables = builder.TablesAllocated;
            return builder.Root;
        }

        private static void MapImage(ref PageTableBuilder builder, ulong start, ulong end, ulong flags)
        {
            for (ulong v = start & ~0xFFFUL; v < end; v += 0x1000)
                builder.Map4K(v, v - ImageLayout.KernelBase, flags);
        }

        public static void Activate(ulong root)
        {
            Cpu.Cpu.WriteCr0(Cpu.Cpu.ReadCr0() | Cpu.Cpu.Cr0WriteProtect);
            Cpu.Cpu.WriteCr3(root);
        }
    }
}

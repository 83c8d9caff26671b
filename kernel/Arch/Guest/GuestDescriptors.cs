using Ringwall.Arch.Cpu;
using Ringwall.Core.Descriptors;

namespace Ringwall.Arch.Guest
{
    // The guest slots of the CPU's GDT and the data segment registers across vCPU
    // switches. The GDT lives read-only in the entry area; the VMM writes it through
    // its direct-map alias (DescriptorTables.Gdt).
    // Invariants: while a vCPU is loaded, GDT entries 16..31 hold exactly its GuestGdt
    // shadow (zero where it has none), so no domain ever sees another's descriptors;
    // DS, ES, FS and GS hold the loaded vCPU's selectors: when it is switched out they
    // are saved in its GuestGdt, and the next vCPU's saved selectors are loaded, each
    // only if DescriptorCheck.IsLoadableData accepts it against the GDT as now filled
    // (otherwise null), so no segment load in ring 0 can fault; FS and GS go through
    // a base-0 selector first, so no FS/GS base survives a switch. CS and SS of a
    // frame are kept on return only if IsReturnable accepts them (FrameSanitizer).
    public static unsafe class GuestDescriptors
    {
        private static VcpuContext s_loaded;

        public static VcpuContext Loaded => s_loaded;

        // Makes `running` the vCPU whose descriptors and data selectors the CPU holds
        // (on every slow return path; copying 16 entries is cheap).
        public static void Load(VcpuContext running)
        {
            GuestGdt table = running.Gdt;
            ulong* gdt = DescriptorTables.Gdt;
            for (int i = 0; i < GuestGdt.GuestEntries; i++)
                gdt[GuestGdt.FirstGuestEntry + i] = table.Slots[i];
            if (s_loaded == running) return;
            if (s_loaded != null)
            {
                ushort* saved = stackalloc ushort[4];
                Cpu.Cpu.ReadDataSelectors(saved);
                GuestGdt previous = s_loaded.Gdt;
                previous.Ds = saved[0];
                previous.Es = saved[1];
                previous.Fs = saved[2];
                previous.Gs = saved[3];
            }
            Cpu.Cpu.LoadDataSelectors(Loadable(table.Ds), Loadable(table.Es), Loadable(table.Fs), Loadable(table.Gs),
                Selectors.VmmData);
            s_loaded = running;
        }

        // Writes one guest slot of the live GDT (update_descriptor on the loaded vCPU).
        public static void WriteSlot(uint index, ulong installed) => DescriptorTables.Gdt[index] = installed;

        // The selector if loading it now cannot fault, else null.
        private static ushort Loadable(ushort selector)
            => DescriptorCheck.IsLoadableData(selector, Entry(selector)) ? selector : (ushort)0;

        // The live GDT entry a selector names (0 beyond the GDT or for LDT selectors).
        public static ulong Entry(ulong selector)
        {
            ulong index = (selector & 0xFFFF) >> 3;
            if ((selector & 4) != 0 || index >= Selectors.GdtEntries) return 0;
            return DescriptorTables.Gdt[index];
        }

        public static bool IsReturnable(ulong cs, ulong ss)
            => DescriptorCheck.IsReturnable((ushort)cs, Entry(cs), (ushort)ss, Entry(ss)) && cs <= 0xFFFF && ss <= 0xFFFF;
    }
}

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
        // The GDT's guest slots are all 0 (true at boot): a vCPU without a table (whose
        // slots are 0 by GuestGdt's invariant) needs no copy then.
        private static bool s_slotsClear = true;
        // Some vCPU with a descriptor table has been loaded since boot (from then on its
        // selectors or an FS/GS base from its descriptors may be live).
        private static bool s_anyTable;

        public static VcpuContext Loaded => s_loaded;

        // Makes `running` the vCPU whose descriptors and data selectors the CPU holds
        // (on every slow return path: a table may have changed). Domains without a
        // descriptor table, the common case, cost a few tests.
        public static void Load(VcpuContext running)
        {
            GuestGdt table = running.Gdt;
            if (table.Entries != 0 || !s_slotsClear)
            {
                ulong* gdt = DescriptorTables.Gdt;
                for (int i = 0; i < GuestGdt.GuestEntries; i++)
                    gdt[GuestGdt.FirstGuestEntry + i] = table.Slots[i];
                s_slotsClear = table.Entries == 0;
            }
            if (table.Entries != 0) s_anyTable = true;
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
                // No guest descriptor was ever loadable, so every live selector is null
                // or one of the VMM's flat ones and no FS/GS base is set: when the
                // coming vCPU's saved selectors are the live ones, there is nothing to load.
                if (!s_anyTable && saved[0] == table.Ds && saved[1] == table.Es && saved[2] == table.Fs && saved[3] == table.Gs)
                {
                    s_loaded = running;
                    return;
                }
            }
            Cpu.Cpu.LoadDataSelectors(Loadable(table.Ds), Loadable(table.Es), Loadable(table.Fs), Loadable(table.Gs),
                Selectors.VmmData);
            s_loaded = running;
        }

        // Writes one guest slot of the live GDT (update_descriptor on the loaded vCPU).
        public static void WriteSlot(uint index, ulong installed) => DescriptorTables.Gdt[index] = installed;

        // The selector if loading it now cannot fault, else null.
        private static ushort Loadable(ushort selector)
            => selector == 0 || DescriptorCheck.IsLoadableData(selector, Entry(selector)) ? selector : (ushort)0;

        // The live GDT entry a selector names (0 beyond the GDT or for LDT selectors).
        public static ulong Entry(ulong selector)
        {
            ulong index = (selector & 0xFFFF) >> 3;
            if ((selector & 4) != 0 || index >= Selectors.GdtEntries) return 0;
            return DescriptorTables.Gdt[index];
        }

        public static bool IsReturnable(ulong cs, ulong ss)
        {
            if ((cs == Selectors.GuestKernelCode && ss == Selectors.GuestKernelData)
                || (cs == Selectors.GuestUserCode && ss == Selectors.GuestUserData))
                return true;   // the fixed pairs (the VMM's own GDT entries), nearly every frame
            return DescriptorCheck.IsReturnable((ushort)cs, Entry(cs), (ushort)ss, Entry(ss)) && cs <= 0xFFFF && ss <= 0xFFFF;
        }
    }
}

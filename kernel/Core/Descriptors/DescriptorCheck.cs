namespace Ringwall.Core.Descriptors
{
    // The rules a guest's GDT descriptor must meet before the VMM installs it in the
    // CPU's GDT (set_gdt, update_descriptor), and the rules for selectors the VMM
    // itself loads or returns through (so that no load in ring 0 can fault).
    // Descriptor layout (Intel SDM vol. 3A, 3.4.5; bit numbers of the 64-bit entry):
    // limit 0-15 and 48-51, base 16-39 and 56-63, type 40-43 (code: accessed, readable,
    // conforming, 1; data: accessed, writable, expand-down, 0), S 44 (1 = code or data,
    // 0 = system: TSS, LDT, gates), DPL 45-46, P 47, AVL 52, L 53 (64-bit code),
    // D/B 54, G 55.
    // Invariants of an accepted descriptor: all zero (an empty slot), or present code
    // or data with S = 1, DPL 1 or 3, the accessed bit set (forced: the CPU would
    // otherwise set it by writing the read-only GDT, a fault in ring 0 when the VMM
    // or IRETQ loads the selector: A27); code is 64-bit (L = 1, D = 0) and not
    // conforming; data has L = 0. Base, limit, G, D/B (data) and AVL are not checked:
    // in 64-bit mode the CPU ignores base and limit for CS, DS, ES and SS, and the FS
    // or GS base a descriptor gives is at most 32 bits wide, i.e. a guest address
    // below 4 GiB that paging checks like any other. No accepted descriptor can name
    // ring 0 or 2, be a gate (call gates, A17), a TSS or an LDT, or run compatibility
    // mode code.
    public static class DescriptorCheck
    {
        public const ulong Accessed = 1UL << 40;
        public const ulong ReadableOrWritable = 1UL << 41;
        public const ulong ConformingOrExpandDown = 1UL << 42;
        public const ulong Code = 1UL << 43;
        public const ulong CodeOrData = 1UL << 44;
        public const int DplShift = 45;
        public const ulong Present = 1UL << 47;
        public const ulong Long = 1UL << 53;
        public const ulong Default32 = 1UL << 54;

        public static int Dpl(ulong d) => (int)(d >> DplShift) & 3;

        // Checks one descriptor; `installed` is what the VMM writes (accessed bit set).
        public static Status Check(ulong raw, out ulong installed)
        {
            installed = 0;
            if (raw == 0) return Status.Ok;                       // empty slot
            if ((raw & Present) == 0) return Status.EINVAL;       // not present must be all zero
            if ((raw & CodeOrData) == 0) return Status.EINVAL;    // TSS, LDT, call/interrupt/trap gates
            int dpl = Dpl(raw);
            if (dpl != 1 && dpl != 3) return Status.EINVAL;       // never ring 0; ring 2 is unused
            if ((raw & Code) != 0)
            {
                if ((raw & ConformingOrExpandDown) != 0) return Status.EINVAL;
                if ((raw & Long) == 0 || (raw & Default32) != 0) return Status.EINVAL;
            }
            else if ((raw & Long) != 0)
                return Status.EINVAL;                             // L is reserved for data
            installed = raw | Accessed;
            return Status.Ok;
        }

        // Whether loading `selector` into DS, ES, FS or GS at CPL 0 succeeds when the
        // GDT entry it names is `descriptor` (the caller looks the entry up; a selector
        // beyond the GDT is never loadable): null selectors always, else a present data
        // or readable code segment whose DPL is at least the selector's RPL (the
        // conforming case cannot occur: no such descriptor is ever installed). LDT
        // selectors are never loadable (no guest has an LDT).
        public static bool IsLoadableData(ushort selector, ulong descriptor)
        {
            if ((selector & 0xFFFC) == 0) return true;
            if ((selector & 4) != 0) return false;
            if ((descriptor & (Present | CodeOrData)) != (Present | CodeOrData)) return false;
            if ((descriptor & Accessed) == 0) return false;   // loading would write the read-only GDT
            if ((descriptor & Code) != 0 && (descriptor & ReadableOrWritable) == 0) return false;
            return Dpl(descriptor) >= (selector & 3);
        }

        // Whether IRETQ from ring 0 can return to CS:RIP with SS (RPL 1 or 3) without a
        // fault: a present, accessed, non-conforming 64-bit code segment with DPL =
        // RPL, and a present, accessed, writable data segment with DPL = RPL = CS's RPL.
        public static bool IsReturnable(ushort cs, ulong csDescriptor, ushort ss, ulong ssDescriptor)
        {
            int rpl = cs & 3;
            if (rpl != 1 && rpl != 3) return false;
            if ((cs & 4) != 0 || (ss & 4) != 0 || (ss & 3) != rpl) return false;
            if ((cs & 0xFFF8) == 0 || (ss & 0xFFF8) == 0) return false;
            const ulong codeMask = Present | CodeOrData | Code | Accessed | ConformingOrExpandDown | Long | Default32;
            const ulong codeWant = Present | CodeOrData | Code | Accessed | Long;
            if ((csDescriptor & codeMask) != codeWant || Dpl(csDescriptor) != rpl) return false;
            const ulong stackMask = Present | CodeOrData | Code | Accessed | ReadableOrWritable;
            const ulong stackWant = Present | CodeOrData | Accessed | ReadableOrWritable;
            return (ssDescriptor & stackMask) == stackWant && Dpl(ssDescriptor) == rpl;
        }
    }
}

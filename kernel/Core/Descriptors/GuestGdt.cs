namespace Ringwall.Core.Descriptors
{
    // One vCPU's guest descriptor table (set_gdt), kept by the VMM as a validated
    // shadow copy: the guest frame is read once when the table is installed and again
    // only through update_descriptor, which writes frame and shadow together. The VMM
    // copies the shadow into the guest slots of the CPU's GDT whenever the vCPU is
    // loaded. Numbering follows Xen (guest table index i is selector i * 8), but the
    // VMM's reserved entries are at the bottom: indices 0..FirstGuestEntry-1 are the
    // VMM's and must be zero in the guest's table; the table has at most TableEntries
    // entries (the size of the CPU's GDT).
    // Invariants: every slot holds 0 or a descriptor DescriptorCheck accepted (accessed
    // bit set); slots at or beyond Entries are 0; Frame is NoFrame exactly when
    // Entries is 0; a table is checked whole before anything changes.
    public sealed class GuestGdt
    {
        public const int FirstGuestEntry = 16;
        public const int TableEntries = 32;
        public const int GuestEntries = TableEntries - FirstGuestEntry;
        public const int EntriesPerFrame = 512;
        public const ulong NoFrame = ulong.MaxValue;

        // Slot i is GDT entry FirstGuestEntry + i (selector (16 + i) * 8).
        public readonly ulong[] Slots = new ulong[GuestEntries];
        public ulong Frame = NoFrame;
        public uint Entries;
        // DS, ES, FS, GS while the vCPU is off the CPU (restored when it is loaded,
        // or null if the selector is no longer loadable).
        public ushort Ds, Es, Fs, Gs;

        // Checks the table set_gdt would install: `words` holds the first `entries`
        // descriptors of the guest's frame. The reserved entries must be 0; the guest
        // entries must pass DescriptorCheck. `installed` (GuestEntries long) receives
        // the values to install (0 beyond `entries`). Nothing is changed on error.
        public static Status CheckTable(ulong[] words, uint entries, ulong[] installed)
        {
            if (entries > TableEntries) return Status.EINVAL;
            for (int i = 0; i < FirstGuestEntry && i < (int)entries; i++)
                if (words[i] != 0) return Status.EINVAL;
            for (int i = 0; i < GuestEntries; i++)
            {
                int index = FirstGuestEntry + i;
                installed[i] = 0;
                if (index >= (int)entries) continue;
                Status s = DescriptorCheck.Check(words[index], out installed[i]);
                if (s != Status.Ok) return s;
            }
            return Status.Ok;
        }

        // Installs a table CheckTable accepted (entries 0: no table).
        public void Install(ulong frame, uint entries, ulong[] installed)
        {
            Entries = entries;
            Frame = entries == 0 ? NoFrame : frame;
            for (int i = 0; i < GuestEntries; i++) Slots[i] = installed[i];
        }

        public void Clear()
        {
            Entries = 0;
            Frame = NoFrame;
            for (int i = 0; i < GuestEntries; i++) Slots[i] = 0;
        }

        // update_descriptor of entry `index` of machine frame `frame` with an accepted
        // value: EINVAL if it would put a non-zero descriptor in a reserved entry of
        // this table; otherwise Ok, and `inTable` tells whether the entry is one of
        // this table's guest slots (then Apply must follow).
        public Status CheckUpdate(ulong frame, uint index, ulong installed, out bool inTable)
        {
            inTable = false;
            if (frame != Frame || index >= Entries) return Status.Ok;
            if (index < FirstGuestEntry) return installed == 0 ? Status.Ok : Status.EINVAL;
            inTable = true;
            return Status.Ok;
        }

        public void Apply(uint index, ulong installed) => Slots[index - FirstGuestEntry] = installed;

        // The descriptor a selector names in this table's slots (0 outside them).
        public ulong SlotOf(ushort selector)
        {
            int index = selector >> 3;
            if ((selector & 4) != 0 || index < FirstGuestEntry || index >= TableEntries) return 0;
            return Slots[index - FirstGuestEntry];
        }
    }
}

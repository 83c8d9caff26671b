using Ringwall.Arch.Entry;

namespace Ringwall.Arch.Guest
{
    // The IST stacks are mapped in every guest root (the CPU pushes on them before the
    // CR3 switch), so a guest can read them. A guest entry through one leaves nothing
    // there (Entry.asm moves the frame to EntryLayout.EntryFrame and zeroes the IST
    // copy); an exception or NMI taken in the VMM itself runs C# on the IST stack and
    // leaves VMM data there. InterruptDispatch reports such a use, and the stacks are
    // zeroed before the CPU next goes to another domain.
    // A guest's ring 1 can also store into the stacks itself (they are supervisor
    // pages of its root: A15), so two domains on one CPU could pass data through them.
    // Before the CPU goes to another domain, every stack page the CPU marked dirty
    // since the last switch is zeroed, its dirty bit cleared and its translation
    // flushed, so the next store to it marks it again. The entry stack's top page is
    // dirty after every entry (the frame the CPU pushes): it is zeroed on every switch
    // between domains; the others only after something wrote them.
    // Invariant: when a vCPU of a domain other than the last one to run is loaded, no
    // entry or IST stack page holds anything the VMM or another domain wrote
    // (docs/ring1.md). The caller has saved the leaving vCPU's frame first.
    public static unsafe class EntryScrub
    {
        public static ulong PagesScrubbed;

        private static bool s_istUsedByVmm;

        // An entry in ring 0 whose frame is at `frame` (called by InterruptDispatch).
        public static void VmmEntry(ulong frame)
        {
            if (EntryArea.IsIstStack(frame)) s_istUsedByVmm = true;
        }

        // The CPU is about to run a vCPU of another domain.
        public static void BeforeDomainSwitch()
        {
            for (int s = 0; s < EntryLayout.StackCount; s++)
                for (ulong page = EntryLayout.StackBottom(s); page < EntryLayout.StackTop(s); page += 0x1000)
                {
                    ulong* pte = EntryArea.PteOf(page);
                    if ((*pte & Paging.PageFlags.Dirty) == 0) continue;
                    Cpu.Cpu.ZeroPage(page);
                    *pte &= ~Paging.PageFlags.Dirty;
                    Cpu.Cpu.InvalidatePage(page);
                    PagesScrubbed++;
                }
            if (!s_istUsedByVmm) return;
            s_istUsedByVmm = false;
            for (int s = EntryLayout.FirstIstStack; s < EntryLayout.StackCount; s++)
            {
                ulong* p = (ulong*)EntryLayout.StackBottom(s);
                for (ulong i = 0; i < EntryLayout.StackBytes / 8; i++) p[i] = 0;
            }
        }
    }
}

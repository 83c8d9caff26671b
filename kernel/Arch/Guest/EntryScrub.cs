using Ringwall.Arch.Entry;

namespace Ringwall.Arch.Guest
{
    // The IST stacks are mapped in every guest root (the CPU pushes on them before the
    // CR3 switch), so a guest can read them. A guest entry through one leaves nothing
    // there (Entry.asm moves the frame to EntryLayout.EntryFrame and zeroes the IST
    // copy); an exception or NMI taken in the VMM itself runs C# on the IST stack and
    // leaves VMM data there. InterruptDispatch reports such a use, and the stacks are
    // zeroed before the CPU next goes to another domain.
    // Each domain has stack pages of its own (DomainStacks), so what a guest stores there
    // itself (A15) never reaches another domain; what the VMM leaves on the IST stacks of
    // the domain it ran for is zeroed before the CPU goes to another domain.
    // Invariant: when a vCPU of a domain other than the last one to run is loaded, no IST
    // stack page of the leaving domain holds anything the VMM wrote (docs/ring1.md).
    public static unsafe class EntryScrub
    {
        private static bool s_istUsedByVmm;

        // An entry in ring 0 whose frame is at `frame` (called by InterruptDispatch).
        public static void VmmEntry(ulong frame)
        {
            if (EntryArea.IsIstStack(frame)) s_istUsedByVmm = true;
        }

        // The CPU is about to run a vCPU of another domain.
        public static void BeforeDomainSwitch()
        {
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

using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core.Physical;
using Ringwall.Runtime;

namespace Ringwall.Arch.Entry
{
    // The entry and IST stacks are mapped in every guest root (the CPU pushes on them
    // before the CR3 switch), writable to ring 1 (paging cannot tell it from ring 0), so
    // whatever one domain's execution leaves in them, or a guest stores there itself (A15),
    // the next domain on the CPU could read. So each domain has stack pages of its own:
    // the entry area's page-table entries for the stacks point at the running domain's
    // pages, and a switch to another domain repoints them (ten entries, each page's
    // translation flushed: rw_remap_pages) before the coming vCPU's frame is written.
    // Nothing needs scrubbing between domains: no domain ever has another's pages mapped.
    // Invariants: while a vCPU of domain D runs, or the VMM runs on its behalf, the
    // stack entries of the entry area name D's pages (Current == D); a domain's pages are
    // zeroed when they are given to it and mapped for no other domain, ever; the VMM's own
    // use of an IST stack (an exception in the VMM) is scrubbed before the mapping moves
    // (EntryScrub).
    public static unsafe class DomainStacks
    {
        private const int PagesPerStack = (int)(EntryLayout.StackBytes / 0x1000);
        public const int Pages = EntryLayout.StackCount * PagesPerStack;
        private const ulong StackFlags = PageFlags.Present | PageFlags.Writable | PageFlags.NoExecute;
        private static ulong* s_entries;   // per domain: the Pages page-table entries that map its stacks (0: none)
        private static ulong* s_ptes;      // the addresses of the entry area's Pages stack entries
        private static ulong* s_pageVas;   // the virtual address each of them maps
        private static uint s_current = uint.MaxValue;

        public static uint Current => s_current;

        // Gives `domain` its own zeroed stack pages (domain build time). False when the
        // VMM has no frames left for them.
        public static bool Allocate(FrameAllocator frames, uint domain)
        {
            if (s_entries == null) Initialize();
            for (int i = 0; i < Pages; i++)
            {
                if (!frames.TryAllocate(out ulong frame)) return false;
                ulong physical = frame * FrameAllocator.FrameSize;
                ulong* p = (ulong*)DirectMap.ToVirtual(physical);
                for (int k = 0; k < 512; k++) p[k] = 0;
                s_entries[domain * Pages + i] = physical | StackFlags;
            }
            return true;
        }

        // Maps `domain`'s stack pages in the entry area (the CPU is about to run one of its
        // vCPUs, or the VMM its first).
        public static void Switch(uint domain)
        {
            if (domain == s_current) return;
            ulong* entries = s_entries + domain * Pages;
            if (entries[0] == 0) Panic.Halt("a domain without stack pages");
            RemapPages(s_ptes, entries, s_pageVas, Pages);
            s_current = domain;
        }

        private static void Initialize()
        {
            s_entries = (ulong*)Arena.Allocate((ulong)(VmmMemory.MaxDomains * Pages * 8));
            s_ptes = (ulong*)Arena.Allocate(Pages * 8);
            s_pageVas = (ulong*)Arena.Allocate(Pages * 8);
            for (int i = 0; i < VmmMemory.MaxDomains * Pages; i++) s_entries[i] = 0;
            int n = 0;
            for (int s = 0; s < EntryLayout.StackCount; s++)
                for (ulong page = EntryLayout.StackBottom(s); page < EntryLayout.StackTop(s); page += 0x1000)
                {
                    s_ptes[n] = (ulong)EntryArea.PteOf(page);
                    s_pageVas[n++] = page;
                }
        }

        // For i < count: *ptes[i] = entries[i], then INVLPG vas[i] (Cpu.asm).
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.InternalCall),
         System.Runtime.RuntimeImport("*", "rw_remap_pages")]
        private static extern void RemapPages(ulong* ptes, ulong* entries, ulong* vas, int count);
    }
}

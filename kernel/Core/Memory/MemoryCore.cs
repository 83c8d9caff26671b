namespace Ringwall.Core.Memory;

/*
 * The PV memory core: who owns each machine frame, what it is used as, and how a
 * guest may change its own page tables.
 *
 * Ringwall guests run on page tables they build themselves, holding machine
 * addresses, walked by the CPU directly. The VMM never sees a guest TLB miss; it
 * sees every change instead, because page-table frames are read-only to the guest
 * and change only through mmu_update, mmuext_op and update_va_mapping, all of which
 * arrive here. The core keeps these statements true after every operation:
 *
 *  1. Ownership. Every frame has exactly one owner: free, the VMM, one domain, or a
 *     VMM frame shared read-only with all domains (the M2P table) or read-write with
 *     one domain (its shared-info page). A present guest entry names only frames its
 *     domain owns or that are shared with it in that way; never a free or VMM frame,
 *     never another domain's frame (grants do not exist yet).
 *
 *  2. Types. Every frame has a type (none, L1..L4, descriptor, writable, DMA-pinned)
 *     and a type count. A frame takes a different type only while its type count is
 *     zero. A guest-writable mapping holds a "writable" type reference, so a frame
 *     that is a page table, a descriptor table or pinned for DMA can never be mapped
 *     writable, and a frame mapped writable can never become one of those.
 *
 *  3. Validation. A frame becomes an Ln table only after each of its 512 entries was
 *     checked against the rules for level n (EntryFormat plus the ownership and type
 *     rules); it is then "validated" and its present entries hold references on what
 *     they name. A validated table keeps its references when its type count drops to
 *     zero; it is devalidated (references dropped, bounded work: one table) only when
 *     it must take another type, be freed, or its domain dies. Validation never
 *     recurses: a table's entries may link only tables that are already validated,
 *     so one request validates at most one table (guests build trees bottom-up).
 *     This also makes linear (recursive) page tables impossible: an entry may link
 *     only a frame whose type is exactly one level below its own table.
 *
 *  4. Counts. For every frame, TypeCount and RefCount equal what a recount from
 *     scratch finds: entries of validated tables, pins, vCPU base pointers, and the
 *     VMM's descriptor/DMA holds. Counts never underflow (a panic if they would) and
 *     never overflow (EBUSY first).
 *
 *  5. The reserved range. L4 slots 256..271 belong to the VMM; a guest L4 entry
 *     there must be zero, so nothing a guest builds ever maps the VMM's range.
 *
 *  6. Entry format. Present entries carry only allowed flags, no reserved bits, no
 *     global bit, and page-size bits only as 2 MiB L2 entries over an aligned extent
 *     owned whole by the domain; the extent's superpage count then stands for a
 *     writable reference on each of its 512 frames (so none of them is or can become
 *     typed otherwise, or leave the domain). Not-present entries carry address 0 or an
 *     address at or above the L1TF-safe address, and no page-size bit above L1.
 *
 *  7. TLB flushes. A TLB may still hold a translation after its entry is gone. So
 *     when a frame's last writable mapping or last page-table type reference goes
 *     away, the domain owes a flush of all its CPUs (FlushPending). The debt is paid
 *     before the operation reports completion, and earlier if, inside the same
 *     operation, any frame is about to change type or owner.
 *
 *  8. Teardown. A dying domain's frames all return to the free pool, through an
 *     explicit cursor over its frame list, in steps of bounded work, never by
 *     recursing over a page-table tree. Freed frames are zeroed before reuse.
 *
 *  9. Guest arguments. Every element of a guest array is copied once into a
 *     VMM-side struct, then checked, then acted on; a batch stops at the first bad
 *     element and reports exactly how many elements completed before it. Guest
 *     memory is reached through TranslateGuest, from the vCPU's base as it is at
 *     that access, through validated tables of the domain only.
 *
 * 10. Derived state. Whatever is derived from a table the core holds (a root copy of
 *     a top-level table) is tagged with the domain's RootEpoch, which advances on
 *     every change it could depend on; a copy with another epoch is stale.
 *
 * 11. Bounded work. Every call stops once it has spent its budget of work units
 *     (WorkCost) after at least one element, and continues later; superpages are
 *     counted per extent so that no element does more than one table's work.
 *
 * The core is single-threaded per call: the dispatcher serialises calls on one
 * domain (a lock per domain or a global one). Hardware sits behind the struct type
 * parameters so the image and the host tests run the same code.
 */

/// <summary>
/// The frame table, per-domain memory accounting and the PV memory operations.
/// Allocated once at boot; no operation allocates.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
    where TMemory : struct, IMachineMemory
    where TTlb : struct, ITlbFlusher
    where TPanic : struct, IPanicHandler
{
    TMemory memory;
    TTlb tlb;
    TPanic panic;
    readonly MemoryConfig config;
    readonly FrameInfo[] frames;
    readonly DomainMemory[] domains;
    readonly VcpuMemoryState[] vcpus;
    /// <summary>One batch element as read from the guest (at most 8 words; reused, never shared across calls).</summary>
    readonly ulong[] elementWords;
    int freeHead;
    uint freeCount;

    public MemoryCore(TMemory memory, TTlb tlb, TPanic panic, MemoryConfig config)
    {
        this.memory = memory;
        this.tlb = tlb;
        this.panic = panic;
        this.config = config;
        frames = new FrameInfo[config.FrameCount];
        domains = new DomainMemory[config.MaxDomains];
        vcpus = new VcpuMemoryState[config.MaxDomains * config.MaxVcpusPerDomain];
        elementWords = new ulong[8];
        extents = new ExtentInfo[(config.FrameCount + MemoryCoreConstants.SuperpageFrames - 1) / MemoryCoreConstants.SuperpageFrames];
        freeHead = -1;
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i].Owner = FrameOwner.Vmm;
            frames[i].Next = -1;
            frames[i].Prev = -1;
        }
        for (int d = 0; d < domains.Length; d++)
            domains[d].OwnedHead = -1;
    }

    public uint FrameCount => config.FrameCount;
    public uint FreeFrames => freeCount;
    public MemoryConfig Config => config;

    /// <summary>A copy of the frame-table entry (for inspection; callers range-check).</summary>
    public FrameInfo Frame(ulong mfn) => frames[(int)mfn];

    public DomainMemory Domain(uint domain) => domains[(int)domain];

    public VcpuMemoryState Vcpu(uint domain, uint vcpu) => vcpus[VcpuSlot(domain, vcpu)];

    int VcpuSlot(uint domain, uint vcpu) => (int)(domain * config.MaxVcpusPerDomain + vcpu);

    bool IsFrame(ulong mfn) => mfn < config.FrameCount;

    static ulong EntryAddress(ulong tableMfn, int index) =>
        (tableMfn << MemoryCoreConstants.PageShift) + (ulong)index * 8;

    /// <summary>ESRCH unless <paramref name="domain"/> names a running domain.</summary>
    Status CheckRunning(uint domain)
    {
        if (domain >= config.MaxDomains || domains[(int)domain].State != DomainState.Running)
            return Status.ESRCH;
        return Status.Ok;
    }

    bool OwnedBy(int mfn, uint domain) =>
        frames[mfn].Owner == FrameOwner.Domain && frames[mfn].Domain == domain;
}

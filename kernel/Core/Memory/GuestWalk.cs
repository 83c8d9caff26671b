namespace Ringwall.Core.Memory;

/// <summary>
/// The VMM's own walk of a guest's page tables, for hypercall arguments and results
/// and for frames the VMM writes on a guest's behalf (exception and event frames).
/// Rules, so that no table contents whatever can fool it or make it fault:
///  - the walk starts from the vCPU's base pointer as it is now (read on every access,
///    never remembered across accesses: a batch element that changes the base, or
///    unpins and rewrites the old one, changes what the next access walks);
///  - every table it reads is a validated page-table frame of the calling domain, of
///    the level the walk expects (a validated table's present entries hold references
///    on what they name, so nothing it reaches can change owner or type under it);
///  - the frame it ends on is one the domain may map (its own, its shared-info page,
///    the read-only M2P for reads), inside the frame table (RAM);
///  - writes need the writable bit at every level, as the CPU would for ring 1 with
///    CR0.WP set.
/// One CPU runs everything today, so nothing changes the tables during a walk; with
/// SMP the caller must hold the domain's memory lock across the walk and the access.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>
    /// Machine address of guest virtual <paramref name="address"/> in the kernel address
    /// space of vCPU <paramref name="vcpu"/> of <paramref name="domain"/>, or false.
    /// </summary>
    public bool TranslateGuest(uint domain, uint vcpu, ulong address, bool write, out ulong machine)
    {
        machine = 0;
        if (CheckRunning(domain) != Status.Ok || vcpu >= domains[(int)domain].VcpuCount)
            return false;
        if (!Bits.IsCanonical(address) || Pte.IsReservedL4Slot(Pte.IndexOf(address, 4)))
            return false;
        ulong table = vcpus[VcpuSlot(domain, vcpu)].KernelBase;
        for (int level = 4; level >= 1; level--)
        {
            if (!IsWalkableTable(table, level, domain))
                return false;
            ulong entry = memory.Read64(EntryAddress(table, Pte.IndexOf(address, level)));
            if (!Pte.IsPresent(entry) || (write && !Pte.IsWritable(entry)))
                return false;
            if (level == 1 || (level == 2 && Pte.IsLarge(entry)))
            {
                ulong frame = level == 1 ? Pte.Frame(entry) : Pte.LargeFrame(entry) + (ulong)Pte.IndexOf(address, 1);
                if (!MayAccess(frame, domain, write))
                    return false;
                machine = (frame << MemoryCoreConstants.PageShift) | (address & (MemoryCoreConstants.PageSize - 1));
                return true;
            }
            if (Pte.IsLarge(entry))
                return false; // no 1 GiB or L4 pages: refused by validation anyway
            table = Pte.Frame(entry);
        }
        return false;
    }

    /// <summary>A validated table of exactly <paramref name="level"/>, owned by <paramref name="domain"/>.</summary>
    bool IsWalkableTable(ulong mfn, int level, uint domain)
    {
        if (!IsFrame(mfn))
            return false;
        ref FrameInfo f = ref frames[(int)mfn];
        return f.Validated && f.Type == (PageType)level && f.Owner == FrameOwner.Domain && f.Domain == domain;
    }

    bool MayAccess(ulong mfn, uint domain, bool write)
    {
        if (!IsFrame(mfn))
            return false;
        ref FrameInfo f = ref frames[(int)mfn];
        switch (f.Owner)
        {
            case FrameOwner.Domain:
            case FrameOwner.SharedWithDomain:
                return f.Domain == domain;
            case FrameOwner.SharedReadOnly:
                return !write;
            default:
                return false;
        }
    }
}

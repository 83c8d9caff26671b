namespace Ringwall.Core.Memory;

/// <summary>
/// Validation of page-table entries: what a present entry may name, and the
/// references it holds while it is part of a validated table.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>Checks all 512 entries of a frame about to become an Ln table; on failure nothing is held.</summary>
    Status ValidateTable(int mfn, int level, uint domain)
    {
        for (int i = 0; i < MemoryCoreConstants.EntriesPerTable; i++)
        {
            ulong entry = memory.Read64(EntryAddress((ulong)mfn, i));
            Status status = AcquireEntry(level, i, entry, domain, false);
            if (status != Status.Ok)
            {
                for (int j = 0; j < i; j++)
                    ReleaseEntry(level, memory.Read64(EntryAddress((ulong)mfn, j)));
                return status;
            }
        }
        return Status.Ok;
    }

    /// <summary>
    /// Drops the references held by a validated table's entries (one table: bounded).
    /// The frame keeps its type; the caller changes it or frees the frame.
    /// </summary>
    void Devalidate(int mfn, uint domain)
    {
        ref FrameInfo f = ref frames[mfn];
        int level = (int)f.Type;
        for (int i = 0; i < MemoryCoreConstants.EntriesPerTable; i++)
            ReleaseEntry(level, memory.Read64(EntryAddress((ulong)mfn, i)));
        SetTypeState(mfn, f.Type, f.TypeCount, false);
        // Translations through this table may still be cached: the frame's
        // descendants are now free to change type, so a flush is owed.
        domains[domain].FlushPending = true;
        if (level == 4)
            domains[domain].RootEpoch++; // a root copy of this frame is stale now
    }

    /// <summary>Takes the references a new entry needs, after checking its format, ownership and types.</summary>
    Status AcquireEntry(int level, int index, ulong entry, uint domain, bool direct)
    {
        Charge(WorkCost.Entry);
        if (entry == 0)
            return Status.Ok;
        Charge(WorkCost.PresentEntry - WorkCost.Entry);
        Status status = EntryFormat.Check(level, index, entry, config.L1tfSafeAddress, config.PhysicalAddressBits);
        if (status != Status.Ok || !Pte.IsPresent(entry))
            return status;
        if (level == 1)
            return AcquireMapping(Pte.Frame(entry), Pte.IsWritable(entry), domain, direct);
        if (Pte.IsLarge(entry))
            return AcquireSuperpage(Pte.LargeFrame(entry), domain);
        return AcquireTableLink(Pte.Frame(entry), level - 1, domain, direct);
    }

    /// <summary>Drops what <see cref="AcquireEntry"/> took for an entry that was valid.</summary>
    void ReleaseEntry(int level, ulong entry)
    {
        Charge(WorkCost.Entry);
        if (!Pte.IsPresent(entry))
            return;
        Charge(WorkCost.PresentEntry - WorkCost.Entry);
        if (level > 1 && Pte.IsLarge(entry))
        {
            ReleaseSuperpage(Pte.LargeFrame(entry));
            return;
        }
        int target = (int)Pte.Frame(entry);
        if (level > 1 || (Pte.IsWritable(entry) && frames[target].Owner == FrameOwner.Domain))
            PutTypeRef(target);
        PutRef(target);
    }

    /// <summary>An L1 entry mapping one 4 KiB frame.</summary>
    Status AcquireMapping(ulong target, bool writable, uint domain, bool direct)
    {
        if (!IsFrame(target))
            return Status.EINVAL;
        int mfn = (int)target;
        ref FrameInfo f = ref frames[mfn];
        switch (f.Owner)
        {
            case FrameOwner.Domain:
                if (f.Domain != domain)
                    return Status.EPERM;
                if (writable && GetTypeRef(mfn, PageType.Writable, domain, direct) != Status.Ok)
                    return Status.EBUSY; // a page table, descriptor or DMA frame is never guest-writable (Xen: -EBUSY)
                break;
            case FrameOwner.SharedWithDomain:
                if (f.Domain != domain)
                    return Status.EPERM;
                break;
            case FrameOwner.SharedReadOnly:
                if (writable)
                    return Status.EPERM;
                break;
            default:
                return Status.EPERM; // free or VMM frame
        }
        Status status = GetRef(mfn);
        if (status != Status.Ok && writable && f.Owner == FrameOwner.Domain)
            UndoTypeRef(mfn);
        return status;
    }

    /// <summary>An L2..L4 entry linking a table of <paramref name="childLevel"/>.</summary>
    Status AcquireTableLink(ulong target, int childLevel, uint domain, bool direct)
    {
        if (!IsFrame(target))
            return Status.EINVAL;
        int mfn = (int)target;
        if (!OwnedBy(mfn, domain))
            return Status.EPERM;
        ref FrameInfo f = ref frames[mfn];
        if (f.TypeCount > 0 && PageTypes.IsPageTable(f.Type) && (int)f.Type != childLevel)
            return Status.EINVAL; // linear (recursive) or cross-level link: Xen answers -EINVAL
        Status status = GetTypeRef(mfn, (PageType)childLevel, domain, direct);
        if (status != Status.Ok)
            return status;
        status = GetRef(mfn);
        if (status != Status.Ok)
            UndoTypeRef(mfn);
        return status;
    }
}

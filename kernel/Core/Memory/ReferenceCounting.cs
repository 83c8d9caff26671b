namespace Ringwall.Core.Memory;

/// <summary>
/// General and type references. "Direct" acquisitions (the entry a guest writes, the
/// frame it pins or installs) may devalidate a lazily-validated target and validate
/// the target; "nested" ones (entries of a table being validated) only take types
/// that are already in place, which bounds every request to one table's work.
/// Every change of a frame's Type, TypeCount or Validated goes through these methods
/// (or <see cref="SetTypeState"/>), which keep the extent records exact.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    Status GetRef(int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.RefCount >= MemoryCoreConstants.MaxCount)
            return Status.EBUSY;
        f.RefCount++;
        return Status.Ok;
    }

    void PutRef(int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.RefCount == 0)
        {
            panic.Panic(PanicReason.RefCountUnderflow, (ulong)mfn);
            return;
        }
        f.RefCount--;
    }

    /// <summary>Takes a type reference of <paramref name="type"/> on a frame owned by <paramref name="domain"/>.</summary>
    Status GetTypeRef(int mfn, PageType type, uint domain, bool direct)
    {
        ref FrameInfo f = ref frames[mfn];
        if (type != PageType.Writable && UnderSuperpage(mfn))
            return Status.EINVAL; // a superpage maps it writable: it can be nothing else (a type conflict)
        if (f.TypeCount > 0)
        {
            if (f.Type != type)
                return Status.EINVAL; // a type conflict: Xen's _get_page_type answers -EINVAL
            if (f.TypeCount >= MemoryCoreConstants.MaxCount)
                return Status.EBUSY;
            f.TypeCount++;
            return Status.Ok;
        }
        bool isTable = PageTypes.IsPageTable(type);
        if (f.Type == type && (f.Validated || !isTable))
        {
            if (type == PageType.Writable)
                f.TypeCount = 1; // writable frames never block a superpage
            else
                SetTypeState(mfn, type, 1, f.Validated);
            return Status.Ok;
        }
        return ChangeType(mfn, type, domain, direct);
    }

    /// <summary>The type count is zero and the frame must become <paramref name="type"/>.</summary>
    Status ChangeType(int mfn, PageType type, uint domain, bool direct)
    {
        ref FrameInfo f = ref frames[mfn];
        bool isTable = PageTypes.IsPageTable(type);
        if (f.Validated)
        {
            if (!direct)
                return Status.EINVAL; // nested: only a type already in place (a type conflict)
            Devalidate(mfn, domain);
        }
        if (isTable && !direct)
            return Status.EINVAL; // a linked table must already be validated (bottom-up)
        PayFlushDebt(domain);
        if (!isTable && type == PageType.Writable)
        {
            // Count 0 and not validated before, writable after: it blocked no superpage
            // before and does not now, so the extent record is unchanged.
            f.Type = type;
            f.TypeCount = 1;
            return Status.Ok;
        }
        SetTypeState(mfn, type, 1, false);
        if (!isTable)
            return Status.Ok;
        Status status = ValidateTable(mfn, (int)type, domain);
        if (status != Status.Ok)
        {
            SetTypeState(mfn, PageType.None, 0, false);
            return status;
        }
        SetTypeState(mfn, type, f.TypeCount, true);
        if (type == PageType.L4)
            domains[(int)domain].RootEpoch++; // a root copy of this frame is stale now
        return Status.Ok;
    }

    /// <summary>
    /// Drops a type reference. When the last writable or page-table reference goes,
    /// the owning domain owes a TLB flush before the operation completes.
    /// </summary>
    void PutTypeRef(int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.TypeCount == 0)
        {
            panic.Panic(PanicReason.TypeCountUnderflow, (ulong)mfn);
            return;
        }
        DecrementTypeCount(mfn);
        if (f.TypeCount == 0 && (f.Type == PageType.Writable || PageTypes.IsPageTable(f.Type))
            && f.Owner == FrameOwner.Domain)
            domains[f.Domain].FlushPending = true;
    }

    /// <summary>Undoes a type reference taken in this same step (no mapping ever used it, so no flush is owed).</summary>
    void UndoTypeRef(int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.TypeCount == 0)
        {
            panic.Panic(PanicReason.TypeCountUnderflow, (ulong)mfn);
            return;
        }
        DecrementTypeCount(mfn);
    }

    /// <summary>One type reference less (the count is non-zero).</summary>
    void DecrementTypeCount(int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.Validated || f.Type == PageType.Writable)
            f.TypeCount--; // blocks before and after (validated), or never (writable): the extent is unchanged
        else
            SetTypeState(mfn, f.Type, f.TypeCount - 1, false);
    }
}

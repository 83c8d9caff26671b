namespace Ringwall.Core.Memory;

/// <summary>HYPERVISOR_mmu_update: batches of checked page-table and M2P writes.</summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>
    /// Processes elements of the guest array at <paramref name="requests"/>
    /// (<paramref name="count"/> elements of 16 bytes) until they are done or
    /// <paramref name="budget"/> units of work (<see cref="WorkCost"/>) are spent, at
    /// least one. Each element is read from guest memory once, then checked, then applied.
    /// </summary>
    public BatchResult MmuUpdate<TGuest>(ref TGuest guest, uint domain, ulong requests, uint count,
        uint foreignDomain, uint budget)
        where TGuest : struct, IGuestMemory
    {
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return BatchResult.Make(status, 0, false);
        if (foreignDomain != MemoryAbi.DomIdSelf && foreignDomain != domain)
            return BatchResult.Make(Status.EPERM, 0, false); // foreign updates need privilege: not yet
        if (!GuestArrayFits(requests, count, MemoryAbi.MmuUpdateSize))
            return BatchResult.Make(Status.EFAULT, 0, false);
        ulong start = workDone;
        uint done = 0;
        while (done < count && (done == 0 || !Spent(start, budget)))
        {
            MmuUpdateRequest request;
            if (!ReadMmuUpdate(ref guest, requests + (ulong)done * MemoryAbi.MmuUpdateSize, out request))
            {
                status = Status.EFAULT;
                break;
            }
            status = ApplyMmuUpdate(domain, request);
            if (status != Status.Ok)
                break;
            done++;
        }
        FinishOperation(domain);
        return BatchResult.Make(status, done, status == Status.Ok && done < count);
    }

    static bool GuestArrayFits(ulong address, uint count, uint elementSize) =>
        address <= ulong.MaxValue - (ulong)count * elementSize;

    bool ReadMmuUpdate<TGuest>(ref TGuest guest, ulong address, out MmuUpdateRequest request)
        where TGuest : struct, IGuestMemory
    {
        request = default;
        Charge(WorkCost.GuestAccess);
        if (!guest.TryReadWords(address, elementWords, 2))
            return false;
        request.Ptr = elementWords[0];
        request.Val = elementWords[1];
        return true;
    }

    /// <summary>One mmu_update element, already copied into VMM memory.</summary>
    public Status ApplyMmuUpdate(uint domain, MmuUpdateRequest request)
    {
        ulong command = request.Ptr & MemoryAbi.MmuCommandMask;
        ulong address = request.Ptr & ~MemoryAbi.MmuCommandMask;
        if (command == MemoryAbi.MmuMachPhysUpdate)
            return UpdateMachToPhys(domain, address >> MemoryCoreConstants.PageShift, request.Val);
        if (command != MemoryAbi.MmuNormalPtUpdate && command != MemoryAbi.MmuPtUpdatePreserveAd)
            return Status.ENOSYS;
        if ((address & 7) != 0)
            return Status.EINVAL; // not the start of an entry
        ulong table = address >> MemoryCoreConstants.PageShift;
        if (!IsFrame(table))
            return Status.EINVAL;
        int index = (int)((address & (MemoryCoreConstants.PageSize - 1)) >> 3);
        return ModifyEntry(domain, table, index, request.Val, command == MemoryAbi.MmuPtUpdatePreserveAd);
    }

    /// <summary>
    /// The one path that changes an entry of a validated table: the new entry is
    /// validated in full (no fast path for flag-only changes), written, and only then
    /// are the old entry's references dropped.
    /// </summary>
    Status ModifyEntry(uint domain, ulong table, int index, ulong value, bool preserveAccessedDirty)
    {
        int mfn = (int)table;
        ref FrameInfo f = ref frames[mfn];
        if (!OwnedBy(mfn, domain))
            return Status.EPERM;
        if (!PageTypes.IsPageTable(f.Type) || !f.Validated)
            return Status.EINVAL;
        if (f.TypeCount >= MemoryCoreConstants.MaxCount)
            return Status.EBUSY;
        int level = (int)f.Type;
        ulong address = EntryAddress(table, index);
        ulong old = memory.Read64(address);
        if (preserveAccessedDirty && Pte.IsPresent(old) && Pte.IsPresent(value))
            value |= old & (level == 1 || Pte.IsLarge(value) ? Pte.Accessed | Pte.Dirty : Pte.Accessed);
        bool wasLinked = f.TypeCount > 0;
        f.TypeCount++; // hold the table's type so nothing below can devalidate it
        Status status = AcquireEntry(level, index, value, domain, true);
        if (status == Status.Ok)
        {
            memory.Write64(address, value);
            ReleaseEntry(level, old);
            if (level == 4)
            {
                domains[(int)domain].RootChanged = true;
                domains[(int)domain].RootEpoch++;
            }
        }
        // If a devalidation below dropped the table's last real type reference, the hold
        // hid it: drop the hold as a real reference so the flush is owed.
        if (wasLinked)
            PutTypeRef(mfn);
        else
            UndoTypeRef(mfn);
        return status;
    }

    Status UpdateMachToPhys(uint domain, ulong mfn, ulong pfn)
    {
        if (!IsFrame(mfn))
            return Status.EINVAL;
        if (!OwnedBy((int)mfn, domain))
            return Status.EPERM;
        memory.Write64(config.M2pMachineAddress + mfn * 8, pfn);
        return Status.Ok;
    }
}

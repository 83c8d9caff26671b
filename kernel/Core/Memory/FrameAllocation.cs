namespace Ringwall.Core.Memory;

/// <summary>
/// Boot-time frame classification, domain creation, and moving frames between the
/// free pool, the VMM and domains (quota-checked). Every ownership change happens
/// only on an unused frame (no type, no references, not validated) and only after
/// the owner's flush debt is paid.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>Hands an unused VMM frame to the free pool (at boot, and a dead domain's shared-info page).</summary>
    public Status AddFreeFrame(ulong mfn)
    {
        if (!IsFrame(mfn))
            return Status.EINVAL;
        ref FrameInfo f = ref frames[(int)mfn];
        if (f.Owner != FrameOwner.Vmm || f.RefCount != 0)
            return Status.EBUSY;
        f.Owner = FrameOwner.Free;
        f.NeedsScrub = true;
        LinkFront(ref freeHead, (int)mfn);
        freeCount++;
        return Status.Ok;
    }

    /// <summary>
    /// Takes a frame from the free pool for the VMM's own use (a domain's shared-info
    /// page), scrubbed. It goes back with <see cref="AddFreeFrame"/> once unused.
    /// ENOMEM when the pool is empty.
    /// </summary>
    public Status TakeFrameForVmm(out ulong mfn)
    {
        mfn = MemoryCoreConstants.NoFrame;
        if (freeHead < 0)
            return Status.ENOMEM;
        mfn = (ulong)freeHead;
        ClaimFreeFrame(freeHead, FrameOwner.Vmm, 0);
        return Status.Ok;
    }

    /// <summary>Boot: marks a VMM frame as readable by every domain (the M2P table).</summary>
    public Status MarkSharedReadOnly(ulong mfn)
    {
        if (!IsFrame(mfn))
            return Status.EINVAL;
        if (frames[(int)mfn].Owner != FrameOwner.Vmm)
            return Status.EBUSY;
        frames[(int)mfn].Owner = FrameOwner.SharedReadOnly;
        return Status.Ok;
    }

    public Status CreateDomain(uint domain, uint quota, uint vcpuCount)
    {
        if (domain >= config.MaxDomains)
            return Status.EINVAL;
        ref DomainMemory d = ref domains[(int)domain];
        if (d.State != DomainState.None)
            return Status.EEXIST;
        if (vcpuCount == 0 || vcpuCount > config.MaxVcpusPerDomain)
            return Status.EINVAL;
        ulong epoch = d.RootEpoch; // never repeats in a slot: a root copy of an earlier domain can never look current
        d = default;
        d.RootEpoch = epoch + 1;
        d.State = DomainState.Running;
        d.Quota = quota;
        d.VcpuCount = vcpuCount;
        d.OwnedHead = -1;
        d.SharedInfo = MemoryCoreConstants.NoFrame;
        for (uint v = 0; v < config.MaxVcpusPerDomain; v++)
        {
            vcpus[VcpuSlot(domain, v)].KernelBase = MemoryCoreConstants.NoFrame;
            vcpus[VcpuSlot(domain, v)].UserBase = MemoryCoreConstants.NoFrame;
        }
        return Status.Ok;
    }

    /// <summary>Lets a domain with an assigned device issue MMUEXT_FLUSH_CACHE.</summary>
    public Status AllowCacheFlush(uint domain, bool allowed)
    {
        Status status = CheckRunning(domain);
        if (status == Status.Ok)
            domains[(int)domain].CacheFlushAllowed = allowed;
        return status;
    }

    /// <summary>Makes a VMM frame the domain's shared-info page (mappable read-write by it alone).</summary>
    public Status SetSharedInfo(uint domain, ulong mfn)
    {
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        if (!IsFrame(mfn))
            return Status.EINVAL;
        ref DomainMemory d = ref domains[(int)domain];
        if (d.SharedInfo != MemoryCoreConstants.NoFrame)
            return Status.EEXIST;
        ref FrameInfo f = ref frames[(int)mfn];
        if (f.Owner != FrameOwner.Vmm || f.RefCount != 0)
            return Status.EBUSY;
        memory.ZeroFrame(mfn);
        f.Owner = FrameOwner.SharedWithDomain;
        f.Domain = (ushort)domain;
        d.SharedInfo = mfn;
        return Status.Ok;
    }

    /// <summary>Gives the domain any free frame (zeroed).</summary>
    public Status AllocateFrame(uint domain, out ulong mfn)
    {
        mfn = MemoryCoreConstants.NoFrame;
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        if (freeHead < 0 || domains[(int)domain].Owned >= domains[(int)domain].Quota)
            return Status.ENOMEM;
        mfn = (ulong)freeHead;
        TakeFreeFrame(domain, freeHead);
        return Status.Ok;
    }

    /// <summary>Gives the domain one particular free frame (the domain builder's and exchange's path).</summary>
    public Status AssignFrame(uint domain, ulong mfn)
    {
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        if (!IsFrame(mfn))
            return Status.EINVAL;
        if (frames[(int)mfn].Owner != FrameOwner.Free)
            return Status.EBUSY;
        if (domains[(int)domain].Owned >= domains[(int)domain].Quota)
            return Status.ENOMEM;
        TakeFreeFrame(domain, (int)mfn);
        return Status.Ok;
    }

    /// <summary>
    /// Gives the domain 512 free, machine-contiguous, 2 MiB-aligned frames (a superpage
    /// extent). Scans the frame table: boot and domain-build time only.
    /// </summary>
    public Status AllocateExtent(uint domain, out ulong first)
    {
        first = MemoryCoreConstants.NoFrame;
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        ref DomainMemory d = ref domains[(int)domain];
        const int n = MemoryCoreConstants.SuperpageFrames;
        if (d.Quota < n || d.Owned > d.Quota - n)
            return Status.ENOMEM;
        for (int start = 0; start + n <= frames.Length; start += n)
        {
            if (!AllFree(start, n))
                continue;
            for (int k = 0; k < n; k++)
                TakeFreeFrame(domain, start + k);
            first = (ulong)start;
            return Status.Ok;
        }
        return Status.ENOMEM;
    }

    bool AllFree(int start, int count)
    {
        for (int k = 0; k < count; k++)
            if (frames[start + k].Owner != FrameOwner.Free)
                return false;
        return true;
    }

    void TakeFreeFrame(uint domain, int mfn)
    {
        ClaimFreeFrame(mfn, FrameOwner.Domain, domain);
        LinkFront(ref domains[(int)domain].OwnedHead, mfn);
        domains[(int)domain].Owned++;
        ExtentJoin(mfn, domain);
    }

    /// <summary>Unlinks a free frame, scrubs it if it needs it, and gives it a fresh state and owner.</summary>
    void ClaimFreeFrame(int mfn, FrameOwner owner, uint domain)
    {
        Unlink(ref freeHead, mfn);
        freeCount--;
        ref FrameInfo f = ref frames[mfn];
        if (f.NeedsScrub)
        {
            memory.ZeroFrame((ulong)mfn);
            Charge(WorkCost.FrameCopy);
        }
        f = default;
        f.Owner = owner;
        f.Domain = (ushort)domain;
        f.Next = -1;
        f.Prev = -1;
    }

    /// <summary>
    /// The domain gives a frame back (balloon out, exchange, transfer). The frame must be
    /// unused; a lazily-validated table is devalidated first. It leaves with no type,
    /// not validated, marked for scrubbing: whoever gets it next validates it afresh.
    /// </summary>
    public Status ReleaseFrame(uint domain, ulong mfn)
    {
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        if (!IsFrame(mfn))
            return Status.EINVAL;
        int index = (int)mfn;
        if (!OwnedBy(index, domain))
            return Status.EPERM;
        ref FrameInfo f = ref frames[index];
        if (f.TypeCount != 0 || f.RefCount != 0 || f.Pinned || UnderSuperpage(index))
            return Status.EBUSY;
        if (f.Validated)
            Devalidate(index, domain);
        PayFlushDebt(domain);
        ReturnToFreePool(domain, index);
        FinishOperation(domain);
        return Status.Ok;
    }

    void ReturnToFreePool(uint domain, int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.TypeCount != 0 || f.RefCount != 0 || f.Validated || UnderSuperpage(mfn))
            panic.Panic(PanicReason.FrameInUseAtFree, (ulong)mfn);
        ExtentLeave(mfn, domain);
        // The M2P is readable by every domain: the pseudo-physical number this domain gave
        // the frame must not outlive its ownership.
        memory.Write64(config.M2pMachineAddress + (ulong)mfn * 8, MemoryCoreConstants.InvalidM2pEntry);
        Unlink(ref domains[(int)domain].OwnedHead, mfn);
        domains[(int)domain].Owned--;
        f = default;
        f.Owner = FrameOwner.Free;
        f.NeedsScrub = true;
        f.Next = -1;
        f.Prev = -1;
        LinkFront(ref freeHead, mfn);
        freeCount++;
    }
}

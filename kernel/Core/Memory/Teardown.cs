namespace Ringwall.Core.Memory;

/// <summary>
/// Destroying a domain's memory, preemptibly. Each call does about <c>budget</c> units
/// of work (<see cref="WorkCost"/>: one per frame visited, one per page-table entry or
/// hold released; a step never exceeds one table) and returns MoreToDo until every
/// frame is back in the free pool. The
/// walk is an explicit cursor over the domain's frame list, never a recursion over
/// page-table trees, so no guest-built structure can deepen the VMM's stack.
/// Phases: release vCPU base pointers; unpin and devalidate every frame (order does
/// not matter: each entry's references are dropped exactly once); one obligatory
/// flush; free every frame (all counts must now be zero) and return the shared-info
/// page to the VMM.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    public BatchResult DestroyDomain(uint domain, uint budget)
    {
        if (domain >= config.MaxDomains)
            return BatchResult.Make(Status.ESRCH, 0, false);
        ref DomainMemory d = ref domains[(int)domain];
        if (d.State == DomainState.Running)
        {
            if (d.DmaPinned != 0)
                return BatchResult.Make(Status.EBUSY, 0, false); // the device layer must release its pins first
            d.State = DomainState.Dying;
            d.Teardown = TeardownPhase.ReleaseBases;
            d.TeardownCursor = 0;
        }
        if (d.State != DomainState.Dying)
            return BatchResult.Make(Status.ESRCH, 0, false);
        ulong start = workDone;
        do
        {
            if (TeardownStep(domain))
                return BatchResult.Make(Status.Ok, (uint)(workDone - start), false);
        } while (!Spent(start, budget));
        return BatchResult.Make(Status.Ok, (uint)(workDone - start), true);
    }

    /// <summary>One bounded step (at most one table's entries); true when the domain is gone.</summary>
    bool TeardownStep(uint domain)
    {
        ref DomainMemory d = ref domains[(int)domain];
        Charge(WorkCost.FrameVisit);
        switch (d.Teardown)
        {
            case TeardownPhase.ReleaseBases:
                if (d.TeardownCursor < (int)d.VcpuCount)
                {
                    ReleaseBases(domain, (uint)d.TeardownCursor);
                    d.TeardownCursor++;
                }
                else
                {
                    d.Teardown = TeardownPhase.Devalidate;
                    d.TeardownCursor = d.OwnedHead;
                }
                return false;
            case TeardownPhase.Devalidate:
                if (d.TeardownCursor >= 0)
                {
                    int mfn = d.TeardownCursor;
                    if (DismantleFrame(domain, mfn))
                        d.TeardownCursor = frames[mfn].Next;
                }
                else
                {
                    d.Teardown = TeardownPhase.Flush;
                }
                return false;
            case TeardownPhase.Flush:
                FlushDomainNow(domain, true);
                d.Teardown = TeardownPhase.FreeFrames;
                return false;
            default:
                return FreeOneFrame(domain);
        }
    }

    void ReleaseBases(uint domain, uint vcpu)
    {
        ref VcpuMemoryState v = ref vcpus[VcpuSlot(domain, vcpu)];
        if (v.KernelBase != MemoryCoreConstants.NoFrame)
            DropFrame((int)v.KernelBase);
        if (v.UserBase != MemoryCoreConstants.NoFrame)
            DropFrame((int)v.UserBase);
        v.KernelBase = MemoryCoreConstants.NoFrame;
        v.UserBase = MemoryCoreConstants.NoFrame;
    }

    /// <summary>
    /// Drops the pin, descriptor holds and entry references of one frame, at most one
    /// table's worth per call; true when the frame is done.
    /// </summary>
    bool DismantleFrame(uint domain, int mfn)
    {
        ref FrameInfo f = ref frames[mfn];
        if (f.Pinned)
        {
            f.Pinned = false;
            DropFrame(mfn);
        }
        if (f.Type == PageType.Descriptor)
        {
            for (int n = 0; f.TypeCount > 0 && n < MemoryCoreConstants.EntriesPerTable; n++)
            {
                Charge(WorkCost.Entry);
                DropFrame(mfn);
            }
            if (f.TypeCount > 0)
                return false; // more holds than one step drops: the next step goes on
        }
        if (f.Validated)
            Devalidate(mfn, domain);
        return true;
    }

    bool FreeOneFrame(uint domain)
    {
        ref DomainMemory d = ref domains[(int)domain];
        if (d.OwnedHead >= 0)
        {
            ReturnToFreePool(domain, d.OwnedHead);
            return false;
        }
        if (d.SharedInfo != MemoryCoreConstants.NoFrame)
        {
            ref FrameInfo s = ref frames[(int)d.SharedInfo];
            if (s.RefCount != 0)
                panic.Panic(PanicReason.FrameInUseAtFree, d.SharedInfo);
            s.Owner = FrameOwner.Vmm;
            s.Domain = 0;
        }
        ulong epoch = d.RootEpoch;
        d = default;
        d.OwnedHead = -1;
        d.RootEpoch = epoch + 1;
        return true;
    }
}

namespace Ringwall.Core.Memory;

/// <summary>Pinning, base pointers, and the page operations of mmuext_op.</summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>Takes a type and a general reference on a frame the domain owns (direct: may validate it).</summary>
    Status HoldFrame(uint domain, ulong frame, PageType type)
    {
        if (!IsFrame(frame))
            return Status.EINVAL;
        int mfn = (int)frame;
        if (!OwnedBy(mfn, domain))
            return Status.EPERM;
        Status status = GetTypeRef(mfn, type, domain, true);
        if (status != Status.Ok)
            return status;
        status = GetRef(mfn);
        if (status != Status.Ok)
            UndoTypeRef(mfn);
        return status;
    }

    void DropFrame(int mfn)
    {
        PutTypeRef(mfn);
        PutRef(mfn);
    }

    Status PinTable(uint domain, ulong frame, PageType level)
    {
        if (IsFrame(frame) && frames[(int)frame].Pinned && OwnedBy((int)frame, domain))
            return Status.EINVAL; // already pinned
        Status status = HoldFrame(domain, frame, level);
        if (status == Status.Ok)
            frames[(int)frame].Pinned = true;
        return status;
    }

    Status UnpinTable(uint domain, ulong frame)
    {
        if (!IsFrame(frame))
            return Status.EINVAL;
        int mfn = (int)frame;
        if (!OwnedBy(mfn, domain))
            return Status.EPERM;
        if (!frames[mfn].Pinned)
            return Status.EINVAL;
        frames[mfn].Pinned = false;
        DropFrame(mfn);
        return Status.Ok;
    }

    /// <summary>MMUEXT_NEW_BASEPTR / NEW_USER_BASEPTR (frame 0 clears the user base, as in Xen).</summary>
    Status NewBase(uint domain, uint vcpu, ulong frame, bool user)
    {
        ref VcpuMemoryState v = ref vcpus[VcpuSlot(domain, vcpu)];
        ulong old = user ? v.UserBase : v.KernelBase;
        if (user && frame == 0)
        {
            v.UserBase = MemoryCoreConstants.NoFrame;
        }
        else
        {
            Status status = HoldFrame(domain, frame, PageType.L4);
            if (status != Status.Ok)
                return status;
            if (user)
                v.UserBase = frame;
            else
                v.KernelBase = frame;
        }
        if (old != MemoryCoreConstants.NoFrame)
            DropFrame((int)old);
        domains[(int)domain].RootEpoch++;
        return Status.Ok;
    }

    Status ClearPage(uint domain, ulong frame)
    {
        Status status = HoldFrame(domain, frame, PageType.Writable);
        if (status != Status.Ok)
            return status;
        memory.ZeroFrame(frame);
        Charge(WorkCost.FrameCopy);
        UndoTypeRef((int)frame);
        PutRef((int)frame);
        return Status.Ok;
    }

    Status CopyPage(uint domain, ulong destination, ulong source)
    {
        if (!IsFrame(source))
            return Status.EINVAL;
        if (!OwnedBy((int)source, domain))
            return Status.EPERM;
        Status status = HoldFrame(domain, destination, PageType.Writable);
        if (status != Status.Ok)
            return status;
        memory.CopyFrame(destination, source);
        Charge(WorkCost.FrameCopy);
        UndoTypeRef((int)destination);
        PutRef((int)destination);
        return Status.Ok;
    }
}

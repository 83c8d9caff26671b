namespace Ringwall.Core.Memory;

/// <summary>
/// Type holds taken by other VMM subsystems on a domain's frames: descriptor tables
/// (GDT/LDT frames, for the descriptor subsystem) and DMA pins (for pinned DMA
/// buffers). Each hold is one type and one general reference; while held, the frame
/// can be neither mapped writable nor made a page table nor given away.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    public Status HoldDescriptorFrame(uint domain, ulong mfn)
    {
        Status status = CheckRunning(domain);
        if (status == Status.Ok)
            status = HoldFrame(domain, mfn, PageType.Descriptor);
        FinishIfRunning(domain);
        return status;
    }

    public Status ReleaseDescriptorFrame(uint domain, ulong mfn) => DropHold(domain, mfn, PageType.Descriptor);

    public Status PinDmaFrame(uint domain, ulong mfn)
    {
        Status status = CheckRunning(domain);
        if (status == Status.Ok)
            status = HoldFrame(domain, mfn, PageType.DmaPinned);
        if (status == Status.Ok)
            domains[(int)domain].DmaPinned++;
        FinishIfRunning(domain);
        return status;
    }

    public Status UnpinDmaFrame(uint domain, ulong mfn)
    {
        Status status = DropHold(domain, mfn, PageType.DmaPinned);
        if (status == Status.Ok)
            domains[(int)domain].DmaPinned--;
        return status;
    }

    Status DropHold(uint domain, ulong mfn, PageType type)
    {
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        if (!IsFrame(mfn))
            return Status.EINVAL;
        if (!OwnedBy((int)mfn, domain))
            return Status.EPERM;
        ref FrameInfo f = ref frames[(int)mfn];
        if (f.Type != type || f.TypeCount == 0)
            return Status.EINVAL;
        DropFrame((int)mfn);
        return Status.Ok;
    }

    void FinishIfRunning(uint domain)
    {
        if (CheckRunning(domain) == Status.Ok)
            FinishOperation(domain);
    }
}

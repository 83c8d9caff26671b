namespace Ringwall.Core.Memory;

/// <summary>HYPERVISOR_update_va_mapping: change the L1 entry mapping one linear address, then flush as asked.</summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>
    /// Finds the L1 entry for <paramref name="linearAddress"/> in the vCPU's kernel
    /// page tables, replaces it with <paramref name="value"/> (fully validated), then
    /// performs the flush <paramref name="flags"/> asks for (UVMF_*). Every guest input
    /// (including a vCPU bitmap) is read before anything changes.
    /// </summary>
    public Status UpdateVaMapping<TGuest>(ref TGuest guest, uint domain, uint vcpu, ulong linearAddress,
        ulong value, ulong flags)
        where TGuest : struct, IGuestMemory
    {
        Status status = CheckRunning(domain);
        if (status != Status.Ok)
            return status;
        if (vcpu >= domains[(int)domain].VcpuCount)
            return Status.EINVAL;
        if (!Bits.IsCanonical(linearAddress) || Pte.IsReservedL4Slot(Pte.IndexOf(linearAddress, 4)))
            return Status.EINVAL;
        ulong flushType = flags & MemoryAbi.UvmfFlushTypeMask;
        if (flushType == MemoryAbi.UvmfFlushTypeMask)
            return Status.EINVAL;
        ulong selector = flags & ~MemoryAbi.UvmfFlushTypeMask;
        ulong mask = 0;
        FlushScope scope = selector == MemoryAbi.UvmfLocal ? FlushScope.LocalVcpu
            : selector == MemoryAbi.UvmfAll ? FlushScope.AllOfDomain : FlushScope.VcpuMask;
        if (flushType != MemoryAbi.UvmfNone && scope == FlushScope.VcpuMask)
        {
            status = ReadVcpuMask(ref guest, domain, selector, out mask);
            if (status != Status.Ok)
                return status;
        }
        ulong l1;
        Charge(WorkCost.GuestAccess); // a walk of the guest's tables, as for an argument
        status = FindL1(domain, vcpus[VcpuSlot(domain, vcpu)].KernelBase, linearAddress, out l1);
        if (status == Status.Ok)
            status = ModifyEntry(domain, l1, Pte.IndexOf(linearAddress, 1), value, false);
        if (status == Status.Ok && flushType != MemoryAbi.UvmfNone)
            GuestFlush(domain, vcpu, flushType == MemoryAbi.UvmfInvlpg ? FlushKind.SingleAddress : FlushKind.Full,
                scope, mask, linearAddress);
        FinishOperation(domain);
        return status;
    }

    /// <summary>Walks validated tables of the domain from <paramref name="root"/> down to the L1 table for an address.</summary>
    Status FindL1(uint domain, ulong root, ulong linearAddress, out ulong l1)
    {
        l1 = MemoryCoreConstants.NoFrame;
        ulong table = root;
        for (int level = 4; level > 1; level--)
        {
            if (!IsWalkableTable(table, level, domain))
                return Status.EINVAL;
            ulong entry = memory.Read64(EntryAddress(table, Pte.IndexOf(linearAddress, level)));
            if (!Pte.IsPresent(entry) || Pte.IsLarge(entry))
                return Status.EINVAL; // no L1 table maps this address
            table = Pte.Frame(entry);
        }
        if (!IsWalkableTable(table, 1, domain))
            return Status.EINVAL;
        l1 = table;
        return Status.Ok;
    }
}

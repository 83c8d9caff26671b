namespace Ringwall.Core.Memory;

/// <summary>HYPERVISOR_mmuext_op: pinning, base pointers, TLB flushes, page clearing and copying.</summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>
    /// Processes elements (24 bytes each) of the guest array at <paramref name="ops"/> on
    /// behalf of vCPU <paramref name="vcpu"/> until they are done or
    /// <paramref name="budget"/> units of work are spent (at least one element).
    /// </summary>
    public BatchResult MmuExtOp<TGuest>(ref TGuest guest, uint domain, uint vcpu, ulong ops, uint count,
        uint foreignDomain, uint budget)
        where TGuest : struct, IGuestMemory
    {
        Status status = CheckRunning(domain);
        if (status == Status.Ok && vcpu >= domains[(int)domain].VcpuCount)
            status = Status.EINVAL;
        if (status == Status.Ok && foreignDomain != MemoryAbi.DomIdSelf && foreignDomain != domain)
            status = Status.EPERM;
        if (status == Status.Ok && !GuestArrayFits(ops, count, MemoryAbi.MmuExtOpSize))
            status = Status.EFAULT;
        if (status != Status.Ok)
            return BatchResult.Make(status, 0, false);
        ulong start = workDone;
        uint done = 0;
        while (done < count && (done == 0 || !Spent(start, budget)))
        {
            MmuExtOpRequest op;
            if (!ReadMmuExtOp(ref guest, ops + (ulong)done * MemoryAbi.MmuExtOpSize, out op))
            {
                status = Status.EFAULT;
                break;
            }
            status = ApplyMmuExtOp(ref guest, domain, vcpu, op);
            if (status != Status.Ok)
                break;
            done++;
        }
        FinishOperation(domain);
        return BatchResult.Make(status, done, status == Status.Ok && done < count);
    }

    bool ReadMmuExtOp<TGuest>(ref TGuest guest, ulong address, out MmuExtOpRequest op)
        where TGuest : struct, IGuestMemory
    {
        op = default;
        Charge(WorkCost.GuestAccess);
        if (!guest.TryReadWords(address, elementWords, 3))
            return false;
        op.Command = (uint)elementWords[0]; // the upper half is padding
        op.Arg1 = elementWords[1];
        op.Arg2 = elementWords[2];
        return true;
    }

    /// <summary>One mmuext_op element, already copied into VMM memory.</summary>
    public Status ApplyMmuExtOp<TGuest>(ref TGuest guest, uint domain, uint vcpu, MmuExtOpRequest op)
        where TGuest : struct, IGuestMemory
    {
        switch (op.Command)
        {
            case MemoryAbi.PinL1Table:
            case MemoryAbi.PinL2Table:
            case MemoryAbi.PinL3Table:
            case MemoryAbi.PinL4Table:
                return PinTable(domain, op.Arg1, (PageType)(op.Command + 1));
            case MemoryAbi.UnpinTable:
                return UnpinTable(domain, op.Arg1);
            case MemoryAbi.NewBasePtr:
                return NewBase(domain, vcpu, op.Arg1, false);
            case MemoryAbi.NewUserBasePtr:
                return NewBase(domain, vcpu, op.Arg1, true);
            case MemoryAbi.ClearPage:
                return ClearPage(domain, op.Arg1);
            case MemoryAbi.CopyPage:
                return CopyPage(domain, op.Arg1, op.Arg2);
            case MemoryAbi.FlushCache:
                if (!domains[(int)domain].CacheFlushAllowed)
                    return Status.EACCES;
                tlb.FlushCache(domain);
                return Status.Ok;
            default:
                return FlushOp(ref guest, domain, vcpu, op);
        }
    }

    Status FlushOp<TGuest>(ref TGuest guest, uint domain, uint vcpu, MmuExtOpRequest op)
        where TGuest : struct, IGuestMemory
    {
        switch (op.Command)
        {
            case MemoryAbi.TlbFlushLocal:
                GuestFlush(domain, vcpu, FlushKind.Full, FlushScope.LocalVcpu, 0, 0);
                return Status.Ok;
            case MemoryAbi.TlbFlushAll:
                GuestFlush(domain, vcpu, FlushKind.Full, FlushScope.AllOfDomain, 0, 0);
                return Status.Ok;
            case MemoryAbi.InvlpgLocal:
            case MemoryAbi.InvlpgAll:
                if (!Bits.IsCanonical(op.Arg1))
                    return Status.EINVAL;
                GuestFlush(domain, vcpu, FlushKind.SingleAddress,
                    op.Command == MemoryAbi.InvlpgAll ? FlushScope.AllOfDomain : FlushScope.LocalVcpu, 0, op.Arg1);
                return Status.Ok;
            case MemoryAbi.TlbFlushMulti:
            case MemoryAbi.InvlpgMulti:
                return FlushMulti(ref guest, domain, vcpu, op);
            default:
                return Status.ENOSYS; // includes SET_LDT: the descriptor-table subsystem does not exist yet
        }
    }

    Status FlushMulti<TGuest>(ref TGuest guest, uint domain, uint vcpu, MmuExtOpRequest op)
        where TGuest : struct, IGuestMemory
    {
        bool single = op.Command == MemoryAbi.InvlpgMulti;
        if (single && !Bits.IsCanonical(op.Arg1))
            return Status.EINVAL;
        ulong mask;
        Status status = ReadVcpuMask(ref guest, domain, op.Arg2, out mask);
        if (status != Status.Ok)
            return status;
        GuestFlush(domain, vcpu, single ? FlushKind.SingleAddress : FlushKind.Full, FlushScope.VcpuMask, mask,
            single ? op.Arg1 : 0);
        return Status.Ok;
    }

    /// <summary>Reads a guest vCPU bitmap (one 64-bit word) once; bits beyond the domain's vCPUs are refused.</summary>
    Status ReadVcpuMask<TGuest>(ref TGuest guest, uint domain, ulong address, out ulong mask)
        where TGuest : struct, IGuestMemory
    {
        Charge(WorkCost.GuestAccess);
        if (!guest.TryRead64(address, out mask))
            return Status.EFAULT;
        uint vcpus = domains[(int)domain].VcpuCount;
        ulong valid = vcpus >= 64 ? ulong.MaxValue : (1UL << (int)vcpus) - 1;
        return (mask & ~valid) == 0 ? Status.Ok : Status.EINVAL;
    }
}

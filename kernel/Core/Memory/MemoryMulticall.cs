namespace Ringwall.Core.Memory;

/// <summary>
/// The memory part of HYPERVISOR_multicall (struct multicall_entry { op; result;
/// args[6]; }, 64 bytes on x86-64). Only memory operations may be batched here:
/// mmu_update (1), update_va_mapping (14) and mmuext_op (26). An entry that would
/// change privilege or the mode of the caller (iret, stack_switch, set_callbacks,
/// a nested multicall, anything else) is refused with EPERM, and the batch stops
/// there, so no later entry can run with a privilege or on tables that an earlier
/// entry changed behind the validator's back. Each entry is read once, whole, before
/// it is looked at. Nested batches are bounded (<see cref="MaxInnerCount"/>) instead
/// of nesting continuations. Writing each entry's result back is the dispatcher's job.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    public const uint MulticallEntrySize = 64;
    public const uint MaxInnerCount = 64;
    public const ulong HypercallMmuUpdate = 1;
    public const ulong HypercallUpdateVaMapping = 14;
    public const ulong HypercallMmuExtOp = 26;

    public BatchResult MemoryMulticall<TGuest>(ref TGuest guest, uint domain, uint vcpu, ulong entries, uint count,
        uint budget)
        where TGuest : struct, IGuestMemory
    {
        Status status = CheckRunning(domain);
        if (status == Status.Ok && vcpu >= domains[(int)domain].VcpuCount)
            status = Status.EINVAL;
        if (status == Status.Ok && !GuestArrayFits(entries, count, MulticallEntrySize))
            status = Status.EFAULT;
        if (status != Status.Ok)
            return BatchResult.Make(status, 0, false);
        uint limit = Bits.Min(count, Bits.Max(budget, 1));
        uint done = 0;
        while (done < limit && status == Status.Ok)
        {
            MulticallEntry entry;
            if (!ReadMulticallEntry(ref guest, entries + (ulong)done * MulticallEntrySize, out entry))
                status = Status.EFAULT;
            else
                status = ApplyMulticallEntry(ref guest, domain, vcpu, entry);
            if (status == Status.Ok)
                done++;
        }
        FinishOperation(domain);
        return BatchResult.Make(status, done, status == Status.Ok && done < count);
    }

    static bool ReadMulticallEntry<TGuest>(ref TGuest guest, ulong address, out MulticallEntry entry)
        where TGuest : struct, IGuestMemory
    {
        entry = default;
        // The result word (offset 8) is output only and is not read.
        return guest.TryRead64(address, out entry.Op)
            && guest.TryRead64(address + 16, out entry.Arg0)
            && guest.TryRead64(address + 24, out entry.Arg1)
            && guest.TryRead64(address + 32, out entry.Arg2)
            && guest.TryRead64(address + 40, out entry.Arg3);
    }

    Status ApplyMulticallEntry<TGuest>(ref TGuest guest, uint domain, uint vcpu, MulticallEntry entry)
        where TGuest : struct, IGuestMemory
    {
        if (entry.Op == HypercallUpdateVaMapping)
            return UpdateVaMapping(ref guest, domain, vcpu, entry.Arg0, entry.Arg1, entry.Arg2);
        if (entry.Op != HypercallMmuUpdate && entry.Op != HypercallMmuExtOp)
            return Status.EPERM;
        if (entry.Arg1 > MaxInnerCount)
            return Status.EINVAL;
        BatchResult inner = entry.Op == HypercallMmuUpdate
            ? MmuUpdate(ref guest, domain, entry.Arg0, (uint)entry.Arg1, (uint)entry.Arg3, MaxInnerCount)
            : MmuExtOp(ref guest, domain, vcpu, entry.Arg0, (uint)entry.Arg1, (uint)entry.Arg3, MaxInnerCount);
        return inner.Status;
    }
}

/// <summary>VMM-side copy of the inputs of one multicall entry (op and the first four arguments).</summary>
public struct MulticallEntry
{
    public ulong Op;
    public ulong Arg0;
    public ulong Arg1;
    public ulong Arg2;
    public ulong Arg3;
}

namespace Ringwall.Core.Memory;

/// <summary>
/// The memory part of HYPERVISOR_multicall (struct multicall_entry { op; result;
/// args[6]; }, 64 bytes on x86-64). Only memory operations may be batched here:
/// mmu_update (1), update_va_mapping (14) and mmuext_op (26). An entry that would
/// change privilege or the mode of the caller (iret, stack_switch, set_callbacks,
/// a nested multicall, anything else) is refused with EPERM, and the batch stops
/// there, so no later entry can run with a privilege or on tables that an earlier
/// entry changed behind the validator's back. Each entry is read once, whole, before
/// it is looked at; an entry that completes gets result 0 and the one that fails its
/// error (later entries are not run and keep their result word).
/// The multicall is bounded by work like any batch: it stops between entries once its
/// budget is spent and continues (entries advanced, count reduced), and an inner
/// mmu_update / mmuext_op (at most <see cref="MaxInnerCount"/> elements) that runs out
/// of budget is continued too: its arguments are written back into its
/// multicall_entry (array advanced, count with MMU_UPDATE_PREEMPTED, *pdone updated)
/// and the multicall continues at that entry.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    public const uint MulticallEntrySize = 64;
    public const uint MaxInnerCount = 64;
    public const ulong HypercallMmuUpdate = 1;
    public const ulong HypercallUpdateVaMapping = 14;
    public const ulong HypercallMmuExtOp = 26;
    const uint ResultOffset = 8;
    const uint ArgsOffset = 16;

    /// <summary>HYPERVISOR_multicall(entries, count) for the calling vCPU.</summary>
    public CallOutcome MulticallCall<TGuest>(ref TGuest guest, uint domain, uint vcpu, ulong entries, ulong rawCount,
        uint budget)
        where TGuest : struct, IGuestMemory
    {
        if (rawCount > 0xFFFFFFFFUL)
            return CallOutcome.Done(Status.EINVAL);
        uint count = (uint)rawCount;
        Status status = CheckRunning(domain);
        if (status == Status.Ok && vcpu >= domains[(int)domain].VcpuCount)
            status = Status.EINVAL;
        if (status == Status.Ok && !GuestArrayFits(entries, count, MulticallEntrySize))
            status = Status.EFAULT;
        if (status != Status.Ok)
            return CallOutcome.Done(status);
        ulong start = workDone;
        uint done = 0;
        while (done < count)
        {
            if (done > 0 && Spent(start, budget))
                return CallOutcome.Again(entries + (ulong)done * MulticallEntrySize, count - done);
            ulong address = entries + (ulong)done * MulticallEntrySize;
            MulticallEntry entry;
            CallOutcome inner;
            if (!ReadMulticallEntry(ref guest, address, out entry))
                inner = CallOutcome.Done(Status.EFAULT);
            else
                inner = ApplyMulticallEntry(ref guest, domain, vcpu, entry, Remaining(start, budget));
            if (inner.Continue)
            {
                if (!guest.TryWrite64(address + ArgsOffset, inner.Arg0) || !guest.TryWrite64(address + ArgsOffset + 8, inner.Arg1))
                    return CallOutcome.Done(Status.EFAULT);
                return CallOutcome.Again(address, count - done);
            }
            Charge(WorkCost.GuestAccess);
            if (!guest.TryWrite64(address + ResultOffset, (ulong)(long)inner.Status))
                return CallOutcome.Done(Status.EFAULT);
            if (inner.Status != Status.Ok)
                return CallOutcome.Done(inner.Status);
            done++;
        }
        return CallOutcome.Done(Status.Ok);
    }

    bool ReadMulticallEntry<TGuest>(ref TGuest guest, ulong address, out MulticallEntry entry)
        where TGuest : struct, IGuestMemory
    {
        entry = default;
        Charge(WorkCost.GuestAccess);
        // op, result, args[0..3]: the result word is read with the rest but not used.
        if (!guest.TryReadWords(address, elementWords, 6))
            return false;
        entry.Op = elementWords[0];
        entry.Arg0 = elementWords[2];
        entry.Arg1 = elementWords[3];
        entry.Arg2 = elementWords[4];
        entry.Arg3 = elementWords[5];
        return true;
    }

    CallOutcome ApplyMulticallEntry<TGuest>(ref TGuest guest, uint domain, uint vcpu, MulticallEntry entry, uint budget)
        where TGuest : struct, IGuestMemory
    {
        if (entry.Op == HypercallUpdateVaMapping)
            return CallOutcome.Done(UpdateVaMapping(ref guest, domain, vcpu, entry.Arg0, entry.Arg1, entry.Arg2));
        if (entry.Op != HypercallMmuUpdate && entry.Op != HypercallMmuExtOp)
            return CallOutcome.Done(Status.EPERM);
        if ((entry.Arg1 & ~Preempted) > MaxInnerCount)
            return CallOutcome.Done(Status.EINVAL);
        return entry.Op == HypercallMmuUpdate
            ? MmuUpdateCall(ref guest, domain, entry.Arg0, entry.Arg1, entry.Arg2, entry.Arg3, budget)
            : MmuExtOpCall(ref guest, domain, vcpu, entry.Arg0, entry.Arg1, entry.Arg2, entry.Arg3, budget);
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

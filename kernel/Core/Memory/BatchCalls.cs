namespace Ringwall.Core.Memory;

/// <summary>
/// What a batched memory hypercall answers: a result, or a continuation (the guest
/// re-executes the call with its first two arguments replaced by <see cref="Arg0"/>
/// and <see cref="Arg1"/>, as Xen's hypercall continuations do).
/// </summary>
public struct CallOutcome
{
    public Status Status;
    public bool Continue;
    public ulong Arg0;
    public ulong Arg1;

    public static CallOutcome Done(Status status)
    {
        CallOutcome o = default;
        o.Status = status;
        return o;
    }

    public static CallOutcome Again(ulong arg0, ulong arg1)
    {
        CallOutcome o = default;
        o.Continue = true;
        o.Arg0 = arg0;
        o.Arg1 = arg1;
        return o;
    }
}

/// <summary>
/// The guest-facing protocol of mmu_update and mmuext_op (requests, count, pdone,
/// foreign domain), the same whether the call comes from the hypercall gate or from a
/// multicall entry. A call that stops at its work budget continues with the array
/// advanced and the remaining count with MMU_UPDATE_PREEMPTED (bit 31) set; *pdone (a
/// 32-bit word, when not null) then holds the elements done so far, and the
/// continuation reads it back and adds to it, so at the end *pdone is the exact number
/// of elements that completed (Xen's protocol).
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    public const ulong Preempted = 1UL << 31;

    public CallOutcome MmuUpdateCall<TGuest>(ref TGuest guest, uint domain, ulong requests, ulong rawCount,
        ulong pdone, ulong foreignDomain, uint budget)
        where TGuest : struct, IGuestMemory
        => BatchCall(ref guest, false, domain, 0, requests, rawCount, pdone, foreignDomain, budget);

    public CallOutcome MmuExtOpCall<TGuest>(ref TGuest guest, uint domain, uint vcpu, ulong ops, ulong rawCount,
        ulong pdone, ulong foreignDomain, uint budget)
        where TGuest : struct, IGuestMemory
        => BatchCall(ref guest, true, domain, vcpu, ops, rawCount, pdone, foreignDomain, budget);

    CallOutcome BatchCall<TGuest>(ref TGuest guest, bool extended, uint domain, uint vcpu, ulong array, ulong rawCount,
        ulong pdone, ulong foreignDomain, uint budget)
        where TGuest : struct, IGuestMemory
    {
        if (rawCount > 0xFFFFFFFFUL || foreignDomain > 0xFFFFFFFFUL)
            return CallOutcome.Done(Status.EINVAL);
        uint count = (uint)(rawCount & ~Preempted);
        uint doneBefore = 0;
        Charge(WorkCost.GuestAccess);
        if ((rawCount & Preempted) != 0 && pdone != 0 && !guest.TryRead32(pdone, out doneBefore))
            return CallOutcome.Done(Status.EFAULT);
        BatchResult r = extended
            ? MmuExtOp(ref guest, domain, vcpu, array, count, (uint)foreignDomain, budget)
            : MmuUpdate(ref guest, domain, array, count, (uint)foreignDomain, budget);
        Charge(WorkCost.GuestAccess);
        if (pdone != 0 && !guest.TryWrite32(pdone, doneBefore + r.Done))
            return CallOutcome.Done(Status.EFAULT);
        if (r.MoreToDo)
        {
            uint size = extended ? MemoryAbi.MmuExtOpSize : MemoryAbi.MmuUpdateSize;
            return CallOutcome.Again(array + (ulong)r.Done * size, (count - r.Done) | Preempted);
        }
        return CallOutcome.Done(r.Status);
    }
}

namespace Ringwall.Core.Memory;

/// <summary>
/// The TLB flushes the core itself obliges. A domain accumulates a debt
/// (FlushPending) whenever a frame loses its last writable mapping or its last
/// page-table type reference, or a table is devalidated, or an L4 entry changes; the
/// debt is paid by one flush of every CPU that may cache the domain's translations:
/// before any frame changes type or owner, and before the operation returns.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    /// <summary>Pays the domain's flush debt now, if it has one.</summary>
    void PayFlushDebt(uint domain)
    {
        ref DomainMemory d = ref domains[(int)domain];
        if (d.FlushPending || d.RootChanged)
            FlushDomainNow(domain, true);
    }

    /// <summary>Every operation ends here: nothing it removed may survive in a TLB once it reports completion.</summary>
    void FinishOperation(uint domain) => PayFlushDebt(domain);

    /// <summary>Full flush on every CPU that may cache <paramref name="domain"/>'s translations.</summary>
    void FlushDomainNow(uint domain, bool obligatory)
    {
        ref DomainMemory d = ref domains[(int)domain];
        FlushRequest request = default;
        request.Kind = FlushKind.Full;
        request.Scope = FlushScope.AllOfDomain;
        request.Obligatory = obligatory;
        request.RootTableChanged = d.RootChanged;
        request.Domain = domain;
        tlb.Flush(in request);
        Charge(WorkCost.Flush);
        d.FlushPending = false;
        d.RootChanged = false;
    }

    /// <summary>A flush the guest asked for (mmuext_op or update_va_mapping flags).</summary>
    void GuestFlush(uint domain, uint vcpu, FlushKind kind, FlushScope scope, ulong vcpuMask, ulong linearAddress)
    {
        if (kind == FlushKind.Full && scope == FlushScope.AllOfDomain)
        {
            FlushDomainNow(domain, false); // also pays any debt
            return;
        }
        FlushRequest request = default;
        request.Kind = kind;
        request.Scope = scope;
        request.Domain = domain;
        request.Vcpu = vcpu;
        request.VcpuMask = vcpuMask;
        request.LinearAddress = linearAddress;
        tlb.Flush(in request);
        Charge(WorkCost.Flush);
    }
}

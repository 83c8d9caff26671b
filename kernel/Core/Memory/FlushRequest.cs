namespace Ringwall.Core.Memory;

public enum FlushKind : byte
{
    /// <summary>Whole TLB, including paging-structure caches (non-global entries; guests have none).</summary>
    Full = 0,
    /// <summary>One linear address (INVLPG).</summary>
    SingleAddress = 1,
}

public enum FlushScope : byte
{
    /// <summary>The calling vCPU only.</summary>
    LocalVcpu = 0,
    /// <summary>The vCPUs whose bits are set in <see cref="FlushRequest.VcpuMask"/>.</summary>
    VcpuMask = 1,
    /// <summary>Every CPU that may cache a translation of the domain. Obligatory flushes use this scope.</summary>
    AllOfDomain = 2,
}

/// <summary>A TLB flush the core hands to the hardware layer.</summary>
public struct FlushRequest
{
    public FlushKind Kind;
    public FlushScope Scope;
    /// <summary>True when the core itself obliges this flush (write access or a page-table type was removed).</summary>
    public bool Obligatory;
    /// <summary>A top-level (L4) entry changed: per-CPU root copies must be resynchronised before the flush.</summary>
    public bool RootTableChanged;
    public uint Domain;
    public uint Vcpu;
    public ulong VcpuMask;
    public ulong LinearAddress;
}

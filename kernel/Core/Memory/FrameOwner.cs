namespace Ringwall.Core.Memory;

/// <summary>Who a machine frame belongs to.</summary>
public enum FrameOwner : byte
{
    /// <summary>In the free pool (maybe awaiting scrub).</summary>
    Free = 0,
    /// <summary>VMM-private: image, frame table, entry area, IOMMU tables, ... Never mappable by a guest.</summary>
    Vmm = 1,
    /// <summary>Owned by the domain in <see cref="FrameInfo.Domain"/>.</summary>
    Domain = 2,
    /// <summary>VMM frame every domain may map read-only (the M2P table).</summary>
    SharedReadOnly = 3,
    /// <summary>VMM frame one domain (<see cref="FrameInfo.Domain"/>) may map read-write: its shared-info page.</summary>
    SharedWithDomain = 4,
}

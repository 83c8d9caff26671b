namespace Ringwall.Core.Memory;

public enum DomainState : byte
{
    /// <summary>The slot is unused.</summary>
    None = 0,
    Running = 1,
    /// <summary>Being torn down; refuses every guest operation.</summary>
    Dying = 2,
}

public enum TeardownPhase : byte
{
    ReleaseBases = 0,
    Devalidate = 1,
    Flush = 2,
    FreeFrames = 3,
}

/// <summary>Per-domain memory accounting and bookkeeping (plain data).</summary>
public struct DomainMemory
{
    public DomainState State;
    public uint VcpuCount;
    /// <summary>Most frames the domain may own.</summary>
    public uint Quota;
    /// <summary>Frames the domain owns now (shared VMM frames are not counted).</summary>
    public uint Owned;
    /// <summary>Head of the intrusive list (through <see cref="FrameInfo.Next"/>) of owned frames; -1 = empty.</summary>
    public int OwnedHead;
    /// <summary>Frames held as DMA-pinned; teardown waits until the device layer released them.</summary>
    public uint DmaPinned;
    /// <summary>The domain's shared-info frame, or NoFrame.</summary>
    public ulong SharedInfo;
    /// <summary>May issue MMUEXT_FLUSH_CACHE (only domains with assigned devices).</summary>
    public bool CacheFlushAllowed;
    /// <summary>Write access to a frame or a page-table type was removed since the last obligatory flush.</summary>
    public bool FlushPending;
    /// <summary>A top-level entry changed since the last obligatory flush.</summary>
    public bool RootChanged;
    /// <summary>
    /// Advances whenever anything a copy of one of the domain's top-level tables derives
    /// from changes: an L4 entry is written, an L4 table is validated or devalidated, a
    /// vCPU's base pointer changes. A root copy made at epoch E from base B is current
    /// exactly while the vCPU's base is still B and the epoch still E.
    /// </summary>
    public ulong RootEpoch;
    public TeardownPhase Teardown;
    /// <summary>Teardown progress: the next frame (devalidate phase) or vCPU (release phase).</summary>
    public int TeardownCursor;
}

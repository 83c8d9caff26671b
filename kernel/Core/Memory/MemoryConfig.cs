namespace Ringwall.Core.Memory;

public static class MemoryCoreConstants
{
    public const ulong NoFrame = ulong.MaxValue;
    /// <summary>An M2P entry for a frame no domain owns (Xen's INVALID_M2P_ENTRY).</summary>
    public const ulong InvalidM2pEntry = ulong.MaxValue;
    public const int EntriesPerTable = 512;
    public const int PageShift = 12;
    public const ulong PageSize = 4096;
    public const int SuperpageFrames = 512;
    /// <summary>Largest type or reference count; a request that would exceed it gets EBUSY.</summary>
    public const uint MaxCount = 0x7FFFFFFF;

    /// <summary>
    /// The VMM's reserved virtual range as L4 slots [First, First+Count): the same
    /// 16 slots (0xFFFF800000000000..0xFFFF87FFFFFFFFFF) Xen reserves on x86-64, so
    /// Xen-ported guests keep their layout. Guest L4 entries there must be zero.
    /// </summary>
    public const int ReservedL4First = 256;
    public const int ReservedL4Count = 16;
}

/// <summary>Sizes fixed at boot; all core arrays are allocated from these once.</summary>
public struct MemoryConfig
{
    public uint FrameCount;
    public uint MaxDomains;
    public uint MaxVcpusPerDomain;
    /// <summary>Machine address of the M2P array (8 bytes per frame), for MMU_MACHPHYS_UPDATE.</summary>
    public ulong M2pMachineAddress;
    /// <summary>
    /// L1TF: a not-present entry's address field must be 0 or at least this address
    /// (chosen by the boot code above all RAM and below MAXPHYADDR, Xen's rule).
    /// </summary>
    public ulong L1tfSafeAddress;
    /// <summary>Physical address width of the CPU (MAXPHYADDR), at most 52.</summary>
    public uint PhysicalAddressBits;
}

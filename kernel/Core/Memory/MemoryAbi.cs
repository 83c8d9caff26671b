namespace Ringwall.Core.Memory;

/// <summary>
/// Numbers and layouts of Xen's x86-64 PV memory ABI (xen/include/public/xen.h),
/// which Ringwall follows.
/// </summary>
public static class MemoryAbi
{
    // mmu_update: struct mmu_update { uint64_t ptr; uint64_t val; }, ptr[1:0] = command.
    public const uint MmuUpdateSize = 16;
    public const ulong MmuCommandMask = 3;
    public const ulong MmuNormalPtUpdate = 0;
    public const ulong MmuMachPhysUpdate = 1;
    public const ulong MmuPtUpdatePreserveAd = 2;

    // mmuext_op: struct { unsigned int cmd; (pad) union arg1 (8 bytes); union arg2 (8 bytes) } = 24 bytes.
    public const uint MmuExtOpSize = 24;
    public const uint PinL1Table = 0;
    public const uint PinL2Table = 1;
    public const uint PinL3Table = 2;
    public const uint PinL4Table = 3;
    public const uint UnpinTable = 4;
    public const uint NewBasePtr = 5;
    public const uint TlbFlushLocal = 6;
    public const uint InvlpgLocal = 7;
    public const uint TlbFlushMulti = 8;
    public const uint InvlpgMulti = 9;
    public const uint TlbFlushAll = 10;
    public const uint InvlpgAll = 11;
    public const uint FlushCache = 12;
    public const uint SetLdt = 13;
    public const uint NewUserBasePtr = 15;
    public const uint ClearPage = 16;
    public const uint CopyPage = 17;

    // update_va_mapping flags.
    public const ulong UvmfNone = 0;
    public const ulong UvmfTlbFlush = 1;
    public const ulong UvmfInvlpg = 2;
    public const ulong UvmfFlushTypeMask = 3;
    public const ulong UvmfLocal = 0;
    public const ulong UvmfMulti = 0; // with a vCPU-bitmap pointer ORed into the upper bits
    public const ulong UvmfAll = 4;

    /// <summary>DOMID_SELF: the calling domain.</summary>
    public const uint DomIdSelf = 0x7FF0;
}

namespace Ringwall.Core.Memory;

/// <summary>
/// The memory ABI's numbers under the names the core uses. Every value comes from the
/// generated ABI (guestabi/generated, from guestabi/abi): nothing is defined here.
/// </summary>
public static class MemoryAbi
{
    public const uint MmuUpdateSize = (uint)Ringwall.Abi.MmuUpdate.Size;
    public const ulong MmuCommandMask = Ringwall.Abi.MmuUpdateMask.MmuCmdMask;
    public const ulong MmuNormalPtUpdate = Ringwall.Abi.MmuUpdateCmd.NormalPtUpdate;
    public const ulong MmuMachPhysUpdate = Ringwall.Abi.MmuUpdateCmd.MachphysUpdate;
    public const ulong MmuPtUpdatePreserveAd = Ringwall.Abi.MmuUpdateCmd.PtUpdatePreserveAd;

    public const uint MmuExtOpSize = (uint)Ringwall.Abi.MmuextOp.Size;
    public const uint PinL1Table = Ringwall.Abi.MmuExtCmd.PinL1Table;
    public const uint PinL2Table = Ringwall.Abi.MmuExtCmd.PinL2Table;
    public const uint PinL3Table = Ringwall.Abi.MmuExtCmd.PinL3Table;
    public const uint PinL4Table = Ringwall.Abi.MmuExtCmd.PinL4Table;
    public const uint UnpinTable = Ringwall.Abi.MmuExtCmd.UnpinTable;
    public const uint NewBasePtr = Ringwall.Abi.MmuExtCmd.NewBaseptr;
    public const uint TlbFlushLocal = Ringwall.Abi.MmuExtCmd.TlbFlushLocal;
    public const uint InvlpgLocal = Ringwall.Abi.MmuExtCmd.InvlpgLocal;
    public const uint TlbFlushMulti = Ringwall.Abi.MmuExtCmd.TlbFlushMulti;
    public const uint InvlpgMulti = Ringwall.Abi.MmuExtCmd.InvlpgMulti;
    public const uint TlbFlushAll = Ringwall.Abi.MmuExtCmd.TlbFlushAll;
    public const uint InvlpgAll = Ringwall.Abi.MmuExtCmd.InvlpgAll;
    public const uint FlushCache = Ringwall.Abi.MmuExtCmd.FlushCache;
    public const uint SetLdt = Ringwall.Abi.MmuExtCmd.SetLdt;
    public const uint NewUserBasePtr = Ringwall.Abi.MmuExtCmd.NewUserBaseptr;
    public const uint ClearPage = Ringwall.Abi.MmuExtCmd.ClearPage;
    public const uint CopyPage = Ringwall.Abi.MmuExtCmd.CopyPage;

    public const ulong UvmfNone = Ringwall.Abi.UvmfFlags.None;
    public const ulong UvmfTlbFlush = Ringwall.Abi.UvmfFlags.TlbFlush;
    public const ulong UvmfInvlpg = Ringwall.Abi.UvmfFlags.Invlpg;
    public const ulong UvmfFlushTypeMask = Ringwall.Abi.UvmfFlags.FlushtypeMask;
    public const ulong UvmfLocal = Ringwall.Abi.UvmfFlags.Local;
    public const ulong UvmfMulti = Ringwall.Abi.UvmfFlags.Multi; // with a vCPU-bitmap pointer ORed into the upper bits
    public const ulong UvmfAll = Ringwall.Abi.UvmfFlags.All;

    /// <summary>DOMID_SELF: the calling domain.</summary>
    public const uint DomIdSelf = Ringwall.Abi.DomId.Self;
}

using Ringwall.Abi;

namespace Ringwall.Core.Memory;

/// <summary>
/// The memory ABI's numbers under the names the core uses. Every value comes from the
/// generated ABI (guestabi/generated, from guestabi/abi): nothing is defined here.
/// </summary>
public static class MemoryAbi
{
    public const uint MmuUpdateSize = (uint)Ringwall.Abi.MmuUpdate.Size;
    public const ulong MmuCommandMask = MmuUpdateMask.MmuCmdMask;
    public const ulong MmuNormalPtUpdate = MmuUpdateCmd.NormalPtUpdate;
    public const ulong MmuMachPhysUpdate = MmuUpdateCmd.MachphysUpdate;
    public const ulong MmuPtUpdatePreserveAd = MmuUpdateCmd.PtUpdatePreserveAd;

    public const uint MmuExtOpSize = (uint)MmuextOp.Size;
    public const uint PinL1Table = MmuExtCmd.PinL1Table;
    public const uint PinL2Table = MmuExtCmd.PinL2Table;
    public const uint PinL3Table = MmuExtCmd.PinL3Table;
    public const uint PinL4Table = MmuExtCmd.PinL4Table;
    public const uint UnpinTable = MmuExtCmd.UnpinTable;
    public const uint NewBasePtr = MmuExtCmd.NewBaseptr;
    public const uint TlbFlushLocal = MmuExtCmd.TlbFlushLocal;
    public const uint InvlpgLocal = MmuExtCmd.InvlpgLocal;
    public const uint TlbFlushMulti = MmuExtCmd.TlbFlushMulti;
    public const uint InvlpgMulti = MmuExtCmd.InvlpgMulti;
    public const uint TlbFlushAll = MmuExtCmd.TlbFlushAll;
    public const uint InvlpgAll = MmuExtCmd.InvlpgAll;
    public const uint FlushCache = MmuExtCmd.FlushCache;
    public const uint SetLdt = MmuExtCmd.SetLdt;
    public const uint NewUserBasePtr = MmuExtCmd.NewUserBaseptr;
    public const uint ClearPage = MmuExtCmd.ClearPage;
    public const uint CopyPage = MmuExtCmd.CopyPage;

    public const ulong UvmfNone = UvmfFlags.None;
    public const ulong UvmfTlbFlush = UvmfFlags.TlbFlush;
    public const ulong UvmfInvlpg = UvmfFlags.Invlpg;
    public const ulong UvmfFlushTypeMask = UvmfFlags.FlushtypeMask;
    public const ulong UvmfLocal = UvmfFlags.Local;
    public const ulong UvmfMulti = UvmfFlags.Multi; // with a vCPU-bitmap pointer ORed into the upper bits
    public const ulong UvmfAll = UvmfFlags.All;

    /// <summary>DOMID_SELF: the calling domain.</summary>
    public const uint DomIdSelf = DomId.Self;
}

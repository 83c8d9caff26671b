namespace Ringwall.Core.Memory;

/// <summary>VMM-side copy of one guest mmu_update element (read once, then validated).</summary>
public struct MmuUpdateRequest
{
    public ulong Ptr;
    public ulong Val;
}

/// <summary>VMM-side copy of one guest mmuext_op element (read once, then validated).</summary>
public struct MmuExtOpRequest
{
    public uint Command;
    public ulong Arg1;
    public ulong Arg2;
}

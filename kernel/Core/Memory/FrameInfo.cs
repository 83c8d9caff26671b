namespace Ringwall.Core.Memory;

/// <summary>
/// One entry of the frame table: everything the VMM knows about one 4 KiB machine
/// frame. Plain data so it can be enumerated, checkpointed and recounted.
/// </summary>
public struct FrameInfo
{
    public FrameOwner Owner;
    public PageType Type;
    /// <summary>Set when the frame's contents were checked as a page table of level <see cref="Type"/>; its entries then hold references.</summary>
    public bool Validated;
    /// <summary>The guest pinned it (MMUEXT_PIN_Ln_TABLE); a pin holds one type and one general reference.</summary>
    public bool Pinned;
    /// <summary>Freed but not yet zeroed: zeroed before anyone else gets it.</summary>
    public bool NeedsScrub;
    /// <summary>Owning domain (Owner == Domain) or the domain it is shared with (Owner == SharedWithDomain).</summary>
    public ushort Domain;
    /// <summary>References that need the frame to keep <see cref="Type"/>.</summary>
    public uint TypeCount;
    /// <summary>General references: mappings, links from page tables, pins, base pointers, temporary holds.</summary>
    public uint RefCount;
    /// <summary>Intrusive list links (free pool, or the owning domain's frame list); -1 = none.</summary>
    public int Next;
    public int Prev;
}

namespace Ringwall.Core.Memory;

/// <summary>
/// What a frame is currently used as. A frame changes type only while its type
/// count is zero (and, for page-table types, only after it has been devalidated).
/// L1..L4 are numbered so that the page-table level equals the enum value.
/// </summary>
public enum PageType : byte
{
    None = 0,
    L1 = 1,
    L2 = 2,
    L3 = 3,
    L4 = 4,
    /// <summary>Holds GDT/LDT descriptors; never guest-writable.</summary>
    Descriptor = 5,
    /// <summary>Mapped writable by the guest (or inside a guest superpage).</summary>
    Writable = 6,
    /// <summary>Pinned for device DMA; never guest-writable, never freed while pinned.</summary>
    DmaPinned = 7,
}

public static class PageTypes
{
    public static bool IsPageTable(PageType type) => type >= PageType.L1 && type <= PageType.L4;
}

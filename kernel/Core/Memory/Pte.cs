namespace Ringwall.Core.Memory;

/// <summary>x86-64 page-table entry bits (4-level paging).</summary>
public static class Pte
{
    public const ulong Present = 1UL << 0;
    public const ulong Writable = 1UL << 1;
    public const ulong User = 1UL << 2;
    public const ulong WriteThrough = 1UL << 3;
    public const ulong CacheDisable = 1UL << 4;
    public const ulong Accessed = 1UL << 5;
    public const ulong Dirty = 1UL << 6;
    /// <summary>Page size in L2-L4 entries; PAT in L1 entries.</summary>
    public const ulong PageSize = 1UL << 7;
    public const ulong PatSmall = 1UL << 7;
    public const ulong Global = 1UL << 8;
    /// <summary>Bits 9-11, ignored by the CPU, free for the guest.</summary>
    public const ulong Available = 7UL << 9;
    /// <summary>PAT in 2 MiB entries.</summary>
    public const ulong PatLarge = 1UL << 12;
    public const ulong NoExecute = 1UL << 63;
    /// <summary>The address field, bits 12-51.</summary>
    public const ulong AddressField = 0x000F_FFFF_FFFF_F000UL;
    /// <summary>The address field of a 2 MiB entry, bits 21-51.</summary>
    public const ulong LargeAddressField = 0x000F_FFFF_FFE0_0000UL;
    /// <summary>Bits 13-20 of a 2 MiB entry: reserved, must be zero.</summary>
    public const ulong LargeReserved = 0x0000_0000_001F_E000UL;

    /// <summary>Flag bits a guest may set in a present L1 entry (no Global: it would survive CR3 loads).</summary>
    public const ulong AllowedL1 = Present | Writable | User | WriteThrough | CacheDisable | Accessed | Dirty
        | PatSmall | Available | NoExecute;
    /// <summary>Flag bits a guest may set in a present L2/L3/L4 entry that points to a table.</summary>
    public const ulong AllowedTableLink = Present | Writable | User | WriteThrough | CacheDisable | Accessed
        | Available | NoExecute;
    /// <summary>Flag bits a guest may set in a present 2 MiB L2 entry.</summary>
    public const ulong AllowedLarge = Present | Writable | User | WriteThrough | CacheDisable | Accessed | Dirty
        | PageSize | Available | PatLarge | NoExecute;

    public static bool IsPresent(ulong entry) => (entry & Present) != 0;
    public static bool IsWritable(ulong entry) => (entry & Writable) != 0;
    public static bool IsLarge(ulong entry) => (entry & PageSize) != 0;
    public static ulong Frame(ulong entry) => (entry & AddressField) >> MemoryCoreConstants.PageShift;
    public static ulong LargeFrame(ulong entry) => (entry & LargeAddressField) >> MemoryCoreConstants.PageShift;

    /// <summary>Index into the table of level <paramref name="level"/> for a linear address.</summary>
    public static int IndexOf(ulong linearAddress, int level) => (int)((linearAddress >> (3 + 9 * level)) & 511);

    public static bool IsReservedL4Slot(int index) =>
        index >= MemoryCoreConstants.ReservedL4First
        && index < MemoryCoreConstants.ReservedL4First + MemoryCoreConstants.ReservedL4Count;
}

namespace Ringwall.Core.Memory;

/// <summary>
/// Checks of an entry's bit pattern alone (no frame-table lookups): allowed flags,
/// reserved bits, the L1TF rule for not-present entries, the reserved VMM slots.
/// </summary>
public static class EntryFormat
{
    /// <summary>Checks a value about to be stored at <paramref name="index"/> of a table of <paramref name="level"/>.</summary>
    public static Status Check(int level, int index, ulong entry, ulong l1tfSafeAddress, uint physicalAddressBits)
    {
        if (level == 4 && Pte.IsReservedL4Slot(index))
            return entry == 0 ? Status.Ok : Status.EPERM;
        if (!Pte.IsPresent(entry))
            return CheckNotPresent(level, entry, l1tfSafeAddress);
        if ((entry & Pte.AddressField) >> (int)physicalAddressBits != 0)
            return Status.EINVAL; // address bits at or above MAXPHYADDR are reserved
        if (level == 1)
            return (entry & ~(Pte.AllowedL1 | Pte.AddressField)) == 0 ? Status.Ok : Status.EINVAL;
        if (Pte.IsLarge(entry))
            return CheckLarge(level, entry);
        return (entry & ~(Pte.AllowedTableLink | Pte.AddressField)) == 0 ? Status.Ok : Status.EINVAL;
    }

    /// <summary>L1TF (Xen's rule): address field 0 or at/above the safe address; no page-size bit above L1.</summary>
    static Status CheckNotPresent(int level, ulong entry, ulong l1tfSafeAddress)
    {
        if (level > 1 && Pte.IsLarge(entry))
            return Status.EINVAL;
        ulong address = entry & Pte.AddressField;
        if (address != 0 && address < l1tfSafeAddress)
            return Status.EPERM;
        return Status.Ok;
    }

    /// <summary>2 MiB entries only in L2; 1 GiB (L3) and L4 page-size entries are refused.</summary>
    static Status CheckLarge(int level, ulong entry)
    {
        if (level != 2)
            return Status.EINVAL;
        if ((entry & Pte.LargeReserved) != 0)
            return Status.EINVAL;
        return (entry & ~(Pte.AllowedLarge | Pte.AddressField)) == 0 ? Status.Ok : Status.EINVAL;
    }
}

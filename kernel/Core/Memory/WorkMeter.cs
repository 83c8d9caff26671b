namespace Ringwall.Core.Memory;

/// <summary>
/// What the core's work costs, in units. Every VMM entry runs with interrupts off, so
/// the core bounds each entry by the work it does, not by the elements it is given:
/// a batch, a multicall, a teardown step stop once they have spent their budget (after
/// at least one element, so every call makes progress) and continue in a later entry.
/// The costs count what really happens, calibrated under icount so that a unit is about
/// 100 instructions of the image at most: a present page-table entry checked or released
/// costs 3 (an empty one 1), a frame record visited 1, an access to guest memory (a walk
/// of its tables, then one element or word: about 600 instructions) 6, a TLB flush 32,
/// zeroing or copying a frame 64. The largest single
/// element (a table devalidated, another validated and its validation rolled back, a
/// frame copied, a few flushes) costs under <see cref="LargestElement"/> units, so no
/// call spends more than its budget plus that: 3,072 + 4,992 units, about 800,000
/// instructions at the costliest units (issue 9's bound is 1,000,000).
/// </summary>
public static class WorkCost
{
    public const uint Entry = 1;
    public const uint PresentEntry = 3;
    public const uint GuestAccess = 6;
    public const uint FrameVisit = 1;
    public const uint Flush = 32;
    public const uint FrameCopy = 64;
    /// <summary>An upper bound of one element's cost (two tables of entries, a copy, three flushes).</summary>
    public const uint LargestElement = 3 * PresentEntry * MemoryCoreConstants.EntriesPerTable + FrameCopy + 3 * Flush + 6 * GuestAccess + 64;
    /// <summary>The budget of one hypercall's memory work per entry (see docs/memory.md, "Bounded work").</summary>
    public const uint EntryBudget = 3072;
    /// <summary>
    /// The budget of one piece of a dead domain's teardown. Smaller than a hypercall's:
    /// a piece runs inside whatever entry happens to return next (or back to back while
    /// idle), and freeing a frame costs more instructions than its one unit suggests.
    /// </summary>
    public const uint TeardownBudget = 1024;
}

public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    ulong workDone;

    /// <summary>Units of work done since the core was created (callers take differences).</summary>
    public ulong WorkDone => workDone;

    void Charge(uint units) => workDone += units;

    /// <summary>True once <paramref name="budget"/> units were spent since <paramref name="start"/>.</summary>
    bool Spent(ulong start, uint budget) => workDone - start >= budget;

    /// <summary>What is left of <paramref name="budget"/> after the work since <paramref name="start"/> (at least 1).</summary>
    uint Remaining(ulong start, uint budget)
    {
        ulong used = workDone - start;
        return used >= budget ? 1u : budget - (uint)used;
    }
}

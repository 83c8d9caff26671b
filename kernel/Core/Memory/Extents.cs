namespace Ringwall.Core.Memory;

/// <summary>
/// One record per 2 MiB-aligned run of 512 frames (an extent). Guest superpages are
/// accounted here, once per 2 MiB mapping, instead of on each of the 512 frames: a
/// superpage entry costs the same bounded work as any other entry, and an L2 of 512
/// superpage entries is validated and devalidated in 512 steps, not 262,144.
/// </summary>
public struct ExtentInfo
{
    /// <summary>The domain whose frames <see cref="OwnedFrames"/> counts (meaningless while it is 0).</summary>
    public ushort Owner;
    /// <summary>Frames of the extent owned by <see cref="Owner"/>; 512 when that domain owns all of it.</summary>
    public ushort OwnedFrames;
    /// <summary>Frames of the extent that are validated tables or hold a non-writable type (a superpage may not cover them).</summary>
    public ushort BlockingFrames;
    /// <summary>Present 2 MiB entries (in validated L2 tables) that map the extent.</summary>
    public uint Superpages;
}

/// <summary>
/// The extent bookkeeping. Invariants (recounted by the host tests):
///  - OwnedFrames is exactly the number of the extent's frames owned by Owner;
///  - BlockingFrames is exactly the number of its frames for which
///    <see cref="Blocks"/> holds;
///  - Superpages is exactly the number of present 2 MiB entries in validated tables
///    that map it, and while it is non-zero every frame of the extent is owned by one
///    domain and none of them blocks (none may take a type other than writable, be
///    validated, or leave the domain).
/// A superpage holds, for each of its 512 frames, what a writable 4 KiB mapping holds
/// (a general and a writable reference), without touching the frames' own records:
/// a frame's effective references are its own plus its extent's superpages.
/// </summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    readonly ExtentInfo[] extents;

    /// <summary>A copy of the extent record of frame <paramref name="mfn"/> (for inspection; callers range-check).</summary>
    public ExtentInfo Extent(ulong mfn) => extents[(int)(mfn >> 9)];

    /// <summary>A frame a superpage may not cover: a validated table, or one holding a non-writable type.</summary>
    static bool Blocks(in FrameInfo f) => f.Validated || (f.TypeCount > 0 && f.Type != PageType.Writable);

    /// <summary>Call after any change of a frame's Type, TypeCount or Validated, with whether it blocked before.</summary>
    void Settle(int mfn, bool blockedBefore)
    {
        bool now = Blocks(frames[mfn]);
        if (now == blockedBefore)
            return;
        ref ExtentInfo e = ref extents[mfn >> 9];
        if (now)
            e.BlockingFrames++;
        else
            e.BlockingFrames--;
    }

    /// <summary>Sets a frame's type, count and validation, keeping its extent's blocking count exact.</summary>
    void SetTypeState(int mfn, PageType type, uint count, bool validated)
    {
        ref FrameInfo f = ref frames[mfn];
        bool before = Blocks(f);
        f.Type = type;
        f.TypeCount = count;
        f.Validated = validated;
        Settle(mfn, before);
    }

    /// <summary>True if a superpage maps the extent of <paramref name="mfn"/> (its frames take no other type).</summary>
    bool UnderSuperpage(int mfn) => extents[mfn >> 9].Superpages != 0;

    /// <summary>A frame joins a domain: keeps OwnedFrames exact (recounts the extent when its owner changes).</summary>
    void ExtentJoin(int mfn, uint domain)
    {
        ref ExtentInfo e = ref extents[mfn >> 9];
        if (e.OwnedFrames > 0 && e.Owner == domain)
        {
            e.OwnedFrames++;
            return;
        }
        if (e.OwnedFrames > 0)
            return; // another domain's frames are counted; this one cannot make the extent whole
        // Nobody's frames are counted: count this domain's (bounded: 512 records, and
        // only when the counted owner changes).
        e.Owner = (ushort)domain;
        ushort n = 0;
        int first = mfn & ~511;
        for (int k = 0; k < MemoryCoreConstants.SuperpageFrames && first + k < frames.Length; k++)
            if (OwnedBy(first + k, domain))
                n++;
        Charge(MemoryCoreConstants.SuperpageFrames / 8);
        e.OwnedFrames = n;
    }

    /// <summary>A frame leaves a domain (called before its owner changes).</summary>
    void ExtentLeave(int mfn, uint domain)
    {
        ref ExtentInfo e = ref extents[mfn >> 9];
        if (e.OwnedFrames > 0 && e.Owner == domain)
            e.OwnedFrames--;
    }

    /// <summary>
    /// A 2 MiB L2 entry: the 512-frame extent at <paramref name="first"/> must be owned
    /// whole by the domain and hold no table, descriptor or DMA frame (not even a
    /// lazily validated table). Owed flushes are paid first: a frame that just stopped
    /// being a table may not become guest-writable while a TLB may still cache it.
    /// </summary>
    Status AcquireSuperpage(ulong first, uint domain)
    {
        if (first >= config.FrameCount || config.FrameCount - first < MemoryCoreConstants.SuperpageFrames)
            return Status.EINVAL;
        ref ExtentInfo e = ref extents[(int)(first >> 9)];
        if (e.OwnedFrames != MemoryCoreConstants.SuperpageFrames || e.Owner != domain)
            return Status.EPERM;
        if (e.BlockingFrames != 0 || e.Superpages >= MemoryCoreConstants.MaxCount)
            return Status.EBUSY;
        if (e.Superpages == 0)
            PayFlushDebt(domain);
        e.Superpages++;
        return Status.Ok;
    }

    /// <summary>Drops a 2 MiB entry's hold; the last one owes a flush (the frames may then change type).</summary>
    void ReleaseSuperpage(ulong first)
    {
        ref ExtentInfo e = ref extents[(int)(first >> 9)];
        if (e.Superpages == 0)
        {
            panic.Panic(PanicReason.RefCountUnderflow, first);
            return;
        }
        e.Superpages--;
        if (e.Superpages == 0)
            domains[e.Owner].FlushPending = true;
    }
}

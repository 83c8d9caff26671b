namespace Ringwall.Core.Memory;

/// <summary>Intrusive doubly-linked lists through the frame table: the free pool and each domain's frames.</summary>
public sealed partial class MemoryCore<TMemory, TTlb, TPanic>
{
    void LinkFront(ref int head, int mfn)
    {
        frames[mfn].Prev = -1;
        frames[mfn].Next = head;
        if (head >= 0)
            frames[head].Prev = mfn;
        head = mfn;
    }

    void Unlink(ref int head, int mfn)
    {
        int next = frames[mfn].Next;
        int prev = frames[mfn].Prev;
        if (prev >= 0)
            frames[prev].Next = next;
        else if (head == mfn)
            head = next;
        else
            panic.Panic(PanicReason.ListCorrupt, (ulong)mfn);
        if (next >= 0)
            frames[next].Prev = prev;
        frames[mfn].Next = -1;
        frames[mfn].Prev = -1;
    }
}

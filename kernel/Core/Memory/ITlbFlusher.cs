namespace Ringwall.Core.Memory;

/// <summary>
/// The hardware layer that carries out TLB and cache flushes the core decides on.
/// <see cref="Flush"/> must not return before the flush is complete on every CPU
/// the request covers (for <see cref="FlushScope.AllOfDomain"/>: every CPU that may
/// still cache a translation of that domain, not only those running it now).
/// </summary>
public interface ITlbFlusher
{
    void Flush(in FlushRequest request);
    void FlushCache(uint domain);
}

/// <summary>Called when the core finds one of its own invariants broken. In the image it does not return.</summary>
public interface IPanicHandler
{
    void Panic(PanicReason reason, ulong detail);
}

public enum PanicReason
{
    TypeCountUnderflow = 1,
    RefCountUnderflow = 2,
    FrameInUseAtFree = 3,
    ListCorrupt = 4,
}

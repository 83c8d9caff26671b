namespace Ringwall.Core.Events;

/// <summary>Lifecycle of a domain slot in the event-channel tables.</summary>
public enum DomainEventState : byte
{
    /// <summary>No domain: every port Free, nothing refers to the slot.</summary>
    None = 0,
    /// <summary>Running: may use its ports and be bound to.</summary>
    Live = 1,
    /// <summary>Being torn down by CloseAll: no operation from or towards it succeeds.</summary>
    Dying = 2,
}

/// <summary>Per-domain bookkeeping of the event-channel core.</summary>
struct DomainEvents
{
    public DomainEventState State;
    public uint VcpuCount;
    /// <summary>Next port CloseAll will close (teardown cursor).</summary>
    public uint TeardownCursor;
}

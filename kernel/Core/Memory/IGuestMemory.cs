namespace Ringwall.Core.Memory;

/// <summary>
/// Reads hypercall arguments from the calling guest's virtual memory. A fault is
/// recoverable: it returns false and the core reports EFAULT. The core reads every
/// guest word it needs exactly once, into a VMM-side copy, before validating it
/// (no double fetch).
/// </summary>
public interface IGuestMemory
{
    bool TryRead64(ulong guestVirtualAddress, out ulong value);
}

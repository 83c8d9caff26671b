namespace Ringwall.Core.Memory;

/// <summary>
/// The calling guest's virtual memory, for hypercall arguments and results. A fault
/// is recoverable: the access returns false and the core reports EFAULT. The core
/// reads every guest word it needs exactly once, into a VMM-side copy, before
/// validating it (no double fetch). Accesses must be naturally aligned.
/// </summary>
public interface IGuestMemory
{
    bool TryRead64(ulong guestVirtualAddress, out ulong value);
    /// <summary>Reads <paramref name="count"/> consecutive 64-bit words (one walk per page) into <paramref name="into"/>.</summary>
    bool TryReadWords(ulong guestVirtualAddress, ulong[] into, int count);
    bool TryRead32(ulong guestVirtualAddress, out uint value);
    bool TryWrite64(ulong guestVirtualAddress, ulong value);
    bool TryWrite32(ulong guestVirtualAddress, uint value);
}

using System.Collections.Generic;
using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>
/// A guest's virtual memory for hypercall arguments: sparse 64-bit words. Counts how
/// often each address is read and can run a callback after each read (to model
/// another vCPU changing the argument between two reads).
/// </summary>
public sealed class GuestMemory
{
    public readonly Dictionary<ulong, ulong> Words = new();
    public readonly Dictionary<ulong, int> ReadCounts = new();
    public System.Action<ulong> AfterRead;
    public int TotalReads;

    public void Write(ulong address, ulong value) => Words[address] = value;

    public int ReadsOf(ulong address) => ReadCounts.TryGetValue(address, out int n) ? n : 0;
}

public struct FakeGuest : IGuestMemory
{
    public GuestMemory Memory;

    public bool TryRead64(ulong guestVirtualAddress, out ulong value)
    {
        Memory.TotalReads++;
        Memory.ReadCounts[guestVirtualAddress] = Memory.ReadsOf(guestVirtualAddress) + 1;
        bool ok = Memory.Words.TryGetValue(guestVirtualAddress, out value);
        Memory.AfterRead?.Invoke(guestVirtualAddress);
        return ok;
    }
}

using System.Collections.Generic;
using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>
/// A guest's virtual memory for hypercall arguments: sparse 64-bit words at 8-aligned
/// addresses; an address is "mapped" when its word exists (a test writes it first),
/// and writable unless listed in <see cref="ReadOnly"/>. Counts how often each address
/// is read and can run a callback after each read (to model another vCPU changing
/// the argument between two reads).
/// </summary>
public sealed class GuestMemory
{
    public readonly Dictionary<ulong, ulong> Words = new();
    public readonly Dictionary<ulong, int> ReadCounts = new();
    public readonly HashSet<ulong> ReadOnly = new();
    public readonly List<(ulong Address, ulong Value, int Bytes)> Writes = new();
    public System.Action<ulong> AfterRead;
    public int TotalReads;

    public void Write(ulong address, ulong value) => Words[address] = value;

    public ulong Read(ulong address) => Words.TryGetValue(address, out ulong v) ? v : 0;

    public int ReadsOf(ulong address) => ReadCounts.TryGetValue(address, out int n) ? n : 0;
}

public struct FakeGuest : IGuestMemory
{
    public GuestMemory Memory;

    public bool TryRead64(ulong guestVirtualAddress, out ulong value)
    {
        Memory.TotalReads++;
        Memory.ReadCounts[guestVirtualAddress] = Memory.ReadsOf(guestVirtualAddress) + 1;
        bool ok = (guestVirtualAddress & 7) == 0 & Memory.Words.TryGetValue(guestVirtualAddress, out value);
        Memory.AfterRead?.Invoke(guestVirtualAddress);
        return ok;
    }

    public bool TryReadWords(ulong guestVirtualAddress, ulong[] into, int count)
    {
        for (int i = 0; i < count; i++)
            if (!TryRead64(guestVirtualAddress + (ulong)i * 8, out into[i]))
                return false;
        return true;
    }

    public bool TryRead32(ulong guestVirtualAddress, out uint value)
    {
        value = 0;
        if ((guestVirtualAddress & 3) != 0 || !TryRead64(guestVirtualAddress & ~7UL, out ulong word))
            return false;
        value = (guestVirtualAddress & 4) != 0 ? (uint)(word >> 32) : (uint)word;
        return true;
    }

    public bool TryWrite64(ulong guestVirtualAddress, ulong value)
    {
        if ((guestVirtualAddress & 7) != 0 || !Writable(guestVirtualAddress))
            return false;
        Memory.Words[guestVirtualAddress] = value;
        Memory.Writes.Add((guestVirtualAddress, value, 8));
        return true;
    }

    public bool TryWrite32(ulong guestVirtualAddress, uint value)
    {
        ulong word = guestVirtualAddress & ~7UL;
        if ((guestVirtualAddress & 3) != 0 || !Writable(word))
            return false;
        ulong old = Memory.Words[word];
        Memory.Words[word] = (guestVirtualAddress & 4) != 0
            ? (old & 0xFFFF_FFFFUL) | ((ulong)value << 32)
            : (old & 0xFFFF_FFFF_0000_0000UL) | value;
        Memory.Writes.Add((guestVirtualAddress, value, 4));
        return true;
    }

    bool Writable(ulong word) => Memory.Words.ContainsKey(word) && !Memory.ReadOnly.Contains(word);
}

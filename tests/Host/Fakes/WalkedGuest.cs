using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>
/// Hypercall arguments in a simulated guest's own virtual memory, reached the way the
/// image reaches them (kernel/Arch/Guest/GuestVirtualMemory.cs): every access goes
/// through the memory core's walk (MemoryCore.TranslateGuest) from the vCPU's base as
/// it is at that moment, then reads or writes the simulated RAM.
/// </summary>
public struct WalkedGuest : IGuestMemory
{
    public World World;
    public uint Domain;
    public uint Vcpu;

    bool Translate(ulong va, bool write, out ulong machine) =>
        World.Core.TranslateGuest(Domain, Vcpu, va, write, out machine);

    public bool TryRead64(ulong va, out ulong value)
    {
        value = 0;
        if ((va & 7) != 0 || !Translate(va, false, out ulong m)) return false;
        value = World.Ram.Words[m >> 3];
        return true;
    }

    public bool TryReadWords(ulong va, ulong[] into, int count)
    {
        for (int i = 0; i < count; i++)
            if (!TryRead64(va + (ulong)i * 8, out into[i]))
                return false;
        return true;
    }

    public bool TryRead32(ulong va, out uint value)
    {
        value = 0;
        if ((va & 3) != 0 || !Translate(va, false, out ulong m)) return false;
        ulong word = World.Ram.Words[m >> 3];
        value = (m & 4) != 0 ? (uint)(word >> 32) : (uint)word;
        return true;
    }

    public bool TryWrite64(ulong va, ulong value)
    {
        if ((va & 7) != 0 || !Translate(va, true, out ulong m)) return false;
        World.Ram.Words[m >> 3] = value;
        return true;
    }

    public bool TryWrite32(ulong va, uint value)
    {
        if ((va & 3) != 0 || !Translate(va, true, out ulong m)) return false;
        ulong old = World.Ram.Words[m >> 3];
        World.Ram.Words[m >> 3] = (m & 4) != 0 ? (old & 0xFFFF_FFFFUL) | ((ulong)value << 32) : (old & 0xFFFF_FFFF_0000_0000UL) | value;
        return true;
    }
}

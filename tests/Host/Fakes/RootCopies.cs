using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>
/// The per-domain root copies the x86-64 layer keeps (kernel/Arch/Guest/GuestRoot.cs),
/// simulated with the same rule: before a vCPU of a domain runs, the copy of its base
/// L4 (every slot outside the VMM's 256..271) is remade unless it was made from the
/// same base frame at the same root epoch (DomainMemory.RootEpoch). A copy kept by that
/// rule must equal its source: otherwise the CPU would walk tables the memory core no
/// longer holds references on (issue 9, finding 1).
/// </summary>
public sealed class RootCopies
{
    readonly ulong[] copiedBase;
    readonly ulong[] copiedEpoch;
    readonly ulong[][] copy;
    public int Recopies;

    public RootCopies(uint domains)
    {
        copiedBase = new ulong[domains];
        copiedEpoch = new ulong[domains];
        copy = new ulong[domains][];
        for (int d = 0; d < domains; d++)
        {
            copiedBase[d] = MemoryCoreConstants.NoFrame;
            copy[d] = new ulong[512];
        }
    }

    /// <summary>vCPU <paramref name="vcpu"/> of <paramref name="domain"/> is about to run: null, or what is stale.</summary>
    public string Load(World w, uint domain, uint vcpu)
    {
        ulong b = w.Core.Vcpu(domain, vcpu).KernelBase;
        if (b == MemoryCoreConstants.NoFrame)
            return null; // a vCPU without a base cannot run
        ulong epoch = w.Core.Domain(domain).RootEpoch;
        if (copiedBase[domain] == b && copiedEpoch[domain] == epoch)
        {
            for (int i = 0; i < 512; i++)
                if (!Pte.IsReservedL4Slot(i) && copy[domain][i] != w.Ram.Word(b, i))
                    return $"root copy of domain {domain} kept (base {b}, epoch {epoch}) but slot {i} is {copy[domain][i]:x}, the L4 holds {w.Ram.Word(b, i):x}";
            return null;
        }
        for (int i = 0; i < 512; i++)
            copy[domain][i] = Pte.IsReservedL4Slot(i) ? 0 : w.Ram.Word(b, i);
        copiedBase[domain] = b;
        copiedEpoch[domain] = epoch;
        Recopies++;
        return null;
    }

    /// <summary>The copy the CPU would walk for a domain now (for attack tests).</summary>
    public ulong Slot(uint domain, int index) => copy[domain][index];
}

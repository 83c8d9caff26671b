using System.Collections.Generic;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Xunit;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>
/// A simulated machine with the memory core on top. Layout: frames 0..7 VMM
/// private, then the M2P table (shared read-only), then 4 more VMM frames (for
/// shared-info pages), the rest free.
/// </summary>
public sealed class World
{
    public const ulong GuestArgs = 0x10000;
    public const ulong L1tfSafe = 1UL << 40;

    public readonly Ram Ram;
    public readonly TlbLog Tlb = new();
    public readonly PanicLog Panics = new();
    public readonly MemoryCore<FakeMachine, FakeTlb, FakePanic> Core;
    public readonly GuestMemory Guest = new();
    public readonly ulong M2pFirst;
    public readonly uint M2pFrames;
    public readonly ulong FirstSpareVmm;
    /// <summary>Descriptor and DMA holds the test took (the recount needs them).</summary>
    public readonly Dictionary<ulong, int> Holds = new();

    public World(uint frames = 2048, uint maxDomains = 4, uint maxVcpus = 4)
    {
        Ram = new Ram(frames);
        M2pFirst = 8;
        M2pFrames = (frames * 8 + 4095) / 4096;
        FirstSpareVmm = M2pFirst + M2pFrames;
        var config = new MemoryConfig
        {
            FrameCount = frames,
            MaxDomains = maxDomains,
            MaxVcpusPerDomain = maxVcpus,
            M2pMachineAddress = M2pFirst * 4096,
            L1tfSafeAddress = L1tfSafe,
            PhysicalAddressBits = 46,
        };
        Core = new MemoryCore<FakeMachine, FakeTlb, FakePanic>(
            new FakeMachine { Ram = Ram }, new FakeTlb { Log = Tlb }, new FakePanic { Log = Panics }, config);
        for (ulong m = M2pFirst; m < FirstSpareVmm; m++)
            Assert.Equal(Status.Ok, Core.MarkSharedReadOnly(m));
        // Hand frames to the free pool from the top down so allocation order is ascending.
        for (ulong m = frames - 1; m >= FirstSpareVmm + 4; m--)
            Assert.Equal(Status.Ok, Core.AddFreeFrame(m));
    }

    public void NewDomain(uint domain, uint quota = 1024, uint vcpus = 2) =>
        Assert.Equal(Status.Ok, Core.CreateDomain(domain, quota, vcpus));

    public ulong Alloc(uint domain)
    {
        Assert.Equal(Status.Ok, Core.AllocateFrame(domain, out ulong mfn));
        return mfn;
    }

    public static ulong Entry(ulong mfn, ulong flags) => (mfn << 12) | flags;

    public const ulong P = Pte.Present, RW = Pte.Writable, U = Pte.User;

    /// <summary>The guest writes a word of a frame through its own writable mapping (test shortcut).</summary>
    public void GuestWrite(ulong mfn, int index, ulong value)
    {
        FrameInfo f = Core.Frame(mfn);
        Assert.True(f.TypeCount == 0 && !f.Validated || f.Type == PageType.Writable,
            "the guest cannot write a frame that is typed or validated");
        Ram.SetWord(mfn, index, value);
    }

    /// <summary>Runs one mmu_update batch from a fresh guest array.</summary>
    public BatchResult Mmu(uint domain, uint budget, params (ulong Ptr, ulong Val)[] requests)
    {
        WriteMmuArray(requests);
        var g = new FakeGuest { Memory = Guest };
        return Core.MmuUpdate(ref g, domain, GuestArgs, (uint)requests.Length, MemoryAbi.DomIdSelf, budget);
    }

    /// <summary>Puts an mmu_update request array at <see cref="GuestArgs"/> (and resets the read counts).</summary>
    public void WriteMmuArray((ulong Ptr, ulong Val)[] requests)
    {
        for (int i = 0; i < requests.Length; i++)
        {
            Guest.Write(GuestArgs + (ulong)i * 16, requests[i].Ptr);
            Guest.Write(GuestArgs + (ulong)i * 16 + 8, requests[i].Val);
        }
        Guest.ReadCounts.Clear();
    }

    public Status Mmu1(uint domain, ulong table, int index, ulong value, ulong command = 0)
    {
        BatchResult r = Mmu(domain, WorkCost.EntryBudget, ((table << 12) + (ulong)index * 8 + command, value));
        return r.Status;
    }

    public BatchResult ExtBatch(uint domain, uint vcpu, uint budget, params (uint Cmd, ulong Arg1, ulong Arg2)[] ops)
    {
        for (int i = 0; i < ops.Length; i++)
        {
            Guest.Write(GuestArgs + (ulong)i * 24, ops[i].Cmd | 0xDEAD_0000_0000_0000UL);
            Guest.Write(GuestArgs + (ulong)i * 24 + 8, ops[i].Arg1);
            Guest.Write(GuestArgs + (ulong)i * 24 + 16, ops[i].Arg2);
        }
        Guest.ReadCounts.Clear();
        var g = new FakeGuest { Memory = Guest };
        return Core.MmuExtOp(ref g, domain, vcpu, GuestArgs, (uint)ops.Length, MemoryAbi.DomIdSelf, budget);
    }

    public Status Ext(uint domain, uint cmd, ulong arg1 = 0, ulong arg2 = 0, uint vcpu = 0) =>
        ExtBatch(domain, vcpu, WorkCost.EntryBudget, (cmd, arg1, arg2)).Status;

    public Status Pin(uint domain, ulong mfn, int level) => Ext(domain, (uint)(level - 1), mfn);

    public Status Uvm(uint domain, ulong va, ulong value, ulong flags, uint vcpu = 0)
    {
        var g = new FakeGuest { Memory = Guest };
        return Core.UpdateVaMapping(ref g, domain, vcpu, va, value, flags);
    }

    /// <summary>Builds a minimal tree L4 -> L3 -> L2 -> L1 (bottom-up, pinned) mapping nothing; returns the frames.</summary>
    public (ulong L4, ulong L3, ulong L2, ulong L1) BuildTree(uint domain, ulong va = 0x40000000UL)
    {
        ulong l1 = Alloc(domain), l2 = Alloc(domain), l3 = Alloc(domain), l4 = Alloc(domain);
        Assert.Equal(Status.Ok, Pin(domain, l1, 1));
        GuestWrite(l2, Pte.IndexOf(va, 2), Entry(l1, P | RW | U));
        Assert.Equal(Status.Ok, Pin(domain, l2, 2));
        GuestWrite(l3, Pte.IndexOf(va, 3), Entry(l2, P | RW | U));
        Assert.Equal(Status.Ok, Pin(domain, l3, 3));
        GuestWrite(l4, Pte.IndexOf(va, 4), Entry(l3, P | RW | U));
        Assert.Equal(Status.Ok, Pin(domain, l4, 4));
        return (l4, l3, l2, l1);
    }

    public void AssertNoPanic() => Assert.Empty(Panics.Panics);

    /// <summary>Recounts everything from scratch and compares (see <see cref="Recount"/>).</summary>
    public void AssertInvariants()
    {
        AssertNoPanic();
        string problem = Recount.Check(this);
        Assert.True(problem == null, problem);
    }
}

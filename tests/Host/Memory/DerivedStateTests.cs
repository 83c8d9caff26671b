using System;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Tests.Host.Fakes;
using Xunit;
using static Ringwall.Tests.Host.Fakes.World;

namespace Ringwall.Tests.Host.Memory;

/// <summary>
/// Issue 9, findings 1 and 2, and their class: state derived from what the memory
/// core holds (a root copy of a top-level table, the base a batch's guest accesses
/// walk) never outlives what it derives from. Root copies follow the x86-64 layer's
/// rule (<see cref="RootCopies"/>); guest accesses go through the core's own walk
/// (<see cref="WalkedGuest"/>), as in the image.
/// </summary>
public class DerivedStateTests
{
    const ulong Va = 0x40000000UL;
    const ulong ArgsVa = Va + 0x3000;      // L1 index 3: the attacker's argument page
    const ulong Pattern = 0x5EC2E7_0000_0000UL;

    sealed class Setup
    {
        public World W = new World(4096);
        public RootCopies Roots = new RootCopies(4);
        public (ulong L4, ulong L3, ulong L2, ulong L1) T;
        public ulong Args, Secret;
        public int Slot4 = Pte.IndexOf(Va, 4), Slot3 = Pte.IndexOf(Va, 3);

        public Setup()
        {
            W.NewDomain(0, quota: 2048);
            W.NewDomain(1, quota: 256);
            T = W.BuildTree(0, Va);
            Args = W.Alloc(0);
            Assert.Equal(Status.Ok, W.Mmu1(0, T.L1, Pte.IndexOf(ArgsVa, 1), Entry(Args, P | RW)));
            Assert.Equal(Status.Ok, W.Ext(0, MemoryAbi.NewBasePtr, T.L4));
            Secret = W.Alloc(1);
            for (int i = 0; i < 512; i++) W.Ram.SetWord(Secret, i, Pattern + (ulong)i);
            Assert.Null(Roots.Load(W, 0, 0));
        }

        /// <summary>A validated L4 of domain 0 with nothing mapped.</summary>
        public ulong EmptyL4()
        {
            ulong y = W.Alloc(0);
            Assert.Equal(Status.Ok, W.Pin(0, y, 4));
            return y;
        }

        /// <summary>A copy of the tree's L3 (pinned) and an unvalidated frame that is the L4 with its slot pointing there.</summary>
        public (ulong L3Copy, ulong S) L4WithCopiedL3()
        {
            ulong a2 = W.Alloc(0);
            W.GuestWrite(a2, Pte.IndexOf(Va, 3), Entry(T.L2, P | RW | U));
            Assert.Equal(Status.Ok, W.Pin(0, a2, 3));
            ulong s = W.Alloc(0);
            W.GuestWrite(s, Slot4, Entry(a2, P | RW | U));
            return (a2, s);
        }

        public void AssertSecretIntact()
        {
            for (int i = 0; i < 512; i++)
                Assert.True(W.Ram.Word(Secret, i) == Pattern + (ulong)i, $"the other domain's word {i} changed");
        }

        public void AssertRootsCurrent(uint vcpu = 0)
        {
            string stale = Roots.Load(W, 0, vcpu);
            Assert.True(stale == null, stale);
        }
    }

    // The review's shape of finding 1, then the old L3 made writable: the copy the CPU
    // walks must follow the new contents, never the L3 that lost its last type reference.
    [Theory]
    [InlineData("copy")]
    [InlineData("clear")]
    [InlineData("mmu_update")]
    public void A10_UnpinRebaseRewriteRebaseRecopiesTheRoot(string rewrite)
    {
        var s = new Setup();
        var w = s.W;
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, s.T.L3)); // only the L4's link holds the L3 now
        var (a2, forged) = s.L4WithCopiedL3();
        ulong y = s.EmptyL4();
        var second = rewrite switch
        {
            "copy" => (MemoryAbi.CopyPage, s.T.L4, forged),
            "clear" => (MemoryAbi.ClearPage, s.T.L4, 0UL),
            _ => (MemoryAbi.TlbFlushLocal, 0UL, 0UL),
        };
        BatchResult r = w.ExtBatch(0, 0, WorkCost.EntryBudget,
            (MemoryAbi.UnpinTable, s.T.L4, 0), (MemoryAbi.NewBasePtr, y, 0), second);
        Assert.Equal(Status.Ok, r.Status);
        if (rewrite == "mmu_update") // X is still a (lazily) validated L4: rewrite its slot in place
            Assert.Equal(Status.Ok, w.Mmu1(0, s.T.L4, s.Slot4, Entry(a2, P | RW | U)));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, s.T.L4));
        s.AssertRootsCurrent();
        ulong expected = rewrite == "clear" ? 0 : Entry(a2, P | RW | U);
        Assert.Equal(expected, s.Roots.Slot(0, s.Slot4));
        // The old L3 has lost its type: the guest may map it writable now, and the CPU never walks it.
        Assert.Equal(0u, w.Core.Frame(s.T.L3).TypeCount);
        Assert.Equal(Status.Ok, w.Mmu1(0, s.T.L1, 5, Entry(s.T.L3, P | RW)));
        Assert.NotEqual(Pte.Frame(s.Roots.Slot(0, s.Slot4)), s.T.L3);
        s.AssertRootsCurrent();
        w.AssertInvariants();
    }

    [Fact]
    public void A10_RootCopyFollowsEveryOrderOfBaseChangesAndRewrites()
    {
        // A-B-A with rewrites in between, on both vCPUs, one operation per call and
        // several per batch; the roots are loaded whenever a vCPU could run.
        var s = new Setup();
        var w = s.W;
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, s.T.L3));
        var (a2, forged) = s.L4WithCopiedL3();
        ulong y = s.EmptyL4();
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, y, 0, 1)); // vCPU 1 runs on Y
        s.AssertRootsCurrent(1);
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, s.T.L4));
        // X is vCPU 0's base: it cannot be rewritten while it is one.
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.CopyPage, s.T.L4, forged));
        s.AssertRootsCurrent(0);
        BatchResult six = w.ExtBatch(0, 0, WorkCost.EntryBudget,
            (MemoryAbi.NewBasePtr, y, 0), (MemoryAbi.CopyPage, s.T.L4, forged), (MemoryAbi.NewBasePtr, s.T.L4, 0),
            (MemoryAbi.NewBasePtr, y, 0), (MemoryAbi.ClearPage, w.Alloc(0), 0), (MemoryAbi.NewBasePtr, s.T.L4, 0));
        Assert.True(six.Status == Status.Ok && six.Done == 6, $"{six.Status} done {six.Done}; X slot {w.Ram.Word(s.T.L4, s.Slot4):x}");
        s.AssertRootsCurrent(1);
        s.AssertRootsCurrent(0);
        Assert.Equal(Entry(a2, P | RW | U), s.Roots.Slot(0, s.Slot4));
        // Several small budgets: the same sequence continued over many calls.
        for (uint budget = 1; budget < 3000; budget += 700)
        {
            Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, y));
            Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.ClearPage, s.T.L4));
            s.AssertRootsCurrent(0);
            Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, s.T.L4));
            s.AssertRootsCurrent(0);
            Assert.Equal(0UL, s.Roots.Slot(0, s.Slot4));
            var g = new FakeGuest { Memory = w.Guest };
            w.ExtBatch(0, 0, 1, (MemoryAbi.NewBasePtr, y, 0), (MemoryAbi.CopyPage, s.T.L4, forged), (MemoryAbi.NewBasePtr, s.T.L4, 0));
            ulong at = World.GuestArgs + 24;
            uint left = 2;
            while (left > 0)
            {
                s.AssertRootsCurrent(0);
                BatchResult r = w.Core.MmuExtOp(ref g, 0, 0, at, left, MemoryAbi.DomIdSelf, budget);
                Assert.Equal(Status.Ok, r.Status);
                at += r.Done * 24UL;
                left -= r.Done;
            }
            s.AssertRootsCurrent(0);
            Assert.Equal(Entry(a2, P | RW | U), s.Roots.Slot(0, s.Slot4));
        }
        w.AssertInvariants();
    }

    // Finding 2: inside one batch the base is unpinned, replaced and the old one
    // overwritten with forged "tables" that map another domain's frame at the argument
    // page. Later elements and the *pdone write must go through the base as it is now.
    [Fact]
    public void A11_LaterElementsAndPdoneWalkTheCurrentBaseNotAForgedOldOne()
    {
        var s = new Setup();
        var w = s.W;
        // Forged L4 -> L3 -> L2 -> L1 -> the other domain's secret, all plain writable frames.
        ulong f4 = w.Alloc(0), f3 = w.Alloc(0), f2 = w.Alloc(0), f1 = w.Alloc(0);
        w.GuestWrite(f4, Pte.IndexOf(ArgsVa, 4), Entry(f3, P | RW));
        w.GuestWrite(f3, Pte.IndexOf(ArgsVa, 3), Entry(f2, P | RW));
        w.GuestWrite(f2, Pte.IndexOf(ArgsVa, 2), Entry(f1, P | RW));
        w.GuestWrite(f1, Pte.IndexOf(ArgsVa, 1), Entry(s.Secret, P | RW));
        ulong y = s.EmptyL4();
        // Y maps the argument page too (through the same L3), so the batch goes on after the switch.
        Assert.Equal(Status.Ok, w.Mmu1(0, y, Pte.IndexOf(ArgsVa, 4), Entry(s.T.L3, P | RW | U)));
        // The batch in the argument page: element 3 reads a vCPU mask at ArgsVa + 0x800.
        ulong[] ops = { MemoryAbi.UnpinTable, s.T.L4, 0, MemoryAbi.NewBasePtr, y, 0, MemoryAbi.CopyPage, s.T.L4, f4,
            MemoryAbi.TlbFlushMulti, 0, ArgsVa + 0x800 };
        for (int i = 0; i < ops.Length; i++) w.Ram.SetWord(s.Args, i, ops[i]);
        w.Ram.SetWord(s.Args, 0x800 / 8, 1);
        var g = new WalkedGuest { World = w, Domain = 0, Vcpu = 0 };
        CallOutcome o = w.Core.MmuExtOpCall(ref g, 0, 0, ArgsVa, 4, ArgsVa + 0x900, MemoryAbi.DomIdSelf, WorkCost.EntryBudget);
        Assert.Equal(Status.Ok, o.Status);
        Assert.False(o.Continue);
        Assert.Equal(4UL, w.Ram.Word(s.Args, 0x900 / 8) & 0xFFFF_FFFF); // *pdone went to the real page
        Assert.Contains(w.Tlb.Requests, q => q.Scope == FlushScope.VcpuMask && q.VcpuMask == 1);
        Assert.Equal(y, w.Core.Vcpu(0, 0).KernelBase);
        Assert.True(w.Core.TranslateGuest(0, 0, ArgsVa, true, out ulong m) && m >> 12 == s.Args);
        s.AssertSecretIntact();
        // X now holds the forged entries, which link frames that are not tables: it cannot become a base again.
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.NewBasePtr, s.T.L4));
        s.AssertSecretIntact();
        w.AssertInvariants();
    }

    [Fact]
    public void A11_AfterSwitchingToABaseThatMapsNothingTheRestOfTheBatchIsUnreadable()
    {
        var s = new Setup();
        var w = s.W;
        ulong y = s.EmptyL4();
        ulong[] ops = { MemoryAbi.NewBasePtr, y, 0, MemoryAbi.TlbFlushLocal, 0, 0 };
        for (int i = 0; i < ops.Length; i++) w.Ram.SetWord(s.Args, i, ops[i]);
        var g = new WalkedGuest { World = w, Domain = 0, Vcpu = 0 };
        CallOutcome o = w.Core.MmuExtOpCall(ref g, 0, 0, ArgsVa, 2, ArgsVa + 0x900, MemoryAbi.DomIdSelf, WorkCost.EntryBudget);
        Assert.Equal(Status.EFAULT, o.Status); // element 1 and *pdone are not mapped in Y
        Assert.Equal(y, w.Core.Vcpu(0, 0).KernelBase);
        Assert.Equal(0UL, w.Ram.Word(s.Args, 0x900 / 8));
        w.AssertInvariants();
    }

    [Fact]
    public void A11_AForgedOldBaseOutsideRamNeverFaultsTheWalk()
    {
        var s = new Setup();
        var w = s.W;
        ulong f4 = w.Alloc(0);
        w.GuestWrite(f4, Pte.IndexOf(ArgsVa, 4), (1UL << 40) | P | RW); // a "table" far beyond RAM
        ulong y = s.EmptyL4();
        // Y maps the argument page too, so the batch goes on after the switch.
        Assert.Equal(Status.Ok, w.Mmu1(0, y, Pte.IndexOf(ArgsVa, 4), Entry(s.T.L3, P | RW | U)));
        ulong[] ops = { MemoryAbi.UnpinTable, s.T.L4, 0, MemoryAbi.NewBasePtr, y, 0, MemoryAbi.CopyPage, s.T.L4, f4,
            MemoryAbi.TlbFlushLocal, 0, 0 };
        for (int i = 0; i < ops.Length; i++) w.Ram.SetWord(s.Args, i, ops[i]);
        var g = new WalkedGuest { World = w, Domain = 0, Vcpu = 0 };
        CallOutcome o = w.Core.MmuExtOpCall(ref g, 0, 0, ArgsVa, 4, ArgsVa + 0x900, MemoryAbi.DomIdSelf, WorkCost.EntryBudget);
        Assert.Equal(Status.Ok, o.Status);
        Assert.Equal(4UL, w.Ram.Word(s.Args, 0x900 / 8) & 0xFFFF_FFFF); // *pdone, written through Y
        w.AssertInvariants();
    }

    // Whatever the tables hold (here: random words written behind the validator's
    // back, which the core never allows), the walk neither faults nor reaches a frame
    // the domain may not map.
    [Fact]
    public void TheWalkFollowsOnlyValidatedTablesOfTheDomain()
    {
        var s = new Setup();
        var w = s.W;
        var rng = new Random(9);
        ulong[] tables = { s.T.L4, s.T.L3, s.T.L2, s.T.L1 };
        for (int round = 0; round < 2000; round++)
        {
            ulong t = tables[rng.Next(tables.Length)];
            int i = rng.Next(4) == 0 ? rng.Next(512) : Pte.IndexOf(ArgsVa, 4 - Array.IndexOf(tables, t));
            ulong value = rng.Next(3) switch
            {
                0 => (ulong)rng.NextInt64(),
                1 => ((ulong)rng.Next(8192) << 12) | (ulong)rng.Next(0x200),
                _ => (s.Secret << 12) | 3,
            };
            w.Ram.SetWord(t, i, value);
            ulong va = rng.Next(2) == 0 ? ArgsVa : (ulong)rng.NextInt64() & 0x0000_7FFF_FFFF_F000UL;
            if (w.Core.TranslateGuest(0, 0, va, rng.Next(2) == 0, out ulong m))
            {
                FrameInfo f = w.Core.Frame(m >> 12);
                Assert.True(f.Domain == 0 && (f.Owner == FrameOwner.Domain || f.Owner == FrameOwner.SharedWithDomain)
                    || f.Owner == FrameOwner.SharedReadOnly, $"the walk reached frame {m >> 12} ({f.Owner}/{f.Domain})");
            }
        }
    }

    // Finding 3: a multicall over 1 GiB of virtual memory aliasing one frame, every
    // entry an mmuext_op of 64 flushes: each call is bounded, progress is made, and an
    // inner batch that runs out of budget is continued through its own entry.
    [Fact]
    public void A12_AHugeAliasedMulticallIsBoundedPerCall()
    {
        var s = new Setup();
        var w = s.W;
        ulong entries = w.Alloc(0), inner = w.Alloc(0);
        Assert.Equal(Status.Ok, w.Mmu1(0, s.T.L1, 4, Entry(inner, P | RW)));
        ulong alias1 = w.Alloc(0), alias2 = w.Alloc(0);
        for (int i = 0; i < 512; i++) w.GuestWrite(alias1, i, Entry(entries, P | RW));
        Assert.Equal(Status.Ok, w.Pin(0, alias1, 1));
        for (int i = 0; i < 512; i++) w.GuestWrite(alias2, i, Entry(alias1, P | RW));
        Assert.Equal(Status.Ok, w.Pin(0, alias2, 2));
        const int Slot3 = 7;
        Assert.Equal(Status.Ok, w.Mmu1(0, s.T.L3, Slot3, Entry(alias2, P | RW)));
        ulong mcVa = (Va & ~((1UL << 39) - 1)) | ((ulong)Slot3 << 30);
        for (int i = 0; i < 64; i++)
        {
            w.Ram.SetWord(inner, i * 3, MemoryAbi.TlbFlushLocal);
            w.Ram.SetWord(entries, i * 8, MemoryCore<FakeMachine, FakeTlb, FakePanic>.HypercallMmuExtOp);
            w.Ram.SetWord(entries, i * 8 + 2, Va + 0x4000);
            w.Ram.SetWord(entries, i * 8 + 3, 64);
            w.Ram.SetWord(entries, i * 8 + 5, MemoryAbi.DomIdSelf);
        }
        var g = new WalkedGuest { World = w, Domain = 0, Vcpu = 0 };
        ulong at = mcVa, count = 1UL << 24; // 16,777,216 entries in 1 GiB
        int flushesBefore = w.Tlb.Requests.Count;
        for (int call = 0; call < 300; call++)
        {
            ulong work = w.Core.WorkDone;
            CallOutcome o = w.Core.MulticallCall(ref g, 0, 0, at, count, WorkCost.EntryBudget);
            Assert.True(w.Core.WorkDone - work <= WorkCost.EntryBudget + WorkCost.LargestElement, $"call {call}: {w.Core.WorkDone - work} units");
            Assert.True(o.Continue, $"call {call}: {o.Status}");
            Assert.True(o.Arg0 >= at && o.Arg1 <= count);
            at = o.Arg0;
            count = o.Arg1;
        }
        Assert.True(w.Tlb.Requests.Count - flushesBefore > 300 * 64, "the entries' flushes ran");
        w.AssertInvariants();
    }

    [Fact]
    public void A12_InnerBatchesContinueThroughTheirEntryWithExactPdone()
    {
        var s = new Setup();
        var w = s.W;
        // Page layout (the argument page): 3 multicall entries at 0, their pdone words at 0x100,
        // and each entry's 64 mmu_update requests in three more pages.
        ulong[] reqPages = { w.Alloc(0), w.Alloc(0), w.Alloc(0) };
        ulong[] data = new ulong[3];
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(Status.Ok, w.Mmu1(0, s.T.L1, 10 + e, Entry(reqPages[e], P | RW)));
            data[e] = w.Alloc(0);
            for (int i = 0; i < 64; i++)
            {
                w.Ram.SetWord(reqPages[e], i * 2, (s.T.L1 << 12) + (ulong)(100 + e * 64 + i) * 8);
                w.Ram.SetWord(reqPages[e], i * 2 + 1, Entry(data[e], P | (ulong)(i % 2) * RW));
            }
            w.Ram.SetWord(s.Args, e * 8, MemoryCore<FakeMachine, FakeTlb, FakePanic>.HypercallMmuUpdate);
            w.Ram.SetWord(s.Args, e * 8 + 1, 0xAAAA);                       // result, overwritten
            w.Ram.SetWord(s.Args, e * 8 + 2, Va + (ulong)(10 + e) * 0x1000); // requests
            w.Ram.SetWord(s.Args, e * 8 + 3, 64);
            w.Ram.SetWord(s.Args, e * 8 + 4, ArgsVa + 0x100 + (ulong)e * 8); // pdone
            w.Ram.SetWord(s.Args, e * 8 + 5, MemoryAbi.DomIdSelf);
        }
        var g = new WalkedGuest { World = w, Domain = 0, Vcpu = 0 };
        ulong at = ArgsVa, count = 3;
        int calls = 0;
        while (true)
        {
            CallOutcome o = w.Core.MulticallCall(ref g, 0, 0, at, count, 60);
            calls++;
            if (!o.Continue)
            {
                Assert.Equal(Status.Ok, o.Status);
                break;
            }
            at = o.Arg0;
            count = o.Arg1;
            Assert.True(calls < 1000);
        }
        Assert.True(calls > 6, $"only {calls} calls: the inner batches were not continued");
        for (int e = 0; e < 3; e++)
        {
            Assert.Equal(0UL, w.Ram.Word(s.Args, e * 8 + 1));                      // result
            Assert.Equal(64UL, w.Ram.Word(s.Args, 0x100 / 8 + e) & 0xFFFF_FFFF);     // *pdone
            for (int i = 0; i < 64; i++)
                Assert.Equal(Entry(data[e], P | (ulong)(i % 2) * RW), w.Ram.Word(s.T.L1, 100 + e * 64 + i));
        }
        w.AssertInvariants();
    }

    // Finding 4's teardown half: a domain holding many validated L2 tables full of
    // superpages goes away in bounded steps.
    [Fact]
    public void A12_TeardownOfManySuperpageTablesIsBoundedPerCall()
    {
        var w = new World(8192);
        w.NewDomain(0, quota: 4096);
        var t = w.BuildTree(0);
        Assert.Equal(Status.Ok, w.Core.AllocateExtent(0, out ulong first));
        for (int n = 0; n < 40; n++)
        {
            ulong l2 = w.Alloc(0);
            for (int i = 0; i < 512; i++) w.GuestWrite(l2, i, Entry(first, P | RW | Pte.PageSize));
            Assert.Equal(Status.Ok, w.Pin(0, l2, 2));
        }
        Assert.Equal(40u * 512, w.Core.Extent(first).Superpages);
        uint free = w.Core.FreeFrames, owned = w.Core.Domain(0).Owned;
        int calls = 0;
        BatchResult r;
        do
        {
            ulong work = w.Core.WorkDone;
            r = w.Core.DestroyDomain(0, WorkCost.EntryBudget);
            Assert.Equal(Status.Ok, r.Status);
            Assert.True(w.Core.WorkDone - work <= WorkCost.EntryBudget + WorkCost.LargestElement, $"{w.Core.WorkDone - work} units");
            calls++;
        } while (r.MoreToDo);
        Assert.True(calls > 5, $"{calls} calls");
        Assert.Equal(free + owned, w.Core.FreeFrames);
        Assert.Equal(0u, w.Core.Extent(first).Superpages);
        _ = t;
        w.AssertInvariants();
    }
}

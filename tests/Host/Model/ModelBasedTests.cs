using System;
using System.Collections.Generic;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Tests.Host.Fakes;
using Xunit;

namespace Ringwall.Tests.Host.Model;

/// <summary>
/// Random operation sequences from three domains, run against the real core and the
/// reference model side by side. After every operation: statuses and counts must
/// agree, frame states and touched memory must agree, a from-scratch recount of all
/// invariants must match the frame table, and the simulated TLB must hold no
/// translation whose removal was not followed by a flush. The derived state the
/// x86-64 layer keeps is simulated too: each domain's root copy (RootCopies, the rule of
/// GuestRoot.cs) is loaded whenever a vCPU could run (between operations and between
/// the pieces of a continued batch), and a copy the rule keeps must equal its source.
/// Batches run with random work budgets, continued as the dispatcher continues them,
/// and every element's outcome is compared with the model's. Fixed seeds; a failure
/// names the seed and step to replay.
/// </summary>
public class ModelBasedTests
{
    public const int StepsPerSeed = 26_000;
    const uint Frames = 1024, Domains = 3;

    /// <summary>Seeds 1 and 2 (3 and 4 run in <see cref="ModelBasedTestsSecondHalf"/>, in parallel).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomOperationsAgreeWithTheReferenceModel(int seed) => RunSeed(seed);

    /// <summary>Replays one seed: 26,000 operations from three domains, checked after each.</summary>
    public static void RunSeed(int seed) => new Run(seed).Go(StepsPerSeed);

    sealed class Run
    {
        readonly int seed;
        readonly Random rng;
        readonly World w;
        readonly ReferenceModel model;
        readonly RootCopies roots = new RootCopies(Domains);
        readonly HashSet<ulong>[] mayCacheWritable = new HashSet<ulong>[Domains];
        readonly HashSet<ulong>[] mayCacheTable = new HashSet<ulong>[Domains];
        ulong extentFirst = MemoryCoreConstants.NoFrame;
        int step;
        string op = "";

        public Run(int seed)
        {
            this.seed = seed;
            rng = new Random(seed);
            w = new World(Frames, Domains, 4);
            model = new ReferenceModel(Frames, Domains, World.L1tfSafe, 46) { M2pFirst = w.M2pFirst };
            for (ulong m = 0; m < Frames; m++)
            {
                FrameInfo f = w.Core.Frame(m);
                model.Frames[m].Owner = f.Owner;
            }
            for (int d = 0; d < Domains; d++) { mayCacheWritable[d] = new(); mayCacheTable[d] = new(); }
            w.Tlb.OnFlush = OnFlush;
            w.Ram.Touched = new HashSet<ulong>();
            for (uint d = 0; d < Domains; d++) CreateDomain(d);
            Assert.Equal(Status.Ok, w.Core.AllocateExtent(0, out extentFirst));
            for (ulong k = 0; k < 512; k++) model.GiveFrame(0, extentFirst + k);
        }

        void CreateDomain(uint d)
        {
            uint quota = d == 0 ? 600u : 40u;
            Assert.Equal(Status.Ok, w.Core.CreateDomain(d, quota, 2));
            var md = model.Domains[d];
            md.Running = true; md.Quota = quota; md.Vcpus = 2;
            for (int v = 0; v < 8; v++) { md.Kernel[v] = md.User[v] = MemoryCoreConstants.NoFrame; }
            ulong si = w.FirstSpareVmm + d;
            Assert.Equal(Status.Ok, w.Core.SetSharedInfo(d, si));
            model.Frames[si].Owner = FrameOwner.SharedWithDomain; model.Frames[si].Domain = (ushort)d;
            md.SharedInfo = si;
            model.Zero(si);
            for (int i = 0; i < 12; i++) Allocate(d);
        }

        string Where => $"seed {seed} step {step} ({op})";

        public void Go(int steps)
        {
            for (step = 0; step < steps; step++)
            {
                uint d = (uint)rng.Next((int)Domains);
                GuestsMayRun();
                w.Ram.Touched.Clear();
                model.Touched.Clear();
                OneOperation(d);
                Compare();
            }
            Assert.True(roots.Recopies > 100, $"seed {seed}: only {roots.Recopies} root copies were made");
        }

        /// <summary>
        /// A point where the VMM returns to guests: their TLBs may take translations of
        /// what is mapped now, and a vCPU of each domain may run on its root copy.
        /// </summary>
        void GuestsMayRun()
        {
            for (uint x = 0; x < Domains; x++)
            {
                AddCurrent(x);
                if (!model.Domains[x].Running) continue;
                string stale = roots.Load(w, x, (uint)rng.Next(2));
                Assert.True(stale == null, $"{Where}: {stale}");
            }
        }

        static readonly uint[] Budgets = { 1, 7, 40, 600, WorkCost.EntryBudget };

        // ---- random values ----
        ulong OwnFrame(uint d)
        {
            var owned = model.Domains[d].Owned;
            if (owned.Count == 0) return 5;
            if (d == 0 && rng.Next(3) != 0) // mostly the small frames, not the extent
            {
                var small = owned.FindAll(m => m < extentFirst || m >= extentFirst + 512);
                if (small.Count > 0) return small[rng.Next(small.Count)];
            }
            return owned[rng.Next(owned.Count)];
        }

        ulong AnyFrame(uint d)
        {
            switch (rng.Next(10))
            {
                case 0: return (ulong)rng.Next((int)Frames);
                case 1: return OwnFrame((d + 1) % Domains);
                case 2: return w.M2pFirst;
                case 3: return w.FirstSpareVmm + (ulong)rng.Next(3);
                case 4: return Frames + (ulong)rng.Next(100);
                default: return OwnFrame(d);
            }
        }

        ulong RandomEntry(uint d)
        {
            ulong[] flags = { 1, 3, 7, 0x61, 1UL | (1UL << 63), 0x23 };
            switch (rng.Next(20))
            {
                case 0: case 1: return 0;
                case 2: return (AnyFrame(d) << 12) | (ulong)rng.Next(0x200) & ~1UL;          // not present
                case 3: return World.L1tfSafe | ((ulong)rng.Next(64) << 12) | 2;
                case 4: return (extentFirst << 12) | 0x83 | (rng.Next(2) == 0 ? 0 : 0x1000UL);   // superpage
                case 5: return (OwnFrame(d) << 12) | 0x83;
                case 6: return (OwnFrame(d) << 12) | 3 | (rng.Next(2) == 0 ? Pte.Global : 1UL << 52);
                case 7: return (ulong)rng.NextInt64();
                default: return (AnyFrame(d) << 12) | flags[rng.Next(flags.Length)];
            }
        }

        int RandomIndex()
        {
            int[] idx = { 0, 1, 2, 3, 0, 1, 256, 511, 300 };
            return idx[rng.Next(idx.Length)];
        }

        ulong RandomVa()
        {
            // Indices 0..3 at each level, so walks reach entries the batches write.
            ulong va = 0;
            for (int level = 4; level >= 1; level--)
                va |= (ulong)RandomIndex() % 4 << (3 + 9 * level);
            return rng.Next(10) == 0 ? 0xFFFF800000000000UL : va;
        }

        // ---- operations ----
        void OneOperation(uint d)
        {
            bool running = model.Domains[d].Running;
            int r = rng.Next(1000);
            if (!running)
            {
                op = "recreate";
                CreateDomain(d);
                return;
            }
            if (r < 250) MmuBatch(d);
            else if (r < 330) ExtOpBatch(d);
            else if (r < 480) GuestWrite(d);
            else if (r < 590) Pin(d);
            else if (r < 660) Unpin(d);
            else if (r < 710) NewBase(d);
            else if (r < 770) UpdateVa(d);
            else if (r < 800) ClearOrCopy(d);
            else if (r < 850) Allocate(d);
            else if (r < 900) Release(d);
            else if (r < 950) Holds(d);
            else if (r < 997) Flushes(d);
            else Destroy(d);
        }

        void Expect(Status modelStatus, Status real)
        {
            Assert.True(modelStatus == real, $"{Where}: core returned {real}, model {modelStatus}");
        }

        void MmuBatch(uint d)
        {
            int n = 1 + rng.Next(4);
            var reqs = new (ulong Ptr, ulong Val)[n];
            for (int i = 0; i < n; i++)
            {
                ulong table = rng.Next(6) == 0 ? AnyFrame(d) : OwnFrame(d);
                ulong cmd = rng.Next(12) switch { 0 => 1, 1 => 2, 2 => 3, _ => 0 };
                ulong ptr = (table << 12) + (ulong)RandomIndex() * 8 + (rng.Next(40) == 0 ? 4UL : 0) + cmd;
                reqs[i] = (ptr, RandomEntry(d));
            }
            uint budget = Budgets[rng.Next(Budgets.Length)];
            op = $"mmu_update d{d} budget {budget} [{string.Join(", ", Array.ConvertAll(reqs, q => $"{q.Ptr:x}={q.Val:x}"))}]";
            w.WriteMmuArray(reqs);
            uint at = 0;
            var g = new FakeGuest { Memory = w.Guest };
            while (true)
            {
                BatchResult real = w.Core.MmuUpdate(ref g, d, World.GuestArgs + at * 16UL, (uint)n - at, MemoryAbi.DomIdSelf, budget);
                Assert.True(real.Done >= 1 || real.Status != Status.Ok, $"{Where}: a call made no progress");
                for (uint k = 0; k < real.Done; k++)
                    Expect(Status.Ok, model.MmuElement(d, reqs[at + k].Ptr, reqs[at + k].Val, w.M2pFirst));
                at += real.Done;
                if (real.Status != Status.Ok)
                {
                    Expect(model.MmuElement(d, reqs[at].Ptr, reqs[at].Val, w.M2pFirst), real.Status);
                    Assert.False(real.MoreToDo, $"{Where}: MoreToDo after an error");
                    return;
                }
                Assert.True(real.MoreToDo == (at < n), $"{Where}: MoreToDo {real.MoreToDo} with {n - at} left");
                if (!real.MoreToDo) return;
                GuestsMayRun(); // the guest runs between the pieces of a continued call
            }
        }

        void GuestWrite(uint d)
        {
            ulong m = OwnFrame(d);
            FrameInfo f = w.Core.Frame(m);
            bool realMay = f.TypeCount == 0 && !f.Validated || f.Type == PageType.Writable;
            var c = model.CountOwn(m);
            bool modelMay = c.Type == 0 && !model.Frames[m].Validated || model.Frames[m].Type == PageType.Writable;
            op = $"guest write d{d} frame {m}";
            Assert.True(realMay == modelMay, $"{Where}: writability differs");
            if (!realMay) return;
            int i = RandomIndex();
            ulong v = RandomEntry(d);
            w.Ram.SetWord(m, i, v);
            model.Write(m, i, v);
            w.Ram.Touched.Add(m);
        }

        void Pin(uint d)
        {
            ulong m = rng.Next(8) == 0 ? AnyFrame(d) : OwnFrame(d);
            int level = 1 + rng.Next(4);
            op = $"pin L{level} d{d} frame {m}";
            Expect(model.Pin(d, m, (PageType)level), w.Pin(d, m, level));
        }

        void Unpin(uint d)
        {
            ulong m = rng.Next(8) == 0 ? AnyFrame(d) : OwnFrame(d);
            op = $"unpin d{d} frame {m}";
            Expect(model.Unpin(d, m), w.Ext(d, MemoryAbi.UnpinTable, m));
        }

        void NewBase(uint d)
        {
            bool user = rng.Next(3) == 0;
            uint v = (uint)rng.Next(2);
            ulong m = user && rng.Next(4) == 0 ? 0 : OwnFrame(d);
            op = $"new base user={user} d{d} v{v} frame {m}";
            Expect(model.NewBase(d, v, m, user), w.Ext(d, user ? MemoryAbi.NewUserBasePtr : MemoryAbi.NewBasePtr, m, 0, v));
        }

        void UpdateVa(uint d)
        {
            uint v = (uint)rng.Next(2);
            ulong va = RandomVa(), val = RandomEntry(d);
            ulong flags = (ulong)rng.Next(3) | (rng.Next(2) == 0 ? MemoryAbi.UvmfAll : 0);
            op = $"update_va_mapping d{d} v{v} va {va:x} val {val:x} flags {flags}";
            Expect(model.UpdateVa(d, v, va, val), w.Uvm(d, va, val, flags, v));
        }

        void ClearOrCopy(uint d)
        {
            ulong a = rng.Next(6) == 0 ? AnyFrame(d) : OwnFrame(d), b = OwnFrame(d);
            if (rng.Next(2) == 0)
            {
                op = $"clear d{d} {a}";
                Expect(model.Clear(d, a), w.Ext(d, MemoryAbi.ClearPage, a));
            }
            else
            {
                op = $"copy d{d} {a} <- {b}";
                Expect(model.CopyPage(d, a, b), w.Ext(d, MemoryAbi.CopyPage, a, b));
            }
        }

        void Allocate(uint d)
        {
            op = $"allocate d{d}";
            Status real = w.Core.AllocateFrame(d, out ulong m);
            var md = model.Domains[d];
            bool anyFree = Array.Exists(model.Frames, f => f.Owner == FrameOwner.Free);
            Status expected = md.Owned.Count >= md.Quota || !anyFree ? Status.ENOMEM : Status.Ok;
            Expect(expected, real);
            if (real != Status.Ok) return;
            Assert.True(model.Frames[m].Owner == FrameOwner.Free, $"{Where}: allocated non-free frame {m}");
            model.GiveFrame(d, m);
            w.Ram.Touched.Add(m);
        }

        void Release(uint d)
        {
            ulong m = rng.Next(8) == 0 ? AnyFrame(d) : OwnFrame(d);
            op = $"release d{d} frame {m}";
            Expect(model.Release(d, m), w.Core.ReleaseFrame(d, m));
        }

        void Holds(uint d)
        {
            ulong m = OwnFrame(d);
            PageType type = rng.Next(2) == 0 ? PageType.Descriptor : PageType.DmaPinned;
            bool take = rng.Next(2) == 0;
            op = $"{(take ? "hold" : "drop")} {type} d{d} frame {m}";
            Status real = take
                ? type == PageType.Descriptor ? w.Core.HoldDescriptorFrame(d, m) : w.Core.PinDmaFrame(d, m)
                : type == PageType.Descriptor ? w.Core.ReleaseDescriptorFrame(d, m) : w.Core.UnpinDmaFrame(d, m);
            Expect(take ? model.TypeHold(d, m, type) : model.TypeDrop(d, m, type), real);
            w.Holds.Clear();
            foreach (var h in model.Holds) w.Holds[h.Key] = h.Value;
        }

        /// <summary>
        /// An mmuext_op batch of 2-6 table operations on few frames (bases, pinned frames,
        /// own frames), so that sequences such as UNPIN X; NEW_BASEPTR Y; COPY_PAGE(X, S);
        /// NEW_BASEPTR X happen inside one call, with the root copies loaded only between
        /// calls and pieces.
        /// </summary>
        void ExtOpBatch(uint d)
        {
            int n = 2 + rng.Next(5);
            uint v = (uint)rng.Next(2);
            var ops = new (uint Cmd, ulong Arg1, ulong Arg2)[n];
            for (int i = 0; i < n; i++)
            {
                ulong a = InterestingFrame(d), b = InterestingFrame(d);
                switch (rng.Next(7))
                {
                    case 0: ops[i] = ((uint)rng.Next(4), a, 0); break;                    // PIN_L1..L4
                    case 1: ops[i] = (MemoryAbi.UnpinTable, a, 0); break;
                    case 2: ops[i] = (MemoryAbi.NewBasePtr, a, 0); break;
                    case 3: ops[i] = (MemoryAbi.CopyPage, a, b); break;
                    case 4: ops[i] = (MemoryAbi.ClearPage, a, 0); break;
                    case 5: ops[i] = (MemoryAbi.NewUserBasePtr, rng.Next(3) == 0 ? 0 : a, 0); break;
                    default: ops[i] = (MemoryAbi.TlbFlushLocal, 0, 0); break;
                }
            }
            uint budget = Budgets[rng.Next(Budgets.Length)];
            op = $"mmuext_op d{d} v{v} budget {budget} [{string.Join(", ", Array.ConvertAll(ops, o => $"{o.Cmd}:{o.Arg1}:{o.Arg2}"))}]";
            for (int i = 0; i < n; i++)
            {
                w.Guest.Write(World.GuestArgs + (ulong)i * 24, ops[i].Cmd);
                w.Guest.Write(World.GuestArgs + (ulong)i * 24 + 8, ops[i].Arg1);
                w.Guest.Write(World.GuestArgs + (ulong)i * 24 + 16, ops[i].Arg2);
            }
            var g = new FakeGuest { Memory = w.Guest };
            uint at = 0;
            while (true)
            {
                BatchResult real = w.Core.MmuExtOp(ref g, d, v, World.GuestArgs + at * 24UL, (uint)n - at, MemoryAbi.DomIdSelf, budget);
                for (uint k = 0; k < real.Done; k++)
                    Expect(Status.Ok, ModelExtOp(d, v, ops[at + k]));
                at += real.Done;
                if (real.Status != Status.Ok)
                {
                    Expect(ModelExtOp(d, v, ops[at]), real.Status);
                    return;
                }
                Assert.True(real.MoreToDo == (at < n), $"{Where}: MoreToDo {real.MoreToDo} with {n - at} left");
                if (!real.MoreToDo) return;
                GuestsMayRun();
            }
        }

        ulong InterestingFrame(uint d)
        {
            var md = model.Domains[d];
            switch (rng.Next(4))
            {
                case 0: return md.Kernel[rng.Next(2)] == MemoryCoreConstants.NoFrame ? OwnFrame(d) : md.Kernel[rng.Next(2)];
                case 1:
                    var pinned = md.Owned.FindAll(m => model.Frames[m].Pinned);
                    return pinned.Count > 0 ? pinned[rng.Next(pinned.Count)] : OwnFrame(d);
                default: return OwnFrame(d);
            }
        }

        Status ModelExtOp(uint d, uint v, (uint Cmd, ulong Arg1, ulong Arg2) o)
        {
            switch (o.Cmd)
            {
                case 0: case 1: case 2: case 3: return model.Pin(d, o.Arg1, (PageType)(o.Cmd + 1));
                case MemoryAbi.UnpinTable: return model.Unpin(d, o.Arg1);
                case MemoryAbi.NewBasePtr: return model.NewBase(d, v, o.Arg1, false);
                case MemoryAbi.NewUserBasePtr: return model.NewBase(d, v, o.Arg1, true);
                case MemoryAbi.CopyPage: return model.CopyPage(d, o.Arg1, o.Arg2);
                case MemoryAbi.ClearPage: return model.Clear(d, o.Arg1);
                default: return Status.Ok;
            }
        }

        void Flushes(uint d)
        {
            uint[] cmds = { MemoryAbi.TlbFlushLocal, MemoryAbi.TlbFlushAll, MemoryAbi.InvlpgLocal, MemoryAbi.InvlpgAll, MemoryAbi.FlushCache, MemoryAbi.SetLdt };
            uint cmd = cmds[rng.Next(cmds.Length)];
            ulong va = rng.Next(4) == 0 ? 0x0000800000000000UL : 0x1000;
            op = $"mmuext {cmd} d{d}";
            Status expected = cmd == MemoryAbi.FlushCache ? Status.EACCES : cmd == MemoryAbi.SetLdt ? Status.ENOSYS
                : (cmd == MemoryAbi.InvlpgLocal || cmd == MemoryAbi.InvlpgAll) && va != 0x1000 ? Status.EINVAL : Status.Ok;
            Expect(expected, w.Ext(d, cmd, va));
        }

        void Destroy(uint d)
        {
            op = $"destroy d{d}";
            BatchResult r;
            if (model.Domains[d].DmaPins > 0)
            {
                Expect(Status.EBUSY, w.Core.DestroyDomain(d, 100).Status);
                return;
            }
            int calls = 0;
            do
            {
                r = w.Core.DestroyDomain(d, (uint)(50 + rng.Next(2000)));
                Expect(Status.Ok, r.Status);
                Assert.True(++calls < 100_000, Where);
            } while (r.MoreToDo);
            foreach (ulong m in model.Domains[d].Owned) w.Holds.Remove(m);
            model.Destroy(d);
        }

        // ---- checks ----
        void Compare()
        {
            w.AssertNoPanic();
            for (ulong m = 0; m < Frames; m++)
            {
                FrameInfo f = w.Core.Frame(m);
                ReferenceModel.Frame g = model.Frames[m];
                if (f.Owner != g.Owner || f.Type != g.Type || f.Validated != g.Validated || f.Pinned != g.Pinned
                    || (f.Owner == FrameOwner.Domain && f.Domain != g.Domain))
                    Assert.Fail($"{Where}: frame {m} core {f.Owner}/{f.Domain}/{f.Type}/v{f.Validated}/p{f.Pinned} model {g.Owner}/{g.Domain}/{g.Type}/v{g.Validated}/p{g.Pinned}");
            }
            var touched = new HashSet<ulong>(w.Ram.Touched);
            touched.UnionWith(model.Touched);
            foreach (ulong m in touched)
                for (int i = 0; i < 512; i++)
                    if (w.Ram.Word(m, i) != model.Read(m, i))
                        Assert.Fail($"{Where}: frame {m} word {i}: core {w.Ram.Word(m, i):x}, model {model.Read(m, i):x}");
            for (uint d = 0; d < Domains; d++)
                for (uint v = 0; v < 2; v++)
                    if (model.Domains[d].Running &&
                        (w.Core.Vcpu(d, v).KernelBase != model.Domains[d].Kernel[v] || w.Core.Vcpu(d, v).UserBase != model.Domains[d].User[v]))
                        Assert.Fail($"{Where}: bases of d{d} v{v} differ");
            string problem = Recount.Check(w);
            Assert.True(problem == null, $"{Where}: {problem}");
            CheckFlushObligations();
        }

        /// <summary>Simulated TLB: translations seen before the operation stay cacheable until a flush of their domain.</summary>
        void AddCurrent(uint d)
        {
            Current(d, out var writable, out var tables);
            mayCacheWritable[d].UnionWith(writable);
            mayCacheTable[d].UnionWith(tables);
        }

        void OnFlush(FlushRequest q)
        {
            if (q.Kind != FlushKind.Full || q.Scope != FlushScope.AllOfDomain) return;
            // After a flush a TLB holds at most what is mapped now (new translations are
            // added at the start of the next operation, when the guest can run again).
            Current(q.Domain, out var writable, out var tables);
            mayCacheWritable[q.Domain].IntersectWith(writable);
            mayCacheTable[q.Domain].IntersectWith(tables);
        }

        /// <summary>
        /// What a TLB of domain <paramref name="d"/> could cache now: frames mapped
        /// writable (by a writable L1 entry of a validated table, or inside a superpage)
        /// and frames in use as tables (linked from a validated table, pinned, or a base).
        /// Recounted from memory, so a reference the core holds only for the length of one
        /// step (the hold on a table being modified) does not count as a mapping.
        /// </summary>
        void Current(uint d, out HashSet<ulong> writable, out HashSet<ulong> tables)
        {
            writable = new HashSet<ulong>();
            tables = new HashSet<ulong>();
            for (ulong m = 0; m < Frames; m++)
            {
                FrameInfo f = w.Core.Frame(m);
                if (f.Owner != FrameOwner.Domain || f.Domain != d) continue;
                if (f.Pinned) tables.Add(m);
                if (!f.Validated) continue;
                int level = (int)f.Type;
                for (int i = 0; i < 512; i++)
                {
                    ulong e = w.Ram.Word(m, i);
                    if (!Pte.IsPresent(e)) continue;
                    if (level > 1 && Pte.IsLarge(e))
                    {
                        for (ulong k = 0; k < 512; k++) writable.Add(Pte.LargeFrame(e) + k);
                        continue;
                    }
                    ulong t = Pte.Frame(e);
                    if (t >= Frames) continue;
                    if (level > 1) tables.Add(t);
                    else if (Pte.IsWritable(e) && w.Core.Frame(t).Owner == FrameOwner.Domain) writable.Add(t);
                }
            }
            for (uint v = 0; v < 2; v++)
                foreach (ulong b in new[] { w.Core.Vcpu(d, v).KernelBase, w.Core.Vcpu(d, v).UserBase })
                    if (b != MemoryCoreConstants.NoFrame && model.Domains[d].Running) tables.Add(b);
        }

        void CheckFlushObligations()
        {
            for (uint d = 0; d < Domains; d++)
            {
                Current(d, out var writable, out var tables);
                foreach (ulong m in mayCacheWritable[d])
                    Assert.True(writable.Contains(m), $"{Where}: frame {m} lost its last writable mapping in domain {d} without a flush");
                foreach (ulong m in mayCacheTable[d])
                    Assert.True(tables.Contains(m), $"{Where}: frame {m} lost its page-table type in domain {d} without a flush");
            }
        }
    }
}

public class ModelBasedTestsSecondHalf
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomOperationsAgreeWithTheReferenceModel(int seed) => ModelBasedTests.RunSeed(seed);
}

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
/// translation whose removal was not followed by a flush. Fixed seeds; a failure
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
            model = new ReferenceModel(Frames, Domains, World.L1tfSafe, 46);
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
                foreach (uint x in new uint[] { 0, 1, 2 }) AddCurrent(x);
                w.Ram.Touched.Clear();
                model.Touched.Clear();
                OneOperation(d);
                Compare();
            }
        }

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
            if (r < 330) MmuBatch(d);
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
            uint budget = (uint)(1 + rng.Next(4));
            op = $"mmu_update d{d} budget {budget} [{string.Join(", ", Array.ConvertAll(reqs, q => $"{q.Ptr:x}={q.Val:x}"))}]";
            BatchResult real = w.Mmu(d, budget, reqs);
            uint done = 0;
            Status status = Status.Ok;
            while (done < Math.Min((uint)n, budget))
            {
                status = model.MmuElement(d, reqs[done].Ptr, reqs[done].Val, w.M2pFirst);
                if (status != Status.Ok) break;
                done++;
            }
            Expect(status, real.Status);
            Assert.True(done == real.Done, $"{Where}: done {real.Done}, model {done}");
            Assert.True(real.MoreToDo == (status == Status.Ok && done < n), $"{Where}: MoreToDo");
        }

        void GuestWrite(uint d)
        {
            ulong m = OwnFrame(d);
            FrameInfo f = w.Core.Frame(m);
            bool realMay = f.TypeCount == 0 && !f.Validated || f.Type == PageType.Writable;
            var c = model.Count(m);
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

        void Current(uint d, out HashSet<ulong> writable, out HashSet<ulong> tables)
        {
            writable = new HashSet<ulong>();
            tables = new HashSet<ulong>();
            for (ulong m = 0; m < Frames; m++)
            {
                FrameInfo f = w.Core.Frame(m);
                if (f.Owner != FrameOwner.Domain || f.Domain != d || f.TypeCount == 0) continue;
                if (f.Type == PageType.Writable) writable.Add(m);
                if (f.Type >= PageType.L1 && f.Type <= PageType.L4) tables.Add(m);
            }
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

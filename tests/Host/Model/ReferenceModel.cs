using System.Collections.Generic;
using Ringwall.Core;
using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Model;

/// <summary>
/// A plain reference model of the memory core. It keeps no counters at all: every
/// type or reference count it needs is recounted on the spot from its own copy of
/// memory (sparse words), its validated/pinned flags, base pointers and holds. So a
/// bookkeeping slip in the real core (a missed increment, a double drop) shows up
/// as a different decision or a different recount. Speed is not a goal.
/// </summary>
public sealed class ReferenceModel
{
    public struct Frame
    {
        public FrameOwner Owner;
        public ushort Domain;
        public PageType Type;
        public bool Validated;
        public bool Pinned;
    }

    public sealed class Dom
    {
        public bool Running;
        public uint Quota, Vcpus, DmaPins;
        public ulong SharedInfo = MemoryCoreConstants.NoFrame;
        public readonly ulong[] Kernel = new ulong[8], User = new ulong[8];
        public readonly List<ulong> Owned = new();
    }

    public readonly Frame[] Frames;
    public readonly Dictionary<ulong, Dictionary<int, ulong>> Memory = new();
    public readonly Dom[] Domains;
    public readonly Dictionary<ulong, int> Holds = new();
    public readonly HashSet<ulong> Touched = new();
    readonly List<ulong> temporaryHolds = new();
    ulong validatingTable = ulong.MaxValue;
    int validatingUpTo;
    readonly ulong l1tfSafe;
    readonly int physBits;

    /// <summary>First frame of the M2P table (entries of freed frames are reset there).</summary>
    public ulong M2pFirst;

    /// <summary>A frame that leaves its domain: its M2P entry goes back to invalid (every domain can read the M2P).</summary>
    void InvalidateM2p(ulong m)
    {
        ulong addr = M2pFirst * 4096 + m * 8;
        Write(addr >> 12, (int)((addr & 4095) >> 3), MemoryCoreConstants.InvalidM2pEntry);
    }

    public ReferenceModel(uint frames, uint domains, ulong l1tfSafe, int physBits)
    {
        Frames = new Frame[frames];
        Domains = new Dom[domains];
        for (int d = 0; d < domains; d++) Domains[d] = new Dom();
        this.l1tfSafe = l1tfSafe;
        this.physBits = physBits;
    }

    // ---- memory ----
    public ulong Read(ulong m, int i) => Memory.TryGetValue(m, out var w) && w.TryGetValue(i, out ulong v) ? v : 0;
    public void Write(ulong m, int i, ulong v)
    {
        Touched.Add(m);
        if (!Memory.TryGetValue(m, out var w)) Memory[m] = w = new Dictionary<int, ulong>();
        if (v == 0) w.Remove(i); else w[i] = v;
    }
    public void Zero(ulong m) { Touched.Add(m); Memory.Remove(m); }
    public void Copy(ulong dst, ulong src)
    {
        Touched.Add(dst);
        Memory[dst] = Memory.TryGetValue(src, out var w) ? new Dictionary<int, ulong>(w) : new Dictionary<int, ulong>();
    }

    // ---- counts, always recounted ----
    /// <summary>All references to a frame: its own and those of superpages over it.</summary>
    public (long Type, long Refs) Count(ulong m)
    {
        var own = CountOwn(m);
        long super = SuperCount(m);
        return (own.Type + super, own.Refs + super);
    }

    /// <summary>Present 2 MiB entries of live tables that cover frame <paramref name="m"/>.</summary>
    public long SuperCount(ulong m)
    {
        long n = 0;
        foreach (var kv in Memory)
        {
            ulong t = kv.Key;
            if (!(Frames[t].Validated || t == validatingTable) || (int)Frames[t].Type != 2) continue;
            foreach (var e in kv.Value)
            {
                if (t == validatingTable && !Frames[t].Validated && e.Key >= validatingUpTo) continue;
                if ((e.Value & Pte.Present) == 0 || (e.Value & Pte.PageSize) == 0) continue;
                ulong first = (e.Value & Pte.LargeAddressField) >> 12;
                if (m >= first && m < first + 512) n++;
            }
        }
        return n;
    }

    /// <summary>Every frame some present 2 MiB entry of a validated table covers.</summary>
    public HashSet<ulong> SuperCovered()
    {
        var covered = new HashSet<ulong>();
        foreach (var kv in Memory)
        {
            if (!Frames[kv.Key].Validated || Frames[kv.Key].Type != PageType.L2) continue;
            foreach (var e in kv.Value)
            {
                if ((e.Value & Pte.Present) == 0 || (e.Value & Pte.PageSize) == 0) continue;
                ulong first = (e.Value & Pte.LargeAddressField) >> 12;
                for (ulong k = 0; k < 512; k++) covered.Add(first + k);
            }
        }
        return covered;
    }

    /// <summary>The frame's own references: everything but superpages.</summary>
    public (long Type, long Refs) CountOwn(ulong m)
    {
        long type = 0, refs = 0;
        foreach (var kv in Memory)
        {
            ulong t = kv.Key;
            bool live = Frames[t].Validated || t == validatingTable;
            if (!live) continue;
            int level = (int)Frames[t].Type;
            foreach (var e in kv.Value)
            {
                if (t == validatingTable && !Frames[t].Validated && e.Key >= validatingUpTo) continue;
                Contribution(level, e.Value, m, ref type, ref refs);
            }
        }
        if (Frames[m].Pinned) { type++; refs++; }
        foreach (var d in Domains)
            for (int v = 0; v < d.Vcpus; v++)
            {
                if (d.Kernel[v] == m) { type++; refs++; }
                if (d.User[v] == m) { type++; refs++; }
            }
        if (Holds.TryGetValue(m, out int h)) { type += h; refs += h; }
        foreach (ulong t in temporaryHolds) if (t == m) type++;
        return (type, refs);
    }

    void Contribution(int level, ulong e, ulong m, ref long type, ref long refs)
    {
        if ((e & Pte.Present) == 0) return;
        if (level > 1 && (e & Pte.PageSize) != 0)
            return; // superpages are counted by SuperCount
        if (((e & Pte.AddressField) >> 12) != m) return;
        refs++;
        if (level > 1 || ((e & Pte.Writable) != 0 && Frames[m].Owner == FrameOwner.Domain)) type++;
    }

    /// <summary>A frame no superpage may cover: a validated table, or one whose own references hold a non-writable type.</summary>
    public bool Blocks(ulong m) => Frames[m].Validated || (CountOwn(m).Type > 0 && Frames[m].Type != PageType.Writable);

    bool Owned(ulong m, uint d) => m < (ulong)Frames.Length && Frames[m].Owner == FrameOwner.Domain && Frames[m].Domain == d;
    static bool IsTable(PageType t) => t >= PageType.L1 && t <= PageType.L4;

    // ---- entry format, written out plainly ----
    Status Format(int level, int index, ulong e)
    {
        if (level == 4 && index >= 256 && index < 272) return e == 0 ? Status.Ok : Status.EPERM;
        if ((e & 1) == 0)
        {
            if (level > 1 && (e & 0x80) != 0) return Status.EINVAL;
            ulong a = e & Pte.AddressField;
            return a != 0 && a < l1tfSafe ? Status.EPERM : Status.Ok;
        }
        if (((e & Pte.AddressField) >> physBits) != 0) return Status.EINVAL;
        ulong flags = e & ~Pte.AddressField;
        ulong common = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0xE00 | (1UL << 63);
        if (level == 1) return (flags & ~(common | 0x40 | 0x80)) == 0 ? Status.Ok : Status.EINVAL;
        if ((e & 0x80) != 0)
        {
            if (level != 2 || (e & 0x1FE000) != 0) return Status.EINVAL;
            return (flags & ~(common | 0x40 | 0x80 | 0x1000)) == 0 ? Status.Ok : Status.EINVAL;
        }
        return (flags & ~common) == 0 ? Status.Ok : Status.EINVAL;
    }

    // ---- types ----
    public Status GetType(ulong m, PageType type, uint d, bool direct)
    {
        if (type != PageType.Writable && SuperCount(m) > 0) return Status.EINVAL; // mapped writable by a superpage (type conflict)
        if (CountOwn(m).Type > 0) return Frames[m].Type == type ? Status.Ok : Status.EINVAL;   // Xen: type conflict -EINVAL
        if (Frames[m].Type == type && (Frames[m].Validated || !IsTable(type))) return Status.Ok;
        if (Frames[m].Validated)
        {
            if (!direct) return Status.EINVAL;
            Frames[m].Validated = false;
        }
        if (IsTable(type) && !direct) return Status.EINVAL;
        Frames[m].Type = type;
        if (!IsTable(type)) return Status.Ok;
        temporaryHolds.Add(m);
        Status s = Validate(m, (int)type, d);
        temporaryHolds.Remove(m);
        if (s == Status.Ok) Frames[m].Validated = true; else Frames[m].Type = PageType.None;
        return s;
    }

    Status Validate(ulong t, int level, uint d)
    {
        validatingTable = t;
        Status s = Status.Ok;
        for (int i = 0; i < 512 && s == Status.Ok; i++)
        {
            validatingUpTo = i;
            s = Acquire(level, i, Read(t, i), d, false);
        }
        validatingTable = ulong.MaxValue;
        return s;
    }

    Status Acquire(int level, int index, ulong e, uint d, bool direct)
    {
        if (e == 0) return Status.Ok;
        Status s = Format(level, index, e);
        if (s != Status.Ok || (e & 1) == 0) return s;
        ulong target = (e & Pte.AddressField) >> 12;
        if (level == 1)
        {
            if (target >= (ulong)Frames.Length) return Status.EINVAL;
            Frame f = Frames[target];
            bool rw = (e & 2) != 0;
            if (f.Owner == FrameOwner.Domain)
                return f.Domain != d ? Status.EPERM : rw && GetType(target, PageType.Writable, d, direct) != Status.Ok ? Status.EBUSY : Status.Ok;   // Xen: -EBUSY
            if (f.Owner == FrameOwner.SharedWithDomain) return f.Domain == d ? Status.Ok : Status.EPERM;
            if (f.Owner == FrameOwner.SharedReadOnly) return rw ? Status.EPERM : Status.Ok;
            return Status.EPERM;
        }
        if ((e & 0x80) != 0)
        {
            ulong first = (e & Pte.LargeAddressField) >> 12;
            if (first >= (ulong)Frames.Length || (ulong)Frames.Length - first < 512) return Status.EINVAL;
            for (ulong k = 0; k < 512; k++)
                if (!Owned(first + k, d)) return Status.EPERM;
            for (ulong k = 0; k < 512; k++)
                if (Blocks(first + k)) return Status.EBUSY;
            return Status.Ok; // the frames keep their own types: the superpage holds the extent
        }
        if (target >= (ulong)Frames.Length) return Status.EINVAL;
        if (!Owned(target, d)) return Status.EPERM;
        if (CountOwn(target).Type > 0 && IsTable(Frames[target].Type) && (int)Frames[target].Type != level - 1) return Status.EINVAL;   // linear or cross-level
        return GetType(target, (PageType)(level - 1), d, direct);
    }

    // ---- operations ----
    public Status Modify(uint d, ulong table, int index, ulong value, bool preserve)
    {
        if (!Owned(table, d)) return Status.EPERM;
        if (!IsTable(Frames[table].Type) || !Frames[table].Validated) return Status.EINVAL;
        int level = (int)Frames[table].Type;
        ulong old = Read(table, index);
        if (preserve && (old & 1) != 0 && (value & 1) != 0)
            value |= old & (level == 1 || (value & 0x80) != 0 ? 0x60UL : 0x20UL);
        temporaryHolds.Add(table);
        Status s = Acquire(level, index, value, d, true);
        temporaryHolds.Remove(table);
        if (s == Status.Ok) Write(table, index, value);
        return s;
    }

    public Status MmuElement(uint d, ulong ptr, ulong val, ulong m2pFirst)
    {
        ulong cmd = ptr & 3, a = ptr & ~3UL;
        if (cmd == 1)
        {
            ulong m = a >> 12;
            if (m >= (ulong)Frames.Length) return Status.EINVAL;
            if (!Owned(m, d)) return Status.EPERM;
            ulong addr = m2pFirst * 4096 + m * 8;
            Write(addr >> 12, (int)((addr & 4095) >> 3), val);
            return Status.Ok;
        }
        if (cmd == 3) return Status.ENOSYS;
        if ((a & 7) != 0) return Status.EINVAL;
        if ((a >> 12) >= (ulong)Frames.Length) return Status.EINVAL;
        return Modify(d, a >> 12, (int)((a & 4095) >> 3), val, cmd == 2);
    }

    public Status Hold(uint d, ulong m, PageType type)
    {
        if (m >= (ulong)Frames.Length) return Status.EINVAL;
        if (!Owned(m, d)) return Status.EPERM;
        return GetType(m, type, d, true);
    }

    public Status Pin(uint d, ulong m, PageType level)
    {
        if (m < (ulong)Frames.Length && Frames[m].Pinned && Owned(m, d)) return Status.EINVAL;
        Status s = Hold(d, m, level);
        if (s == Status.Ok) Frames[m].Pinned = true;
        return s;
    }

    public Status Unpin(uint d, ulong m)
    {
        if (m >= (ulong)Frames.Length) return Status.EINVAL;
        if (!Owned(m, d)) return Status.EPERM;
        if (!Frames[m].Pinned) return Status.EINVAL;
        Frames[m].Pinned = false;
        return Status.Ok;
    }

    public Status NewBase(uint d, uint v, ulong m, bool user)
    {
        if (user && m == 0) { Domains[d].User[v] = MemoryCoreConstants.NoFrame; return Status.Ok; }
        Status s = Hold(d, m, PageType.L4);
        if (s != Status.Ok) return s;
        if (user) Domains[d].User[v] = m; else Domains[d].Kernel[v] = m;
        return Status.Ok;
    }

    public Status Clear(uint d, ulong m)
    {
        Status s = Hold(d, m, PageType.Writable);
        if (s == Status.Ok) Zero(m);
        return s;
    }

    public Status CopyPage(uint d, ulong dst, ulong src)
    {
        if (src >= (ulong)Frames.Length) return Status.EINVAL;
        if (!Owned(src, d)) return Status.EPERM;
        Status s = Hold(d, dst, PageType.Writable);
        if (s == Status.Ok) Copy(dst, src);
        return s;
    }

    public Status TypeHold(uint d, ulong m, PageType type)
    {
        Status s = Hold(d, m, type);
        if (s != Status.Ok) return s;
        Holds[m] = Holds.GetValueOrDefault(m) + 1;
        if (type == PageType.DmaPinned) Domains[d].DmaPins++;
        return s;
    }

    public Status TypeDrop(uint d, ulong m, PageType type)
    {
        if (m >= (ulong)Frames.Length) return Status.EINVAL;
        if (!Owned(m, d)) return Status.EPERM;
        if (Frames[m].Type != type || CountOwn(m).Type == 0) return Status.EINVAL;
        // Any hold of this type on the frame may be the one dropped: holds are the only source of these types.
        if (!Holds.TryGetValue(m, out int h) || h == 0) return Status.EINVAL;
        if (h == 1) Holds.Remove(m); else Holds[m] = h - 1;
        if (type == PageType.DmaPinned) Domains[d].DmaPins--;
        return Status.Ok;
    }

    public Status UpdateVa(uint d, uint v, ulong va, ulong val)
    {
        if (v >= Domains[d].Vcpus) return Status.EINVAL;
        ulong top = va >> 47;
        if (top != 0 && top != 0x1FFFF) return Status.EINVAL;
        int i4 = (int)((va >> 39) & 511);
        if (i4 >= 256 && i4 < 272) return Status.EINVAL;
        ulong t = Domains[d].Kernel[v];
        for (int level = 4; level > 1; level--)
        {
            if (t >= (ulong)Frames.Length) return Status.EINVAL;
            ulong e = Read(t, (int)((va >> (3 + 9 * level)) & 511));
            if ((e & 1) == 0 || (e & 0x80) != 0) return Status.EINVAL;
            t = (e & Pte.AddressField) >> 12;
        }
        if (t >= (ulong)Frames.Length) return Status.EINVAL;
        return Modify(d, t, (int)((va >> 12) & 511), val, false);
    }

    public void GiveFrame(uint d, ulong m)
    {
        Frames[m] = new Frame { Owner = FrameOwner.Domain, Domain = (ushort)d };
        Zero(m);
        Domains[d].Owned.Add(m);
    }

    public Status Release(uint d, ulong m)
    {
        if (m >= (ulong)Frames.Length) return Status.EINVAL;
        if (!Owned(m, d)) return Status.EPERM;
        var c = Count(m);
        if (c.Type != 0 || c.Refs != 0 || Frames[m].Pinned) return Status.EBUSY;
        Frames[m] = new Frame { Owner = FrameOwner.Free };
        InvalidateM2p(m);
        Domains[d].Owned.Remove(m);
        return Status.Ok;
    }

    public void Destroy(uint d)
    {
        Dom dom = Domains[d];
        foreach (ulong m in dom.Owned)
        {
            Frames[m] = new Frame { Owner = FrameOwner.Free };
            Holds.Remove(m);
            InvalidateM2p(m);
        }
        if (dom.SharedInfo != MemoryCoreConstants.NoFrame)
            Frames[dom.SharedInfo] = new Frame { Owner = FrameOwner.Vmm };
        Domains[d] = new Dom();
    }
}

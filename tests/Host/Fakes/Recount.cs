using System.Collections.Generic;
using Ringwall.Core.Memory;

namespace Ringwall.Tests.Host.Fakes;

/// <summary>
/// Recomputes every invariant of architecture.md section 2 from scratch, walking
/// every validated page table of every domain in the simulated memory, and compares
/// the result with the frame table. Written independently of the core: it does not
/// call any core rule, only reads the frame table and RAM.
/// </summary>
public static class Recount
{
    const ulong Addr = 0x000F_FFFF_FFFF_F000UL;
    const ulong P = 1, RW = 2, PS = 0x80, G = 0x100, High = 0x7FF0_0000_0000_0000UL;

    /// <summary>Null when everything holds, else a description of the first problem found.</summary>
    public static string Check(World w)
    {
        var core = w.Core;
        uint n = core.FrameCount;
        var refs = new long[n];
        var types = new long[n];
        var frames = new FrameInfo[n];
        var superpages = new long[(n + 511) / 512];
        for (uint m = 0; m < n; m++)
            frames[m] = core.Frame(m);

        for (uint m = 0; m < n; m++)
        {
            FrameInfo f = frames[m];
            if (f.Validated)
            {
                string p = WalkTable(w, frames, m, refs, types, superpages);
                if (p != null) return p;
            }
            if (f.Pinned)
            {
                if (!f.Validated || f.Type < PageType.L1 || f.Type > PageType.L4) return $"pinned frame {m} is not a validated table";
                refs[m]++; types[m]++;
            }
        }
        for (uint d = 0; d < core.Config.MaxDomains; d++)
        {
            DomainMemory dm = core.Domain(d);
            if (dm.State == DomainState.None) continue;
            for (uint v = 0; v < dm.VcpuCount; v++)
            {
                VcpuMemoryState vs = core.Vcpu(d, v);
                foreach (ulong b in new[] { vs.KernelBase, vs.UserBase })
                {
                    if (b == MemoryCoreConstants.NoFrame) continue;
                    if (frames[b].Type != PageType.L4 || !frames[b].Validated || frames[b].Owner != FrameOwner.Domain || frames[b].Domain != d)
                        return $"base pointer {b} of domain {d} vcpu {v} is not its validated L4";
                    refs[b]++; types[b]++;
                }
            }
        }
        foreach (var h in w.Holds)
        {
            refs[h.Key] += h.Value; types[h.Key] += h.Value;
        }
        string c = CompareCounts(frames, refs, types);
        if (c != null) return c;
        c = CompareExtents(w, frames, superpages);
        if (c != null) return c;
        return CheckOwnership(w, frames);
    }

    static string WalkTable(World w, FrameInfo[] frames, ulong m, long[] refs, long[] types, long[] superpages)
    {
        FrameInfo f = frames[m];
        int level = (int)f.Type;
        if (level < 1 || level > 4) return $"frame {m} validated with non-table type {f.Type}";
        if (f.Owner != FrameOwner.Domain) return $"table {m} not domain-owned";
        uint dom = f.Domain;
        ulong[] words = w.Ram.Words;
        ulong start = m * 512;
        for (int i = 0; i < 512; i++)
        {
            ulong e = words[start + (ulong)i];
            if (e == 0) continue;
            if (level == 4 && i >= 256 && i < 272 && e != 0) return $"L4 {m} maps reserved slot {i}";
            if ((e & P) == 0)
            {
                ulong a = e & Addr;
                if (a != 0 && a < World.L1tfSafe) return $"not-present entry {m}[{i}] has L1TF-unsafe address {a:x}";
                if (level > 1 && (e & PS) != 0) return $"not-present entry {m}[{i}] has PS";
                continue;
            }
            if ((e & G) != 0 || (e & High) != 0) return $"entry {m}[{i}] has global or high bits: {e:x}";
            ulong t = (e & Addr) >> 12;
            if (t >= (ulong)frames.Length) return $"entry {m}[{i}] names frame {t} beyond RAM";
            bool writable = (e & RW) != 0;
            if (level == 1)
            {
                FrameInfo tf = frames[t];
                bool ownOk = tf.Owner == FrameOwner.Domain && tf.Domain == dom
                    || tf.Owner == FrameOwner.SharedWithDomain && tf.Domain == dom
                    || tf.Owner == FrameOwner.SharedReadOnly && !writable;
                if (!ownOk) return $"L1 {m}[{i}] of domain {dom} maps frame {t} it may not ({tf.Owner}/{tf.Domain}, rw={writable})";
                if (writable && tf.Owner == FrameOwner.Domain)
                {
                    if (tf.Type != PageType.Writable) return $"L1 {m}[{i}] maps {tf.Type} frame {t} writable";
                    types[t]++;
                }
                refs[t]++;
            }
            else if ((e & PS) != 0)
            {
                if (level != 2) return $"PS entry at level {level}";
                ulong first = (e & 0x000F_FFFF_FFE0_0000UL) >> 12;
                if ((e & 0x1FE000UL) != 0) return $"superpage {m}[{i}] reserved bits";
                if (first + 512 > (ulong)frames.Length) return $"superpage {m}[{i}] beyond RAM";
                for (ulong k = 0; k < 512; k++)
                {
                    FrameInfo tf = frames[first + k];
                    bool blocks = tf.Validated || tf.TypeCount > 0 && tf.Type != PageType.Writable;
                    if (tf.Owner != FrameOwner.Domain || tf.Domain != dom || blocks)
                        return $"superpage {m}[{i}] covers frame {first + k} ({tf.Owner}, {tf.Type}, count {tf.TypeCount}, validated {tf.Validated})";
                }
                superpages[first >> 9]++;
            }
            else
            {
                FrameInfo tf = frames[t];
                if (tf.Owner != FrameOwner.Domain || tf.Domain != dom) return $"link {m}[{i}] to foreign frame {t}";
                if ((int)tf.Type != level - 1 || !tf.Validated) return $"link {m}[{i}] (L{level}) to {t} typed {tf.Type} validated={tf.Validated}";
                refs[t]++; types[t]++;
            }
        }
        return null;
    }

    static string CompareCounts(FrameInfo[] frames, long[] refs, long[] types)
    {
        for (int m = 0; m < frames.Length; m++)
        {
            if (frames[m].RefCount != refs[m]) return $"frame {m}: RefCount {frames[m].RefCount}, recount {refs[m]}";
            if (frames[m].TypeCount != types[m]) return $"frame {m}: TypeCount {frames[m].TypeCount} ({frames[m].Type}), recount {types[m]}";
            if (frames[m].Validated && frames[m].Type == PageType.Writable) return $"frame {m} writable and validated";
        }
        return null;
    }

    /// <summary>Every extent record against a recount: superpages, blocking frames, the counted owner's frames.</summary>
    static string CompareExtents(World w, FrameInfo[] frames, long[] superpages)
    {
        for (int x = 0; x < superpages.Length; x++)
        {
            ExtentInfo e = w.Core.Extent((ulong)x * 512);
            if (e.Superpages != superpages[x]) return $"extent {x}: Superpages {e.Superpages}, recount {superpages[x]}";
            int blocking = 0, owned = 0;
            var byDomain = new Dictionary<uint, int>();
            for (int k = 0; k < 512 && x * 512 + k < frames.Length; k++)
            {
                FrameInfo f = frames[x * 512 + k];
                if (f.Owner != FrameOwner.Domain) continue;
                if (f.Validated || f.TypeCount > 0 && f.Type != PageType.Writable) blocking++;
                if (f.Domain == e.Owner) owned++;
                byDomain[f.Domain] = byDomain.GetValueOrDefault(f.Domain) + 1;
            }
            if (e.BlockingFrames != blocking) return $"extent {x}: BlockingFrames {e.BlockingFrames}, recount {blocking}";
            if (e.OwnedFrames != owned)
                return $"extent {x}: OwnedFrames {e.OwnedFrames} for domain {e.Owner}, recount {owned}";
            foreach (var kv in byDomain)
                if (kv.Value == 512 && (e.Owner != kv.Key || e.OwnedFrames != 512))
                    return $"extent {x}: domain {kv.Key} owns it whole but the record says {e.OwnedFrames} of domain {e.Owner}";
        }
        return null;
    }

    static string CheckOwnership(World w, FrameInfo[] frames)
    {
        var core = w.Core;
        var owned = new Dictionary<uint, uint>();
        uint free = 0;
        for (int m = 0; m < frames.Length; m++)
        {
            FrameInfo f = frames[m];
            if (f.Owner == FrameOwner.Free)
            {
                free++;
                if (f.TypeCount != 0 || f.RefCount != 0 || f.Validated || f.Pinned) return $"free frame {m} in use";
            }
            if (f.Owner == FrameOwner.Domain)
            {
                if (core.Domain(f.Domain).State == DomainState.None) return $"frame {m} owned by absent domain {f.Domain}";
                owned[f.Domain] = owned.GetValueOrDefault(f.Domain) + 1;
            }
            if ((f.Owner == FrameOwner.Vmm || f.Owner == FrameOwner.SharedReadOnly) && (f.TypeCount != 0 || f.Validated))
                return $"VMM frame {m} has a type";
        }
        if (free != core.FreeFrames) return $"free count {core.FreeFrames}, recount {free}";
        for (uint d = 0; d < core.Config.MaxDomains; d++)
        {
            DomainMemory dm = core.Domain(d);
            if (dm.Owned != owned.GetValueOrDefault(d)) return $"domain {d} Owned {dm.Owned}, recount {owned.GetValueOrDefault(d)}";
            if (dm.Owned > dm.Quota) return $"domain {d} over quota";
        }
        return null;
    }
}

using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Ringwall.Arch.Entry;
using Xunit;

namespace Ringwall.Tests.Host.Arch;

// kernel/Arch/Asm/EntryLayout.inc and kernel/Arch/Entry/EntryLayout.cs describe the same
// entry area: the assembly and the C# must agree on every address and offset.
public class EntryLayoutTests
{
    static Dictionary<string, ulong> Defines()
    {
        string dir = Directory.GetCurrentDirectory();
        while (dir != null && !File.Exists(Path.Combine(dir, "kernel/Arch/Asm/EntryLayout.inc"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        var values = new Dictionary<string, ulong>();
        foreach (string line in File.ReadAllLines(Path.Combine(dir, "kernel/Arch/Asm/EntryLayout.inc")))
        {
            var m = Regex.Match(line, @"^%define\s+(\w+)\s+([^;]+?)\s*(;.*)?$");
            if (m.Success) values[m.Groups[1].Value] = Evaluate(m.Groups[2].Value, values);
        }
        return values;
    }

    // The forms the file uses: numbers, earlier names, (a * b), (a - b).
    static ulong Evaluate(string e, Dictionary<string, ulong> known)
    {
        e = e.Trim();
        if (e.StartsWith("(") && e.EndsWith(")")) e = e.Substring(1, e.Length - 2).Trim();
        var bin = Regex.Match(e, @"^(\S+)\s*([*-])\s*(\S+)$");
        if (bin.Success)
        {
            ulong a = Evaluate(bin.Groups[1].Value, known), b = Evaluate(bin.Groups[3].Value, known);
            return bin.Groups[2].Value == "*" ? a * b : a - b;
        }
        if (known.TryGetValue(e, out ulong v)) return v;
        return e.StartsWith("0x") ? System.Convert.ToUInt64(e.Substring(2), 16) : ulong.Parse(e);
    }

    [Fact]
    public void AssemblyAndCSharpAgree()
    {
        var d = Defines();
        Assert.Equal(EntryLayout.Base, d["ENTRY_BASE"]);
        Assert.Equal(EntryLayout.PerCpu, d["ENTRY_PERCPU"]);
        Assert.Equal((ulong)EntryLayout.PerCpuVmmCr3, d["PERCPU_VMM_CR3"]);
        Assert.Equal((ulong)EntryLayout.PerCpuGuestCr3, d["PERCPU_GUEST_CR3"]);
        Assert.Equal((ulong)EntryLayout.PerCpuVmmStack, d["PERCPU_VMM_STACK"]);
        Assert.Equal((ulong)EntryLayout.PerCpuFpuArea, d["PERCPU_FPU_AREA"]);
        Assert.Equal((ulong)EntryLayout.PerCpuMxcsr, d["PERCPU_MXCSR"]);
        Assert.Equal((ulong)EntryLayout.PerCpuEntryTarget, d["PERCPU_ENTRY_TARGET"]);
        Assert.Equal((ulong)EntryLayout.FrameCs, d["FRAME_CS"]);
        Assert.Equal(EntryLayout.FrameBytes, d["FRAME_BYTES"]);
        Assert.Equal(EntryLayout.EntryStackTop, d["ENTRY_STACK_TOP"]);
        Assert.Equal(EntryLayout.EntryStackTopAddress, EntryLayout.EntryStackTop);
        Assert.Equal(EntryLayout.EntryFrame, d["ENTRY_FRAME"]);
        Assert.Equal(EntryLayout.IstScrubBytes, d["IST_SCRUB_BYTES"]);
    }

    [Fact]
    public void TheFrameSlotAndTheIstScrubFitTheirStacks()
    {
        Assert.Equal(EntryLayout.EntryStackTop - 22 * 8, EntryLayout.EntryFrame);
        Assert.True(EntryLayout.EntryFrame >= EntryLayout.StackBottom(0));
        Assert.Equal(0UL, EntryLayout.IstScrubBytes % 8);
        // the CPU's frame with an error code, the RAX slot and a dropped #DB's six-word copy
        Assert.True(EntryLayout.IstScrubBytes >= (7 + 6) * 8);
        Assert.True(EntryLayout.IstScrubBytes <= EntryLayout.StackBytes);
    }
}

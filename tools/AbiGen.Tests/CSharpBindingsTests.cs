using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ringwall.Abi;
using Ringwall.Core;
using Xunit;

namespace Ringwall.Tools.AbiGen.Tests;

/// <summary>The generated C# (compiled into this assembly) agrees with the source and with the VMM.</summary>
public class CSharpBindingsTests
{
    [Fact]
    public void ErrnoValuesAreThoseOfTheVmmStatus()
    {
        foreach (Status status in Enum.GetValues<Status>())
        {
            Assert.True(Enum.TryParse(status.ToString(), out Errno errno), "Errno lacks " + status);
            Assert.Equal((int)status, (int)errno);
        }
    }

    [Fact]
    public void StructLayoutsMatchTheSource()
    {
        var model = AbiLoader.LoadDirectory(RepoRoot.File("guestabi/abi"));
        foreach (var t in model.Types)
        {
            var type = typeof(Errno).Assembly.GetType("Ringwall.Abi." + Naming.Pascal(t.Name), throwOnError: true);
            int size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf)).MakeGenericMethod(type).Invoke(null, null);
            Assert.True(size == t.Size, t.Name + ": C# size " + size + ", source " + t.Size);
            foreach (var f in t.Fields.Where(f => f.Count == null))
                Assert.True((int)Marshal.OffsetOf(type, Naming.Pascal(f.Name)) == f.Offset, t.Name + "." + f.Name);
        }
    }

    [Fact]
    public void KnownValues()
    {
        Assert.Equal(29u, Hypercall.SchedOp);
        Assert.Equal(64u, Hypercall.RingwallCpuPolicy);
        Assert.Equal(64u, SchedOpCmd.RingwallExit);
        Assert.Equal(17u, MmuExtCmd.CopyPage);
        Assert.Equal((ushort)0x19, Selectors.Ring1Cs);
        Assert.Equal(0xFFFF800000000000UL, VmmRange.VirtStart);
        Assert.Equal(128, StartInfo.CmdLineOffset);
        Assert.Equal(8, MmuextOp.Arg1Offset);
        Assert.StartsWith("ringwall-", StartInfoMagic.Magic);
        ulong implemented = 1UL << 0 | 1UL << 1 | 1UL << 2 | 1UL << 10 | 1UL << 3 | 1UL << 4 | 1UL << 15 | 1UL << 32 | 1UL << 13 | 1UL << 14 | 1UL << 17 | 1UL << 18 | 1UL << 24 | 1UL << 26 | 1UL << 29;
        Assert.Equal(Hypercall.ImplementedLow, implemented);
        Assert.Equal(Hypercall.ImplementedHigh, 0UL + 0);
    }
}

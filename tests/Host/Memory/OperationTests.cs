using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Ringwall.Core;
using Ringwall.Core.Memory;
using Ringwall.Tests.Host.Fakes;
using Xunit;
using static Ringwall.Tests.Host.Fakes.World;

namespace Ringwall.Tests.Host.Memory;

/// <summary>The accepting and refusing sides of each mmuext_op, update_va_mapping and VMM-side operation.</summary>
public class OperationTests
{
    static World OneDomain(uint quota = 1024)
    {
        var w = new World();
        w.NewDomain(0, quota);
        w.NewDomain(1);
        return w;
    }

    [Fact]
    public void PinAndUnpinHoldExactlyOneTypeAndOneReference()
    {
        var w = OneDomain();
        ulong t = w.Alloc(0);
        Assert.Equal(Status.Ok, w.Pin(0, t, 1));
        Assert.Equal(Status.EINVAL, w.Pin(0, t, 1)); // twice
        Assert.Equal(Status.EINVAL, w.Pin(0, t, 2)); // pinned already (at another level): refused before any typing
        Assert.Equal((1u, 1u), (w.Core.Frame(t).TypeCount, w.Core.Frame(t).RefCount));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.UnpinTable, t));
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.UnpinTable, t));
        Assert.Equal(Status.EPERM, w.Ext(1, MemoryAbi.UnpinTable, t));
        Assert.Equal((0u, 0u), (w.Core.Frame(t).TypeCount, w.Core.Frame(t).RefCount));
        w.AssertInvariants();
    }

    [Fact]
    public void NewBasePointersTakeAndReleaseL4References()
    {
        var w = OneDomain();
        var a = w.BuildTree(0);
        var b = w.BuildTree(0, 0x80000000UL);
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, a.L4, vcpu: 1));
        Assert.Equal(a.L4, w.Core.Vcpu(0, 1).KernelBase);
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, b.L4, vcpu: 1));
        Assert.Equal(1u, w.Core.Frame(a.L4).TypeCount); // only its pin left
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewUserBasePtr, a.L4, vcpu: 1));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewUserBasePtr, 0, vcpu: 1));
        Assert.Equal(MemoryCoreConstants.NoFrame, w.Core.Vcpu(0, 1).UserBase);
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.NewBasePtr, a.L1)); // an L1 is not an L4
        Assert.Equal(Status.EPERM, w.Ext(1, MemoryAbi.NewBasePtr, a.L4));
        w.AssertInvariants();
    }

    [Fact]
    public void GuestFlushOperationsRequestTheRightFlushes()
    {
        var w = OneDomain();
        w.Guest.Write(0x9000, 0b10);
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.TlbFlushLocal, vcpu: 1));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.InvlpgLocal, 0x7000));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.InvlpgMulti, 0x7000, 0x9000));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.TlbFlushAll));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.InvlpgAll, 0xFFFFFFFF80000000UL));
        var q = w.Tlb.Requests;
        Assert.Equal((FlushKind.Full, FlushScope.LocalVcpu, 1u), (q[0].Kind, q[0].Scope, q[0].Vcpu));
        Assert.Equal((FlushKind.SingleAddress, FlushScope.LocalVcpu, 0x7000UL), (q[1].Kind, q[1].Scope, q[1].LinearAddress));
        Assert.Equal((FlushKind.SingleAddress, FlushScope.VcpuMask, 2UL), (q[2].Kind, q[2].Scope, q[2].VcpuMask));
        Assert.Equal((FlushKind.Full, FlushScope.AllOfDomain), (q[3].Kind, q[3].Scope));
        Assert.Equal((FlushKind.SingleAddress, FlushScope.AllOfDomain), (q[4].Kind, q[4].Scope));
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.InvlpgAll, 0x0000800000000000UL));
        Assert.Equal(Status.EFAULT, w.Ext(0, MemoryAbi.TlbFlushMulti, 0, 0xBAD000));
        Assert.Equal(Status.EACCES, w.Ext(0, MemoryAbi.FlushCache));
        Assert.Equal(Status.Ok, w.Core.AllowCacheFlush(0, true));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.FlushCache));
        Assert.Equal(1, w.Tlb.CacheFlushes);
        Assert.Equal(Status.ENOSYS, w.Ext(0, MemoryAbi.SetLdt, 0x1000, 1));
        Assert.Equal(Status.ENOSYS, w.Ext(0, 14));
    }

    [Fact]
    public void ClearAndCopyPageWorkOnDataFramesOnly()
    {
        var w = OneDomain();
        var t = w.BuildTree(0);
        ulong a = w.Alloc(0), b = w.Alloc(0);
        w.GuestWrite(a, 7, 0x1234);
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.CopyPage, b, a));
        Assert.Equal(0x1234UL, w.Ram.Word(b, 7));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.ClearPage, a));
        Assert.Equal(0UL, w.Ram.Word(a, 7));
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.ClearPage, t.L1));      // a page table
        Assert.Equal(Status.EINVAL, w.Ext(0, MemoryAbi.CopyPage, t.L2, a));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.CopyPage, a, t.L2));       // reading a table is fine
        Assert.Equal(Status.EPERM, w.Ext(1, MemoryAbi.ClearPage, a));
        Assert.Equal(0u, w.Core.Frame(a).TypeCount);
        w.AssertInvariants();
    }

    [Fact]
    public void UpdateVaMappingWalksTheKernelBaseAndFlushesAsAsked()
    {
        var w = OneDomain();
        var t = w.BuildTree(0);
        ulong data = w.Alloc(0), va = 0x40000000UL + 0x3000;
        Assert.Equal(Status.EINVAL, w.Uvm(0, va, Entry(data, P), 0)); // no base yet
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, t.L4));
        w.Tlb.Requests.Clear();
        Assert.Equal(Status.Ok, w.Uvm(0, va, Entry(data, P | RW), MemoryAbi.UvmfInvlpg));
        Assert.Equal(Entry(data, P | RW), w.Ram.Word(t.L1, 3));
        Assert.Contains(w.Tlb.Requests, q => q.Kind == FlushKind.SingleAddress && q.Scope == FlushScope.LocalVcpu && q.LinearAddress == va);
        Assert.Equal(Status.Ok, w.Uvm(0, va, 0, MemoryAbi.UvmfTlbFlush | MemoryAbi.UvmfAll));
        Assert.Contains(w.Tlb.Requests, q => q.Kind == FlushKind.Full && q.Scope == FlushScope.AllOfDomain);
        w.Guest.Write(0x9008, 1);
        Assert.Equal(Status.Ok, w.Uvm(0, va, Entry(data, P), MemoryAbi.UvmfTlbFlush | 0x9008));
        Assert.Contains(w.Tlb.Requests, q => q.Scope == FlushScope.VcpuMask && q.VcpuMask == 1);
        Assert.Equal(Status.EINVAL, w.Uvm(0, va, 0, 3));                    // no such flush type
        Assert.Equal(Status.EFAULT, w.Uvm(0, va, 0, MemoryAbi.UvmfTlbFlush | 0xBAD000));
        Assert.Equal(Entry(data, P), w.Ram.Word(t.L1, 3));                  // the faulting call changed nothing
        Assert.Equal(Status.EINVAL, w.Uvm(0, 0x7F0000000000UL, 0, 0));      // nothing mapped there
        w.AssertInvariants();
    }

    [Fact]
    public void MachPhysUpdateWritesTheM2pEntryOfAnOwnedFrame()
    {
        var w = OneDomain();
        ulong f = w.Alloc(0), other = w.Alloc(1);
        Assert.Equal(Status.Ok, w.Mmu(0, WorkCost.EntryBudget, ((f << 12) | 1, 0x42)).Status);
        Assert.Equal(0x42UL, w.Ram.Words[w.M2pFirst * 512 + f]);
        Assert.Equal(Status.EPERM, w.Mmu(0, WorkCost.EntryBudget, ((other << 12) | 1, 0x42)).Status);
    }

    [Fact]
    public void QuotaIsEnforcedAndReleasedFramesAreScrubbedBeforeReuse()
    {
        var w = OneDomain(quota: 3);
        ulong a = w.Alloc(0);
        w.Alloc(0); w.Alloc(0);
        Assert.Equal(Status.ENOMEM, w.Core.AllocateFrame(0, out _));
        w.GuestWrite(a, 1, 0xFEED);
        Assert.Equal(Status.Ok, w.Core.ReleaseFrame(0, a));
        Assert.Equal(Status.EPERM, w.Core.ReleaseFrame(0, a));
        Assert.Equal(Status.Ok, w.Core.AssignFrame(1, a));
        Assert.Equal(0UL, w.Ram.Word(a, 1));
        Assert.Equal(Status.EBUSY, w.Core.AssignFrame(0, a));
        Assert.Equal(Status.ESRCH, w.Core.AllocateFrame(3, out _));
        w.AssertInvariants();
    }

    [Fact]
    public void DescriptorAndDmaFramesAreNeverWritableAndDmaBlocksTeardown()
    {
        var w = OneDomain();
        var t = w.BuildTree(0);
        ulong desc = w.Alloc(0), dma = w.Alloc(0);
        Assert.Equal(Status.Ok, w.Core.HoldDescriptorFrame(0, desc)); w.Holds[desc] = 1;
        Assert.Equal(Status.Ok, w.Core.PinDmaFrame(0, dma)); w.Holds[dma] = 1;
        Assert.Equal(Status.EBUSY, w.Mmu1(0, t.L1, 1, Entry(desc, P | RW)));
        Assert.Equal(Status.EBUSY, w.Mmu1(0, t.L1, 1, Entry(dma, P | RW)));
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L1, 1, Entry(dma, P)));
        Assert.Equal(Status.EINVAL, w.Pin(0, dma, 1));
        Assert.Equal(Status.EBUSY, w.Core.ReleaseFrame(0, dma));
        w.AssertInvariants();
        Assert.Equal(Status.EBUSY, w.Core.DestroyDomain(0, 100).Status);
        Assert.Equal(Status.Ok, w.Core.UnpinDmaFrame(0, dma)); w.Holds.Remove(dma);
        Assert.Equal(Status.EINVAL, w.Core.UnpinDmaFrame(0, dma));
        BatchResult r;
        do r = w.Core.DestroyDomain(0, 64); while (r.MoreToDo);
        w.Holds.Remove(desc);
        Assert.Equal(FrameOwner.Free, w.Core.Frame(desc).Owner);
        w.AssertInvariants();
    }

    [Fact]
    public void SharedInfoPageTakenFromThePoolGoesBackAfterTeardown()
    {
        var w = OneDomain();
        uint freeBefore = w.Core.FreeFrames;
        Assert.Equal(Status.Ok, w.Core.TakeFrameForVmm(out ulong si));
        Assert.Equal(freeBefore - 1, w.Core.FreeFrames);
        Assert.Equal(FrameOwner.Vmm, w.Core.Frame(si).Owner);
        Assert.Equal(Status.Ok, w.Core.SetSharedInfo(0, si));
        Assert.Equal(Status.EBUSY, w.Core.AddFreeFrame(si));   // in use by the domain
        BatchResult r;
        do r = w.Core.DestroyDomain(0, 64); while (r.MoreToDo);
        Assert.Equal(FrameOwner.Vmm, w.Core.Frame(si).Owner);
        Assert.Equal(Status.Ok, w.Core.AddFreeFrame(si));
        Assert.Equal(freeBefore, w.Core.FreeFrames);
        Assert.Equal(FrameOwner.Free, w.Core.Frame(si).Owner);
        w.AssertInvariants();
    }

    [Fact]
    public void TakingForTheVmmFromAnEmptyPoolIsEnomem()
    {
        var w = OneDomain();
        while (w.Core.FreeFrames > 0) Assert.Equal(Status.Ok, w.Core.TakeFrameForVmm(out _));
        Assert.Equal(Status.ENOMEM, w.Core.TakeFrameForVmm(out ulong none));
        Assert.Equal(MemoryCoreConstants.NoFrame, none);
    }

    [Fact]
    public void TeardownReturnsEveryFrameAndTheSharedInfoPage()
    {
        var w = OneDomain();
        uint freeBefore = w.Core.FreeFrames;
        var t = w.BuildTree(0);
        ulong si = w.FirstSpareVmm;
        Assert.Equal(Status.Ok, w.Core.SetSharedInfo(0, si));
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L1, 0, Entry(si, P | RW)));
        Assert.Equal(Status.Ok, w.Mmu1(0, t.L1, 1, Entry(w.M2pFirst, P)));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewBasePtr, t.L4));
        Assert.Equal(Status.Ok, w.Ext(0, MemoryAbi.NewUserBasePtr, t.L4, vcpu: 1));
        BatchResult r;
        int calls = 0;
        do { r = w.Core.DestroyDomain(0, 3); calls++; Assert.Equal(Status.ESRCH, w.Mmu1(0, t.L1, 2, 0)); } while (r.MoreToDo);
        Assert.True(calls > 3);
        Assert.Equal(freeBefore, w.Core.FreeFrames);
        Assert.Equal(FrameOwner.Vmm, w.Core.Frame(si).Owner);
        Assert.Equal(0u, w.Core.Frame(w.M2pFirst).RefCount);
        Assert.Equal(Status.ESRCH, w.Core.DestroyDomain(0, 3).Status);
        Assert.Equal(Status.Ok, w.Core.CreateDomain(0, 10, 1)); // the slot is reusable
        w.AssertInvariants();
    }

    /// <summary>
    /// A cheap guard for the kernel dialect in the files of the memory core (the image
    /// build against Ringwall.CoreLib is the real check): no unsafe code, exceptions,
    /// BCL namespaces, allocation-prone constructs or floating point.
    /// </summary>
    [Fact]
    public void MemoryCoreSourcesStayInTheKernelDialect()
    {
        string dir = Path.Combine(RepoRoot(), "kernel", "Core", "Memory");
        string[] forbidden = { @"\bunsafe\b", @"\bthrow\b", @"\btry\b", @"\bcatch\b", @"\bfinally\b", @"^\s*using\s", @"\bSystem\.",
            @"\bstackalloc\b", @"\bfixed\b", @"\bfloat\b", @"\bdouble\b", @"\bdecimal\b", @"\bparams\b", @"=>\s*\{", @"\bdelegate\b",
            @"\bstring\b", @"\$""", @"\bchecked\b", @"\bThreadStatic\b", @"\bdynamic\b", @"\bobject\b", @"\bis\s+[A-Z]", @"\brecord\b" };
        var files = Directory.GetFiles(dir, "*.cs");
        Assert.True(files.Length > 20);
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = Regex.Replace(lines[i], @"//.*$", "");
                if (code.TrimStart().StartsWith("*") || code.TrimStart().StartsWith("/*")) continue;
                foreach (string pattern in forbidden)
                    Assert.False(Regex.IsMatch(code, pattern), $"{Path.GetFileName(file)}:{i + 1} uses '{pattern}': {lines[i].Trim()}");
                if (Regex.IsMatch(code, @"\bnew\s") && !file.EndsWith("MemoryCore.cs"))
                    Assert.Fail($"{Path.GetFileName(file)}:{i + 1} allocates outside the constructor: {lines[i].Trim()}");
            }
        }
    }

    static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        string d = Path.GetDirectoryName(here);
        while (d != null && !Directory.Exists(Path.Combine(d, "kernel", "Core", "Memory"))) d = Path.GetDirectoryName(d);
        return d ?? throw new DirectoryNotFoundException("repository root");
    }
}

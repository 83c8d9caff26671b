using Ringwall.Core;
using Ringwall.Core.Descriptors;
using Xunit;

namespace Ringwall.Tests.Host.Descriptors;

public class DescriptorCheckTests
{
    // A descriptor from its fields (limit 0xFFFFF, G = 1, base 0 unless given).
    internal static ulong Make(uint type, bool s, int dpl, bool present, bool l = false, bool d = false, ulong baseAddress = 0)
        => 0xFFFFUL | (0xFUL << 48) | (1UL << 55)
         | ((baseAddress & 0xFFFFFF) << 16) | ((baseAddress >> 24 & 0xFF) << 56)
         | ((ulong)type << 40) | ((s ? 1UL : 0) << 44) | ((ulong)dpl << 45) | ((present ? 1UL : 0) << 47)
         | ((l ? 1UL : 0) << 53) | ((d ? 1UL : 0) << 54);

    const uint DataRw = 0x2, DataRo = 0x0, DataRwDown = 0x6, CodeXr = 0xA, CodeX = 0x8, CodeConforming = 0xE;
    internal static ulong Data(int dpl) => Make(DataRw, true, dpl, true);
    internal static ulong Code64(int dpl) => Make(CodeXr, true, dpl, true, l: true);

    static ulong Accept(ulong raw)
    {
        Assert.Equal(Status.Ok, DescriptorCheck.Check(raw, out ulong installed));
        return installed;
    }

    static void Refuse(ulong raw)
    {
        Assert.Equal(Status.EINVAL, DescriptorCheck.Check(raw, out ulong installed));
        Assert.Equal(0UL, installed);
    }

    [Fact]
    public void KnownEncodings()
    {
        Assert.Equal(0x008FB2000000FFFFUL, Data(1));
        Assert.Equal(0x00AFFA000000FFFFUL, Code64(3));
    }

    // ---- accepted ----

    [Fact]
    public void AllZeroIsAnEmptySlot() => Assert.Equal(0UL, Accept(0));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DataAtRingOneOrThree(int dpl) => Assert.Equal(Data(dpl) | DescriptorCheck.Accessed, Accept(Data(dpl)));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SixtyFourBitCodeAtRingOneOrThree(int dpl) => Assert.Equal(Code64(dpl) | DescriptorCheck.Accessed, Accept(Code64(dpl)));

    [Fact]
    public void ReadOnlyExpandDownAndExecuteOnlyAreAccepted()
    {
        Accept(Make(DataRo, true, 3, true));
        Accept(Make(DataRwDown, true, 1, true));
        Accept(Make(CodeX, true, 3, true, l: true));
    }

    [Fact]
    public void BaseLimitAvlAndDataDBitAreNotChecked()
    {
        ulong fsLike = Make(DataRw, true, 3, true, d: true, baseAddress: 0xDEADB000) | (1UL << 52);
        Assert.Equal(fsLike | DescriptorCheck.Accessed, Accept(fsLike));
        Accept(Make(DataRw, true, 1, true) & ~0x000F00000000FFFFUL);   // limit 0
    }

    // A27: the accessed bit is always set in what is installed.
    [Fact]
    public void AccessedBitIsForcedOn()
    {
        ulong raw = Data(3);
        Assert.Equal(0UL, raw & DescriptorCheck.Accessed);
        Assert.NotEqual(0UL, Accept(raw) & DescriptorCheck.Accessed);
        Assert.NotEqual(0UL, Accept(Code64(1)) & DescriptorCheck.Accessed);
        Assert.Equal(raw | DescriptorCheck.Accessed, Accept(raw | DescriptorCheck.Accessed));
    }

    // ---- refused ----

    [Fact]
    public void NotPresentMustBeAllZero()
    {
        Refuse(Make(DataRw, true, 3, false));
        Refuse(Make(CodeXr, true, 1, false, l: true));
        Refuse(1);
        Refuse(DescriptorCheck.Accessed);
    }

    // A17: no system descriptor of any type: LDT (2), TSS (9, 11), call gate (12),
    // interrupt and trap gates (14, 15), reserved and legacy types.
    [Theory]
    [InlineData(0u)] [InlineData(1u)] [InlineData(2u)] [InlineData(3u)]
    [InlineData(4u)] [InlineData(5u)] [InlineData(6u)] [InlineData(7u)]
    [InlineData(8u)] [InlineData(9u)] [InlineData(10u)] [InlineData(11u)]
    [InlineData(12u)] [InlineData(13u)] [InlineData(14u)] [InlineData(15u)]
    public void SystemDescriptorsAreRefused(uint type)
    {
        for (int dpl = 0; dpl < 4; dpl++)
            Refuse(Make(type, false, dpl, true));
    }

    [Fact]
    public void CallGateToTheVmmCodeSegmentIsRefused()
    {
        // 64-bit call gate, DPL 3, target 0x08:0xFFFFFFFF80001000 (low half of the 16 bytes).
        ulong gate = 0x1000UL | (0x08UL << 16) | (0xECUL << 40) | (0x8000UL << 48);
        Refuse(gate);
    }

    [Fact]
    public void RingZeroIsRefused()
    {
        Refuse(Data(0));
        Refuse(Code64(0));
        Refuse(Make(DataRo, true, 0, true));
    }

    [Fact]
    public void RingTwoIsRefused()
    {
        Refuse(Data(2));
        Refuse(Code64(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ConformingCodeIsRefused(int dpl)
    {
        Refuse(Make(CodeConforming, true, dpl, true, l: true));
        Refuse(Make(0xC, true, dpl, true, l: true));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void OnlySixtyFourBitCode(int dpl)
    {
        Refuse(Make(CodeXr, true, dpl, true, d: true));            // 32-bit compatibility mode
        Refuse(Make(CodeXr, true, dpl, true));                     // 16-bit
        Refuse(Make(CodeXr, true, dpl, true, l: true, d: true));   // L = D = 1: reserved
    }

    [Fact]
    public void DataWithTheLongBitIsRefused() => Refuse(Make(DataRw, true, 3, true, l: true));

    // ---- loads the VMM makes in ring 0 ----

    const ulong A = DescriptorCheck.Accessed;

    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(2)] [InlineData(3)]
    public void NullSelectorsAreAlwaysLoadable(int rpl)
        => Assert.True(DescriptorCheck.IsLoadableData((ushort)rpl, 0xFFFFFFFFFFFFFFFFUL));

    [Fact]
    public void DataLoadsFollowDplAndRpl()
    {
        Assert.True(DescriptorCheck.IsLoadableData(0x81, Data(1) | A));
        Assert.True(DescriptorCheck.IsLoadableData(0x83, Data(3) | A));
        Assert.True(DescriptorCheck.IsLoadableData(0x81, Data(3) | A));
        Assert.False(DescriptorCheck.IsLoadableData(0x83, Data(1) | A));   // RPL 3 > DPL 1: #GP
        Assert.True(DescriptorCheck.IsLoadableData(0x83, Code64(3) | A));  // readable code
        Assert.False(DescriptorCheck.IsLoadableData(0x83, Make(CodeX, true, 3, true, l: true) | A));
    }

    [Fact]
    public void UnloadableDescriptors()
    {
        Assert.False(DescriptorCheck.IsLoadableData(0x83, 0));                               // empty slot
        Assert.False(DescriptorCheck.IsLoadableData(0x83, Make(DataRw, true, 3, false) | A)); // not present
        Assert.False(DescriptorCheck.IsLoadableData(0x83, Make(0x9, false, 3, true)));       // TSS
        Assert.False(DescriptorCheck.IsLoadableData(0x83, Data(3)));                         // accessed clear
        Assert.False(DescriptorCheck.IsLoadableData(0x87, Data(3) | A));                     // LDT selector
    }

    [Fact]
    public void ReturnSelectors()
    {
        Assert.True(DescriptorCheck.IsReturnable(0x8B, Code64(3) | A, 0x83, Data(3) | A));
        Assert.True(DescriptorCheck.IsReturnable(0x89, Code64(1) | A, 0x81, Data(1) | A));
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(3) | A, 0x81, Data(3) | A));   // SS RPL differs
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(3) | A, 0x83, Data(1) | A));   // SS DPL differs
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(1) | A, 0x83, Data(3) | A));   // CS DPL differs
        Assert.False(DescriptorCheck.IsReturnable(0x88, Code64(0) | A, 0x80, Data(0) | A));   // ring 0
        Assert.False(DescriptorCheck.IsReturnable(0x8A, Code64(2) | A, 0x82, Data(2) | A));   // ring 2
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Data(3) | A, 0x83, Data(3) | A));     // CS is data
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(3) | A, 0x83, Code64(3) | A)); // SS is code
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(3) | A, 0x83, Make(DataRo, true, 3, true) | A));
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(3) | A, 0x03, 0));             // null SS
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Code64(3), 0x83, Data(3) | A));       // accessed clear
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Make(CodeXr, true, 3, false, l: true) | A, 0x83, Data(3) | A));
        Assert.False(DescriptorCheck.IsReturnable(0x8B, Make(CodeXr, true, 3, true, d: true) | A, 0x83, Data(3) | A));
        Assert.False(DescriptorCheck.IsReturnable(0x8F, Code64(3) | A, 0x83, Data(3) | A));   // LDT
    }
}

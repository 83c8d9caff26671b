using Ringwall.Core;
using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests
{
    // vcpu_op's online rules (kernel/Core/Guests/VcpuSet.cs).
    public class VcpuSetTests
    {
        private static VcpuSet Set(uint count)
        {
            var set = new VcpuSet();
            Assert.Equal(Status.Ok, set.Reset(count));
            return set;
        }

        [Fact]
        public void OnlyVcpuZeroStartsInitialisedAndUp()
        {
            var set = Set(3);
            Assert.True(set.IsUp(0) && set.IsInitialised(0));
            Assert.False(set.IsUp(1) || set.IsInitialised(1) || set.IsUp(2) || set.IsInitialised(2));
            Assert.False(set.IsUp(3));
        }

        [Theory]
        [InlineData(0u)]
        [InlineData(5u)]
        [InlineData(uint.MaxValue)]
        public void CountsOutsideOneToFourAreRefused(uint count)
            => Assert.Equal(Status.EINVAL, new VcpuSet().Reset(count));

        [Theory]
        [InlineData(2ul)]
        [InlineData(4ul)]
        [InlineData(uint.MaxValue + 1ul)]
        [InlineData(ulong.MaxValue)]
        public void IdsPastTheCountAreEnoentForEveryOperation(ulong id)
        {
            var set = Set(2);
            Assert.False(set.Exists(id));
            Assert.Equal(Status.ENOENT, set.CanInitialise(id));
            Assert.Equal(Status.ENOENT, set.Up(id, out bool upChanged));
            Assert.Equal(Status.ENOENT, set.Down(id, out bool downChanged));
            Assert.False(upChanged || downChanged);
        }

        [Fact]
        public void InitialiseOnlyOnceAndNeverVcpuZero()
        {
            var set = Set(2);
            Assert.Equal(Status.EEXIST, set.CanInitialise(0));
            Assert.Equal(Status.Ok, set.CanInitialise(1));
            set.MarkInitialised(1);
            Assert.Equal(Status.EEXIST, set.CanInitialise(1));
        }

        [Fact]
        public void UpNeedsAnInitialisedVcpuAndIsIdempotent()
        {
            var set = Set(2);
            Assert.Equal(Status.EINVAL, set.Up(1, out bool changed));
            Assert.False(changed || set.IsUp(1));
            set.MarkInitialised(1);
            Assert.Equal(Status.Ok, set.Up(1, out changed));
            Assert.True(changed && set.IsUp(1));
            Assert.Equal(Status.Ok, set.Up(1, out changed));
            Assert.False(changed);
        }

        [Fact]
        public void TheLastVcpuThatIsUpCannotGoDown()
        {
            var set = Set(2);
            Assert.Equal(Status.EBUSY, set.Down(0, out bool changed));
            Assert.False(changed);
            Assert.True(set.IsUp(0));
            set.MarkInitialised(1);
            set.Up(1, out _);
            Assert.Equal(Status.Ok, set.Down(0, out changed));
            Assert.True(changed && !set.IsUp(0));
            Assert.Equal(Status.EBUSY, set.Down(1, out changed));
            Assert.Equal(Status.Ok, set.Down(0, out changed));   // already down: not an error
            Assert.False(changed);
            Assert.Equal(Status.Ok, set.Up(0, out changed));     // and it comes back
            Assert.True(changed && set.IsUp(0));
        }

        [Fact]
        public void ResetForgetsThePreviousDomain()
        {
            var set = Set(4);
            set.MarkInitialised(3);
            set.Up(3, out _);
            Assert.Equal(Status.Ok, set.Reset(4));
            Assert.False(set.IsUp(3) || set.IsInitialised(3));
        }

        [Theory]
        [InlineData(0x400000ul, 0x500000ul, 0ul, Status.Ok)]
        [InlineData(0xFFFFFFFF80001000ul, 0xFFFFFFFF80002000ul, 0ul, Status.Ok)]
        [InlineData(0x400000ul, 0x500000ul, 1ul, Status.EINVAL)]
        [InlineData(0x0000800000000000ul, 0x500000ul, 0ul, Status.EINVAL)]   // non-canonical rip
        [InlineData(0x400000ul, 0x00F0000000000000ul, 0ul, Status.EINVAL)]   // non-canonical rsp
        [InlineData(0xFFFF800000001000ul, 0x500000ul, 0ul, Status.EINVAL)]   // rip in the VMM's range
        [InlineData(0x400000ul, 0xFFFF878000021000ul, 0ul, Status.EINVAL)]   // rsp on the entry stack
        public void StartBlocksAreChecked(ulong rip, ulong rsp, ulong flags, Status expected)
            => Assert.Equal(expected, VcpuSet.CheckStart(rip, rsp, flags));
    }
}

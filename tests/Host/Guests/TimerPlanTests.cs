using Ringwall.Core.Guests;
using Xunit;

namespace Ringwall.Tests.Host.Guests
{
    public class TimerPlanTests
    {
        [Theory]
        [InlineData(0UL, 0UL, 0UL)]
        [InlineData(0UL, 5UL, 5UL)]
        [InlineData(7UL, 0UL, 7UL)]
        [InlineData(7UL, 5UL, 5UL)]
        [InlineData(3UL, 5UL, 3UL)]
        public void EarliestIgnoresNone(ulong a, ulong b, ulong expected) => Assert.Equal(expected, TimerPlan.Earliest(a, b));

        [Theory]
        [InlineData(100UL, 50UL, 10UL, 100UL)]    // still ahead: unchanged
        [InlineData(100UL, 100UL, 10UL, 110UL)]   // reached: the next one
        [InlineData(100UL, 105UL, 10UL, 110UL)]   // late: keeps the phase
        [InlineData(100UL, 131UL, 10UL, 140UL)]   // several missed
        public void NextBoundaryKeepsThePhase(ulong boundary, ulong now, ulong slice, ulong expected)
            => Assert.Equal(expected, TimerPlan.NextBoundary(boundary, now, slice));

        [Fact]
        public void CountdownRoundsUpAndIsAtLeastOne()
        {
            Assert.Equal(1UL, TimerPlan.Countdown(1000, 999, 1000000, uint.MaxValue));     // past
            Assert.Equal(1UL, TimerPlan.Countdown(1000, 1000, 1000000, uint.MaxValue));    // now
            Assert.Equal(1UL, TimerPlan.Countdown(1000, 1001, 1000, uint.MaxValue));       // 1 ns at 1 MHz: one tick
            Assert.Equal(1500000UL, TimerPlan.Countdown(0, 1500000, 1000000, uint.MaxValue));   // 1.5 ms at 1 GHz
            Assert.Equal(10001UL, TimerPlan.Countdown(0, 10000001, 1000, uint.MaxValue));  // 10 ms + 1 ns at 1 MHz
        }

        [Fact]
        public void CountdownIsCappedByTheRegister()
            => Assert.Equal((ulong)uint.MaxValue, TimerPlan.Countdown(0, 3600UL * 1000000000UL, 1000000, uint.MaxValue));

        [Fact]
        public void ScaleUpSaturates()
        {
            Assert.Equal(ulong.MaxValue, TimerPlan.ScaleUp(ulong.MaxValue, 3000000));
            Assert.Equal(ulong.MaxValue, TimerPlan.ScaleUp(999999, ulong.MaxValue));
            Assert.Equal(30000000UL, TimerPlan.ScaleUp(10000000, 3000000));   // 10 ms of a 3 GHz TSC
        }
    }
}

namespace Ringwall.Core.Guests
{
    // Xen's conversion from time-stamp-counter ticks to nanoseconds (vcpu_time_info):
    //   ns = ((ticks << Shift) * Multiplier) >> 32        (Shift < 0: ticks >> -Shift)
    // with Multiplier < 2^32. For a TSC of f Hz: scale f by powers of two into
    // (1e9, 2e9], then Multiplier = 2^32 * 1e9 / scaled f.
    public struct TimeScale
    {
        public uint Multiplier;
        public int Shift;

        public static TimeScale For(ulong ticksPerSecond)
        {
            var scale = new TimeScale();
            if (ticksPerSecond == 0) return scale;
            ulong f = ticksPerSecond;
            while (f <= 1000000000UL) { f <<= 1; scale.Shift++; }
            while (f > 2000000000UL) { f >>= 1; scale.Shift--; }
            scale.Multiplier = (uint)((1000000000UL << 32) / f);
            return scale;
        }

        public ulong ToNanoseconds(ulong ticks)
        {
            ulong shifted = Shift >= 0 ? ticks << Shift : ticks >> -Shift;
            return (shifted >> 32) * Multiplier + (((shifted & 0xFFFFFFFFUL) * Multiplier) >> 32);
        }
    }
}

namespace Ringwall.Core.Guests
{
    // When the VMM's one-shot timer must next interrupt, and how far that is in the
    // units of the hardware that counts it. Times are system time in nanoseconds; 0
    // means "no deadline". Invariants: the next interrupt is never later than the next
    // slice boundary (preemption keeps its cadence) nor than any guest deadline, and a
    // countdown is rounded up, so the interrupt never comes before the deadline it was
    // armed for by more than the calibration error (the handler checks the clock and
    // re-arms for what is left, so an early interrupt costs time, not correctness).
    public static class TimerPlan
    {
        // The earlier of two deadlines, where 0 is "none".
        public static ulong Earliest(ulong a, ulong b)
        {
            if (a == 0) return b;
            if (b == 0) return a;
            return a < b ? a : b;
        }

        // The first slice boundary after `now`: boundaries lie `slice` apart from the
        // first one (the phase a periodic tick would have), so a late interrupt does
        // not shift the ones after it.
        public static ulong NextBoundary(ulong boundary, ulong now, ulong slice)
        {
            if (slice == 0 || boundary > now) return boundary;
            return boundary + ((now - boundary) / slice + 1) * slice;
        }

        // Ticks of a counter running at `perMillisecond` from `now` to `deadline`,
        // rounded up, at least 1 (a deadline that has passed fires at once) and at most
        // `max` (a countdown register's width; the handler re-arms for the rest).
        public static ulong Countdown(ulong now, ulong deadline, ulong perMillisecond, ulong max)
        {
            if (deadline <= now) return 1;
            ulong ticks = ScaleUp(deadline - now, perMillisecond);
            if (ticks == 0) return 1;
            return ticks > max ? max : ticks;
        }

        // nanoseconds * perMillisecond / 1e6, rounded up; saturates instead of
        // overflowing.
        public static ulong ScaleUp(ulong nanoseconds, ulong perMillisecond)
        {
            const ulong NsPerMs = 1000000UL;
            ulong whole = nanoseconds / NsPerMs, part = nanoseconds % NsPerMs;
            if (whole != 0 && perMillisecond > ulong.MaxValue / whole) return ulong.MaxValue;
            ulong high = whole * perMillisecond;
            if (part != 0 && perMillisecond > ulong.MaxValue / part) return ulong.MaxValue;
            ulong product = part * perMillisecond;
            ulong low = product / NsPerMs + (product % NsPerMs != 0 ? 1UL : 0UL);
            return high > ulong.MaxValue - low ? ulong.MaxValue : high + low;
        }
    }
}

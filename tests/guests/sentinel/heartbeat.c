/* role=heartbeat [ms=T]: reads the TSC in a tight loop, events masked and no hypercall,
 * until T ms (default 2000) of guest system time have passed, and records the largest
 * gap between two consecutive reads: the longest time it was kept off the CPU (by
 * other domains' slices and by the VMM). The gap is converted to ns with vCPU 0's
 * vcpu_time_info scale (tsc_to_system_mul, tsc_shift); under -icount shift=0,sleep=off
 * one TSC tick is one instruction, so the raw ticks are printed too. Prints exactly
 *   SENTINEL heartbeat longest_gap_ns=<G> longest_gap_tsc=<K> samples=<S>
 * and exits 0. */
#include "sentinel.h"

static inline uint64_t read_tsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
    volatile struct vcpu_time_info *t = &vcpu_info_get(0)->time;
    int8_t shift = t->tsc_shift;
    uint32_t mul = t->tsc_to_system_mul;
    if (shift >= 0)
        ticks <<= shift;
    else
        ticks >>= -shift;
    return (uint64_t)(((unsigned __int128)ticks * mul) >> 32);
}

int sentinel_heartbeat(struct start_info *si)
{
    long ms = cmdline_get_long(si, "ms", 2000);
    uint64_t end = sentinel_now_ns() + (uint64_t)ms * 1000000UL;
    uint64_t longest = 0, samples = 0;
    uint64_t prev = read_tsc();
    for (;;) {
        /* The clock is read every 256 samples: the loop itself stays a few instructions. */
        for (int i = 0; i < 256; i++) {
            uint64_t now = read_tsc();
            if (now - prev > longest)
                longest = now - prev;
            prev = now;
        }
        samples += 256;
        if (sentinel_now_ns() >= end)
            break;
        prev = read_tsc();   /* the clock read itself is not a gap */
    }
    printf("SENTINEL heartbeat longest_gap_ns=%lu longest_gap_tsc=%lu samples=%lu\n",
           (unsigned long)ticks_to_ns(longest), (unsigned long)longest, (unsigned long)samples);
    return 0;
}

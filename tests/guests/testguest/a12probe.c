/* a12probe (A12; issue 9 review of the fix): the longest single VMM entry a bystander
 * sees while others' work (a teardown, for instance) runs on its returns.
 *   scenarios=a12probe [ms=1500] [switch_ticks=5000000] [limit=1000000]
 * Calls xen_version(0) back to back for `ms` milliseconds of TSC time and records the
 * TSC delta between consecutive samples, one per call, so every VMM entry in between
 * (the call's, a timer interrupt's) is inside some delta (under -icount
 * shift=0,sleep=off: instructions). A delta of
 * `switch_ticks` or more is a call during which another domain had the CPU (at least a
 * good part of a 10 ms slice) and is counted apart; the longest of the others is one
 * VMM entry made on this domain's behalf, plus whatever the VMM did on its way back
 * (a teardown piece is taken on every return while one is pending).
 * Check probe.entry_within_limit: that longest delta is at most `limit`. */
#include "hostile.h"

void scenario_a12probe(struct start_info *si)
{
    uint64_t ms = (uint64_t)cmdline_get_long(si, "ms", 1500);
    uint64_t switch_ticks = (uint64_t)cmdline_get_long(si, "switch_ticks", 5000000);
    uint64_t limit = (uint64_t)cmdline_get_long(si, "limit", 1000000);
    uint64_t end = hx_rdtsc() + ms * 1000000UL;
    uint64_t longest = 0, calls = 0, over = 0, switched = 0;
    static uint64_t big[64];   /* the first deltas above limit / 10, in order */
    unsigned int nbig = 0;
    uint64_t prev = hx_rdtsc();
    while (prev < end) {
        HYPERVISOR_xen_version(0, 0);
        uint64_t now = hx_rdtsc();
        uint64_t d = now - prev;   /* everything since the last sample: the call and any interrupt */
        prev = now;
        calls++;
        if (d >= switch_ticks) {
            switched++;
            continue;
        }
        if (d > limit)
            over++;
        if (d > limit / 10 && nbig < 64)
            big[nbig++] = d;
        if (d > longest)
            longest = d;
    }
    printf("testguest: a12probe: %lu calls, %lu with a switch, longest single entry %lu TSC ticks, %lu over %lu\n",
           (unsigned long)calls, (unsigned long)switched, (unsigned long)longest, (unsigned long)over,
           (unsigned long)limit);
    for (unsigned int i = 0; i < nbig; i++)
        printf("testguest: a12probe: long entry %u: %lu TSC ticks\n", i, (unsigned long)big[i]);
    check_true("entry_within_limit", longest <= limit, "the longest VMM entry on a return took %lu instructions",
               (unsigned long)longest);
}

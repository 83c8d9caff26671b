/* The translation oracle: after a TLB flush, what the CPU reads at a virtual address must
 * be what a software walk of the current base's real contents (read through read-only
 * views) says is there: the same word, or a #PF when no mapping exists. A difference
 * means the CPU walks something the VMM no longer validates (a stale root copy, a
 * missed flush), an anomaly. The walk also reports validated entries that name frames
 * the domain does not own. */
#ifndef FUZZ_PROBE_H
#define FUZZ_PROBE_H

#include <rwlib/rwlib.h>

/* Checks va on the current base; 1 when it agreed, 0 after an anomaly, -1 when the walk
 * could not be done (a view was refused). */
int fz_probe_check(uint64_t va);

/* A virtual address worth checking: under the probe slot, a free L4 slot, the playground. */
uint64_t fz_probe_va(void);

#endif

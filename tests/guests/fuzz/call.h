/* Every hypercall the fuzzer makes goes through fz_call: it is numbered (fz_calls), traced
 * when its number is inside trace=<from>-<to>, issued through the hypercall page (or
 * the raw gate for numbers the page has no stub for) and counted in the statistics. */
#ifndef FUZZ_CALL_H
#define FUZZ_CALL_H

#include <rwlib/rwlib.h>

extern uint64_t fz_calls;    /* hypercalls made so far */
extern uint64_t fz_call_tsc; /* TSC ticks spent inside them (other domains' slices included) */

long fz_call(unsigned long nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* `int $0x82` with RAX = nr (any 64-bit value) and the arguments. */
long fz_call_raw(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

/* 1 when the call numbered fz_calls (the next one) is traced. */
int fz_tracing(void);

/* With tracing on: prints `n` 64-bit words at `p` as "FUZZ data <what> ..." lines. */
void fz_trace_words(const char *what, const void *p, unsigned n);

/* A short name for hypercall nr ("mmu_update", ..., "nr77"). */
const char *fz_hc_name(uint64_t nr);

#endif

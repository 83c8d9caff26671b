/* Result counting: for each hypercall number, how many calls returned 0 or more (ok) and
 * how many returned each negative error; the totals go into the final FUZZ done line.
 * Also the fuzzer's own findings: anomalies (the VMM did something its ABI forbids, as
 * far as the fuzzer can see from inside) and faults the fuzzer took itself. */
#ifndef FUZZ_STATS_H
#define FUZZ_STATS_H

#include <rwlib/rwlib.h>

void fz_stats_record(uint64_t nr, long rc);

/* "FUZZ anomaly call=<n> it=<i> <text>", counted. */
void fz_anomaly(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

extern uint64_t fz_start_ns;   /* system time when the fuzzing began */
extern uint64_t fz_ok, fz_errors, fz_anomalies, fz_probes, fz_probe_faults, fz_self_faults;

/* The per-hypercall table ("FUZZ hc ..." lines) and the summary lines, then the done line. */
void fz_stats_report(void);

/* "-EINVAL", "0", "5", ... */
const char *fz_rc_name(long rc);

#endif

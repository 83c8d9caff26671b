/* Result counting and the final report (stats.h). */
#include "stats.h"
#include "call.h"
#include "fuzz.h"

#define NR_SLOTS 129        /* 0..127, and 128 for numbers the raw gate used */
#define ERR_SLOTS 128       /* errno 1..127; 0 collects larger ones */

uint64_t fz_start_ns;
uint64_t fz_ok, fz_errors, fz_anomalies, fz_probes, fz_probe_faults, fz_self_faults;
static uint32_t ok_by_nr[NR_SLOTS];
static uint32_t err_by_nr[NR_SLOTS][ERR_SLOTS];

void fz_stats_record(uint64_t nr, long rc)
{
    unsigned slot = nr < 128 ? (unsigned)nr : 128;
    if (rc >= 0) {
        fz_ok++;
        ok_by_nr[slot]++;
    } else {
        fz_errors++;
        unsigned long e = (unsigned long)-rc;
        err_by_nr[slot][e < ERR_SLOTS ? e : 0]++;
    }
}

void fz_anomaly(const char *fmt, ...)
{
    char text[240];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fz_anomalies++;
    printf("FUZZ anomaly call=%lu it=%lu %s\n", (unsigned long)fz_calls, (unsigned long)fz_iter, text);
}

const char *fz_rc_name(long rc)
{
    static char buf[4][16];
    static int next;
    static const char *const errs[] = {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
        [16] = "EBUSY", [17] = "EEXIST", [22] = "EINVAL", [28] = "ENOSPC", [38] = "ENOSYS",
    };
    char *b = buf[next++ & 3];
    if (rc < 0 && -rc < (long)(sizeof errs / sizeof errs[0]) && errs[-rc])
        snprintf(b, sizeof buf[0], "-%s", errs[-rc]);
    else
        snprintf(b, sizeof buf[0], "%ld", rc);
    return b;
}

/* One line per implemented hypercall; every other number (and the raw gate) in one. */
static void report_line(const char *name, const uint32_t *ok, uint32_t (*err)[ERR_SLOTS], const unsigned *nrs,
                        unsigned n)
{
    uint64_t total = 0, oks = 0, errs[ERR_SLOTS] = { 0 };
    for (unsigned k = 0; k < n; k++) {
        oks += ok[nrs[k]];
        for (unsigned e = 0; e < ERR_SLOTS; e++)
            errs[e] += err[nrs[k]][e];
    }
    total = oks;
    for (unsigned e = 0; e < ERR_SLOTS; e++)
        total += errs[e];
    if (!total)
        return;
    char line[400];
    int len = snprintf(line, sizeof line, "FUZZ hc %s calls=%lu ok=%lu", name, (unsigned long)total, (unsigned long)oks);
    for (unsigned e = 1; e <= ERR_SLOTS && len < (int)sizeof line - 24; e++) {
        unsigned slot = e == ERR_SLOTS ? 0 : e;
        if (errs[slot])
            len += snprintf(line + len, sizeof line - (size_t)len, " %s=%lu",
                            slot ? fz_rc_name(-(long)slot) + 1 : "other", (unsigned long)errs[slot]);
    }
    printf("%s\n", line);
}

void fz_stats_report(void)
{
    static const unsigned implemented[] = { 0, 1, 2, 3, 4, 10, 13, 14, 15, 17, 18, 24, 26, 29, 32 };
    unsigned others[NR_SLOTS], nothers = 0;
    for (unsigned i = 0; i < sizeof implemented / sizeof implemented[0]; i++)
        report_line(fz_hc_name(implemented[i]), ok_by_nr, err_by_nr, &implemented[i], 1);
    for (unsigned nr = 0; nr < NR_SLOTS; nr++) {
        int known = 0;
        for (unsigned i = 0; i < sizeof implemented / sizeof implemented[0]; i++)
            known |= implemented[i] == nr;
        if (!known)
            others[nothers++] = nr;
    }
    report_line("unimplemented", ok_by_nr, err_by_nr, others, nothers);
    printf("FUZZ checks probes=%lu probe_faults=%lu self_faults=%lu anomalies=%lu\n", (unsigned long)fz_probes,
           (unsigned long)fz_probe_faults, (unsigned long)fz_self_faults, (unsigned long)fz_anomalies);
    printf("FUZZ time ns=%lu iterations=%lu\n", (unsigned long)(system_time_ns() - fz_start_ns), (unsigned long)fz_iter);
    printf("FUZZ done seed=%lu calls=%lu errors=%lu ok=%lu\n", (unsigned long)fz_cfg.seed, (unsigned long)fz_calls,
           (unsigned long)fz_errors, (unsigned long)fz_ok);
}

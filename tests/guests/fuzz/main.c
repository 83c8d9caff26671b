/* fuzz: a hypercall fuzzer guest (docs/fuzz.md). It prints its seed, then runs
 * iterations until it has made calls=<n> hypercalls; each iteration draws one operation
 * family by weight (fuzz.h) and runs it inside the iteration guard (guard.h). It prints
 * "FUZZ progress calls=<n>" every progress=<n> calls and at the end its per-hypercall
 * table, its own checks and exactly one "FUZZ done seed=<s> calls=<n> errors=<e> ok=<k>",
 * then exits with 0 (2 on a bad command line or a failed set-up). */
#include "fuzz.h"
#include "call.h"
#include "ext.h"
#include "guard.h"
#include "layout.h"
#include "pool.h"
#include "rng.h"
#include "stats.h"

uint64_t fz_iter;
void fz_vcpus_report(void);

#define MAX_SELF_FAULTS 100

static const struct {
    const char *name;
    unsigned weight;
    void (*run)(void);
} families[] = {
    { "tree", 24, fz_op_tree },       { "batch", 10, fz_op_batch },   { "multicall", 5, fz_op_multicall },
    { "uvm", 16, fz_op_uvm },         { "vcpu", 3, fz_op_vcpu },      { "evtchn", 10, fz_op_evtchn },
    { "sched", 2, fz_op_sched },      { "descr", 8, fz_op_descr },    { "misc", 8, fz_op_misc },
    { "random", 10, fz_op_random },   { "probe", 4, fz_op_probe },
};
#define NFAMILIES (sizeof families / sizeof families[0])

static uint64_t family_runs[NFAMILIES], family_calls[NFAMILIES], family_tsc[NFAMILIES], family_call_tsc[NFAMILIES];

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static void iteration(void)
{
    static unsigned weights[NFAMILIES];
    if (!weights[0])
        for (unsigned i = 0; i < NFAMILIES; i++)
            weights[i] = families[i].weight;
    unsigned f = fz_weighted(weights, NFAMILIES);
    uint64_t calls = fz_calls, t = rdtsc(), in_calls = fz_call_tsc;
    family_runs[f]++;
    families[f].run();
    family_tsc[f] += rdtsc() - t;
    family_call_tsc[f] += fz_call_tsc - in_calls;
    family_calls[f] += fz_calls - calls;
}

/* Where the time went (TSC ticks include other domains' slices; under icount they count
 * instructions). */
static void report_families(void)
{
    for (unsigned i = 0; i < NFAMILIES; i++)
        printf("FUZZ family %s runs=%lu calls=%lu tsc=%lu in_calls=%lu\n", families[i].name,
               (unsigned long)family_runs[i], (unsigned long)family_calls[i], (unsigned long)family_tsc[i],
               (unsigned long)family_call_tsc[i]);
}

static int setup(void)
{
    long rc;
    const char *step;
    if ((rc = fz_guard_init())) { step = "trap table and callbacks"; goto fail; }
    events_disable();
    fz_self_check_init();
    if ((rc = fz_pool_init())) { step = "frame pool"; goto fail; }
    if ((rc = fz_layout_init())) { step = "low area"; goto fail; }
    if ((rc = fz_descr_init())) { step = "descriptor frame"; goto fail; }
    fz_pool_seal();
    fz_base = fz_boot_l4;
    if ((rc = fz_vcpus_init())) { step = "vcpus"; goto fail; }
    if ((rc = fz_evtchn_init())) { step = "timer port"; goto fail; }
    return 0;
fail:
    printf("FUZZ set-up failed: %s: %ld\n", step, rc);
    return -1;
}

int guest_main(struct start_info *si)
{
    char avoid[64];
    if (fz_config_parse(si))
        return 2;
    fz_rng_seed(fz_cfg.seed);
    printf("FUZZ start seed=%lu calls=%lu avoid=%s pool=%u alias=%u vcpu1=%s\n", (unsigned long)fz_cfg.seed,
           (unsigned long)fz_cfg.calls, fz_avoid_names(fz_cfg.avoid, avoid, sizeof avoid), fz_cfg.pool,
           fz_cfg.alias_pages, fz_cfg.vcpu1_valid ? "valid" : "hostile");
    if (setup())
        return 2;
    fz_start_ns = system_time_ns();
    while (fz_calls < fz_cfg.calls) {
        if (fz_setjmp(&fz_loop_jmp)) {
            /* a self fault (counted and printed by the handler): restore and go on */
            fz_guard_restore();
            events_disable();
            fz_iter++;
            if (fz_self_faults >= MAX_SELF_FAULTS) {
                printf("FUZZ giving up after %lu self faults\n", (unsigned long)fz_self_faults);
                break;
            }
            continue;
        }
        fz_loop_armed = 1;
        iteration();
        fz_loop_armed = 0;
        fz_iter++;
        if (fz_iter % 4096 == 0)
            fz_self_check();
        if (fz_cfg.selfcheck && fz_iter % fz_cfg.selfcheck == 0)
            fz_check_boot_tables();
    }
    fz_loop_armed = 0;
    fz_self_check();
    fz_vcpus_report();
    report_families();
    fz_stats_report();
    return 0;
}

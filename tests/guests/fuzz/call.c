/* The hypercall wrapper (call.h). */
#include "call.h"
#include "fuzz.h"
#include "stats.h"

uint64_t fz_calls;
uint64_t fz_call_tsc;

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static const char *const names[] = {
    [0] = "set_trap_table", [1] = "mmu_update", [2] = "set_gdt", [3] = "stack_switch",
    [4] = "set_callbacks", [10] = "update_descriptor", [13] = "multicall",
    [14] = "update_va_mapping", [15] = "set_timer_op", [17] = "xen_version", [18] = "console_io",
    [24] = "vcpu_op", [26] = "mmuext_op", [29] = "sched_op", [32] = "event_channel_op",
};

const char *fz_hc_name(uint64_t nr)
{
    static char buf[4][24];
    static int next;
    if (nr < sizeof names / sizeof names[0] && names[nr])
        return names[nr];
    char *b = buf[next++ & 3];
    snprintf(b, sizeof buf[0], "nr%lu", (unsigned long)nr);
    return b;
}

int fz_tracing(void)
{
    return fz_calls >= fz_cfg.trace_from && fz_calls < fz_cfg.trace_to;
}

void fz_trace_words(const char *what, const void *p, unsigned n)
{
    if (!fz_tracing())
        return;
    const volatile uint64_t *w = p;
    for (unsigned i = 0; i < n; i += 4) {
        char line[160];
        int len = snprintf(line, sizeof line, "FUZZ data %s +%u:", what, i * 8);
        for (unsigned k = i; k < n && k < i + 4; k++)
            len += snprintf(line + len, sizeof line - (size_t)len, " %lx", (unsigned long)w[k]);
        printf("%s\n", line);
    }
}

static void before(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (fz_tracing())
        printf("FUZZ call %lu it=%lu %s %lx %lx %lx %lx %lx\n", (unsigned long)fz_calls, (unsigned long)fz_iter,
               fz_hc_name(nr), (unsigned long)a1, (unsigned long)a2, (unsigned long)a3, (unsigned long)a4,
               (unsigned long)a5);
}

/* A call that kept the fuzzer's vCPU away this long (guest TSC ticks: instructions under
 * icount) is printed: far more than the other domains' slices, so one VMM entry, or a
 * batch's pieces, took that long. */
#define SLOW_CALL_TICKS 50000000ULL

static void slow(uint64_t nr, uint64_t ticks)
{
    if (ticks > SLOW_CALL_TICKS)
        printf("FUZZ slow call %lu it=%lu %s took %lu TSC ticks\n", (unsigned long)fz_calls, (unsigned long)fz_iter,
               fz_hc_name(nr), (unsigned long)ticks);
}

static long after(uint64_t nr, long rc)
{
    if (fz_tracing())
        printf("FUZZ rc %lu = %ld\n", (unsigned long)fz_calls, rc);
    fz_stats_record(nr, rc);
    fz_calls++;
    if (fz_cfg.progress && fz_calls % fz_cfg.progress == 0)
        printf("FUZZ progress calls=%lu\n", (unsigned long)fz_calls);
    return rc;
}

long fz_call(unsigned long nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    if (nr >= 128)
        return fz_call_raw(nr, a1, a2, a3, a4, a5);
    before(nr, a1, a2, a3, a4, a5);
    uint64_t t = rdtsc();
    long rc = rw_hypercall5(nr, a1, a2, a3, a4, a5);
    t = rdtsc() - t;
    fz_call_tsc += t;
    slow(nr, t);
    return after(nr, rc);
}

long fz_call_raw(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    before(nr, a1, a2, a3, a4, a5);
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    uint64_t rax = nr, rdi = a1, rsi = a2, rdx = a3, t = rdtsc();
    __asm__ volatile("int $0x82"
                     : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8)
                     :
                     : "rcx", "r11", "memory", "cc");
    t = rdtsc() - t;
    fz_call_tsc += t;
    slow(nr, t);
    return after(nr, (long)rax);
}

/* vcpu_op: hostile start contexts (non-canonical, VMM-range and unmapped rip and rsp,
 * random flags, bad kernel_base frames, unreadable blocks, vCPUs the domain does not
 * have), up/down/is_up and unknown commands; and once, at a random point, a valid start
 * of vCPU 1 into a tiny loop that only counts and yields (or, with vcpu1=hostile, an
 * accepted context with an unmapped entry point, never brought up). A vCPU that took a
 * hostile context is never brought up (it would fault with no handler and take the
 * domain with it); vCPU 0 is never taken down (the fuzzer would stop). */
#include "fuzz.h"
#include "addr.h"
#include "call.h"
#include "ext.h"
#include "layout.h"
#include "pool.h"
#include "rng.h"
#include "stats.h"

#define MAX_VCPUS 8
#define V1_STACK 8192

enum vstate { NEVER, VALID, HOSTILE };
static enum vstate state[MAX_VCPUS];
static unsigned nvcpus;
static char v1_stack[V1_STACK] __attribute__((aligned(16)));
static volatile uint64_t v1_loops;
static uint64_t v1_start_at;     /* the iteration vCPU 1 gets its context */

static void v1_main(uint64_t arg)
{
    (void)arg;
    for (;;) {
        v1_loops++;
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
}

int fz_vcpus_init(void)
{
    nvcpus = vcpu_count();
    if (nvcpus > MAX_VCPUS)
        nvcpus = MAX_VCPUS;
    state[0] = VALID;
    v1_start_at = fz_range(500, 5000);   /* an iteration; not derived from calls=, so a shorter replay matches */
    return 0;
}

static uint64_t bad_rip(void)
{
    switch (fz_below(4)) {
    case 0: return 0x0000800000000000ULL + fz_below(1 << 20);
    case 1: return RINGWALL_VMM_VIRT_START + fz_below(1ULL << 40);
    case 2: return 0xFFFF878000000000ULL + fz_below(0x20000);
    default: return 0x8000000000000000ULL | fz_rand();
    }
}

/* A kernel_base the VMM must refuse as an L4 (foreign, beyond memory, a data frame
 * mapped writable, one of the bootstrap L1..L3 tables). */
static uint64_t refused_base(void)
{
    switch (fz_below(3)) {
    case 0: {
        uint64_t f = fz_foreign_frame();
        return f ? f : 1ULL << 40;                          /* 0 would mean "the current base" */
    }
    case 1: return pfn_to_mfn(virt_to_pfn(v1_stack));
    default: return pfn_to_mfn(virt_to_pfn((const void *)rw_start_info->pt_base) + 1 +
                               fz_below(rw_start_info->nr_pt_frames - 1));
    }
}

/* A context that cannot be accepted (for a vCPU that must stay free). */
static void hostile_refused(struct vcpu_start_context *c)
{
    c->rip = (uint64_t)v1_main;
    c->rsp = (uint64_t)(v1_stack + V1_STACK - 8);
    c->rdi = fz_wild();
    c->kernel_base = 0;
    c->flags = 0;
    switch (fz_below(5)) {
    case 0: c->rip = bad_rip(); break;
    case 1: c->rsp = bad_rip(); break;
    case 2: c->flags = fz_wild() | 1; break;
    case 3: c->kernel_base = refused_base(); break;
    default: c->rip = bad_rip(); c->rsp = bad_rip(); c->flags = fz_wild(); break;
    }
}

/* Anything goes (for a vCPU that will never run): unmapped entry points and stacks,
 * pool frames as base tables. */
static void hostile_any(struct vcpu_start_context *c)
{
    c->rip = fz_chance(1, 2) ? fz_wild() & 0x00007FFFFFFFF000ULL : bad_rip();
    c->rsp = fz_chance(1, 2) ? FZ_PROBE_VA + fz_below(1 << 20) : fz_wild();
    c->rdi = fz_wild();
    c->kernel_base = fz_chance(1, 3) ? 0 : fz_frame_for(FZ_USE_PIN, 0);
    c->flags = fz_chance(3, 4) ? 0 : fz_wild();
}

enum spoil { KEEP, UNREADABLE, ANY };

/* VCPUOP_initialise with the block in scratch memory; `spoil` may replace its address by
 * an unreadable one (UNREADABLE) or any hostile one (ANY: read-only memory is readable,
 * so the VMM then reads a context of page-table entries). */
static long initialise(unsigned id, struct vcpu_start_context *c, enum spoil spoil)
{
    struct vcpu_start_context *block = fz_arena_take(sizeof *block);
    *block = *c;
    fz_trace_words("vcpu_start_context", block, 5);
    uint64_t p = (uint64_t)block;
    if (spoil == ANY)
        p = fz_maybe_spoil(p, 3);
    else if (spoil == UNREADABLE && fz_chance(1, 3))
        p = fz_chance(1, 2) ? fz_bad_addr() : p + fz_range(1, 7);
    return fz_call(__HYPERVISOR_vcpu_op, VCPUOP_initialise, id, p, 0, 0);
}

static void start_v1(void)
{
    struct vcpu_start_context c;
    memset(&c, 0, sizeof c);
    if (fz_cfg.vcpu1_valid) {
        uint64_t *top = (uint64_t *)(v1_stack + V1_STACK);
        top[-1] = 0;
        c.rip = (uint64_t)v1_main;
        c.rsp = (uint64_t)(top - 1);
        c.rdi = 1;
        c.kernel_base = fz_chance(1, 2) ? 0 : fz_boot_l4;
        if (c.kernel_base == 0 && !fz_base_ok(fz_base))
            c.kernel_base = fz_boot_l4;
    } else {
        c.rip = FZ_PROBE_VA + 0x1000;                        /* unmapped or not: it never runs */
        c.rsp = FZ_PROBE_VA + 0x2000;
        c.kernel_base = fz_chance(1, 2) ? 0 : fz_frame_for(FZ_USE_PIN, 0);
    }
    long rc = initialise(1, &c, KEEP);
    if (rc == 0) {
        state[1] = fz_cfg.vcpu1_valid ? VALID : HOSTILE;
        if (state[1] == VALID)
            fz_call(__HYPERVISOR_vcpu_op, VCPUOP_up, 1, 0, 0, 0);
        printf("FUZZ vcpu1 %s at call %lu\n", state[1] == VALID ? "started" : "holds a hostile context",
               (unsigned long)fz_calls);
    } else if (fz_cfg.vcpu1_valid && rc != -RW_EEXIST) {
        fz_anomaly("vcpu_op initialise of vCPU 1 with a valid context refused: %s", fz_rc_name(rc));
        state[1] = HOSTILE;                                  /* do not try again */
    }
}

void fz_op_vcpu(void)
{
    if (nvcpus > 1 && state[1] == NEVER && fz_iter >= v1_start_at) {
        start_v1();
        return;
    }
    unsigned r = (unsigned)fz_below(100);
    struct vcpu_start_context c;
    memset(&c, 0, sizeof c);
    if (r < 40) {
        /* refused: a free vCPU with a context that cannot be accepted, or a vCPU that
         * cannot take one (0, already set, beyond the domain's) */
        unsigned id = fz_chance(1, 2) && nvcpus > 1 ? (unsigned)fz_below(nvcpus) : (unsigned)fz_wild();
        int must_refuse = id < MAX_VCPUS && id < nvcpus && state[id] == NEVER;
        if (must_refuse)
            hostile_refused(&c);
        else
            hostile_any(&c);
        long rc = initialise(id, &c, must_refuse ? UNREADABLE : ANY);
        if (rc == 0 && id < nvcpus) {
            fz_anomaly("vcpu_op initialise of vCPU %u accepted a context it had to refuse", id);
            state[id < MAX_VCPUS ? id : 0] = HOSTILE;
        }
    } else if (r < 50) {
        /* vCPUs 2.. may take anything: they never run */
        for (unsigned id = 2; id < nvcpus; id++) {
            if (state[id] == NEVER) {
                hostile_any(&c);
                if (initialise(id, &c, ANY) == 0)
                    state[id] = HOSTILE;
                break;
            }
        }
    } else if (r < 75) {
        unsigned id = (unsigned)fz_below(nvcpus + 2);
        unsigned cmd = fz_chance(1, 2) ? VCPUOP_down : VCPUOP_up;
        if (id == 0 && cmd == VCPUOP_down)
            return;                                          /* would stop the fuzzer */
        if (id < nvcpus && cmd == VCPUOP_up && state[id] == HOSTILE)
            return;                                          /* would run a hostile context */
        fz_call(__HYPERVISOR_vcpu_op, cmd, id, fz_wild(), 0, 0);
    } else if (r < 90) {
        fz_call(__HYPERVISOR_vcpu_op, VCPUOP_is_up, fz_chance(3, 4) ? fz_below(nvcpus + 2) : fz_wild(), 0, 0, 0);
    } else {
        uint64_t cmd = fz_chance(1, 2) ? fz_range(4, 20) : fz_wild();
        if (cmd == VCPUOP_initialise || cmd == VCPUOP_up || cmd == VCPUOP_down)
            cmd = 99;
        fz_call(__HYPERVISOR_vcpu_op, cmd, fz_below(nvcpus + 2), fz_out_addr(64, 1), 0, 0);
    }
}

void fz_vcpus_report(void)
{
    printf("FUZZ vcpus=%u vcpu1=%s loops=%lu\n", nvcpus,
           state[1] == VALID ? "valid" : state[1] == HOSTILE ? "hostile" : "unused", (unsigned long)v1_loops);
}

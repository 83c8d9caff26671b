/* a31 (A31): no register value of one domain is readable by another on the VMM stacks
 * every guest root maps (the entry stack and the #DF, NMI, #MC and #DB IST stacks of
 * the entry area). Two domains on one CPU:
 *   "scenarios=a31 role=victim [a31_ms=800] [end=die|exit] [v1=1]"
 *     for a31_ms, round after round, with every general register patterned
 *     (VREG(i, k): upper half 0xA31F00D0), RFLAGS = ID AC OF SF ZF AF PF CF IF, RSP in
 *     a31_vstack and RIP in a31_victim_code (a31_code.S): single-steps (a #DB through
 *     the IST stack after each instruction), single-steps across a yield hypercall,
 *     single-steps a loop long enough for time slices to end during it, takes int3
 *     (#BP, an entry on the entry stack), makes yield and xen_version hypercalls and spins without
 *     TF until the timer preempts it; after each it checks that its registers came back
 *     unchanged. v1=1 (needs vcpus=2): vCPU 1 does the same with its own patterns
 *     meanwhile. end=die: finally it makes a hypercall with patterned registers and
 *     then takes a #DB with no handler, so the VMM destroys it on that IST entry and
 *     switches to the attacker there; end=exit: it exits normally.
 *   "scenarios=a31 role=attacker [a31_ms=1400] [step=1] [v1=1]"
 *     for a31_ms: yields (with step=1 every other time single-stepping itself across
 *     the yield), and each time it has the CPU back reads every word of the entry stack
 *     and the four IST stacks (a page that is not mapped is noted, not fatal: its first
 *     word is read with a #PF handler armed), every fourth round also spinning through
 *     scans until the timer preempts it. A hit is a word whose upper half is the
 *     victim's register tag, a word inside the victim's code (RIP) or stack (RSP)
 *     ranges, or a word after a ring-1 CS with the victim's RFLAGS bits. v1=1 (needs
 *     vcpus=2): vCPU 1 scans too. First it proves its scanner finds each kind of hit in a
 *     planted frame. The attacker should run longer than the victim. */
#include "trapsutil.h"
#include "scenarios.h"
#include "vcpus.h"

#define MS 1000000ULL
#define EA TG_ENTRY_AREA_VA
#define VTAG 0xA31F00D0UL
#define VREG(i, k) ((VTAG << 32) + ((uint64_t)(i) << 16) + (uint64_t)(k))
#define VFLAGS_MASK 0x240AD5UL  /* ID AC OF SF ZF AF PF CF */
#define HIDE 0x5A5A5A5A5A5A5A5AUL /* offset of the range bounds kept in memory */
#define NSTACKS 5
#define STACK_BYTES 0x2000UL
#define HCALL_KEPT ((1u << 1) | (1u << 6) | (1u << 8) | (1u << 11) | (1u << 12) | (1u << 13) | (1u << 14))
#define ALL_REGS 0x7FFFu

extern const char a31_victim_code[], a31_victim_code_end[];
extern char a31_vstack[], a31_vstack_end[];
extern volatile uint64_t a31_regs_after0[15], a31_regs_after1[15];

#define DECL_BANK(b) \
    void a31_v##b##_step(uint64_t k); \
    void a31_v##b##_step_yield(uint64_t k); \
    void a31_v##b##_spin_tf(uint64_t k, uint64_t n); \
    void a31_v##b##_spin(uint64_t k, uint64_t n); \
    void a31_v##b##_int3(uint64_t k); \
    void a31_v##b##_hcall(uint64_t k, uint64_t nr); \
    void a31_v##b##_die(uint64_t k);
DECL_BANK(0)
DECL_BANK(1)
void a31_a_step_yield(void);

static struct trap_info table[TRAP_TABLE_SIZE], table_v1[TRAP_TABLE_SIZE], table_nodb[TRAP_TABLE_SIZE];
static volatile unsigned long db_count, bp_count;

static void on_db(struct trap_frame *f)
{
    (void)f;
    db_count++;
}

static void on_bp(struct trap_frame *f)
{
    (void)f;
    bp_count++;
}

static void build_table(struct trap_info *t, int with_db)
{
    trap_table_clear(t);
    if (with_db)
        trap_set(t, TRAP_DB, 0, 0);
    trap_set(t, TRAP_BP, 0, 0);
    trap_set(t, TRAP_PF, 0, 0);
    trap_set(t, TRAP_GP, 0, 0);
}

static int install(void)
{
    long err = 0;
    if (!check_true("shared_info_map", shared_info_map(&err) != 0, "%s", rc_name(err)))
        return 0;
    trap_on(TRAP_DB, on_db);
    trap_on(TRAP_BP, on_bp);
    trap_on(TRAP_PF, tg_trap_log);
    trap_on(TRAP_GP, tg_trap_log);
    build_table(table, 1);
    build_table(table_v1, 1);
    build_table(table_nodb, 0);
    return check_rc("set_trap_table", trap_table_load(table), 0);
}

/* ---- victim ---- */

struct bank {
    void (*step)(uint64_t), (*step_yield)(uint64_t), (*spin_tf)(uint64_t, uint64_t), (*spin)(uint64_t, uint64_t);
    void (*int3)(uint64_t), (*hcall)(uint64_t, uint64_t), (*die)(uint64_t);
    volatile uint64_t *after;
};
static const struct bank banks[2] = {
    { a31_v0_step, a31_v0_step_yield, a31_v0_spin_tf, a31_v0_spin, a31_v0_int3, a31_v0_hcall, a31_v0_die, a31_regs_after0 },
    { a31_v1_step, a31_v1_step_yield, a31_v1_spin_tf, a31_v1_spin, a31_v1_int3, a31_v1_hcall, a31_v1_die, a31_regs_after1 },
};

/* Registers of `mask` that did not come back as VREG(i, k). */
static unsigned regs_changed(const struct bank *b, uint64_t k, unsigned mask)
{
    unsigned bad = 0;
    for (unsigned i = 0; i < 15; i++)
        if ((mask & (1u << i)) && b->after[i] != VREG(i, k))
            bad |= 1u << i;
    return bad;
}

struct vstats { unsigned long rounds, bad_rounds; unsigned first_bad; };

static void victim_round(const struct bank *b, uint64_t k, struct vstats *st)
{
    unsigned bad = 0;
    b->step(k);
    bad |= regs_changed(b, k, ALL_REGS);
    b->step_yield(k);
    bad |= regs_changed(b, k, HCALL_KEPT);
    b->spin_tf(k, 1500);
    bad |= regs_changed(b, k, ALL_REGS);
    b->int3(k);
    bad |= regs_changed(b, k, ALL_REGS);
    b->hcall(k, __HYPERVISOR_sched_op);   /* RDI = 0: SCHEDOP_yield */
    bad |= regs_changed(b, k, HCALL_KEPT);
    b->hcall(k, __HYPERVISOR_xen_version);
    bad |= regs_changed(b, k, HCALL_KEPT);
    b->spin(k, 3000000);
    bad |= regs_changed(b, k, ALL_REGS);
    st->rounds++;
    if (bad) {
        if (!st->bad_rounds)
            st->first_bad = bad;
        st->bad_rounds++;
    }
}

static struct vstats v1_stats;
static volatile int v1_table_rc = 1;

static void victim_v1(uint64_t arg)
{
    (void)arg;
    v1_table_rc = (int)trap_table_load(table_v1);
    for (uint64_t r = 0;; r++)
        victim_round(&banks[1], 0x80 + (r & 0x7F), &v1_stats);
}

static void victim(struct start_info *si)
{
    char end[8];
    if (cmdline_get(si, "end", end, sizeof end) < 0 || !end[0])
        memcpy(end, "die", 4);
    uint64_t ms = (uint64_t)cmdline_get_long(si, "a31_ms", 800);
    int v1 = cmdline_get_long(si, "v1", 0) != 0;
    if (v1 && !check_rc("start_v1", vcpu_start(1, victim_v1, tg_v1_stack + TG_V1_STACK_SIZE, 0), 0))
        return;
    struct vstats st = { 0, 0, 0 };
    uint64_t stop = system_time_ns() + ms * MS;
    while (system_time_ns() < stop)
        victim_round(&banks[0], st.rounds & 0x7F, &st);
    unsigned long dbs = db_count;
    printf("testguest: a31 victim: %lu rounds on vCPU 0, %lu on vCPU 1, %lu #DB and %lu #BP delivered\n", st.rounds,
           v1_stats.rounds, dbs, (unsigned long)bp_count);
    check_true("victim_rounds", st.rounds >= 2, "%lu rounds", st.rounds);
    /* per round and vCPU at least: 64 + 16 steps, 2 * 1500 loop steps */
    check_true("victim_ist_entries", dbs >= st.rounds * (64 + 16 + 3000), "%lu #DB for %lu rounds", dbs, st.rounds);
    check_true("victim_registers_kept", st.bad_rounds == 0, "%lu of %lu rounds changed registers (first mask %x)",
               st.bad_rounds, st.rounds, st.first_bad);
    if (v1) {
        check_rc("v1_trap_table", v1_table_rc, 0);
        check_true("v1_rounds", v1_stats.rounds >= 1, "%lu rounds", v1_stats.rounds);
        check_true("v1_registers_kept", v1_stats.bad_rounds == 0, "%lu of %lu rounds changed registers (first mask %x)",
                   v1_stats.bad_rounds, v1_stats.rounds, v1_stats.first_bad);
    }
    if (strcmp(end, "die") == 0) {
        printf("testguest: a31 victim: dies on a #DB with no handler\n");
        if (check_rc("no_db_handler", trap_table_load(table_nodb), 0))
            banks[0].die(0x7F);
        result_fail("died", "still alive after a #DB with no handler");
    }
}

/* ---- attacker ---- */

struct hits {
    unsigned long gpr, rip, rsp, rflags;
    unsigned long by_stack[NSTACKS];   /* words that hit, per stack (0 entry, 1 #DF, 2 NMI, 3 #MC, 4 #DB) */
    uint64_t first_va, first_value;
    const char *first_kind;
};

/* Range bounds kept as (bound - HIDE), so no attacker register ever holds a victim
 * address (its own frames on the stacks it scans must not look like hits). */
static volatile uint64_t rip_lo, rip_len, rsp_lo, rsp_len;

static __attribute__((noinline)) void set_ranges(void)
{
    rip_lo = (uint64_t)a31_victim_code - HIDE;
    rip_len = (uint64_t)(a31_victim_code_end - a31_victim_code);
    rsp_lo = (uint64_t)a31_vstack - HIDE;
    rsp_len = (uint64_t)(a31_vstack_end - a31_vstack);
}

static int in_range(uint64_t w, volatile uint64_t *lo, volatile uint64_t *len)
{
    uint64_t t = w - HIDE;
    __asm__ volatile("" : "+r"(t));
    return t - *lo < *len;
}

static void hit(struct hits *h, const char *kind, uint64_t va, uint64_t w)
{
    h->by_stack[(va - (EA + 0x20000)) / 0x10000 % NSTACKS]++;
    if (!h->first_kind) {
        h->first_kind = kind;
        h->first_va = va;
        h->first_value = w;
    }
}

static void scan_words(const volatile uint64_t *p, unsigned long n, uint64_t va, struct hits *h)
{
    for (unsigned long i = 0; i < n; i++) {
        uint64_t w = p[i];
        if (w == 0)
            continue;
        if ((w >> 32) == VTAG) {
            h->gpr++;
            hit(h, "gpr", va + i * 8, w);
        }
        if (in_range(w, &rip_lo, &rip_len)) {
            h->rip++;
            hit(h, "rip", va + i * 8, w);
        }
        if (in_range(w, &rsp_lo, &rsp_len)) {
            h->rsp++;
            hit(h, "rsp", va + i * 8, w);
        }
        if (i > 0 && (p[i - 1] & 3) == 1 && p[i - 1] < 0x100 && w < 0x400000 && (w & VFLAGS_MASK) == VFLAGS_MASK) {
            h->rflags++;
            hit(h, "rflags", va + i * 8, w);
        }
    }
}

static uint64_t stack_page(int s, int page)
{
    return EA + 0x20000 + (uint64_t)s * 0x10000 + 0x1000 + (uint64_t)page * 0x1000;
}

/* 1: mapped (first word read), 0: #PF. */
static int page_readable(uint64_t va)
{
    tg_traps_reset();
    tg_arm(tg_r1_read_resume);
    (void)tg_r1_read(va);
    if (tg_ntraps == 0) {
        tg_arm(0);
        return 1;
    }
    return 0;
}

static int mapped[NSTACKS][2];
static unsigned long unmapped_pages;
static struct hits a_hits;
static volatile unsigned long scans;

static void scan_all(struct hits *h)
{
    for (int s = 0; s < NSTACKS; s++)
        for (int pg = 0; pg < 2; pg++)
            if (mapped[s][pg])
                scan_words((const volatile uint64_t *)stack_page(s, pg), 512, stack_page(s, pg), h);
    scans++;
}

static struct hits v1_hits;
static volatile int a_stop, a_v1_done;
static volatile unsigned long v1_scans;

static void attacker_v1(uint64_t arg)
{
    (void)arg;
    v1_table_rc = (int)trap_table_load(table_v1);
    while (!a_stop) {
        scan_all(&v1_hits);
        v1_scans++;
        if (v1_scans & 1)
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
    a_v1_done = 1;
    HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0);
    guest_crash();
}

static int scanner_works(void)
{
    static uint64_t frame[8];
    struct hits h;
    memset(&h, 0, sizeof h);
    frame[0] = VREG(3, 5);
    frame[1] = (uint64_t)a31_victim_code + 0x10;   /* RIP */
    frame[2] = 0x19;                               /* CS, ring 1 */
    frame[3] = VFLAGS_MASK | 0x302;                /* RFLAGS */
    frame[4] = (uint64_t)a31_vstack + 0x100;       /* RSP */
    scan_words(frame, 8, EA + 0x21000, &h);   /* counted as the entry stack's */
    return h.gpr == 1 && h.rip == 1 && h.rsp == 1 && h.rflags == 1;
}

static void report_hits(const char *name, unsigned long n, const char *kind, const struct hits *h)
{
    int first = h->first_kind && strcmp(h->first_kind, kind) == 0;
    check_true(name, n == 0,
               "%lu words after %lu scans; first hit of any kind: %s %lx at %lx%s; hits per stack: entry %lu, "
               "#DF %lu, NMI %lu, #MC %lu, #DB %lu", n, scans, h->first_kind ? h->first_kind : "-",
               (unsigned long)h->first_value, (unsigned long)h->first_va, first ? "" : " (another kind)",
               h->by_stack[0], h->by_stack[1], h->by_stack[2], h->by_stack[3], h->by_stack[4]);
}

static void attacker(struct start_info *si)
{
    uint64_t ms = (uint64_t)cmdline_get_long(si, "a31_ms", 1400);
    int step = cmdline_get_long(si, "step", 0) != 0;
    int v1 = cmdline_get_long(si, "v1", 0) != 0;
    set_ranges();
    check_true("scanner_detects_planted_frame", scanner_works(), "the scanner missed a planted victim frame");
    for (int s = 0; s < NSTACKS; s++)
        for (int pg = 0; pg < 2; pg++)
            if (!(mapped[s][pg] = page_readable(stack_page(s, pg))))
                unmapped_pages++;
    if (v1 && !check_rc("start_v1", vcpu_start(1, attacker_v1, tg_v1_stack + TG_V1_STACK_SIZE, 0), 0))
        return;
    unsigned long rounds = 0, steps_before = db_count;
    uint64_t stop = system_time_ns() + ms * MS;
    while (system_time_ns() < stop) {
        if (step && (rounds & 1))
            a31_a_step_yield();
        else
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
        scan_all(&a_hits);
        if ((rounds & 3) == 3) {
            uint64_t spin = system_time_ns() + 15 * MS;   /* past a time slice */
            while (system_time_ns() < spin)
                scan_all(&a_hits);
        }
        rounds++;
    }
    a_stop = 1;
    for (int i = 0; v1 && i < 1000 && !a_v1_done; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    printf("testguest: a31 attacker: %lu rounds, %lu scans (vCPU 1: %lu), %lu of %d stack pages unmapped, "
           "%lu own #DB\n", rounds, (unsigned long)scans, (unsigned long)v1_scans, unmapped_pages, NSTACKS * 2,
           db_count - steps_before);
    check_true("attacker_scans", rounds >= 10 && scans >= rounds, "%lu rounds %lu scans", rounds, (unsigned long)scans);
    check_true("attacker_stacks_readable", unmapped_pages < NSTACKS * 2, "no stack page is mapped: nothing was scanned");
    if (step)
        check_true("attacker_single_stepped", db_count - steps_before >= rounds / 2 * 16, "%lu #DB",
                   db_count - steps_before);
    report_hits("no_foreign_gpr", a_hits.gpr, "gpr", &a_hits);
    report_hits("no_foreign_rip", a_hits.rip, "rip", &a_hits);
    report_hits("no_foreign_rsp", a_hits.rsp, "rsp", &a_hits);
    report_hits("no_foreign_rflags", a_hits.rflags, "rflags", &a_hits);
    if (v1) {
        check_true("v1_finished", a_v1_done, "vCPU 1 did not stop");
        check_true("v1_scans", v1_scans >= 10, "%lu scans", (unsigned long)v1_scans);
        unsigned long n = v1_hits.gpr + v1_hits.rip + v1_hits.rsp + v1_hits.rflags;
        check_true("v1_no_foreign_value", n == 0, "%lu words; first %s %lx at %lx", n,
                   v1_hits.first_kind ? v1_hits.first_kind : "-", (unsigned long)v1_hits.first_value,
                   (unsigned long)v1_hits.first_va);
    }
}

void scenario_a31(struct start_info *si)
{
    char role[16];
    if (cmdline_get(si, "role", role, sizeof role) < 0)
        role[0] = 0;
    if (!install())
        return;
    if (strcmp(role, "victim") == 0)
        victim(si);
    else if (strcmp(role, "attacker") == 0)
        attacker(si);
    else
        result_fail("role", "role=victim or role=attacker, got \"%s\"", role);
}

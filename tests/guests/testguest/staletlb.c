/* staletlb (A28): no read through a stale translation.
 * Alone (no role=): a fresh frame mapped at a free VA (window slot TG_SLOT_STALE) with
 * update_va_mapping(UVMF_INVLPG), filled with a pattern and read back; unmapped with
 * update_va_mapping(va, 0, UVMF_INVLPG): a read must raise #PF (not present, CR2 = the
 * address), never return the pattern; remapped to a second frame: reads give that
 * frame's pattern, not the first's.
 * Two domains (the same VA in both images):
 *   domain 0: "scenarios=staletlb role=owner"   maps a frame with OWNER_PATTERN at the VA,
 *             then for stale_ms (default 600) reads it and yields, over and over;
 *   domain 1: "scenarios=staletlb role=prober"  first keeps its own frame (PROBER_PATTERN)
 *             at the VA and reads it after each yield (must see its own pattern), then
 *             unmaps the VA and reads it after each yield for stale_ms (default 400): every
 *             read must #PF and none may return the owner's pattern.
 * The owner should run at least as long as the prober (its stale_ms larger). */
#include "trapsutil.h"
#include "scenarios.h"

#define MS 1000000ULL
#define PATTERN_A 0xA11CE0000000A000UL
#define PATTERN_B 0xB0B0000000B0B000UL
#define OWNER_PATTERN 0x0E0E57A1E0000000UL
#define PROBER_PATTERN 0x9B9B57A1E0000000UL

static struct trap_info table[TRAP_TABLE_SIZE];

static uint64_t stale_va(void)
{
    return (uint64_t)window_va(TG_SLOT_STALE);
}

static long fill_frame(unsigned long pfn, uint64_t pattern)
{
    long rc;
    volatile uint64_t *p = window_map(TG_SLOT_STALE_FILL, pfn, 1, &rc);
    if (!p)
        return rc;
    for (int i = 0; i < 512; i++)
        p[i] = pattern + (uint64_t)i;
    return window_unmap(TG_SLOT_STALE_FILL);
}

/* Index of the first word of va's page that is not pattern+i, or -1. */
static int verify(uint64_t va, uint64_t pattern)
{
    volatile uint64_t *p = (volatile uint64_t *)va;
    for (int i = 0; i < 512; i++)
        if (p[i] != pattern + (uint64_t)i)
            return i;
    return -1;
}

/* Reads va with the ring-1 trigger: 1 when it raised #PF with CR2 = va (not present,
 * supervisor read), 0 otherwise; *value gets what the read returned (0 after a fault). */
static int read_faults(uint64_t va, uint64_t *value)
{
    tg_traps_reset();
    tg_arm(tg_r1_read_resume);
    *value = tg_r1_read(va);
    const struct tg_trap *t = tg_trap_get(0);
    return tg_ntraps == 1 && t->vector == TRAP_PF && t->cr2 == va && (t->error & 0x1F) == 0 &&
           t->rip == (uint64_t)tg_r1_read_insn;
}

static int install_handlers(void)
{
    long err = 0;
    if (!check_true("shared_info_map", shared_info_map(&err) != 0, "%s", rc_name(err)))
        return 0;
    trap_table_clear(table);
    trap_on(TRAP_PF, tg_trap_log);
    trap_on(TRAP_GP, tg_trap_log);
    trap_set(table, TRAP_PF, 0, 0);
    trap_set(table, TRAP_GP, 0, 0);
    return check_rc("set_trap_table", trap_table_load(table), 0);
}

static void uninstall_handlers(void)
{
    trap_on(TRAP_PF, 0);
    trap_on(TRAP_GP, 0);
    check_rc("clear_trap_table", trap_table_load(0), 0);
}

static void single(void)
{
    uint64_t va = stale_va(), v;
    if (!check_true("frames", frames_free() >= 2, "%lu free frames", frames_free()))
        return;
    unsigned long a = frame_alloc(), b = frame_alloc();
    if (!check_rc("fill_a", fill_frame(a, PATTERN_A), 0) || !check_rc("fill_b", fill_frame(b, PATTERN_B), 0))
        return;
    if (!check_rc("map_a", map_page(va, a, 1), 0))
        return;
    int bad = verify(va, PATTERN_A);
    check_true("read_a", bad < 0, "word %d is %lx", bad, bad < 0 ? 0UL : (unsigned long)((uint64_t *)va)[bad]);

    check_rc("unmap", map_mfn(va, 0, 0), 0);
    int pf = read_faults(va, &v);
    const struct tg_trap *t = tg_trap_get(0);
    check_true("unmapped_pf", pf, "%d traps (vector %lu error %lx cr2 %lx), read gave %lx%s", tg_ntraps,
               t ? (unsigned long)t->vector : 0UL, t ? (unsigned long)t->error : 0UL, t ? (unsigned long)t->cr2 : 0UL,
               (unsigned long)v, v == PATTERN_A ? " (frame A's pattern: stale translation)" : "");
    pf = read_faults(va + 0x808, &v);
    check_true("unmapped_pf_other_word", pf, "read gave %lx%s", (unsigned long)v,
               v == PATTERN_A + 0x101 ? " (frame A's pattern: stale translation)" : "");

    if (check_rc("map_b", map_page(va, b, 1), 0)) {
        bad = verify(va, PATTERN_B);
        uint64_t w = bad < 0 ? 0 : ((volatile uint64_t *)va)[bad];
        check_true("read_b", bad < 0, "word %d is %lx%s", bad, (unsigned long)w,
                   w == PATTERN_A + (uint64_t)bad ? " (frame A's pattern: stale translation)" : "");
    }
    /* Straight from B back to A (no unmap between). */
    if (check_rc("map_a_again", map_page(va, a, 1), 0)) {
        bad = verify(va, PATTERN_A);
        check_true("read_a_again", bad < 0, "word %d differs", bad);
    }
    check_rc("restore", window_unmap(TG_SLOT_STALE), 0);
}

static long yield(void)
{
    return HYPERVISOR_sched_op(SCHEDOP_yield, 0);
}

static void owner(struct start_info *si)
{
    uint64_t va = stale_va();
    uint64_t ms = (uint64_t)cmdline_get_long(si, "stale_ms", 600);
    unsigned long f = frame_alloc();
    if (!check_rc("owner_fill", fill_frame(f, OWNER_PATTERN), 0) || !check_rc("owner_map", map_page(va, f, 1), 0))
        return;
    printf("testguest: staletlb owner: pattern %lx at %lx (mfn %lx) for %lu ms\n", (unsigned long)OWNER_PATTERN,
           (unsigned long)va, (unsigned long)pfn_to_mfn(f), (unsigned long)ms);
    uint64_t end = system_time_ns() + ms * MS;
    unsigned long rounds = 0, bad_rounds = 0, yield_errors = 0;
    while (system_time_ns() < end) {
        if (verify(va, OWNER_PATTERN) >= 0)
            bad_rounds++;
        if (yield() != 0)
            yield_errors++;
        rounds++;
    }
    printf("testguest: staletlb owner: %lu rounds\n", rounds);
    check_true("owner_pattern_kept", bad_rounds == 0 && rounds > 0, "%lu of %lu rounds saw another pattern", bad_rounds,
               rounds);
    check_true("owner_yields", yield_errors == 0, "%lu yields failed", yield_errors);
    check_rc("owner_restore", window_unmap(TG_SLOT_STALE), 0);
}

static void prober(struct start_info *si)
{
    uint64_t va = stale_va(), v;
    uint64_t ms = (uint64_t)cmdline_get_long(si, "stale_ms", 400);
    unsigned long f = frame_alloc();
    if (!check_rc("prober_fill", fill_frame(f, PROBER_PATTERN), 0) || !check_rc("prober_map", map_page(va, f, 1), 0))
        return;
    /* Phase 1: its own frame at the same VA as the owner's. */
    unsigned long rounds = 0, foreign = 0, other = 0;
    for (int i = 0; i < 50; i++) {
        yield();
        uint64_t w = ((volatile uint64_t *)va)[i];
        if (w == OWNER_PATTERN + (uint64_t)i)
            foreign++;
        else if (w != PROBER_PATTERN + (uint64_t)i)
            other++;
        rounds++;
    }
    check_true("prober_own_frame", foreign == 0 && other == 0,
               "%lu of %lu reads gave the owner's pattern, %lu something else", foreign, rounds, other);

    /* Phase 2: the VA unmapped here. */
    if (!check_rc("prober_unmap", map_mfn(va, 0, 0), 0))
        return;
    uint64_t end = system_time_ns() + ms * MS;
    unsigned long probes = 0, faults = 0;
    foreign = other = 0;
    while (system_time_ns() < end) {
        yield();
        unsigned off = (unsigned)(probes % 512) * 8;
        if (read_faults(va + off, &v))
            faults++;
        else if (v == OWNER_PATTERN + off / 8)
            foreign++;
        else
            other++;
        probes++;
    }
    printf("testguest: staletlb prober: %lu probes of %lx, %lu #PF\n", probes, (unsigned long)va, faults);
    check_true("prober_unmapped_pf", probes > 0 && faults == probes,
               "%lu of %lu probes faulted; %lu read the owner's pattern (stale translation), %lu something else",
               faults, probes, foreign, other);
    check_true("prober_never_owner", foreign == 0, "%lu reads returned the owner's pattern", foreign);
    check_rc("prober_restore", window_unmap(TG_SLOT_STALE), 0);
}

void scenario_staletlb(struct start_info *si)
{
    char role[16];
    if (cmdline_get(si, "role", role, sizeof role) < 0)
        role[0] = 0;
    if (!install_handlers())
        return;
    if (!role[0])
        single();
    else if (strcmp(role, "owner") == 0)
        owner(si);
    else if (strcmp(role, "prober") == 0)
        prober(si);
    else
        result_fail("role", "role=owner, role=prober or none, got \"%s\"", role);
    uninstall_handlers();
}

/* stackchan (A15/A31): bytes a guest stores into the VMM stacks its root maps (the entry
 * stack and the four IST stacks of the entry area, writable to ring 1 because paging
 * cannot tell ring 1 from ring 0) never reach another domain. Two domains on one CPU:
 *   "scenarios=stackchan role=writer [chan_ms=600]"
 *     for chan_ms, round after round: writes CHAN_TAG ^ address into every word of the
 *     five stacks, then yields (the yield's own frame lands on the entry stack's top).
 *   "scenarios=stackchan role=reader [chan_ms=900]"
 *     yields, and each time it has the CPU back reads every word of the five stacks: a
 *     word whose upper half is the writer's tag is a hit (the VMM let one domain's stores
 *     through to another). It first plants a tag itself and checks its scan sees it, so a
 *     scan that could not find anything fails. The reader should run longer. */
#include "report.h"
#include "scenarios.h"

#define MS 1000000ULL
#define CHAN_TAG 0xC4A77E1C00000000UL
#define STACK_BYTES 0x2000UL

static uint64_t stack_bottom(uint64_t slot)
{
    return TG_ENTRY_AREA_VA + 0x20000 + slot * 0x10000 + 0x1000;
}

static void fill(uint64_t tag)
{
    for (uint64_t slot = 0; slot < 5; slot++)
        for (uint64_t a = stack_bottom(slot); a < stack_bottom(slot) + STACK_BYTES; a += 8)
            *(volatile uint64_t *)a = tag ^ (a & 0xFFFFFFFFUL);
}

/* The reader's own frame (the top FRAME_BYTES of the entry stack) holds its own
 * registers, the tag among them: not a hit. */
#define FRAME_BYTES (22 * 8)

static unsigned long scan(uint64_t tag)
{
    unsigned long hits = 0;
    uint64_t own_frame = stack_bottom(0) + STACK_BYTES - FRAME_BYTES;
    for (uint64_t slot = 0; slot < 5; slot++)
        for (uint64_t a = stack_bottom(slot); a < stack_bottom(slot) + STACK_BYTES; a += 8)
            if ((a < own_frame || slot != 0) && (*(volatile uint64_t *)a & 0xFFFFFFFF00000000UL) == tag)
                hits++;
    return hits;
}

void scenario_stackchan(struct start_info *si)
{
    char role[16];
    if (cmdline_get(si, "role", role, sizeof role) < 0) {
        result_fail("role", "no role= (writer or reader)");
        return;
    }
    long err = 0;
    if (!check_true("shared_info_map", shared_info_map(&err) != 0, "%s", rc_name(err)))
        return;
    int writer = strcmp(role, "writer") == 0;
    uint64_t ms = (uint64_t)cmdline_get_long(si, "chan_ms", writer ? 600 : 900);
    uint64_t end = system_time_ns() + ms * MS;
    unsigned long rounds = 0, hits = 0;
    if (!writer) {
        /* The scan finds a planted tag (its own stores). A switch to the writer between
         * the fill and the scan zeroes them (that is the point), so it gets a few tries,
         * each starting on a fresh slice. */
        unsigned long planted = 0, want = 5 * STACK_BYTES / 8 - FRAME_BYTES / 8;
        for (int tries = 0; tries < 10 && planted != want; tries++) {
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
            fill(CHAN_TAG);
            planted = scan(CHAN_TAG);
        }
        check_true("scan_finds_planted", planted == want, "%lu of %lu", planted, want);
        fill(0);
    }
    while (system_time_ns() < end) {
        if (writer)
            fill(CHAN_TAG);
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
        if (!writer)
            hits += scan(CHAN_TAG);
        rounds++;
    }
    if (writer) {
        check_true("wrote", rounds > 10, "%lu rounds", rounds);
        return;
    }
    check_true("rounds", rounds > 10, "%lu rounds", rounds);
    check_true("no_foreign_stores", hits == 0, "%lu words of the writer's found over %lu rounds", hits, rounds);
}

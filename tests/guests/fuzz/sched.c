/* Time and waiting: set_timer_op with any deadline (past, near, far, 0, ~0), sched_op
 * yield (rarely: each one gives the others a slice), poll (ports in range or not, more
 * than 128, unreadable arrays, always a timeout unless the VMM must refuse it first),
 * block (only with the timer port unmasked and a timer due soon, so it always wakes),
 * refused shutdowns (reasons no shutdown has), remote_shutdown and unknown commands. */
#include "evtchn.h"
#include "addr.h"
#include "call.h"
#include "fuzz.h"
#include "guard.h"
#include "layout.h"
#include "rng.h"

#define US 1000ULL

static uint64_t deadline(void)
{
    uint64_t now = system_time_ns();
    switch (fz_below(6)) {
    case 0: return 0;
    case 1: return now - fz_below(now + 1);
    case 2: return ~0ULL - fz_below(4);
    case 3: return fz_wild();
    default: return now + fz_range(1, 2000) * US;
    }
}

static void poll(void)
{
    /* one scratch area for both, so that the record cannot overlap the ports */
    uint64_t *sp = fz_arena_take(24 + 140 * 4);
    uint32_t *ports = (uint32_t *)(sp + 3);
    uint32_t n = fz_chance(1, 8) ? (uint32_t)fz_range(129, 140) : (uint32_t)fz_range(0, 8);
    int refused = n > 128;
    for (uint32_t i = 0; i < n && i < 140; i++) {
        ports[i] = fz_chance(1, 12) ? (uint32_t)fz_range(1024, 1 << 20) : (uint32_t)fz_range(0, 40);
        refused |= ports[i] >= 1024;
    }
    sp[0] = (uint64_t)ports;
    sp[1] = n;
    uint64_t now = system_time_ns();
    sp[2] = fz_chance(1, 4) ? now - fz_below(now) : now + fz_range(1, 300) * US;   /* never 0: no timeout */
    if (refused && fz_chance(1, 2))
        sp[2] = 0;                                   /* no timeout: must be refused before waiting */
    uint64_t arg = (uint64_t)sp;
    if (fz_chance(1, 10)) {
        arg = fz_bad_addr();
    } else if (fz_chance(1, 10) && n) {
        sp[0] = fz_bad_addr();                        /* unreadable ports (refused before waiting) */
        if (!refused)
            sp[2] = now + 100 * US;
    }
    fz_trace_words("sched_poll", sp, 3);
    fz_trace_words("poll_ports", ports, n < 140 ? (n + 1) / 2 : 70);
    fz_call(__HYPERVISOR_sched_op, SCHEDOP_poll, arg, 0, 0, 0);
}

/* SCHEDOP_block with a way out: the timer port bound and unmasked, the fuzzer's
 * callback registered, a timer due within a millisecond. Events are masked again after. */
static void block(void)
{
    uint32_t port = fz_timer_port();
    if (!port)
        return;
    uint32_t *rec = fz_arena_take(8);
    rec[0] = port;
    if (fz_call(__HYPERVISOR_event_channel_op, EVTCHNOP_unmask, (uint64_t)rec, 0, 0, 0))
        return;
    fz_guard_restore();
    fz_call(__HYPERVISOR_set_timer_op, system_time_ns() + fz_range(20, 1000) * US, 0, 0, 0, 0);
    fz_call(__HYPERVISOR_sched_op, SCHEDOP_block, 0, 0, 0, 0);
    events_disable();
}

static void refused_shutdown(void)
{
    uint32_t *rec = fz_arena_take(8);
    rec[0] = (uint32_t)fz_range(6, 0xFFFFFFFFu);     /* no SHUTDOWN_* reason */
    rec[1] = (uint32_t)fz_wild();
    uint64_t cmd = fz_chance(1, 2) ? SCHEDOP_shutdown : SCHEDOP_ringwall_exit;
    uint64_t arg = fz_chance(1, 4) ? fz_bad_addr() : (uint64_t)rec;
    fz_call(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
    fz_call(__HYPERVISOR_sched_op, SCHEDOP_remote_shutdown, (uint64_t)rec, 0, 0, 0);
}

void fz_op_sched(void)
{
    unsigned r = (unsigned)fz_below(100);
    if (r < 55) {
        fz_call(__HYPERVISOR_set_timer_op, deadline(), 0, 0, 0, 0);
    } else if (r < 62) {
        fz_call(__HYPERVISOR_sched_op, SCHEDOP_yield, fz_wild(), 0, 0, 0);
    } else if (r < 74) {
        poll();
    } else if (r < 80) {
        block();
    } else if (r < 90) {
        refused_shutdown();
    } else {
        uint64_t cmd = fz_chance(1, 2) ? fz_range(5, 63) : fz_wild();
        if (cmd <= SCHEDOP_poll || cmd == SCHEDOP_ringwall_exit || cmd == SCHEDOP_watchdog)
            cmd = 99;                                 /* (a watchdog, once implemented, would end the domain) */
        fz_call(__HYPERVISOR_sched_op, cmd, fz_out_addr(16, 1), 0, 0, 0);
    }
}

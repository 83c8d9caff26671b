/* event_channel_op: every command (implemented or not) with records from scratch memory
 * or hostile addresses (4-byte aligned ones too), ports far out of range, binds to
 * virqs, IPIs, other domains' ports (the bystander's and heartbeat's ids), closes,
 * sends, unmasks, bind_vcpu. The timer port's fate is followed (evtchn.h). */
#include "evtchn.h"
#include "addr.h"
#include "call.h"
#include "fuzz.h"
#include "layout.h"
#include "rng.h"

static uint32_t timer_port;
static uint32_t open_ports[64];   /* ports the fuzzer saw allocated (a sample) */

static uint32_t gen_port(void)
{
    switch (fz_below(8)) {
    case 0: return 0;
    case 1: return (uint32_t)fz_range(1024, 4200);
    case 2: return (uint32_t)fz_wild();
    case 3: return timer_port;
    case 4: case 5: return open_ports[fz_below(64)];
    default: return (uint32_t)fz_range(1, 40);
    }
}

static uint16_t gen_dom(void)
{
    switch (fz_below(6)) {
    case 0: return DOMID_SELF;
    case 1: return (uint16_t)fz_below(4);        /* this domain, the bystander, the heartbeat, none */
    case 2: return (uint16_t)fz_range(DOMID_FIRST_RESERVED, 0x7FFF);
    case 3: return (uint16_t)fz_wild();
    default: return (uint16_t)fz_range(1, 2);
    }
}

static void remember(uint32_t port)
{
    if (port)
        open_ports[fz_below(64)] = port;
}

/* After a successful operation: learn the ports it made or closed. */
static void learn(uint64_t cmd, const uint32_t *rec)
{
    switch (cmd) {
    case EVTCHNOP_bind_virq:
        if (rec[0] == VIRQ_TIMER && rec[1] == 0)
            timer_port = rec[2];
        remember(rec[2]);
        break;
    case EVTCHNOP_close:
        if (rec[0] == timer_port)
            timer_port = 0;
        break;
    case EVTCHNOP_alloc_unbound:
    case EVTCHNOP_bind_ipi:
        remember(rec[1]);
        break;
    case EVTCHNOP_bind_interdomain:
        remember(rec[2]);
        break;
    default:
        break;
    }
}

uint32_t fz_timer_port(void)
{
    if (timer_port)
        return timer_port;
    uint32_t *rec = fz_arena_take(16);
    rec[0] = VIRQ_TIMER;
    rec[1] = 0;
    rec[2] = 0;
    if (fz_call(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, (uint64_t)rec, 0, 0, 0) == 0)
        learn(EVTCHNOP_bind_virq, rec);
    return timer_port;
}

int fz_evtchn_init(void)
{
    return fz_timer_port() ? 0 : -1;
}

void fz_op_evtchn(void)
{
    uint64_t cmd = fz_chance(9, 10) ? fz_below(14) : fz_wild();
    uint32_t *rec = fz_arena_take(16);
    for (unsigned i = 0; i < 4; i++)
        rec[i] = (uint32_t)fz_wild();
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        ((uint16_t *)rec)[0] = gen_dom();
        ((uint16_t *)rec)[1] = gen_dom();
        break;
    case EVTCHNOP_bind_interdomain:
        rec[0] = gen_dom();
        rec[1] = gen_port();
        break;
    case EVTCHNOP_bind_virq:
        rec[0] = fz_chance(3, 4) ? (uint32_t)fz_below(14) : (uint32_t)fz_wild();
        rec[1] = fz_chance(3, 4) ? (uint32_t)fz_below(4) : (uint32_t)fz_wild();
        break;
    case EVTCHNOP_bind_ipi:
        rec[0] = fz_chance(3, 4) ? (uint32_t)fz_below(4) : (uint32_t)fz_wild();
        break;
    case EVTCHNOP_bind_vcpu:
        rec[0] = gen_port();
        rec[1] = fz_chance(3, 4) ? (uint32_t)fz_below(4) : (uint32_t)fz_wild();
        break;
    default:                                 /* close, send, unmask, status, reset, ...: a port first */
        rec[0] = gen_port();
        break;
    }
    uint64_t arg = (uint64_t)rec;
    if (fz_chance(1, 8))
        arg = fz_chance(1, 2) ? fz_bad_addr() : fz_readonly_addr();
    else if (fz_chance(1, 10))
        arg += 4;                            /* 4- but not 8-byte aligned */
    long rc = fz_call(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
    if (rc == 0 && arg == (uint64_t)rec)
        learn(cmd, rec);
    else if (rc == 0 && arg == (uint64_t)rec + 4)
        learn(cmd, rec + 1);
    else if (rc == 0 && cmd == EVTCHNOP_close)
        timer_port = 0;                      /* closed something unknown: maybe the timer port */
    if (rc == 0 && cmd == EVTCHNOP_reset)
        timer_port = 0;                      /* (not implemented today) every port closed */
}

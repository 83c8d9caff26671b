/* evtchan: an inter-domain event channel between two testguests, run as
 *   domain 0: "scenarios=evtchan role=server"   (peer=1 by default)
 *   domain 1: "scenarios=evtchan role=client"   (peer=0 by default)
 * There is no shared storage, so the port number is a convention: the server's first
 * alloc_unbound gets port 1 (the lowest free port; checked by the server), and the client
 * binds (peer, 1), retrying while the server has not allocated it yet. The client sends
 * EVTCHAN_SENDS events (coalescing while pending: the server counts at least one upcall),
 * the server replies once, the client receives the reply and closes its port; the
 * server waits EVTCHAN_GRACE_MS, sends again (its port is unbound again: the call
 * succeeds and the event is dropped) and closes; the client checks that nothing arrived
 * after its close. Both end with their done line. */
#include "report.h"
#include "scenarios.h"

/* shared_info_map, with *rc set before the caller formats it. */
static int shared_info_map_rc(long *rc)
{
    *rc = 0;
    return shared_info_map(rc) != 0;
}

#define MS 1000000ULL
#define EVTCHAN_SENDS 5
#define EVTCHAN_PORT 1
#define EVTCHAN_GRACE_MS 300

static volatile unsigned long port_events, timer_events;
static volatile unsigned int last_port;

static void on_channel(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)f;
    (void)arg;
    last_port = port;
    port_events++;
}

static void on_timer(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port;
    (void)f;
    (void)arg;
    timer_events++;
}

/* Blocks (timer-bounded) until *ctr >= target or system time passes limit; events
 * masked afterwards. Returns 1 when the target was reached. */
static int wait_for(volatile unsigned long *ctr, unsigned long target, uint64_t limit)
{
    for (;;) {
        events_disable();
        uint64_t now = system_time_ns();
        if (*ctr >= target)
            return 1;
        if (now >= limit)
            return 0;
        timer_set(now + 20 * MS < limit ? now + 20 * MS : limit);
        sched_block();
    }
}

static void sleep_ms(uint64_t ms)
{
    static volatile unsigned long never;
    wait_for(&never, 1, system_time_ns() + ms * MS);
}

static void server(uint16_t peer)
{
    long port = evtchn_alloc_unbound(peer);
    if (!check_true("server_alloc_port1", port == EVTCHAN_PORT, "alloc_unbound(remote %u) gave %ld (%s), the client "
                    "assumes %d", peer, port, rc_name(port < 0 ? port : 0), EVTCHAN_PORT))
        return;
    printf("testguest: evtchan server port %ld offered to domain %u\n", port, peer);
    evtchn_on((unsigned)port, on_channel, 0);
    long tport = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (!check_true("server_timer", tport > 0, "bind_virq %s", rc_name(tport)))
        return;
    evtchn_on((unsigned)tport, on_timer, 0);

    uint64_t t0 = system_time_ns();
    int got = wait_for(&port_events, 1, t0 + 10000 * MS);
    if (!check_true("server_received", got, "no event from the client in 10 s"))
        goto out;
    sleep_ms(100);   /* let the rest of the burst arrive (coalesced while pending) */
    unsigned long n = port_events;
    check_true("server_coalesced_count", n >= 1 && n <= EVTCHAN_SENDS, "%lu upcalls for %d sends", n, EVTCHAN_SENDS);
    check_true("server_port", last_port == (unsigned)port, "event on port %u", last_port);
    printf("testguest: evtchan server got %lu upcall(s) for %d sends\n", n, EVTCHAN_SENDS);
    check_rc("server_reply", evtchn_send((uint32_t)port), 0);

    sleep_ms(EVTCHAN_GRACE_MS);   /* the client receives and closes */
    check_true("server_no_more_events", port_events == n, "%lu more events", port_events - n);
    check_rc("server_send_after_peer_close", evtchn_send((uint32_t)port), 0);
    sleep_ms(50);
    check_true("server_no_self_event", port_events == n && !evtchn_is_pending((unsigned)port),
               "events %lu pending %d", port_events - n, evtchn_is_pending((unsigned)port));
out:
    check_rc("server_close", evtchn_close((uint32_t)port), 0);
    evtchn_close((uint32_t)tport);
    evtchn_on((unsigned)port, 0, 0);
    evtchn_on((unsigned)tport, 0, 0);
    timer_set(0);
}

static void client(uint16_t peer)
{
    long tport = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (!check_true("client_timer", tport > 0, "bind_virq %s", rc_name(tport)))
        return;
    evtchn_on((unsigned)tport, on_timer, 0);

    uint64_t t0 = system_time_ns();
    long local, first_err = 0;
    int tries = 0;
    for (;;) {
        tries++;
        local = evtchn_bind_interdomain(peer, EVTCHAN_PORT);
        if (local > 0 || system_time_ns() > t0 + 10000 * MS)
            break;
        if (!first_err)
            first_err = local;
        sleep_ms(10);
    }
    if (!check_true("client_bind", local > 0, "bind_interdomain(%u, %d): %s after %d tries", peer, EVTCHAN_PORT,
                    rc_name(local), tries))
        goto out;
    printf("testguest: evtchan client bound local port %ld to %u:%d after %d tries (first answer %s)\n", local, peer,
           EVTCHAN_PORT, tries, rc_name(first_err));
    evtchn_on((unsigned)local, on_channel, 0);
    /* Xen sets the new local port pending at bind. */
    check_true("client_bind_pending", wait_for(&port_events, 1, system_time_ns() + 100 * MS),
               "no event for the freshly bound port");
    port_events = 0;

    int bad = 0;
    for (int i = 0; i < EVTCHAN_SENDS; i++)
        if (evtchn_send((uint32_t)local) != 0)
            bad++;
    check_true("client_sends", bad == 0, "%d of %d sends failed", bad, EVTCHAN_SENDS);
    check_true("client_reply", wait_for(&port_events, 1, system_time_ns() + 10000 * MS), "no reply in 10 s");
    check_true("client_reply_port", last_port == (unsigned)local, "event on port %u", last_port);
    check_rc("client_close", evtchn_close((uint32_t)local), 0);
    unsigned long before = port_events, unhandled = events_unhandled;
    check_rc("client_send_closed", evtchn_send((uint32_t)local), -RW_EINVAL);
    sleep_ms(2 * EVTCHAN_GRACE_MS);   /* the server sends on its (now unbound) port meanwhile */
    check_true("client_nothing_after_close", port_events == before && events_unhandled == unhandled &&
               !evtchn_is_pending((unsigned)local), "events %lu unhandled %lu pending %d", port_events - before,
               events_unhandled - unhandled, evtchn_is_pending((unsigned)local));
    evtchn_on((unsigned)local, 0, 0);
out:
    evtchn_close((uint32_t)tport);
    evtchn_on((unsigned)tport, 0, 0);
    timer_set(0);
}

void scenario_evtchan(struct start_info *si)
{
    char role[16];
    long rc = 0;
    if (cmdline_get(si, "role", role, sizeof role) < 0)
        role[0] = 0;
    int is_server = strcmp(role, "server") == 0;
    if (!check_true("role", is_server || strcmp(role, "client") == 0, "role=server or role=client, got \"%s\"", role))
        return;
    int mapped = shared_info_map_rc(&rc);
    if (!check_true("shared_info", mapped, "shared_info_map %s", rc_name(rc)) ||
        !check_rc("events_init", events_init(), 0))
        return;
    events_disable();
    port_events = timer_events = 0;
    uint16_t peer = (uint16_t)cmdline_get_long(si, "peer", is_server ? 1 : 0);
    if (is_server)
        server(peer);
    else
        client(peer);
    events_disable();
}

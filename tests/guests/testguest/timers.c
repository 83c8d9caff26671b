/* timers: the precision of set_timer_op now that the VMM's timer is one-shot (armed for
 * the earliest deadline, not a 10 ms periodic tick). A timer 1.5 ms ahead, 8 times with
 * the vCPU blocked and 8 times spinning with events enabled: every upcall comes at or
 * after the deadline (by system time, read in the upcall), and the median lateness is
 * under 3 ms. With a 10 ms tick the blocked rounds were about 8.5 ms late each (the timer
 * is armed just after the tick that delivered the previous one). Each round's lateness is
 * printed; tests/Boot/Guests/TimerTests.cs runs this under -icount (immune to a busy
 * host) and holds every round to a tighter bound. Far
 * timers do not fire early: one 50 ms ahead, and one armed 2 ms ahead then moved to
 * 40 ms ahead (the VMM's timer still goes off at 2 ms and must deliver nothing). */
#include "report.h"
#include "scenarios.h"

#define MS 1000000ULL
#define ROUNDS 8

static volatile unsigned long fired;
static volatile uint64_t fired_time;

static void on_timer(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port; (void)f; (void)arg;
    fired_time = system_time_ns();
    fired++;
}

/* Arms a timer `ahead` ns from now and waits for its upcall (blocked or spinning), at
 * most until `limit` ns from now. Returns the lateness (upcall time - deadline), or -1
 * when none came, -2 when it came early. */
static long long one_timer(uint64_t ahead, int spin, uint64_t limit)
{
    events_disable();
    fired = 0;
    uint64_t t0 = system_time_ns(), deadline = t0 + ahead;
    timer_set(deadline);
    if (spin) {
        events_enable();
        while (!fired && system_time_ns() < t0 + limit)
            ;
        events_disable();
    } else {
        while (!fired && system_time_ns() < t0 + limit) {
            sched_block();
            events_disable();
        }
    }
    if (!fired)
        return -1;
    if (fired_time < deadline)
        return -2;
    return (long long)(fired_time - deadline);
}

static long long median(long long *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            long long t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void rounds(const char *name, int spin)
{
    long long late[ROUNDS];
    int bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        late[i] = one_timer(3 * MS / 2, spin, 1000 * MS);
        if (late[i] < 0)
            bad++;
        printf("testguest: timers %s round %d: %lld us after the deadline\n", name, i, late[i] < 0 ? late[i] : late[i] / 1000);
    }
    char check[40];
    snprintf(check, sizeof check, "%s_never_early", name);
    check_true(check, bad == 0, "%d of %d timers early or missing", bad, ROUNDS);
    long long m = median(late, ROUNDS);
    snprintf(check, sizeof check, "%s_median_under_3ms", name);
    check_true(check, bad == 0 && m < (long long)(3 * MS), "median lateness %lld us", m / 1000);
}

void scenario_timers(struct start_info *si)
{
    (void)si;
    long rc = 0;
    if (!check_true("shared_info", shared_info_map(&rc) != 0, "shared_info_map %s", rc_name(rc)))
        return;
    events_disable();
    if (!check_rc("events_init", events_init(), 0))
        return;
    long tport = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (!check_true("bind_virq_timer", tport > 0 && tport < EVTCHN_PORTS, "got %s (%ld)", rc_name(tport), tport))
        return;
    evtchn_on((unsigned)tport, on_timer, 0);

    rounds("blocked", 0);
    rounds("spinning", 1);

    long long late = one_timer(50 * MS, 0, 2000 * MS);
    check_true("far_not_early", late >= 0, "50 ms timer: %lld (-1 none, -2 early)", late);

    /* Armed 2 ms ahead, then moved to 40 ms ahead: nothing at 2 ms. */
    events_disable();
    fired = 0;
    uint64_t t0 = system_time_ns();
    timer_set(t0 + 2 * MS);
    timer_set(t0 + 40 * MS);
    events_enable();
    delay_until(t0 + 20 * MS);
    events_disable();
    check_true("moved_later_not_at_first", fired == 0, "fired %lu times by 20 ms", fired);
    while (!fired && system_time_ns() < t0 + 2000 * MS) {
        sched_block();
        events_disable();
    }
    check_true("moved_later_fires_later", fired == 1 && fired_time >= t0 + 40 * MS, "fired %lu times, at %lu us",
               fired, (unsigned long)((fired_time - t0) / 1000));

    evtchn_close((uint32_t)tport);
    evtchn_on((unsigned)tport, 0, 0);
    timer_set(0);
}

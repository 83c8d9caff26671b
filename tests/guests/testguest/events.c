/* events: set_callbacks refusals; VIRQ_TIMER through the library's upcall (block until a
 * timer 30 ms ahead fires, system time advanced); the virtual interrupt flag (no upcall
 * while masked, the pending one arrives on events_enable); a loopback inter-domain channel
 * to itself; event_channel_op's error cases. Leaves the timer port closed, events masked
 * and the callback registered. Command line: domid=<this domain's id> (default 0). */
#include "report.h"
#include "scenarios.h"

/* shared_info_map, with *rc set before the caller formats it. */
static int shared_info_map_rc(long *rc)
{
    *rc = 0;
    return shared_info_map(rc) != 0;
}

#define MS 1000000ULL

static volatile unsigned long fired[EVTCHN_PORTS];
static volatile uint64_t fired_time, fired_cs;

static void on_port(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)arg;
    fired[port]++;
    fired_time = system_time_ns();
    fired_cs = f->cs;
}

static void clear_counts(void)
{
    for (int i = 0; i < EVTCHN_PORTS; i++)
        fired[i] = 0;
}

/* Blocks until fired[port] > 0 or system time passes limit. */
static void block_for(unsigned int port, uint64_t limit)
{
    while (!fired[port] && system_time_ns() < limit) {
        sched_block();
        events_disable();
    }
    events_disable();
}

void scenario_events(struct start_info *si)
{
    long rc = 0;
    uint16_t self = (uint16_t)cmdline_get_long(si, "domid", 0);

    int mapped = shared_info_map_rc(&rc);
    if (!check_true("shared_info", mapped, "shared_info_map %s", rc_name(rc)))
        return;
    events_disable();

    /* set_callbacks refusals. */
    uint64_t entry = (uint64_t)events_entry_address();
    check_rc("callbacks_vmm_range", HYPERVISOR_set_callbacks(TG_ENTRY_AREA_VA, 0, 0), -RW_EINVAL);
    check_rc("callbacks_vmm_hole", HYPERVISOR_set_callbacks(TG_VMM_HOLE_VA, 0, 0), -RW_EINVAL);
    check_rc("callbacks_noncanonical", HYPERVISOR_set_callbacks(TG_NONCANONICAL_VA, 0, 0), -RW_EINVAL);
    check_rc("callbacks_failsafe_vmm", HYPERVISOR_set_callbacks(entry, TG_ENTRY_AREA_VA, 0), -RW_EINVAL);
    check_rc("callbacks_failsafe_noncanonical", HYPERVISOR_set_callbacks(entry, TG_NONCANONICAL_VA, 0), -RW_EINVAL);
    check_rc("callbacks_syscall", HYPERVISOR_set_callbacks(entry, 0, entry), -RW_EINVAL);
    check_rc("callbacks_unregister", HYPERVISOR_set_callbacks(0, 0, 0), 0);
    if (!check_rc("events_init", events_init(), 0))
        return;

    /* Timer: block until it fires. */
    long tport = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (!check_true("bind_virq_timer", tport > 0 && tport < EVTCHN_PORTS, "got %s (%ld)", rc_name(tport), tport))
        return;
    evtchn_on((unsigned)tport, on_port, 0);
    clear_counts();
    uint64_t t0 = system_time_ns();
    check_true("system_time_runs", t0 > 0, "system time %lu", (unsigned long)t0);
    unsigned long up0 = events_upcalls;
    check_rc("timer_set", timer_set(t0 + 30 * MS), 0);
    block_for((unsigned)tport, t0 + 2000 * MS);
    uint64_t t1 = system_time_ns();
    check_true("timer_upcall", fired[tport] == 1 && events_upcalls > up0, "timer port %ld fired %lu times, upcalls %lu",
               tport, fired[tport], events_upcalls - up0);
    check_true("timer_elapsed", fired_time >= t0 + 30 * MS && t1 >= t0 + 30 * MS,
               "fired %lu ns after arming (now %lu), expected >= 30 ms", (unsigned long)(fired_time - t0),
               (unsigned long)(t1 - t0));
    check_true("timer_not_too_late", fired_time < t0 + 200 * MS, "fired %lu ms after arming",
               (unsigned long)((fired_time - t0) / MS));
    check_true("upcall_frame_ring1", fired_cs == FLAT_RING1_CS, "cs %lx", (unsigned long)fired_cs);
    check_true("mask_after_upcall", events_masked(), "events unmasked after events_disable");

    /* Masked: no upcall while the timer passes; events_enable delivers it. */
    clear_counts();
    up0 = events_upcalls;
    t0 = system_time_ns();
    timer_set(t0 + 20 * MS);
    delay_until(t0 + 60 * MS);
    check_true("masked_no_upcall", fired[tport] == 0 && events_upcalls == up0, "%lu upcalls while masked",
               events_upcalls - up0);
    check_true("masked_pending", evtchn_is_pending((unsigned)tport) && vcpu_info_get(0)->evtchn_upcall_pending,
               "port pending %d, upcall_pending %d", evtchn_is_pending((unsigned)tport),
               vcpu_info_get(0)->evtchn_upcall_pending);
    events_enable();
    int after = (int)fired[tport];
    events_disable();
    check_true("enable_delivers", after == 1, "fired %d times after events_enable", after);

    /* Port mask: a masked port stays pending without an upcall; unmask delivers. */
    clear_counts();
    evtchn_mask((unsigned)tport);
    t0 = system_time_ns();
    timer_set(t0 + 20 * MS);
    events_enable();
    delay_until(t0 + 60 * MS);
    events_disable();
    check_true("port_mask_no_upcall", fired[tport] == 0 && evtchn_is_pending((unsigned)tport),
               "fired %lu, pending %d", fired[tport], evtchn_is_pending((unsigned)tport));
    check_rc("unmask", evtchn_unmask((uint32_t)tport), 0);
    events_enable();
    after = (int)fired[tport];
    events_disable();
    check_true("unmask_delivers", after == 1, "fired %d times after unmask", after);

    /* Cancel: set then 0: nothing fires. */
    clear_counts();
    t0 = system_time_ns();
    timer_set(t0 + 20 * MS);
    check_rc("timer_cancel", timer_set(0), 0);
    events_enable();
    delay_until(t0 + 60 * MS);
    events_disable();
    check_true("timer_cancelled", fired[tport] == 0, "fired %lu times after cancel", fired[tport]);

    /* Loopback channel to itself: alloc_unbound(remote = self), bind to it, send both ways. */
    clear_counts();
    long a = evtchn_alloc_unbound(DOMID_SELF);
    long b = a > 0 ? evtchn_bind_interdomain(DOMID_SELF, (uint32_t)a) : a;
    if (check_true("loopback_bind", a > 0 && b > 0 && a != b, "alloc %ld bind %ld", a, b)) {
        evtchn_on((unsigned)a, on_port, 0);
        evtchn_on((unsigned)b, on_port, 0);
        events_enable();   /* bind_interdomain left b pending (Xen) */
        events_disable();
        check_true("loopback_bind_pending", fired[b] == 1, "port %ld fired %lu after bind", b, fired[b]);
        check_rc("loopback_send_a", evtchn_send((uint32_t)a), 0);
        check_rc("loopback_send_a2", evtchn_send((uint32_t)a), 0);   /* coalesces while pending */
        events_enable();
        events_disable();
        check_true("loopback_a_to_b", fired[b] == 2 && fired[a] == 0, "b %lu a %lu", fired[b], fired[a]);
        check_rc("loopback_send_b", evtchn_send((uint32_t)b), 0);
        events_enable();
        events_disable();
        check_true("loopback_b_to_a", fired[a] == 1, "a %lu", fired[a]);
        check_rc("loopback_close_b", evtchn_close((uint32_t)b), 0);
        check_rc("loopback_send_unbound", evtchn_send((uint32_t)a), 0);   /* a is unbound again: dropped */
        events_enable();
        events_disable();
        check_true("loopback_dropped", fired[a] == 1 && fired[b] == 2, "a %lu b %lu", fired[a], fired[b]);
        check_rc("loopback_send_closed", evtchn_send((uint32_t)b), -RW_EINVAL);
        check_rc("loopback_close_a", evtchn_close((uint32_t)a), 0);
        evtchn_on((unsigned)a, 0, 0);
        evtchn_on((unsigned)b, 0, 0);
    }

    /* Errors. */
    check_rc("send_port0", evtchn_send(0), -RW_EINVAL);
    check_rc("send_unallocated", evtchn_send(500), -RW_EINVAL);
    check_rc("send_out_of_range", evtchn_send(5000), -RW_EINVAL);
    check_rc("send_port_1024", evtchn_send(1024), -RW_EINVAL);
    check_rc("send_negative", evtchn_send(0xFFFFFFFFu), -RW_EINVAL);
    check_rc("send_virq_port", evtchn_send((uint32_t)tport), -RW_EINVAL);
    check_rc("close_free", evtchn_close(500), -RW_EINVAL);
    check_rc("close_port0", evtchn_close(0), -RW_EINVAL);
    check_rc("close_out_of_range", evtchn_close(5000), -RW_EINVAL);
    check_rc("unmask_out_of_range", evtchn_unmask(5000), -RW_EINVAL);
    check_rc("bind_virq_twice", evtchn_bind_virq(VIRQ_TIMER, 0), -RW_EEXIST);
    check_rc("bind_virq_99", evtchn_bind_virq(99, 0), -RW_EINVAL);
    check_rc("bind_virq_no_vcpu", evtchn_bind_virq(VIRQ_TIMER, 5), -RW_ENOENT);
    {
        struct evtchn_alloc_unbound au = { .dom = (uint16_t)(self + 1), .remote_dom = DOMID_SELF, .port = 0 };
        check_rc("alloc_unbound_other_dom", evtchn_op(EVTCHNOP_alloc_unbound, &au), -RW_EPERM);
    }
    check_rc("bind_interdomain_free_remote", evtchn_bind_interdomain(DOMID_SELF, 700), -RW_EINVAL);
    check_rc("unknown_cmd", evtchn_op(99, 0), -RW_ENOSYS);
    {
        struct evtchn_send s = { .port = (uint32_t)tport };
        check_rc("status_unimplemented", evtchn_op(EVTCHNOP_status, &s), -RW_ENOSYS);
    }
    check_rc("efault_send", evtchn_op(EVTCHNOP_send, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("efault_alloc", evtchn_op(EVTCHNOP_alloc_unbound, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("efault_bind_virq", evtchn_op(EVTCHNOP_bind_virq, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("efault_vmm", evtchn_op(EVTCHNOP_close, (void *)TG_ENTRY_AREA_VA), -RW_EFAULT);
    check_rc("efault_noncanonical", evtchn_op(EVTCHNOP_unmask, (void *)TG_NONCANONICAL_VA), -RW_EFAULT);

    /* Close the timer port; bind again gets a port back; close again. */
    check_rc("close_timer", evtchn_close((uint32_t)tport), 0);
    check_rc("close_timer_twice", evtchn_close((uint32_t)tport), -RW_EINVAL);
    long t2 = evtchn_bind_virq(VIRQ_TIMER, 0);
    check_true("rebind_virq", t2 == tport, "got %ld, expected the lowest free port %ld", t2, tport);
    if (t2 > 0)
        evtchn_close((uint32_t)t2);
    evtchn_on((unsigned)tport, 0, 0);
    timer_set(0);
}

/* eventsalign: event_channel_op records at addresses that are 4- but not 8-byte aligned
 * (their natural alignment is 4). Xen accepts them; a VMM that reads them with 8-byte
 * accesses answers -EFAULT. Each check expects success. */
void scenario_eventsalign(struct start_info *si)
{
    (void)si;
    static uint32_t buf[8] __attribute__((aligned(8)));
    long rc = 0;
    int mapped = shared_info_map_rc(&rc);
    if (!check_true("shared_info", mapped, "shared_info_map %s", rc_name(rc)))
        return;
    struct evtchn_bind_virq *bv = (struct evtchn_bind_virq *)&buf[1];
    memset(buf, 0, sizeof buf);
    bv->virq = VIRQ_TIMER;
    bv->vcpu = 0;
    rc = evtchn_op(EVTCHNOP_bind_virq, bv);
    if (check_rc("bind_virq_4aligned", rc, 0))
        evtchn_close(bv->port);
    struct evtchn_alloc_unbound *au = (struct evtchn_alloc_unbound *)&buf[1];
    memset(buf, 0, sizeof buf);
    au->dom = DOMID_SELF;
    au->remote_dom = DOMID_SELF;
    rc = evtchn_op(EVTCHNOP_alloc_unbound, au);
    uint32_t a = au->port;
    if (check_rc("alloc_unbound_4aligned", rc, 0)) {
        struct evtchn_bind_interdomain *bi = (struct evtchn_bind_interdomain *)&buf[3];
        bi->remote_dom = DOMID_SELF;
        bi->remote_port = a;
        rc = evtchn_op(EVTCHNOP_bind_interdomain, bi);
        if (check_rc("bind_interdomain_4aligned", rc, 0))
            evtchn_close(bi->local_port);
        struct evtchn_send *sd = (struct evtchn_send *)&buf[1];
        sd->port = a;
        check_rc("send_4aligned", evtchn_op(EVTCHNOP_send, sd), 0);
        evtchn_close(a);
    }
    /* Drop whatever the binds left pending. */
    for (unsigned p = 1; p < 64; p++)
        evtchn_clear_pending(p);
}

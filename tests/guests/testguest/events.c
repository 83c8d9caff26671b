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

/* EVTCHNOP_status of one port: 0 or the error; *st filled (pre-set to 0xA5 bytes so a field
 * the VMM leaves unwritten shows). */
static long port_status(uint16_t dom, uint32_t port, struct evtchn_status *st)
{
    memset(st, 0xA5, sizeof *st);
    st->dom = dom;
    st->port = port;
    return evtchn_op(EVTCHNOP_status, st);
}

/* EVTCHNOP_status: Xen's layout and values for a virq, a free port, port 0, an unbound and
 * a connected pair; its refusals. */
static void status_checks(uint16_t self, uint32_t tport)
{
    struct evtchn_status st;
    if (check_rc("status_virq", port_status(DOMID_SELF, tport, &st), 0))
        check_true("status_virq_fields", st.status == EVTCHNSTAT_virq && st.vcpu == 0 && st.u.virq == VIRQ_TIMER,
                   "status %u vcpu %u virq %u", st.status, st.vcpu, st.u.virq);
    if (check_rc("status_own_id", port_status(self, tport, &st), 0))
        check_true("status_own_id_fields", st.status == EVTCHNSTAT_virq, "status %u", st.status);
    if (check_rc("status_free", port_status(DOMID_SELF, 700, &st), 0))
        check_true("status_free_fields", st.status == EVTCHNSTAT_closed && st.vcpu == 0 && st.u.interdomain.port == 0
                   && st.u.interdomain.dom == 0, "status %u vcpu %u u %u/%u", st.status, st.vcpu,
                   st.u.interdomain.dom, st.u.interdomain.port);
    if (check_rc("status_port0", port_status(DOMID_SELF, 0, &st), 0))
        check_true("status_port0_fields", st.status == EVTCHNSTAT_closed, "status %u", st.status);
    check_rc("status_port_1024", port_status(DOMID_SELF, EVTCHN_PORTS, &st), -RW_EINVAL);
    check_rc("status_port_max", port_status(DOMID_SELF, 0xFFFFFFFFu, &st), -RW_EINVAL);
    check_rc("status_other_dom", port_status((uint16_t)(self + 1), tport, &st), -RW_EPERM);
    check_rc("status_efault", evtchn_op(EVTCHNOP_status, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("status_vmm", evtchn_op(EVTCHNOP_status, (void *)TG_ENTRY_AREA_VA), -RW_EFAULT);
    long a = evtchn_alloc_unbound(DOMID_SELF);
    if (!check_true("status_alloc", a > 0, "alloc_unbound %ld", a))
        return;
    if (check_rc("status_unbound", port_status(DOMID_SELF, (uint32_t)a, &st), 0))
        check_true("status_unbound_fields", st.status == EVTCHNSTAT_unbound && st.vcpu == 0 && st.u.unbound.dom == self,
                   "status %u vcpu %u dom %u (self %u)", st.status, st.vcpu, st.u.unbound.dom, self);
    long b = evtchn_bind_interdomain(DOMID_SELF, (uint32_t)a);
    if (check_true("status_bind", b > 0, "bind_interdomain %ld", b)) {
        if (check_rc("status_interdomain", port_status(DOMID_SELF, (uint32_t)b, &st), 0))
            check_true("status_interdomain_fields", st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == self
                       && st.u.interdomain.port == (uint32_t)a, "status %u dom %u port %u", st.status,
                       st.u.interdomain.dom, st.u.interdomain.port);
        if (check_rc("status_interdomain_peer", port_status(DOMID_SELF, (uint32_t)a, &st), 0))
            check_true("status_interdomain_peer_fields", st.status == EVTCHNSTAT_interdomain
                       && st.u.interdomain.port == (uint32_t)b, "status %u port %u", st.status, st.u.interdomain.port);
        evtchn_close((uint32_t)b);
        evtchn_clear_pending((unsigned)b);
    }
    evtchn_close((uint32_t)a);
    if (check_rc("status_closed_again", port_status(DOMID_SELF, (uint32_t)a, &st), 0))
        check_true("status_closed_again_fields", st.status == EVTCHNSTAT_closed, "status %u", st.status);
}

/* A call whose answer cannot be written leaves no trace: records in a page mapped
 * read-only answer -EFAULT, and afterwards no port was consumed (the next allocation gets
 * the same lowest free port), no virq bound (binding it again succeeds), the unbound port
 * a refused bind_interdomain named is still unbound. */
static void no_trace_checks(void)
{
    long first = evtchn_alloc_unbound(DOMID_SELF);   /* the lowest free port */
    if (!check_true("notrace_setup", first > 0, "alloc_unbound %ld", first))
        return;
    uint32_t target = (uint32_t)first;                 /* stays unbound: bind_interdomain's target */
    long lowest = evtchn_alloc_unbound(DOMID_SELF);
    if (!check_true("notrace_setup2", lowest > 0, "alloc_unbound %ld", lowest))
        return;
    evtchn_close((uint32_t)lowest);

    volatile uint32_t *page = (volatile uint32_t *)window_va(TG_SLOT_VERSION_RO);
    struct evtchn_alloc_unbound *au = (struct evtchn_alloc_unbound *)&page[0];    /* 8 bytes */
    struct evtchn_bind_virq *bv = (struct evtchn_bind_virq *)&page[4];            /* 12 */
    struct evtchn_bind_ipi *bi = (struct evtchn_bind_ipi *)&page[8];              /* 8 */
    struct evtchn_bind_interdomain *bd = (struct evtchn_bind_interdomain *)&page[12]; /* 12 */
    struct evtchn_status *st = (struct evtchn_status *)&page[16];                 /* 24 */
    au->dom = DOMID_SELF; au->remote_dom = DOMID_SELF; au->port = 0x5A5A5A5A;
    bv->virq = VIRQ_DEBUG; bv->vcpu = 0; bv->port = 0x5A5A5A5A;
    bi->vcpu = 0; bi->port = 0x5A5A5A5A;
    bd->remote_dom = DOMID_SELF; bd->remote_port = target; bd->local_port = 0x5A5A5A5A;
    st->dom = DOMID_SELF; st->port = target; st->status = 0x5A5A5A5A;
    long err;
    void *ro = window_map(TG_SLOT_VERSION_RO, virt_to_pfn(window_va(TG_SLOT_VERSION_RO)), 0, &err);
    if (!ro) {
        result_fail("notrace_readonly", "precondition: read-only remap failed with %s", rc_name(err));
        evtchn_close(target);
        return;
    }
    check_rc("notrace_alloc_efault", evtchn_op(EVTCHNOP_alloc_unbound, ro), -RW_EFAULT);
    check_rc("notrace_virq_efault", evtchn_op(EVTCHNOP_bind_virq, (char *)ro + 16), -RW_EFAULT);
    check_rc("notrace_ipi_efault", evtchn_op(EVTCHNOP_bind_ipi, (char *)ro + 32), -RW_EFAULT);
    check_rc("notrace_interdomain_efault", evtchn_op(EVTCHNOP_bind_interdomain, (char *)ro + 48), -RW_EFAULT);
    check_rc("notrace_status_efault", evtchn_op(EVTCHNOP_status, (char *)ro + 64), -RW_EFAULT);
    window_unmap(TG_SLOT_VERSION_RO);
    check_true("notrace_records_unchanged", au->port == 0x5A5A5A5A && bv->port == 0x5A5A5A5A && bi->port == 0x5A5A5A5A
               && bd->local_port == 0x5A5A5A5A && st->status == 0x5A5A5A5A, "an output field of a refused call changed");

    long again = evtchn_alloc_unbound(DOMID_SELF);
    check_true("notrace_no_port_used", again == lowest, "the next port is %ld, expected %ld", again, lowest);
    if (again > 0)
        evtchn_close((uint32_t)again);
    long virq = evtchn_bind_virq(VIRQ_DEBUG, 0);
    check_true("notrace_virq_unbound", virq == lowest, "bind_virq(VIRQ_DEBUG) %ld, expected port %ld", virq, lowest);
    if (virq > 0)
        evtchn_close((uint32_t)virq);
    struct evtchn_status s;
    if (check_rc("notrace_target_status", port_status(DOMID_SELF, target, &s), 0))
        check_true("notrace_target_unbound", s.status == EVTCHNSTAT_unbound, "status %u", s.status);
    evtchn_close(target);
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
    status_checks(self, (uint32_t)tport);
    no_trace_checks();
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

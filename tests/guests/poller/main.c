/*
 * poller: SCHEDOP_poll. A loopback channel (alloc_unbound to itself, then
 * bind_interdomain to that port) gives two ports of this domain; the receiving one
 * is masked, so only poll (no upcall) can notice it. Checks: nothing pending and a
 * 30 ms timeout -> returns after at least 30 ms; pending (masked) -> returns at once;
 * more than 128 ports, a port out of range -> -EINVAL; an unmapped port array ->
 * -EFAULT. Prints "poller: <check> ok|FAIL ..." and exits with the number of failures.
 */
#include <rwlib/rwlib.h>

static int failures;

static void check(const char *what, int ok, long detail)
{
    if (!ok) failures++;
    printf("poller: %s %s (%ld)\n", what, ok ? "ok" : "FAIL", detail);
}

static long poll_ports(uint32_t *ports, unsigned int count, uint64_t timeout)
{
    struct sched_poll p;
    memset(&p, 0, sizeof p);
    p.ports = (rw_u64)(unsigned long)ports;
    p.nr_ports = count;
    p.timeout = timeout;
    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

int guest_main(struct start_info *si)
{
    (void)si;
    long err = 0;
    check("shared_info_mapped", shared_info_map(&err) != 0, err);   /* pending bits, time */
    long sender = evtchn_alloc_unbound(0);          /* this is domain 0: loopback */
    long receiver = sender > 0 ? evtchn_bind_interdomain(0, (uint32_t)sender) : -1;
    check("loopback_channel", sender > 0 && receiver > 0, receiver);
    if (receiver <= 0) return 1;
    evtchn_mask((unsigned int)receiver);
    evtchn_clear_pending((unsigned int)receiver);   /* binding raised one event */

    static uint32_t ports[130];
    ports[0] = (uint32_t)receiver;

    uint64_t t0 = system_time_ns();
    long rc = poll_ports(ports, 1, t0 + 30000000UL);
    uint64_t waited = system_time_ns() - t0;
    check("timeout_returns_0", rc == 0, rc);
    check("timeout_waited_30ms", waited >= 30000000UL && waited < 500000000UL, (long)(waited / 1000000));

    evtchn_send((uint32_t)sender);
    t0 = system_time_ns();
    rc = poll_ports(ports, 1, t0 + 1000000000UL);
    waited = system_time_ns() - t0;
    check("pending_masked_returns_at_once", rc == 0 && waited < 20000000UL, (long)(waited / 1000000));
    check("still_pending", evtchn_is_pending((unsigned int)receiver), 0);

    check("too_many_ports", poll_ports(ports, 129, 0) == -RW_EINVAL, poll_ports(ports, 129, 0));
    ports[1] = 5000;
    check("port_out_of_range", poll_ports(ports, 2, 0) == -RW_EINVAL, poll_ports(ports, 2, 0));
    check("ports_unmapped", poll_ports((uint32_t *)0x10000000UL, 1, 0) == -RW_EFAULT, poll_ports((uint32_t *)0x10000000UL, 1, 0));
    printf("poller: done failures=%d\n", failures);
    return failures;
}

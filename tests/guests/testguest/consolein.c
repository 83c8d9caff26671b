/* consolein: console input (CONSOLEIO_read, VIRQ_CONSOLE). Command line:
 *   role=owner expect=N  the console owner: refusals with nothing typed, binds
 *       VIRQ_CONSOLE, prints "consolein: ready for N bytes", blocks until input
 *       arrives, checks the refusals of a read with input waiting (none may consume),
 *       reads exactly N bytes (N <= 64) at most 7 at a time and prints them as
 *       "consolein: got N bytes: <hex>".
 *   role=other           not the owner: bind VIRQ_CONSOLE and CONSOLEIO_read are -EPERM.
 *   role=late expect=N   the owner, not listening at first: prints
 *       "consolein: not listening", sleeps quiet= ms (default 2000) on its timer while
 *       input is typed (nothing may wake it), then binds VIRQ_CONSOLE and reads all the
 *       VMM kept: exactly N bytes, printed as "consolein: late got N bytes fnv=<hash>"
 *       (FNV-1a, 32 bits).
 * Every wait ends after wait= seconds (default 20) with a FAIL, never a hang. */
#include "report.h"
#include "scenarios.h"

#define MS 1000000ULL
#define PIECE 7

static volatile unsigned long fired_console, fired_timer;
static uint64_t deadline;

static void on_console(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port; (void)f; (void)arg;
    fired_console++;
}

static void on_timer(unsigned int port, struct trap_frame *f, void *arg)
{
    (void)port; (void)f; (void)arg;
    fired_timer++;
}

/* Events stay masked outside sched_block, so no upcall slips between a check and the
 * block. Returns 1 when VIRQ_CONSOLE fired (again) before `limit`. */
static int wait_console(uint64_t limit)
{
    unsigned long before = fired_console;
    timer_set(limit);
    while (fired_console == before && system_time_ns() < limit) {
        sched_block();
        events_disable();
    }
    timer_set(0);
    return fired_console != before;
}

static void sleep_until(uint64_t t)
{
    timer_set(t);
    while (system_time_ns() < t) {
        sched_block();
        events_disable();
    }
}

static long read_raw(unsigned long count, void *buf)
{
    return rw_hypercall3(__HYPERVISOR_console_io, CONSOLEIO_read, count, (unsigned long)buf);
}

static int setup(long *tport)
{
    long rc = 0;
    if (!check_true("shared_info", shared_info_map(&rc) != 0, "shared_info_map %s", rc_name(rc)))
        return 0;
    if (!check_rc("events_init", events_init(), 0))
        return 0;
    events_disable();
    *tport = evtchn_bind_virq(VIRQ_TIMER, 0);
    if (!check_true("bind_timer", *tport > 0, "got %s", rc_name(*tport)))
        return 0;
    evtchn_on((unsigned)*tport, on_timer, 0);
    return 1;
}

static void role_other(void)
{
    long tport;
    static char buf[16];
    if (!setup(&tport))
        return;
    check_rc("bind_virq_console_not_owner", evtchn_bind_virq(VIRQ_CONSOLE, 0), -RW_EPERM);
    check_rc("read_not_owner", console_read(buf, sizeof buf), -RW_EPERM);
    check_rc("read_not_owner_bad_buffer", read_raw(8, (void *)TG_UNMAPPED_VA), -RW_EPERM);
    check_rc("read_not_owner_huge", read_raw(~0UL, buf), -RW_EPERM);
    evtchn_close((uint32_t)tport);
}

static void role_owner(long expect)
{
    long tport;
    static char buf[16];
    static unsigned char got[64];
    if (!check_true("expect", expect > 0 && expect <= (long)sizeof got, "expect=%ld (1..64)", expect))
        return;
    if (!setup(&tport))
        return;

    /* Nothing typed yet: reads copy nothing (Xen: 0 when there is nothing to copy,
     * whatever the buffer). */
    check_rc("read_empty", console_read(buf, sizeof buf), 0);
    check_rc("read_count_zero", console_read(buf, 0), 0);
    check_rc("read_empty_bad_buffer", read_raw(8, (void *)TG_UNMAPPED_VA), 0);
    check_rc("read_count_65537", read_raw(65537, buf), -RW_EINVAL);
    check_rc("read_count_u32_minus1", HYPERVISOR_console_io(CONSOLEIO_read, 0xFFFFFFFFu, buf), -RW_EINVAL);
    check_rc("read_count_minus1", read_raw(~0UL, buf), -RW_EINVAL);
    check_rc("read_count_2_63", read_raw(1UL << 63, buf), -RW_EINVAL);
    check_rc("bind_console_vcpu1", evtchn_bind_virq(VIRQ_CONSOLE, 1), -RW_EINVAL);   /* global virq */

    long cport = evtchn_bind_virq(VIRQ_CONSOLE, 0);
    if (!check_true("bind_console", cport > 0 && cport != tport, "got %s (%ld)", rc_name(cport), cport))
        return;
    check_rc("bind_console_twice", evtchn_bind_virq(VIRQ_CONSOLE, 0), -RW_EEXIST);
    evtchn_on((unsigned)cport, on_console, 0);

    printf("consolein: ready for %ld bytes\n", expect);
    if (!check_true("input_arrives", wait_console(deadline), "no VIRQ_CONSOLE within the deadline"))
        return;

    /* At least one byte waits now: bad buffers fail and consume nothing. */
    check_rc("read_unmapped", read_raw(PIECE, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("read_noncanonical", read_raw(PIECE, (void *)TG_NONCANONICAL_VA), -RW_EFAULT);
    check_rc("read_vmm_hole", read_raw(PIECE, (void *)TG_VMM_HOLE_VA), -RW_EFAULT);
    check_rc("read_entry_area_readonly", read_raw(PIECE, (void *)TG_ENTRY_AREA_VA), -RW_EFAULT);
    check_rc("read_count_zero_waiting", console_read(buf, 0), 0);
    check_rc("read_huge_waiting", read_raw(~0UL, buf), -RW_EINVAL);

    long total = 0, reads = 0, too_long = 0;
    while (total < expect) {
        long want = expect - total < PIECE ? expect - total : PIECE;
        long n = console_read((char *)got + total, (size_t)want);
        if (!check_true("read_ok", n >= 0, "read returned %s after %ld bytes", rc_name(n), total))
            return;
        if (n > want)
            too_long++;
        if (n == 0) {
            if (!check_true("more_input_arrives", wait_console(deadline), "%ld of %ld bytes before the deadline",
                            total, expect))
                return;
            continue;
        }
        reads++;
        total += n;
    }
    check_true("reads_bounded", too_long == 0, "%ld reads returned more than asked", too_long);
    check_true("read_in_pieces", reads >= (expect + PIECE - 1) / PIECE, "%ld reads for %ld bytes", reads, expect);
    check_rc("read_after_all", console_read(buf, sizeof buf), 0);

    char hex[2 * sizeof got + 1];
    static const char digits[] = "0123456789abcdef";
    for (long i = 0; i < total; i++) {
        hex[2 * i] = digits[got[i] >> 4];
        hex[2 * i + 1] = digits[got[i] & 15];
    }
    hex[2 * total] = 0;
    printf("consolein: got %ld bytes: %s\n", total, hex);
    printf("consolein: VIRQ_CONSOLE fired %lu times\n", fired_console);

    check_rc("close_console", evtchn_close((uint32_t)cport), 0);
    evtchn_on((unsigned)cport, 0, 0);
    evtchn_close((uint32_t)tport);
}

static void role_late(long expect, long quiet_ms)
{
    long tport;
    static unsigned char all[4096];
    if (!setup(&tport))
        return;
    unsigned long unhandled0 = events_unhandled;
    printf("consolein: not listening\n");
    uint64_t t0 = system_time_ns();
    sleep_until(t0 + (uint64_t)quiet_ms * MS);
    check_true("quiet_only_timer", events_unhandled == unhandled0 && fired_console == 0,
               "unhandled events %lu, console %lu while nothing was bound", events_unhandled - unhandled0,
               fired_console);

    long cport = evtchn_bind_virq(VIRQ_CONSOLE, 0);
    if (!check_true("bind_console_late", cport > 0, "got %s", rc_name(cport)))
        return;
    /* As in Xen, binding does not replay input that came earlier: nothing pending. */
    check_true("bind_not_pending", !evtchn_is_pending((unsigned)cport), "port %ld pending after bind", cport);
    evtchn_on((unsigned)cport, on_console, 0);

    long total = 0;
    for (;;) {
        long n = console_read((char *)all + total, sizeof all - (size_t)total);
        if (!check_true("late_read_ok", n >= 0, "read returned %s after %ld bytes", rc_name(n), total))
            return;
        if (n == 0)
            break;
        total += n;
    }
    uint32_t h = 2166136261u;
    for (long i = 0; i < total; i++) {
        h ^= all[i];
        h *= 16777619u;
    }
    printf("consolein: late got %ld bytes fnv=%08x\n", total, (unsigned)h);
    check_true("late_count", total == expect, "read %ld bytes, expected %ld", total, expect);
    evtchn_on((unsigned)cport, 0, 0);
    evtchn_close((uint32_t)cport);
    evtchn_close((uint32_t)tport);
}

void scenario_consolein(struct start_info *si)
{
    char role[16] = "owner";
    if (cmdline_get(si, "role", role, sizeof role) < 0)
        memcpy(role, "owner", 6);
    long expect = cmdline_get_long(si, "expect", 0);
    deadline = system_time_ns() + (uint64_t)cmdline_get_long(si, "wait", 20) * 1000 * MS;
    if (strcmp(role, "owner") == 0)
        role_owner(expect);
    else if (strcmp(role, "other") == 0)
        role_other();
    else if (strcmp(role, "late") == 0)
        role_late(expect, cmdline_get_long(si, "quiet", 2000));
    else
        result_fail("role", "unknown role '%s'", role);
}

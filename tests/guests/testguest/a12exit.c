/* a12exit (A12; issue 9 review of the fix): what the VMM entry in which a domain ends
 * costs when the domain leaves page tables behind.
 *   scenarios=a12exit [tables=64] [wait_ms=300]
 * Pins `tables` L1 tables, each with 512 writable mappings of one data frame (the
 * newest frames of the domain: the teardown's cursor meets them first), yields until
 * `wait_ms` of TSC time have passed (a bystander measuring its entries, a12probe, runs
 * meanwhile), then shuts down at once (no RESULT done line): that one call's VMM entry runs the teardown's first
 * piece (DomainReaper.Begin) and the piece of its own return to the next guest, which
 * both devalidate these tables. The bystander sees that entry as the delta of one of
 * its own calls (it ran between the switch to this domain and the switch back).
 * Check exit.tables_pinned: every table was pinned. */
#include "hostile.h"

static uint64_t page[512];

void scenario_a12exit(struct start_info *si)
{
    unsigned long tables = (unsigned long)cmdline_get_long(si, "tables", 64);
    uint64_t wait = (uint64_t)cmdline_get_long(si, "wait_ms", 300) * 1000000UL;
    uint64_t start = hx_rdtsc();
    unsigned long data = hx_frame();
    if (data == RW_INVALID_PFN)
        return;
    for (int i = 0; i < 512; i++)
        page[i] = ((uint64_t)hx_mfn(data) << 12) | PTE_KERNEL_RW;
    unsigned long done = 0;
    for (unsigned long i = 0; i < tables; i++) {
        unsigned long f = hx_frame();
        if (f == RW_INVALID_PFN || hx_fill(f, page) || mmuext_pin(1, hx_mfn(f)))
            break;
        done++;
    }
    printf("testguest: a12exit: %lu L1 tables of 512 writable mappings pinned\n", done);
    check_true("tables_pinned", done == tables, "only %lu of %lu tables pinned", done, tables);
    while (hx_rdtsc() - start < wait)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    /* Straight to the end, nothing printed in between: the bystander's delta is then
     * this call's entry and little else. */
    struct sched_shutdown down = { .reason = SHUTDOWN_poweroff };
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &down);
}

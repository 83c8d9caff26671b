/* vcpus: vcpu_op on a domain built with vcpus=2 (vCPU 1 is started here).
 * Counting (is_up, -ENOENT past the last vCPU), every refusal (unknown vCPU, vCPU 0
 * again, unreadable block, non-zero flags, bad entry point or stack, a base table that
 * is not an L4, up before initialise, down of the last vCPU up, unknown commands), then
 * vCPU 1 started with an argument: it runs time-sliced with vCPU 0 (its counter moves
 * while vCPU 0 yields), stops when taken down and resumes where it stopped when brought
 * up, and can take itself down; an IPI port (EVTCHNOP_bind_ipi) bound to vCPU 1 wakes it
 * from SCHEDOP_poll and marks only vCPU 1's vcpu_info. vCPU 1 is down when the scenario
 * ends. */
#include "report.h"
#include "scenarios.h"
#include "vcpus.h"

#define V1_ARG 0x5EC0DC0FFEE00001UL
#define YIELDS 400

char tg_v1_stack[TG_V1_STACK_SIZE] __attribute__((aligned(16)));
static volatile uint64_t v1_arg, v1_rsp, v1_mask, v1_count, v1_after_down;
static volatile int v1_go_down;
static volatile uint32_t v1_poll_port;
static volatile int v1_polling;
static volatile uint64_t v1_woken;
static volatile long v1_poll_rc = 1;

static void v1_main(uint64_t arg)
{
    /* Built with frame pointers: RBP = the entry RSP (stack top - 8) - 8. */
    v1_rsp = (uint64_t)__builtin_frame_address(0) + 8;
    v1_mask = ((volatile struct vcpu_info *)vcpu_info_get(1))->evtchn_upcall_mask;
    v1_arg = arg;
    for (;;) {
        v1_count++;
        if (v1_poll_port) {
            uint32_t port = v1_poll_port;
            struct sched_poll sp = { .ports = (uint64_t)&port, .nr_ports = 1, .timeout = 0 };
            v1_poll_port = 0;
            v1_polling = 1;
            v1_poll_rc = HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
            v1_polling = 0;
            v1_woken++;
        }
        if (v1_go_down) {
            v1_go_down = 0;
            HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0);
            v1_after_down++;
        }
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
}

/* Yields until cond() or YIELDS yields; returns cond(). */
static int yield_until(int (*cond)(void))
{
    for (int i = 0; i < YIELDS && !cond(); i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    return cond();
}

static int v1_started(void) { return v1_arg != 0; }
static int v1_is_down(void) { return HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, 0) == 0; }

static uint64_t count_after_yields(int n)
{
    for (int i = 0; i < n; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    return v1_count;
}

static long initialise(unsigned int vcpu, uint64_t rip, uint64_t rsp, uint64_t base, uint64_t flags)
{
    struct vcpu_start_context c = { .rip = rip, .rsp = rsp, .rdi = 0, .kernel_base = base, .flags = flags };
    return HYPERVISOR_vcpu_op(VCPUOP_initialise, vcpu, &c);
}

static void refusals(void)
{
    uint64_t rip = (uint64_t)v1_main, rsp = (uint64_t)(tg_v1_stack + TG_V1_STACK_SIZE - 8);
    static uint64_t data_page[512] __attribute__((aligned(4096)));
    data_page[0] = 1;
    int found;
    uint64_t pte = pt_lookup((unsigned long)data_page, &found);
    uint64_t data_mfn = (pte >> 12) & 0xFFFFFFFFFFUL;

    check_rc("initialise_vcpu0", initialise(0, rip, rsp, 0, 0), -RW_EEXIST);
    check_rc("initialise_vcpu2", initialise(2, rip, rsp, 0, 0), -RW_ENOENT);
    check_rc("initialise_huge_id", initialise(0xFFFFFFFFu, rip, rsp, 0, 0), -RW_ENOENT);
    check_rc("initialise_unreadable", HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("initialise_noncanonical_block", HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, (void *)TG_NONCANONICAL_VA), -RW_EFAULT);
    check_rc("initialise_flags", initialise(1, rip, rsp, 0, 1), -RW_EINVAL);
    check_rc("initialise_rip_noncanonical", initialise(1, TG_NONCANONICAL_VA, rsp, 0, 0), -RW_EINVAL);
    check_rc("initialise_rip_vmm", initialise(1, TG_ENTRY_AREA_VA, rsp, 0, 0), -RW_EINVAL);
    check_rc("initialise_rsp_vmm", initialise(1, rip, TG_ENTRY_AREA_VA + 0x22000, 0, 0), -RW_EINVAL);
    check_true("data_page_found", found && data_mfn != 0, "pte %lx", (unsigned long)pte);
    check_rc("initialise_base_data_page", initialise(1, rip, rsp, data_mfn, 0), -RW_EINVAL);
    check_rc("initialise_base_huge", initialise(1, rip, rsp, 0xFFFFFFFFFFFFFUL, 0), -RW_EINVAL);
    check_rc("up_uninitialised", HYPERVISOR_vcpu_op(VCPUOP_up, 1, 0), -RW_EINVAL);
    check_rc("down_last", HYPERVISOR_vcpu_op(VCPUOP_down, 0, 0), -RW_EBUSY);
    check_rc("down_missing", HYPERVISOR_vcpu_op(VCPUOP_down, 7, 0), -RW_ENOENT);
    check_rc("unknown_command", HYPERVISOR_vcpu_op(99, 0, 0), -RW_ENOSYS);
    check_rc("runstate_not_implemented", HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, 0), -RW_ENOSYS);
    check_rc("still_down", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, 0), 0);
}

static int v1_polls(void) { return v1_polling; }

/* vCPU 1 polls an IPI port bound to it; vCPU 0 sends on it. */
static void ipi(uint64_t before)
{
    struct evtchn_bind_ipi bad = { .vcpu = 2 };
    check_rc("bind_ipi_missing_vcpu", HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bad), -RW_ENOENT);
    struct evtchn_bind_ipi b = { .vcpu = 1 };
    if (!check_rc("bind_ipi", HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), 0))
        return;
    struct evtchn_bind_vcpu move = { .port = b.port, .vcpu = 0 };
    check_rc("bind_vcpu_ipi_refused", HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &move), -RW_EINVAL);
    v1_poll_port = b.port;
    if (!check_true("v1_polls", yield_until(v1_polls), "vCPU 1 never polled"))
        return;
    before = v1_count;
    uint64_t woken = v1_woken;
    check_true("poll_blocks", count_after_yields(10) == before && v1_woken == woken, "vCPU 1 ran while polling");
    struct evtchn_send send = { .port = b.port };
    check_rc("send_ipi", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0);
    struct vcpu_info *v0 = vcpu_info_get(0), *v1 = vcpu_info_get(1);
    check_true("ipi_marks_vcpu1_only", v1->evtchn_pending_sel != 0 && v0->evtchn_pending_sel == 0,
               "sel0 %lx sel1 %lx", (unsigned long)v0->evtchn_pending_sel, (unsigned long)v1->evtchn_pending_sel);
    for (int i = 0; i < YIELDS && v1_woken == woken; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    check_true("ipi_wakes_poll", v1_woken == woken + 1 && v1_poll_rc == 0, "woken %lu rc %ld",
               (unsigned long)(v1_woken - woken), v1_poll_rc);
    /* Masked now: no upcall announces the send, yet the poll must end at once (not on
     * the next timer interrupt): after one yield vCPU 1 has run. */
    evtchn_clear_pending(b.port);
    evtchn_mask(b.port);
    v1_poll_port = b.port;
    if (check_true("v1_polls_masked", yield_until(v1_polls), "vCPU 1 never polled")) {
        woken = v1_woken;
        check_rc("send_masked_ipi", HYPERVISOR_event_channel_op(EVTCHNOP_send, &send), 0);
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
        check_true("masked_ipi_wakes_poll_at_once", v1_woken == woken + 1, "woken %lu after one yield",
                   (unsigned long)(v1_woken - woken));
        for (int i = 0; i < YIELDS && v1_woken == woken; i++)
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
    evtchn_clear_pending(b.port);
    evtchn_unmask(b.port);
    struct evtchn_close close = { .port = b.port };
    check_rc("close_ipi", HYPERVISOR_event_channel_op(EVTCHNOP_close, &close), 0);
    v1->evtchn_pending_sel = 0;
    v1->evtchn_upcall_pending = 0;
}

void scenario_vcpus(struct start_info *si)
{
    (void)si;
    long err = 0;
    if (!check_true("shared_info_map", shared_info_map(&err) != 0, "%s", rc_name(err)))
        return;
    check_rc("count", vcpu_count(), 2);
    struct vcpu_info *i0 = vcpu_info_get(0), *i1 = vcpu_info_get(1);
    check_true("time_info_every_vcpu", i1->time.tsc_to_system_mul != 0 &&
               i1->time.tsc_to_system_mul == i0->time.tsc_to_system_mul &&
               i1->time.tsc_shift == i0->time.tsc_shift && i1->time.tsc_timestamp != 0, "mul %u vs %u",
               (unsigned)i1->time.tsc_to_system_mul, (unsigned)i0->time.tsc_to_system_mul);
    check_rc("is_up_0", HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, 0), 1);
    check_rc("is_up_1", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, 0), 0);
    check_rc("is_up_2", HYPERVISOR_vcpu_op(VCPUOP_is_up, 2, 0), -RW_ENOENT);
    refusals();

    if (!check_rc("start", vcpu_start(1, v1_main, tg_v1_stack + TG_V1_STACK_SIZE, V1_ARG), 0))
        return;
    check_rc("up_again", HYPERVISOR_vcpu_op(VCPUOP_up, 1, 0), 0);
    check_rc("initialise_again", initialise(1, (uint64_t)v1_main, (uint64_t)tg_v1_stack, 0, 0), -RW_EEXIST);
    if (!check_true("v1_runs", yield_until(v1_started), "vCPU 1 never ran"))
        return;
    check_true("v1_arg", v1_arg == V1_ARG, "rdi %lx", (unsigned long)v1_arg);
    check_true("v1_stack", v1_rsp == (uint64_t)(tg_v1_stack + TG_V1_STACK_SIZE - 8), "entry rsp %lx",
               (unsigned long)v1_rsp);
    check_true("v1_events_masked", v1_mask == 1, "mask %lu", (unsigned long)v1_mask);
    check_rc("is_up_1_now", HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, 0), 1);
    uint64_t before = v1_count;
    check_true("interleaved", count_after_yields(20) > before, "count stayed %lu", (unsigned long)before);

    check_rc("down_other", HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0), 0);
    check_rc("down_other_again", HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0), 0);
    before = v1_count;
    check_true("down_stops_it", count_after_yields(20) == before, "count moved %lu -> %lu",
               (unsigned long)before, (unsigned long)v1_count);
    check_rc("down_last_again", HYPERVISOR_vcpu_op(VCPUOP_down, 0, 0), -RW_EBUSY);
    check_rc("up_resumes", HYPERVISOR_vcpu_op(VCPUOP_up, 1, 0), 0);
    check_true("resumed", count_after_yields(20) > before, "count stayed %lu", (unsigned long)before);

    ipi(before);

    v1_go_down = 1;
    check_true("self_down", yield_until(v1_is_down), "vCPU 1 still up");
    check_true("self_down_stopped", v1_after_down == 0, "ran on after its own down");
    check_rc("up_after_self_down", HYPERVISOR_vcpu_op(VCPUOP_up, 1, 0), 0);
    for (int i = 0; i < YIELDS && v1_after_down == 0; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    check_true("self_down_returns", v1_after_down == 1, "after_down %lu", (unsigned long)v1_after_down);
    check_rc("final_down", HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0), 0);
}

/* Any hypercall number, uniformly: the numbers whose arguments could hurt the fuzzer
 * itself (memory operations, vcpu_op, sched_op, update_descriptor, console_io) go to
 * their family's generators; the others get arbitrary arguments (scalars, scratch
 * memory, unreadable and read-only addresses). An accepted random trap table or
 * callback set is replaced by the fuzzer's own at once. */
#include "fuzz.h"
#include "addr.h"
#include "call.h"
#include "guard.h"
#include "layout.h"
#include "rng.h"

uint64_t fz_any_arg(void);

static void fill_random(void *p, size_t bytes)
{
    uint64_t *w = p;
    for (size_t i = 0; i < bytes / 8; i++)
        w[i] = fz_chance(1, 2) ? fz_wild() : 0;
}

void fz_op_random(void)
{
    uint64_t nr = fz_below(128);
    switch (nr) {
    case __HYPERVISOR_mmu_update:
    case __HYPERVISOR_mmuext_op:
        fz_op_batch();
        return;
    case __HYPERVISOR_multicall:
        fz_op_multicall();
        return;
    case __HYPERVISOR_update_va_mapping:
        fz_op_uvm();
        return;
    case __HYPERVISOR_vcpu_op:
        fz_op_vcpu();
        return;
    case __HYPERVISOR_sched_op:
    case __HYPERVISOR_set_timer_op:
        fz_op_sched();
        return;
    case __HYPERVISOR_update_descriptor:
    case __HYPERVISOR_set_gdt:
        fz_op_descr();
        return;
    case __HYPERVISOR_console_io:
    case __HYPERVISOR_xen_version:
        fz_op_misc();
        return;
    case __HYPERVISOR_event_channel_op:
        fz_op_evtchn();
        return;
    default:
        break;
    }
    uint64_t a[5];
    for (int i = 0; i < 5; i++) {
        a[i] = fz_any_arg();
        if (fz_chance(1, 3)) {
            void *p = fz_arena_take(512);
            fill_random(p, 512);
            a[i] = (uint64_t)p;
        }
    }
    long rc = fz_call(nr, a[0], a[1], a[2], a[3], a[4]);
    if (rc == 0 && (nr == __HYPERVISOR_set_trap_table || nr == __HYPERVISOR_set_callbacks))
        fz_guard_restore();
}

/* a15 (A15): a hostile second vCPU of the same domain writes everywhere it can reach in
 * the VMM's entry area while vCPU 0 keeps entering and leaving the VMM. Needs vcpus=2.
 * One physical CPU: the two vCPUs are time-sliced (vCPU 1 yields every other round and
 * is preempted by the timer otherwise), so vCPU 1 scribbles the entry stack between vCPU
 * 0's entries, never during one (with SMP each CPU's guest root maps only its own entry
 * area: docs/ring1.md).
 * vCPU 1, each round: writes to the entry code, GDT, TSS, IDT and per-CPU page (each must
 * #PF as a write to a present read-only page, CR2 = the address), to the guard page under
 * the entry stack, the M2P table and the VMM's unmapped range (#PF, not present or
 * read-only), then overwrites every word of the entry stack and the four IST stacks
 * (writable supervisor pages: allowed, and harmless if the VMM keeps nothing there).
 * vCPU 0, meanwhile: hypercalls whose answers and preserved registers it checks
 * (xen_version through the hypercall page with patterned callee-saved registers), and
 * mapping hypercalls (a frame mapped, read and unmapped through a window slot). */
#include "report.h"
#include "scenarios.h"
#include "vcpus.h"

#define EA TG_ENTRY_AREA_VA
#define PROT 3       /* #PF error: present, write, supervisor */
#define NOTPRESENT 2 /* #PF error: not present, write, supervisor */
#define V0_ROUNDS 300
#define V1_MIN_ROUNDS 40
#define SCRIBBLE 0xA15BADC0DE000000UL
#define PAGE_PATTERN 0x0A15000000000F00UL

struct target {
    const char *name;
    uint64_t va;
    uint64_t error;
};

static const struct target targets[] = {
    { "entry_code", EA + 0x0, PROT },
    { "entry_gdt", EA + 0x10000, PROT },
    { "entry_tss_rsp0", EA + 0x10100 + 4, PROT },
    { "entry_idt", EA + 0x11000, PROT },
    { "percpu_vmm_cr3", EA + 0x12000, PROT },
    { "percpu_fpu_area", EA + 0x12018, PROT },
    { "entry_stack_guard", EA + 0x20FF8, NOTPRESENT },
    { "m2p", 0xFFFF800000000000UL, PROT },
    { "vmm_hole", TG_VMM_HOLE_VA, NOTPRESENT },
};
#define NTARGETS (sizeof targets / sizeof targets[0])

static struct trap_info v1_table[TRAP_TABLE_SIZE];
static volatile long v1_table_rc = 1;
static volatile uint64_t v1_result[NTARGETS], v1_cr2[NTARGETS];
static volatile uint64_t v1_rounds, v1_words, v1_inconsistent, v1_last_cr2;
static volatile int v1_stop, v1_done;

void tg_probe_fault(struct trap_frame *f)
{
    if (f->rip != (uint64_t)tg_probe_write_insn)
        guest_crash();
    struct vcpu_info *v = vcpu_info_get(1);
    v1_last_cr2 = v ? v->arch.cr2 : 0;
    f->rax = (1UL << 63) | (f->vector << 32) | (f->error & 0xFFFF);
    f->rip = (uint64_t)tg_probe_write_resume;
}

static void scribble_stacks(void)
{
    for (uint64_t slot = 0; slot < 5; slot++) {
        uint64_t bottom = EA + 0x20000 + slot * 0x10000 + 0x1000;
        for (uint64_t a = bottom; a < bottom + 0x2000; a += 8) {
            *(volatile uint64_t *)a = SCRIBBLE ^ a;
            v1_words++;
        }
    }
}

static void v1_main(uint64_t arg)
{
    (void)arg;
    v1_table_rc = trap_table_load(v1_table);
    while (!v1_stop) {
        for (unsigned i = 0; i < NTARGETS; i++) {
            v1_last_cr2 = 0;
            uint64_t r = tg_probe_write(targets[i].va, SCRIBBLE);
            if (v1_rounds == 0) {
                v1_result[i] = r;
                v1_cr2[i] = v1_last_cr2;
            } else if (r != v1_result[i] || v1_last_cr2 != v1_cr2[i]) {
                v1_inconsistent++;
            }
        }
        scribble_stacks();
        v1_rounds++;
        if (v1_rounds & 1)
            HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
    v1_done = 1;
    HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0);
    guest_crash();   /* never resumed */
}

void scenario_a15(struct start_info *si)
{
    long err = 0;
    if (!check_true("shared_info_map", shared_info_map(&err) != 0, "%s", rc_name(err)))
        return;
    unsigned long pfn = frame_alloc();
    volatile uint64_t *page = window_map(TG_SLOT_MMU_FIRST, pfn, 1, &err);
    if (!check_true("fill_page", page != 0, "%s", rc_name(err)))
        return;
    for (int i = 0; i < 512; i++)
        page[i] = PAGE_PATTERN + (uint64_t)i;
    window_unmap(TG_SLOT_MMU_FIRST);

    uint64_t percpu_before[5];
    for (int i = 0; i < 5; i++)
        percpu_before[i] = *(volatile uint64_t *)(EA + 0x12000 + 8 * i);
    long version = HYPERVISOR_xen_version(XENVER_version, 0);

    trap_table_clear(v1_table);
    trap_on(TRAP_PF, tg_probe_fault);
    trap_on(TRAP_GP, tg_probe_fault);
    trap_set(v1_table, TRAP_PF, 0, 0);
    trap_set(v1_table, TRAP_GP, 0, 0);
    if (!check_rc("start_v1", vcpu_start(1, v1_main, tg_v1_stack + TG_V1_STACK_SIZE, 0), 0))
        return;

    int regs_bad = 0, version_bad = 0, map_bad = 0, rounds = 0;
    for (; rounds < V0_ROUNDS || (v1_rounds < V1_MIN_ROUNDS && rounds < 20 * V0_ROUNDS); rounds++) {
        if (tg_hcall_regs(__HYPERVISOR_xen_version) != 0)
            regs_bad++;
        if (HYPERVISOR_xen_version(XENVER_version, 0) != version)
            version_bad++;
        volatile uint64_t *p = window_map(TG_SLOT_MMU_FIRST, pfn, 0, &err);
        if (!p || p[rounds % 512] != PAGE_PATTERN + (uint64_t)(rounds % 512) || window_unmap(TG_SLOT_MMU_FIRST) != 0)
            map_bad++;
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
    v1_stop = 1;
    for (int i = 0; i < 1000 && !v1_done; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);

    printf("a15: vCPU 0 made %d rounds of hypercalls, vCPU 1 %lu rounds (%lu stack words written)\n", rounds,
           (unsigned long)v1_rounds, (unsigned long)v1_words);
    check_true("v1_finished", v1_done && HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, 0) == 0, "done %d", v1_done);
    check_rc("v1_trap_table", v1_table_rc, 0);
    check_true("v1_rounds", v1_rounds >= V1_MIN_ROUNDS, "%lu rounds", (unsigned long)v1_rounds);
    check_true("v0_rounds", rounds >= V0_ROUNDS, "%d rounds", rounds);
    check_true("v0_registers_preserved", regs_bad == 0, "%d of %d hypercalls changed preserved registers", regs_bad, rounds);
    check_true("v0_answers", version_bad == 0, "%d of %d wrong xen_version answers", version_bad, rounds);
    check_true("v0_mappings", map_bad == 0, "%d of %d map/read/unmap rounds failed", map_bad, rounds);
    for (unsigned i = 0; i < NTARGETS; i++) {
        uint64_t r = v1_result[i];
        check_true(targets[i].name, TG_PROBE_FAULTED(r) && TG_PROBE_VECTOR(r) == TRAP_PF &&
                   (TG_PROBE_ERROR(r) & 7) == targets[i].error && v1_cr2[i] == targets[i].va,
                   "result %lx cr2 %lx", (unsigned long)r, (unsigned long)v1_cr2[i]);
    }
    check_true("consistent_every_round", v1_inconsistent == 0, "%lu probes differed from round 0",
               (unsigned long)v1_inconsistent);
    check_true("stacks_scribbled", v1_words >= V1_MIN_ROUNDS * 5 * 1024UL, "%lu words", (unsigned long)v1_words);
    int same = 1;
    for (int i = 0; i < 5; i++)
        same &= percpu_before[i] == *(volatile uint64_t *)(EA + 0x12000 + 8 * i);
    check_true("percpu_unchanged", same, "the per-CPU page changed");
    (void)si;
}

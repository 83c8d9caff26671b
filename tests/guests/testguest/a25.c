/* a25 (A25): non-canonical addresses wherever the VMM takes or returns one.
 * a25: each refused with -EINVAL (or -EFAULT where it is a pointer the VMM reads) and
 * nothing installed: set_callbacks (event and failsafe), set_trap_table handler,
 * stack_switch, update_va_mapping and its multicall form, MMUEXT_INVLPG_LOCAL/ALL;
 * set_segment_base and set_debugreg are not implemented (-ENOSYS, so no base or debug
 * address is ever loaded); the guest's own IRETQ to a non-canonical RIP raises #GP in
 * ring 1, delivered to its handler.
 * a25edge (destructive): `int $0x82` as the last instruction below 0x0000800000000000
 * (a supervisor page mapped at the top of L4 slot 255), so the return address the CPU
 * saved is non-canonical: the VMM must not IRETQ to it (that would #GP in ring 0); it
 * destroys the domain with a logged reason. */
#include "trapsutil.h"
#include "scenarios.h"

#define NONCANON 0x0000800000000000UL
#define EDGE_PAGE 0x00007FFFFFFFF000UL

extern const char a25_edge_code[], a25_edge_code_end[];
TG_DECL_TRIGGER(tg_r1_iretq_noncanonical, void)

static struct trap_info table[TRAP_TABLE_SIZE];

void scenario_a25(struct start_info *si)
{
    (void)si;
    check_rc("callbacks_event", HYPERVISOR_set_callbacks(NONCANON, 0, 0), -RW_EINVAL);
    check_rc("callbacks_failsafe", HYPERVISOR_set_callbacks(0, NONCANON, 0), -RW_EINVAL);
    check_rc("callbacks_event_high", HYPERVISOR_set_callbacks(0xFFFF7FFFFFFFF000UL, 0, 0), -RW_EINVAL);
    check_rc("stack_switch", HYPERVISOR_stack_switch(FLAT_RING1_DS, NONCANON), -RW_EINVAL);
    check_rc("stack_switch_high", HYPERVISOR_stack_switch(FLAT_RING1_DS, 0xFFFF000000000000UL), -RW_EINVAL);

    static struct trap_info bad[TRAP_TABLE_SIZE];
    trap_table_clear(bad);
    trap_set_raw(bad, TRAP_UD, FLAT_RING1_CS, NONCANON, 0);
    check_rc("trap_handler", trap_table_load(bad), -RW_EINVAL);
    check_rc("trap_table_pointer", HYPERVISOR_set_trap_table((void *)NONCANON), -RW_EFAULT);

    check_rc("update_va_mapping", HYPERVISOR_update_va_mapping(NONCANON, 0, UVMF_INVLPG | UVMF_LOCAL), -RW_EINVAL);
    struct multicall_entry mc = { .op = __HYPERVISOR_update_va_mapping };
    mc.args[0] = NONCANON;
    mc.args[2] = UVMF_INVLPG | UVMF_LOCAL;
    check_rc("multicall", HYPERVISOR_multicall(&mc, 1), -RW_EINVAL);   /* the refused entry's error */
    check_rc("multicall_result", (long)mc.result, -RW_EINVAL);

    struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = NONCANON };
    check_rc("invlpg_local", HYPERVISOR_mmuext_op(&op, 1, 0, DOMID_SELF), -RW_EINVAL);
    op.cmd = MMUEXT_INVLPG_ALL;
    check_rc("invlpg_all", HYPERVISOR_mmuext_op(&op, 1, 0, DOMID_SELF), -RW_EINVAL);

    check_rc("set_segment_base", HYPERVISOR_set_segment_base(0 /* SEGBASE_FS */, NONCANON), -RW_ENOSYS);
    check_rc("set_debugreg", HYPERVISOR_set_debugreg(0, NONCANON), -RW_ENOSYS);

    /* The guest's own IRETQ: #GP(0) in ring 1, at the IRETQ, delivered to it. */
    trap_table_clear(table);
    trap_on(TRAP_GP, tg_trap_log);
    trap_set(table, TRAP_GP, 0, 0);
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;
    tg_traps_reset();
    tg_arm(tg_r1_iretq_noncanonical_resume);
    tg_r1_iretq_noncanonical();
    const struct tg_trap *t = tg_trap_get(0);
    /* RIP: the IRETQ (hardware) or the non-canonical target (QEMU's TCG, see a25_code.S). */
    check_true("own_iretq_gp", tg_ntraps == 1 && t->vector == TRAP_GP && t->error == 0 &&
               (t->rip == (uint64_t)tg_r1_iretq_noncanonical_insn || t->rip == NONCANON) && t->cs == FLAT_RING1_CS,
               "traps %d vector %lu error %lx rip %lx", tg_ntraps, t ? (unsigned long)t->vector : 0UL,
               t ? (unsigned long)t->error : 0UL, t ? (unsigned long)t->rip : 0UL);
    trap_on(TRAP_GP, 0);
    check_rc("clear_trap_table", trap_table_load(0), 0);
}

/* Maps one supervisor, executable, read-only page at EDGE_PAGE: an L1, L2 and L3 each
 * with only their last entry, built bottom-up and linked into L4 slot 255. */
static long map_edge_page(unsigned long code_pfn)
{
    unsigned long l1 = frame_alloc(), l2 = frame_alloc(), l3 = frame_alloc();
    if (l1 == RW_INVALID_PFN || l2 == RW_INVALID_PFN || l3 == RW_INVALID_PFN)
        return -RW_ENOMEM;
    const uint64_t flags = PTE_P | PTE_RW | PTE_A;
    uint64_t e1 = ((uint64_t)pfn_to_mfn(code_pfn) << 12) | PTE_P | PTE_A;
    uint64_t e2 = ((uint64_t)pfn_to_mfn(l1) << 12) | flags;
    uint64_t e3 = ((uint64_t)pfn_to_mfn(l2) << 12) | flags;
    uint64_t e4 = ((uint64_t)pfn_to_mfn(l3) << 12) | flags;
    long rc;
    if ((rc = frame_fill(TG_SLOT_MMU_FIRST, l1, 0, 0, &e1, 511, 1)) ||
        (rc = frame_fill(TG_SLOT_MMU_FIRST, l2, 0, 0, &e2, 511, 1)) ||
        (rc = frame_fill(TG_SLOT_MMU_FIRST, l3, 0, 0, &e3, 511, 1)) ||
        (rc = mmuext_pin(1, pfn_to_mfn(l1))) || (rc = mmuext_pin(2, pfn_to_mfn(l2))) ||
        (rc = mmuext_pin(3, pfn_to_mfn(l3))))
        return rc;
    if ((rc = pt_update_one(((uint64_t)pt_l4_mfn() << 12) + 255 * 8, e4)))
        return rc;
    return tlb_flush_local();
}

void scenario_a25edge(struct start_info *si)
{
    (void)si;
    size_t len = (size_t)(a25_edge_code_end - a25_edge_code);
    static uint8_t page[4096] __attribute__((aligned(4096)));
    memset(page, 0xCC, sizeof page);   /* int3 everywhere else */
    memcpy(page + 4096 - len, a25_edge_code, len);
    unsigned long code_pfn = frame_alloc();
    if (!check_rc("fill_code", frame_fill(TG_SLOT_MMU_FIRST, code_pfn, page, sizeof page, 0, 0, 0), 0))
        return;
    if (!check_rc("map_edge_page", map_edge_page(code_pfn), 0))
        return;
    uint64_t entry = EDGE_PAGE + 4096 - len;
    check_true("code_in_place", *(volatile uint8_t *)(EDGE_PAGE + 4095) == 0x82, "last byte %x",
               *(volatile uint8_t *)(EDGE_PAGE + 4095));
    printf("RESULT a25edge.attempt ok\n");
    ((void (*)(void))entry)();
    result_fail("survived", "the hypercall at the canonical edge returned");
}

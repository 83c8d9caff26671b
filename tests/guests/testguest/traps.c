/* traps: handlers for #DE, #BP, #UD, #GP, #PF; each exception raised in ring 1
 * reaches its handler in ring 1 with the native 64-bit frame built on the current stack
 * (aligned down to 16 bytes): vector, error code, RIP of the faulting instruction (after
 * int3 for #BP, as the CPU gives it), CS 0x19, SS 0x21, RSP at the fault; CR2 in shared
 * info for #PF. The handler skips the instruction and iretq's back. Also: every register
 * but RSP reaches the handler and survives the round trip. */
#include "trapsutil.h"
#include "scenarios.h"

static struct trap_info table[TRAP_TABLE_SIZE];

/* Checks record n (frame fields, stack position, handler ring). */
static void check_r1(const char *name, int n, uint64_t vector, uint64_t err, uint64_t err_mask, const void *insn)
{
    if (!tg_check_trap(name, n, vector, err, err_mask, (uint64_t)insn, FLAT_RING1_CS, FLAT_RING1_SS, tg_fault_rsp))
        return;
    const struct tg_trap *t = tg_trap_get(n);
    char check[64];
    snprintf(check, sizeof check, "%s.stack", name);
    check_true(check, t->frame_end == (tg_fault_rsp & ~15UL), "frame ends at %lx, fault RSP %lx",
               (unsigned long)t->frame_end, (unsigned long)tg_fault_rsp);
    snprintf(check, sizeof check, "%s.handler_ring1", name);
    check_true(check, t->handler_cs == FLAT_RING1_CS, "handler ran with CS %lx", (unsigned long)t->handler_cs);
}

void scenario_traps(struct start_info *si)
{
    (void)si;
    long err = 0;
    struct shared_info *shi = shared_info_map(&err);
    if (!check_true("shared_info_map", shi != 0, "%s", rc_name(err)))
        return;
    static const unsigned vecs[] = { TRAP_DE, TRAP_BP, TRAP_UD, TRAP_GP, TRAP_PF };
    trap_table_clear(table);
    for (unsigned i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        trap_on(vecs[i], tg_trap_log);
        trap_set(table, vecs[i], 0, 0 /* int3 reaches #BP from rings 1 and 3 anyway; DPL 3 is for 0x80 only */);
    }
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;
    tg_traps_reset();
    int n = 0;

    tg_arm(tg_r1_de_resume);
    tg_r1_de();
    check_r1("de", n++, TRAP_DE, 0, ~0UL, tg_r1_de_insn);

    tg_arm(tg_r1_int3_resume); /* no-op when the frame's RIP is already after the int3 */
    tg_r1_int3();
    check_r1("bp", n++, TRAP_BP, 0, ~0UL, tg_r1_int3_resume);

    tg_arm(tg_r1_ud2_resume);
    tg_r1_ud2();
    check_r1("ud", n++, TRAP_UD, 0, ~0UL, tg_r1_ud2_insn);

    /* int $0x40: #GP with the IDT bit in the error code (vector*8+2; TCG: vector*16+2). */
    tg_arm(tg_r1_int40_resume);
    tg_r1_int40();
    check_r1("gp_int40", n++, TRAP_GP, 2, 3, tg_r1_int40_insn);
    if (tg_trap_get(n - 1))
        printf("testguest: int $0x40 error code %lx\n", (unsigned long)tg_trap_get(n - 1)->error);

    tg_arm(tg_r1_read_resume);
    tg_r1_read(TG_NONCANONICAL_VA);
    check_r1("gp_noncanonical", n++, TRAP_GP, 0, ~0UL, tg_r1_read_insn);

    if (check_true("unmapped_precondition", tg_unmapped_ok(), "%lx is mapped", TG_UNMAPPED_VA)) {
        tg_arm(tg_r1_read_resume);
        tg_r1_read(TG_UNMAPPED_VA + 0x18);
        check_r1("pf_read_unmapped", n, TRAP_PF, 0, ~0UL, tg_r1_read_insn);
        if (tg_trap_get(n))
            check_true("pf_read_unmapped.cr2", tg_trap_get(n)->cr2 == TG_UNMAPPED_VA + 0x18, "cr2 %lx",
                       (unsigned long)tg_trap_get(n)->cr2);
        n++;
    }

    /* A write to a read-only page: a window page mapped read-only over its own frame. */
    uint64_t ro = (uint64_t)window_va(TG_SLOT_TRAPS_RO);
    if (check_rc("map_readonly", map_page(ro, virt_to_pfn((void *)ro), 0), 0)) {
        tg_arm(tg_r1_write_resume);
        tg_r1_write(ro + 0x40);
        check_r1("pf_write_readonly", n, TRAP_PF, PF_ERR_P | PF_ERR_W, ~0UL, tg_r1_write_insn);
        if (tg_trap_get(n))
            check_true("pf_write_readonly.cr2", tg_trap_get(n)->cr2 == ro + 0x40, "cr2 %lx",
                       (unsigned long)tg_trap_get(n)->cr2);
        n++;
        check_rc("restore_readonly", window_unmap(TG_SLOT_TRAPS_RO), 0);
    }

    /* Registers: the handler sees the patterns, and they survive the iretq. */
    tg_arm(tg_r1_regs_resume);
    tg_r1_regs();
    check_r1("regs", n, TRAP_UD, 0, ~0UL, tg_r1_regs_insn);
    const struct tg_trap *t = tg_trap_get(n++);
    if (t) {
        int bad_in = -1, bad_after = -1;
        for (int i = 0; i < 15; i++) {
            if (bad_in < 0 && t->regs[i] != tg_regs_pattern[i])
                bad_in = i;
            if (bad_after < 0 && tg_regs_after[i] != tg_regs_pattern[i])
                bad_after = i;
        }
        check_true("regs.in_handler", bad_in < 0, "register #%d (rax rbx rcx rdx rsi rdi rbp r8..r15) = %lx",
                   bad_in, bad_in < 0 ? 0UL : (unsigned long)t->regs[bad_in]);
        check_true("regs.after_iretq", bad_after < 0, "register #%d (rax rbx rcx rdx rsi rdi rbp r8..r15) = %lx",
                   bad_after, bad_after < 0 ? 0UL : (unsigned long)tg_regs_after[bad_after]);
        check_true("regs.rsp_misaligned", (tg_fault_rsp & 15) == 8, "fault RSP %lx", (unsigned long)tg_fault_rsp);
    }
    check_true("count", tg_ntraps == n, "%d traps delivered, expected %d", tg_ntraps, n);
}

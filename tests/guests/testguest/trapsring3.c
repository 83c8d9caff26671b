/* trapsring3: exceptions raised in ring 3 (int3, ud2, a write to the read-only user code
 * page, a read of an unmapped page, a read of the kernel's image, int $0x40) reach the
 * ring-1 handlers on the stack_switch stack with CS 0x33 and SS 0x2B in the frame; each
 * handler skips the instruction and iretq's back to ring 3; a final ud2 returns to the
 * kernel. rbx and r12..r15 keep ring 3's patterns through all of it. */
#include "trapsutil.h"
#include "scenarios.h"

static struct trap_info table[TRAP_TABLE_SIZE];

static void check_r3(const char *name, int n, uint64_t vector, uint64_t err, uint64_t err_mask, const char *insn)
{
    if (!tg_check_trap(name, n, vector, err, err_mask, TG_UVA(insn), FLAT_RING3_CS, FLAT_RING3_SS,
                       TG_USER_STACK_TOP))
        return;
    const struct tg_trap *t = tg_trap_get(n);
    char check[64];
    snprintf(check, sizeof check, "%s.stack", name);
    check_true(check, t->frame_end == TG_KSTACK_TOP, "frame ends at %lx, stack_switch stack top %lx",
               (unsigned long)t->frame_end, (unsigned long)TG_KSTACK_TOP);
    snprintf(check, sizeof check, "%s.handler_ring1", name);
    check_true(check, t->handler_cs == FLAT_RING1_CS, "handler ran with CS %lx", (unsigned long)t->handler_cs);
    snprintf(check, sizeof check, "%s.regs", name);
    check_true(check, t->regs[1] == TG_UPAT_RBX && t->regs[11] == TG_UPAT_R12 && t->regs[12] == TG_UPAT_R13 &&
                   t->regs[13] == TG_UPAT_R14 && t->regs[14] == TG_UPAT_R15,
               "rbx %lx r12 %lx r13 %lx r14 %lx r15 %lx", (unsigned long)t->regs[1], (unsigned long)t->regs[11],
               (unsigned long)t->regs[12], (unsigned long)t->regs[13], (unsigned long)t->regs[14]);
}

static void check_cr2(const char *name, int n, uint64_t va)
{
    const struct tg_trap *t = tg_trap_get(n);
    char check[64];
    snprintf(check, sizeof check, "%s.cr2", name);
    if (t)
        check_true(check, t->cr2 == va, "cr2 %lx expected %lx", (unsigned long)t->cr2, (unsigned long)va);
}

void scenario_trapsring3(struct start_info *si)
{
    long err = 0;
    struct shared_info *shi = shared_info_map(&err);
    if (!check_true("shared_info_map", shi != 0, "%s", rc_name(err)))
        return;
    if (!check_rc("user_setup", tg_user_setup(si), 0) || !check_rc("stack_switch", tg_stack_switch(), 0))
        return;
    static const unsigned vecs[] = { TRAP_BP, TRAP_UD, TRAP_GP, TRAP_PF };
    trap_table_clear(table);
    for (unsigned i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        trap_on(vecs[i], tg_trap_log);
        trap_set(table, vecs[i], 0, 0 /* int3 reaches #BP from rings 1 and 3 anyway; DPL 3 is for 0x80 only */);
    }
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;

    const struct tg_fixup fx[] = {
        { TG_UVA(u_traps_ud2), TG_UVA(u_traps_ud2_next) },
        { TG_UVA(u_traps_wr), TG_UVA(u_traps_wr_next) },
        { TG_UVA(u_traps_rd), TG_UVA(u_traps_rd_next) },
        { TG_UVA(u_traps_rdk), TG_UVA(u_traps_rdk_next) },
        { TG_UVA(u_traps_int40), TG_UVA(u_traps_int40_next) },
    };
    tg_fixups_set(fx, sizeof fx / sizeof fx[0], TG_UVA(u_traps_done));
    tg_traps_reset();
    long rc = user_enter(TG_UVA(u_traps), TG_USER_STACK_TOP, 0);
    check_true("returned", rc == 0, "user_enter gave %ld (-2: unexpected trap, -3: too many)", rc);

    check_r3("bp", 0, TRAP_BP, 0, ~0UL, u_traps_int3_next);
    check_r3("ud", 1, TRAP_UD, 0, ~0UL, u_traps_ud2);
    check_r3("pf_write_code", 2, TRAP_PF, PF_ERR_P | PF_ERR_W | PF_ERR_U, 0x1F, u_traps_wr);
    check_cr2("pf_write_code", 2, TG_USER_CODE);
    check_r3("pf_unmapped", 3, TRAP_PF, PF_ERR_U, 0x1F, u_traps_rd);
    check_cr2("pf_unmapped", 3, TG_USER_UNMAPPED);
    check_r3("pf_kernel", 4, TRAP_PF, PF_ERR_P | PF_ERR_U, 0x1F, u_traps_rdk);
    check_cr2("pf_kernel", 4, RW_VIRT_BASE);
    check_r3("gp_int40", 5, TRAP_GP, 2, 3, u_traps_int40);
    check_r3("done", 6, TRAP_UD, 0, ~0UL, u_traps_done);
    check_true("count", tg_ntraps == 7, "%d traps delivered, expected 7", tg_ntraps);
}

/* syscall: int $0x80 from ring 3. Without a trap_info entry for 0x80 it raises #GP
 * (delivered to the #GP handler). With the entry (DPL 3) it is a direct DPL-3 trap gate to
 * the guest's ring-1 handler on the stack_switch stack: ring 3 (user_code.S, u_syscall)
 * calls write three times, yield, add(40, 2), an unknown number and exit(0), checking
 * each answer in ring 3; exit returns to the kernel, which reports. */
#include "trapsutil.h"
#include "scenarios.h"

_Static_assert(TG_ENOSYS == RW_ENOSYS, "ENOSYS");

static struct trap_info table[TRAP_TABLE_SIZE];

static struct {
    int calls, writes, bad_frame, bad_if, bad_write;
    uint64_t cs, ss, frame_end, handler_cs, rflags_in;
    long add_result;
} sys;

static void sys_handler(struct trap_frame *f)
{
    uint16_t hcs;
    uint64_t rfl;
    __asm__ volatile("mov %%cs, %0" : "=r"(hcs));
    __asm__ volatile("pushfq; pop %0" : "=r"(rfl));
    if (sys.calls++ == 0) {
        sys.cs = f->cs;
        sys.ss = f->ss;
        sys.frame_end = (uint64_t)&f->ss + 8;
        sys.handler_cs = hcs;
        sys.rflags_in = rfl;
    }
    if (f->cs != FLAT_RING3_CS || f->ss != FLAT_RING3_SS || (uint64_t)&f->ss + 8 != TG_KSTACK_TOP || hcs != FLAT_RING1_CS)
        sys.bad_frame++;
    if (!(rfl & 0x200))
        sys.bad_if++;
    switch (f->rax) {
    case TG_SYS_write: {
        static const char expect[] = "hello from ring 3 via int 0x80\n";
        char buf[128];
        uint64_t p = f->rdi, len = f->rsi;
        if (p < TG_USER_BASE || len > sizeof buf || p + len > TG_USER_STACK_TOP) {
            f->rax = (uint64_t)-RW_EFAULT;
            sys.bad_write++;
            break;
        }
        user_access_begin();
        memcpy(buf, (const void *)p, len);
        user_access_end();
        if (len != sizeof expect - 1 || memcmp(buf, expect, len) != 0)
            sys.bad_write++;
        console_puts("testguest: ring 3 wrote: ");
        console_write(buf, len);
        sys.writes++;
        f->rax = len;
        break;
    }
    case TG_SYS_yield:
        f->rax = (uint64_t)HYPERVISOR_sched_op(SCHEDOP_yield, 0);
        break;
    case TG_SYS_add:
        f->rax = f->rdi + f->rsi;
        break;
    case TG_SYS_exit:
        user_return(f, (long)f->rdi);
        break;
    default:
        f->rax = (uint64_t)-RW_ENOSYS;
        break;
    }
}

void scenario_syscall(struct start_info *si)
{
    if (!check_rc("user_setup", tg_user_setup(si), 0) || !check_rc("stack_switch", tg_stack_switch(), 0))
        return;
    trap_table_clear(table);
    static const unsigned vecs[] = { TRAP_BP, TRAP_UD, TRAP_GP, TRAP_PF };
    for (unsigned i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
        trap_on(vecs[i], tg_trap_log);
        trap_set(table, vecs[i], 0, 0 /* int3 reaches #BP from rings 1 and 3 anyway; DPL 3 is for 0x80 only */);
    }
    if (!check_rc("set_trap_table", trap_table_load(table), 0))
        return;

    /* No gate yet: #GP at the int $0x80. */
    const struct tg_fixup fx[] = { { TG_UVA(u_int80), TG_UVA(u_int80_done) } };
    tg_fixups_set(fx, 1, TG_UVA(u_int80_done));
    tg_traps_reset();
    long rc = user_enter(TG_UVA(u_int80), TG_USER_STACK_TOP, 0);
    check_true("no_gate.returned", rc == 0, "user_enter gave %ld", rc);
    tg_check_trap("no_gate_gp", 0, TRAP_GP, 2, 3, TG_UVA(u_int80), FLAT_RING3_CS, FLAT_RING3_SS, TG_USER_STACK_TOP);

    /* The gate. */
    trap_on(TRAP_SYSCALL, sys_handler);
    trap_set(table, TRAP_SYSCALL, 0, 3);
    if (!check_rc("set_trap_table_gate", trap_table_load(table), 0))
        return;
    tg_fixups_set(0, 0, 0);
    tg_traps_reset();
    memset(&sys, 0, sizeof sys);
    rc = user_enter(TG_UVA(u_syscall), TG_USER_STACK_TOP, 0);
    check_true("ring3_checks", rc == 0, "ring 3 exit code %ld (1 write, 2 yield, 3 add, 4 unknown, 5 r12, 6 exit "
                                        "returned; -2/-3 unexpected trap)", rc);
    check_true("calls", sys.calls == 7, "%d system calls, expected 7", sys.calls);
    check_true("writes", sys.writes == 3 && sys.bad_write == 0, "%d writes, %d bad", sys.writes, sys.bad_write);
    check_true("frame", sys.cs == FLAT_RING3_CS && sys.ss == FLAT_RING3_SS, "cs %lx ss %lx", (unsigned long)sys.cs,
               (unsigned long)sys.ss);
    check_true("stack", sys.frame_end == TG_KSTACK_TOP, "frame ends at %lx, stack_switch top %lx",
               (unsigned long)sys.frame_end, (unsigned long)TG_KSTACK_TOP);
    check_true("handler_ring1", sys.handler_cs == FLAT_RING1_CS, "handler CS %lx", (unsigned long)sys.handler_cs);
    check_true("every_call_same", sys.bad_frame == 0, "%d calls with another frame", sys.bad_frame);
    check_true("gate_keeps_if", sys.bad_if == 0, "IF clear in %d calls (rflags %lx)", sys.bad_if,
               (unsigned long)sys.rflags_in);
    check_true("no_traps", tg_ntraps == 0, "%d exceptions during the system calls", tg_ntraps);
}

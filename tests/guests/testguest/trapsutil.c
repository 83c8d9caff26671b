/* Shared parts of the trap scenarios (see trapsutil.h). */
#include "trapsutil.h"

struct tg_trap tg_traps[TG_TRAPS_MAX];
int tg_ntraps;
char tg_kstack[TG_KSTACK_SIZE] __attribute__((aligned(16)));
int tg_stack_switched;

static uint64_t armed_resume;
static struct tg_fixup fixups[16];
static int nfixups;
static uint64_t done_rip;
static int user_traps;

void tg_traps_reset(void)
{
    memset(tg_traps, 0, sizeof tg_traps);
    tg_ntraps = 0;
    user_traps = 0;
}

const struct tg_trap *tg_trap_get(int n)
{
    return n >= 0 && n < tg_ntraps && n < TG_TRAPS_MAX ? &tg_traps[n] : 0;
}

void tg_arm(const void *resume)
{
    armed_resume = (uint64_t)resume;
}

void tg_fixups_set(const struct tg_fixup *fx, int n, uint64_t done)
{
    nfixups = n < 16 ? n : 16;
    memcpy(fixups, fx, sizeof fixups[0] * (size_t)nfixups);
    done_rip = done;
    user_traps = 0;
}

void tg_trap_log(struct trap_frame *f)
{
    uint16_t hcs;
    __asm__ volatile("mov %%cs, %0" : "=r"(hcs));
    if (tg_ntraps < TG_TRAPS_MAX) {
        struct tg_trap *t = &tg_traps[tg_ntraps];
        t->vector = f->vector;
        t->error = f->error;
        t->rip = f->rip;
        t->cs = f->cs;
        t->ss = f->ss;
        t->rsp = f->rsp;
        t->rflags = f->rflags;
        t->cr2 = f->vector == TRAP_PF ? trap_cr2() : 0;
        t->frame_end = (uint64_t)&f->ss + 8;
        t->handler_cs = hcs;
        const uint64_t r[15] = { f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->r8,
                                 f->r9, f->r10, f->r11, f->r12, f->r13, f->r14, f->r15 };
        memcpy(t->regs, r, sizeof r);
    }
    tg_ntraps++;

    if (!trap_from_user(f)) {
        if (armed_resume) {
            f->rip = armed_resume;
            armed_resume = 0;
            return;
        }
        if (f->vector == TRAP_BP)
            return;
        trap_print("testguest: unexpected trap in ring 1", f);
        guest_crash();
    }
    if (++user_traps > 32) {
        user_return(f, -3);
        return;
    }
    if (done_rip && f->rip == done_rip) {
        user_return(f, 0);
        return;
    }
    /* #BP is a trap: RIP is already after the int3 (and may equal the next fixup's
     * instruction), so it just continues. */
    if (f->vector == TRAP_BP)
        return;
    for (int i = 0; i < nfixups; i++) {
        if (fixups[i].insn == f->rip) {
            f->rip = fixups[i].resume;
            return;
        }
    }
    trap_print("testguest: unexpected trap in ring 3", f);
    user_return(f, -2);
}

long tg_stack_switch(void)
{
    long rc = stack_switch((void *)TG_KSTACK_TOP);
    if (rc == 0)
        tg_stack_switched = 1;
    return rc;
}

int tg_check_trap(const char *name, int n, uint64_t vector, uint64_t err, uint64_t err_mask,
                  uint64_t rip, uint64_t cs, uint64_t ss, uint64_t rsp)
{
    char check[64];
    const struct tg_trap *t = tg_trap_get(n);
    snprintf(check, sizeof check, "%s.delivered", name);
    if (!check_true(check, t != 0, "%d traps delivered, wanted record %d", tg_ntraps, n))
        return 0;
    snprintf(check, sizeof check, "%s.frame", name);
    int ok = t->vector == vector && (t->error & err_mask) == err && t->rip == rip && t->cs == cs &&
             t->ss == ss && t->rsp == rsp;
    return check_true(check, ok,
                      "vector %lu error %lx rip %lx cs %lx ss %lx rsp %lx; expected vector %lu error&%lx=%lx "
                      "rip %lx cs %lx ss %lx rsp %lx",
                      (unsigned long)t->vector, (unsigned long)t->error, (unsigned long)t->rip,
                      (unsigned long)t->cs, (unsigned long)t->ss, (unsigned long)t->rsp, (unsigned long)vector,
                      (unsigned long)err_mask, (unsigned long)err, (unsigned long)rip, (unsigned long)cs,
                      (unsigned long)ss, (unsigned long)rsp);
}

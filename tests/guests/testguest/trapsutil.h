/* Shared parts of the trap scenarios: a log of delivered traps, the recording handler
 * with its resume rules, the ring-1 stack for stack_switch, the ring-1 triggers
 * (traps_code.S), and the user area (user.c, user_code.S). */
#ifndef TESTGUEST_TRAPSUTIL_H
#define TESTGUEST_TRAPSUTIL_H

#include "report.h"
#include "tg_user.h"

/* One delivered trap as the handler saw it. */
struct tg_trap {
    uint64_t vector, error, rip, cs, ss, rsp, rflags;
    uint64_t cr2;        /* trap_cr2() for #PF */
    uint64_t frame_end;  /* address just above the frame's SS */
    uint64_t handler_cs; /* %cs inside the handler */
    uint64_t regs[15];   /* rax rbx rcx rdx rsi rdi rbp r8..r15 */
};
#define TG_TRAPS_MAX 16
extern struct tg_trap tg_traps[TG_TRAPS_MAX];
extern int tg_ntraps; /* total since tg_traps_reset; tg_traps keeps the first TG_TRAPS_MAX */

void tg_traps_reset(void);
/* Record n (0-based), or NULL when fewer were delivered. */
const struct tg_trap *tg_trap_get(int n);

/* Resume rules of tg_trap_log:
 * - from ring 1: f->rip = the armed resume address (tg_arm), disarmed after one trap; a
 *   #BP with nothing armed continues; anything else crashes the domain (no loops);
 * - from ring 3: a frame whose rip is tg_done_rip returns to the kernel (user_return 0);
 *   a #BP continues (RIP is after the int3); a rip found in the fixup list resumes at its
 *   pair; anything else
 *   returns to the kernel with -2 (after 32 ring-3 traps: -3). */
void tg_arm(const void *resume);
struct tg_fixup { uint64_t insn, resume; };
void tg_fixups_set(const struct tg_fixup *fx, int n, uint64_t done_rip);
void tg_trap_log(struct trap_frame *f);

/* The ring-1 stack for traps and system calls from ring 3. */
#define TG_KSTACK_SIZE 16384
extern char tg_kstack[TG_KSTACK_SIZE];
#define TG_KSTACK_TOP ((uint64_t)(tg_kstack + TG_KSTACK_SIZE))
/* stack_switch(TG_KSTACK_TOP), remembering that it was done (nohandler3 needs a domain
 * that never did it). */
long tg_stack_switch(void);
extern int tg_stack_switched;

/* User area (L4 slot 2): code page with user_code.S, data page, stack page. Built once;
 * later calls return 0 at once. 0 or the failing step's error (reported as FAIL lines). */
long tg_user_setup(struct start_info *si);
extern const char tg_user_blob_start[], tg_user_blob_end[];
#define TG_UVA(sym) (TG_USER_CODE + (uint64_t)((const char *)(sym) - tg_user_blob_start))
extern const char u_traps[], u_traps_int3[], u_traps_int3_next[], u_traps_ud2[], u_traps_ud2_next[],
    u_traps_wr[], u_traps_wr_next[], u_traps_rd[], u_traps_rd_next[], u_traps_rdk[], u_traps_rdk_next[],
    u_traps_int40[], u_traps_int40_next[], u_traps_done[], u_syscall[], u_int80[], u_int80_done[], u_ud2[];

/* Ring-1 triggers (traps_code.S). */
extern uint64_t tg_fault_rsp, tg_alt_hits;
extern uint64_t tg_regs_after[15];
extern const uint64_t tg_regs_pattern[15];
extern const char tg_alt_entry_6[], tg_alt_entry_13[];
#define TG_DECL_TRIGGER(name, ...) \
    uint64_t name(__VA_ARGS__); \
    extern const char name##_insn[], name##_resume[];
TG_DECL_TRIGGER(tg_r1_de, void)
TG_DECL_TRIGGER(tg_r1_int3, void)
TG_DECL_TRIGGER(tg_r1_ud2, void)
TG_DECL_TRIGGER(tg_r1_int40, void)
TG_DECL_TRIGGER(tg_r1_read, uint64_t va)
TG_DECL_TRIGGER(tg_r1_write, uint64_t va)
TG_DECL_TRIGGER(tg_r1_regs, void)
TG_DECL_TRIGGER(tg_r1_badstack, uint64_t rsp)

/* Checks one record: "<name>.delivered" then "<name>.frame" (vector, error unless
 * err_mask is 0, rip, cs, ss, rsp) with err compared as (error & err_mask) == err. */
int tg_check_trap(const char *name, int n, uint64_t vector, uint64_t err, uint64_t err_mask,
                  uint64_t rip, uint64_t cs, uint64_t ss, uint64_t rsp);

#endif

/* The privileged scenario's case table (priv_cases.inc), shared by C and assembly. */
#ifndef TESTGUEST_PRIV_CASES_H
#define TESTGUEST_PRIV_CASES_H

/* What each case expects (low byte) and flags. */
#define PX_GP0    1      /* #GP, error code 0 */
#define PX_GPUD   2      /* #GP(0) or #UD (the CPU decides; reported) */
#define PX_GPSEL  3      /* #GP with a selector error code (iretq to CS 0x08: 0x08) */
#define PX_GPIDT  4      /* #GP with the IDT bit (int n through a gate above the CPL) */
#define PX_NONE   5      /* no exception (not privileged) */
#define PX_UMIP   6      /* no exception, or #GP(0) with UMIP (reported) */
#define PX_KIND   0xFF
#define PX_R3ONLY 0x100  /* not run in ring 1 */
#define PX_PUSHES 0x200  /* RSP at the instruction is not the entry RSP (ring 3 RSP unchecked) */

#ifndef __ASSEMBLER__
#include <rwlib/types.h>
/* One entry per case: addresses in the image (ring 3: of the blob copy in the image). */
struct priv_case {
    const char *name;
    uint64_t start, insn, resume, done, expect; /* done: ring 3 only, the final ud2 */
};
extern const struct priv_case tg_priv_r1_table[], tg_priv_r1_table_end[];
extern const struct priv_case tg_priv_r3_table[], tg_priv_r3_table_end[];
extern uint64_t tg_priv_rsp; /* RSP just before the ring-1 instruction */
/* Calls a ring-1 case at start (saving the callee-saved registers around it). */
void tg_priv_call(uint64_t start);
#endif

#endif

/* Shared parts of the vcpus and a15 scenarios (vcpus_code.S). */
#ifndef TESTGUEST_VCPUS_H
#define TESTGUEST_VCPUS_H

#include <rwlib/rwlib.h>

uint64_t tg_probe_write(uint64_t va, uint64_t value);
extern const char tg_probe_write_insn[], tg_probe_write_resume[];
uint64_t tg_hcall_regs(uint64_t nr);

/* A #PF or #GP at tg_probe_write_insn resumes at tg_probe_write_resume with RAX =
 * (vector << 32) | error code | 1 << 63. */
void tg_probe_fault(struct trap_frame *f);
#define TG_PROBE_FAULTED(r) (((r) >> 63) != 0)
#define TG_PROBE_VECTOR(r) (((r) >> 32) & 0xFF)
#define TG_PROBE_ERROR(r) ((r) & 0xFFFF)

/* vCPU 1's stack. */
#define TG_V1_STACK_SIZE 16384
extern char tg_v1_stack[TG_V1_STACK_SIZE];

#endif

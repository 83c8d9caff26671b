/* More vCPUs (vcpu_op). A domain has the vCPUs its vcpus= option gives it; vCPU 0 starts
 * at boot, the others when the guest starts them. A started vCPU runs entry(arg) in ring 1
 * on its own stack with events masked and nothing registered: it loads its own trap table
 * and callbacks. entry must never return (it may VCPUOP_down itself, or end the domain). */
#ifndef RWLIB_VCPU_H
#define RWLIB_VCPU_H

#include <rwlib/types.h>

typedef void (*vcpu_entry_fn)(uint64_t arg);

/* VCPUOP_initialise (on the caller's page tables) then VCPUOP_up. stack_top must be
 * 16-byte aligned; entry is entered as if called (a 0 return address at stack_top - 8).
 * 0 or the first error. */
long vcpu_start(unsigned int vcpu, vcpu_entry_fn entry, void *stack_top, uint64_t arg);

/* The domain's vCPU count: VCPUOP_is_up answers -ENOENT past the last one. */
unsigned int vcpu_count(void);

#endif

/* mmuext_op batches the fuzzer can account for: issued with a valid pdone, so exactly
 * the first *done elements took effect, and the model (pool.h, the current base) is
 * updated for those. Batches with odd pdone pointers go through fz_ext_taint instead. */
#ifndef FUZZ_EXT_H
#define FUZZ_EXT_H

#include <rwlib/rwlib.h>

/* vCPU 0's current base as the fuzzer knows it (starts as the bootstrap L4). */
extern unsigned long fz_base;

/* 1 when vCPU 0 may run on mfn: the bootstrap L4, or a pool frame holding an FZ_L4GOOD L4. */
int fz_base_ok(unsigned long mfn);

/* A frame vCPU 0 may run on: the bootstrap L4 or a pool frame (pool_only: never the
 * bootstrap L4); 0 when there is none. */
unsigned long fz_good_l4(int pool_only);

/* One element. */
struct mmuext_op fz_ext(unsigned cmd, uint64_t arg1, uint64_t arg2);

/* Runs n elements (n <= 64) as one mmuext_op from scratch memory; *done (if not NULL)
 * gets the number done. Returns the call's result. */
long fz_ext_run(const struct mmuext_op *ops, unsigned n, unsigned *done);

/* The model after element op took effect. */
void fz_ext_apply(const struct mmuext_op *op);

/* The model after elements that may or may not have taken effect. */
void fz_ext_taint(const struct mmuext_op *ops, unsigned n);

/* One NEW_BASEPTR (counted, model updated). */
long fz_switch_base(unsigned long mfn);

#endif

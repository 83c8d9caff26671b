/* Surviving its own operations: the fuzzer's trap handlers (every exception vector goes
 * to the library's stubs and from there to fz's trap_handler), a setjmp/longjmp pair the
 * handler resumes through, probes (reads that may fault: the fault is caught and
 * reported to the caller) and the iteration guard (an unexpected fault in an iteration
 * is counted as a self fault, printed, and the main loop goes on with the next one). */
#ifndef FUZZ_GUARD_H
#define FUZZ_GUARD_H

#include <rwlib/rwlib.h>

struct fz_jmp {
    uint64_t rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* 0 when called; the value given to the resume when a fault comes back here. */
int fz_setjmp(struct fz_jmp *j) __attribute__((returns_twice));

/* Installs the handlers for vectors 0..31 and the event callback. 0 or the VMM's error. */
long fz_guard_init(void);

/* Reloads the fuzzer's own trap table and event callback (after a random one was accepted). */
void fz_guard_restore(void);

/* The iteration guard: the main loop's resume point. */
extern struct fz_jmp fz_loop_jmp;
extern volatile int fz_loop_armed;

/* Reads 8 bytes at va (with RFLAGS.AC set, for SMAP). 0 and *out, or -(vector + 1) when it
 * faulted (then *cr2 is the #PF address, if cr2 != NULL). */
int fz_probe_read(uint64_t va, uint64_t *out, uint64_t *cr2);

/* Loads FS with sel (a #GP for a bad descriptor is caught); 0 or -(vector + 1). */
int fz_probe_load_fs(uint16_t sel);

/* Checks the fuzzer's canary page and code checksum; an anomaly if either changed. */
void fz_self_check(void);
void fz_self_check_init(void);

#endif

/* fuzz: the hypercall fuzzer guest (docs/fuzz.md). Shared declarations: the command-line
 * configuration, the operation families the main loop draws from, and the counters the
 * final report prints. Each family lives in its own file. */
#ifndef FUZZ_H
#define FUZZ_H

#include <rwlib/rwlib.h>

/* Shapes that break the unfixed VMM (issue 9), each avoidable with avoid=<name>,...:
 *   basebatch  a NEW_BASEPTR followed by more elements in the same batch or multicall
 *              (findings 1 and 2: a stale root copy, later elements walked through a
 *              base the call no longer holds); avoided: NEW_BASEPTR only as the last
 *              element of the last entry;
 *   mclong     multicalls that run more than 64 entries (finding 3, one unpreemptible
 *              entry); avoided: the aliasing arrays end after at most 64 entries;
 *   superlong  L2 tables with more than two 2 MiB entries (finding 4: validation,
 *              devalidation and teardown cost 512 x 512 per table);
 *   forged     only the forged-table shape of finding 2 (basebatch includes it), so that
 *              the other base-switching batches (finding 1's) can be run alone. */
#define FZ_AVOID_BASEBATCH 1u
#define FZ_AVOID_MCLONG    2u
#define FZ_AVOID_SUPERLONG 4u
#define FZ_AVOID_FORGED    8u

struct fz_config {
    uint64_t seed;
    uint64_t calls;         /* stop after this many hypercalls */
    uint64_t progress;      /* a progress line every this many calls */
    uint64_t trace_from;    /* print calls numbered [trace_from, trace_to) */
    uint64_t trace_to;
    unsigned avoid;         /* FZ_AVOID_* */
    unsigned pool;          /* sacrificial frames for page-table trees */
    unsigned alias_pages;   /* pages of the region that aliases one frame (multiple of 512) */
    int vcpu1_valid;        /* vCPU 1 runs the well-behaved loop (else it gets an accepted hostile context) */
    uint64_t selfcheck;     /* check the bootstrap tables' types every this many iterations (0: never) */
};

extern struct fz_config fz_cfg;
extern uint64_t fz_iter;             /* the current iteration (one operation) */

static inline int fz_avoiding(unsigned what) { return (fz_cfg.avoid & what) != 0; }

/* Parses the command line into fz_cfg; 0, or -1 with a message printed. */
int fz_config_parse(const struct start_info *si);
/* "basebatch,mclong" or "none". */
const char *fz_avoid_names(unsigned avoid, char *buf, size_t len);

/* The operation families (one iteration runs one of them). */
void fz_op_tree(void);       /* trees.c: structured page-table tree mutations */
void fz_op_batch(void);      /* batch.c: mmu_update / mmuext_op batches going bad */
void fz_op_multicall(void);  /* multicall.c */
void fz_op_uvm(void);        /* uvm.c: update_va_mapping */
void fz_op_vcpu(void);       /* vcpus.c */
void fz_op_evtchn(void);     /* evtchn.c: event channels */
void fz_op_sched(void);      /* sched.c: timers, yield, poll, block */
void fz_op_descr(void);      /* descr.c: trap tables, callbacks, stacks, descriptor tables */
void fz_op_misc(void);       /* misc.c: console, version, unimplemented numbers, raw gate */
void fz_op_random(void);     /* random.c: any hypercall number with generated arguments */
void fz_op_probe(void);      /* probe.c: translation check of the current base */

/* The bootstrap page tables must never be mappable writable: an anomaly if one is
 * (uvm.c; uncounted calls, so the numbering of a replay does not change). */
void fz_check_boot_tables(void);

/* Set-up of the families that keep state (in main.c's order). */
int fz_vcpus_init(void);
int fz_evtchn_init(void);
int fz_descr_init(void);

#endif

/* The frames the fuzzer plays with, and what it believes about them.
 *  - the superpage extent: 512 machine-contiguous, 2 MiB-aligned frames of the domain
 *    (when it has such a run outside its bootstrap region), used only as data;
 *  - dedicated frames (the low area, tag frames, the descriptor-table frame);
 *  - the sacrificial pool (fz_cfg.pool frames) from which page-table trees are built
 *    and mutated; each has a model (believed level, pinned, what its contents are);
 *  - data frames (the rest of the free frames): mapping targets;
 *  - frames that are not the domain's: others', the VMM's, beyond machine memory.
 * Frame generators pick from these for a given use, never handing the fuzzer's own
 * bootstrap frames to an operation that could change them unless it must be refused. */
#ifndef FUZZ_POOL_H
#define FUZZ_POOL_H

#include <rwlib/rwlib.h>

/* What a sacrificial frame holds, as far as the fuzzer knows. */
enum fz_content {
    FZ_UNKNOWN = 0,   /* anything: never a base for vCPU 0 */
    FZ_ZERO,          /* all zero */
    FZ_TABLE,         /* entries the fuzzer wrote for its level */
    FZ_L4GOOD,        /* an L4 that keeps every protected slot of the bootstrap L4 */
};

struct fz_frame {
    unsigned long pfn, mfn;
    uint8_t level;        /* believed validated as this level (0: none) */
    uint8_t pinned;
    uint8_t content;      /* enum fz_content */
    unsigned supers;      /* 2 MiB entries written into it (an upper bound) */
};

extern struct fz_frame *fz_pool;
extern unsigned fz_pool_count;
extern unsigned long fz_extent_mfn;    /* first frame of the extent, or 0 when none */
extern unsigned long fz_frames_est;    /* machine frames (from the M2P table's extent) */

/* Finds the extent, the foreign frames and the machine size, reserves the pool. */
long fz_pool_init(void);

/* Frames kept for the structured stale-root shape (trees.c) only: no generator ever
 * hands them out, so they are in a known state when it starts. */
#define FZ_RESERVE 8
extern struct fz_frame fz_reserve[FZ_RESERVE];

/* After every fz_dedicated(): the remaining free frames become data frames. */
void fz_pool_seal(void);

/* A free pfn for the fuzzer's own fixed structures (never an extent frame). */
unsigned long fz_dedicated(void);

/* The pool entry of machine frame mfn, or NULL. */
struct fz_frame *fz_frame_of(unsigned long mfn);

/* A random pool frame; with level >= 0, preferably one believed to be of that level. */
struct fz_frame *fz_pick(int level);

/* Uses of a frame number a generator serves. */
enum fz_use {
    FZ_USE_DESTROY,   /* COPY/CLEAR destination, update_descriptor: never the fuzzer's own frames */
    FZ_USE_READ,      /* COPY source, set_gdt frame: anything */
    FZ_USE_PIN,       /* pin/unpin/new base: never unpins or replaces what the fuzzer runs on */
    FZ_USE_MAP,       /* an L1 entry's target */
    FZ_USE_LINK,      /* an L2..L4 entry's target (a table one level down; never a bootstrap
                       * table: linked elsewhere, update_va_mapping there would change the
                       * fuzzer's own mappings) */
};

/* A machine frame number for `use` (level: the table level linking it, for LINK). */
uint64_t fz_frame_for(enum fz_use use, int level);

/* 1 when mfn may be one of the domain's frames (inside the range its frames span). */
int fz_own_mfn(uint64_t mfn);

/* 1 when mfn is one of the domain's frames (M2P and P2M agree; safe for any value). */
int fz_owned(uint64_t mfn);

/* A frame that is not the domain's (or does not exist). */
uint64_t fz_foreign_frame(void);

/* A tag frame (its first word is its own machine frame number) or a data frame. */
unsigned long fz_data_mfn(void);

/* Marks mfn's pool entry (if any) as FZ_UNKNOWN: something may write or retype it. */
void fz_taint(uint64_t mfn);

#endif

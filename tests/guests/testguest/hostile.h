/* Helpers of the isolation-break scenarios (a10root.c, a11batch.c, a12multicall.c,
 * a12super.c; security scenarios A10-A12 of issue 9): frames filled through a window,
 * single and batched mmuext_ops, fault-tolerant probes, and what a guest can learn
 * about machine memory (its own frames, the M2P, the sentinel's marker). */
#ifndef TESTGUEST_HOSTILE_H
#define TESTGUEST_HOSTILE_H

#include "trapsutil.h"
#include "scenarios.h"

/* The sentinel bystander's page marker (tests/guests/sentinel/sentinel.h). */
#define HX_MARKER_LO 0x4C4C4157474E4952UL   /* "RINGWALL" */
#define HX_MARKER_HI 0x215445524345532DUL   /* "-SECRET!" */
/* The bystander fills the free pfns from the 4 MiB boundary on (its bootstrap region
 * ends there): pfns HX_SENTINEL_PFN.. are the ones an attacker aims at. */
#define HX_SENTINEL_PFN 1024UL

#define HX_TABLE (PTE_P | PTE_RW | PTE_A)          /* flags of a table link */
#define HX_SLOT_VA(slot) ((uint64_t)(slot) << 39)    /* first VA of a low L4 slot */

/* 1 when rc is 0, else FAIL "setup" naming `what` and the error, and 0. */
int hx_step(const char *what, long rc);

static inline uint64_t hx_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* A free frame (FAIL "frames" and RW_INVALID_PFN when there is none). */
unsigned long hx_frame(void);
static inline unsigned long hx_mfn(unsigned long pfn) { return pfn_to_mfn(pfn); }
static inline uint64_t hx_link(unsigned long pfn) { return ((uint64_t)pfn_to_mfn(pfn) << 12) | HX_TABLE; }

/* Writes the 512 words of src (NULL: zeroes) into frame pfn through window slot
 * TG_SLOT_ATTACK. 0 or the VMM's error. */
long hx_fill(unsigned long pfn, const uint64_t *src);
/* Reads frame pfn into dst (512 words) through a read-only window mapping. */
long hx_read(unsigned long pfn, uint64_t *dst);
/* A copy of the current bootstrap L4 (read through its read-only mapping). */
void hx_l4_image(uint64_t *dst);

struct mmuext_op hx_op(unsigned int cmd, uint64_t arg1, uint64_t arg2);
/* One mmuext_op; a batch of n (pdone into *done when done != NULL). */
long hx_op1(unsigned int cmd, uint64_t arg1, uint64_t arg2);
long hx_ops(const struct mmuext_op *ops, unsigned int n, rw_u32 *done);
/* One multicall entry holding an inner mmuext_op batch (ops, n, pdone NULL). */
void hx_mc_ext(struct multicall_entry *e, const struct mmuext_op *ops, unsigned int n);

/* Shared info plus #PF and #GP handlers that record the trap (trapsutil.h) and
 * resume an armed probe. 1 when installed (else a FAIL line was printed). */
int hx_handlers(void);
/* Loads that trap table on the calling vCPU (another vCPU of the domain). */
long hx_load_traps(void);
/* Reads 8 bytes at va: 0 and *value when the read worked, the vector (14, 13) when it
 * faulted. */
int hx_probe(uint64_t va, uint64_t *value);

/* Writes the 8 bytes at va (the value 0x5a): 0 when it worked, else the vector. */
int hx_poke(uint64_t va);

/* 1 when machine frame mfn is this domain's (its M2P entry names a pfn whose P2M
 * entry is mfn). */
int hx_own(unsigned long mfn);
/* The machine's frame count as the M2P shows it (entries readable up to there; at
 * most 1 GiB of frames are looked at). */
unsigned long hx_machine_frames(void);
/* Machine frames of other domains whose M2P entry is a pfn in [first, first + n)
 * (the sentinel's frames, when first = HX_SENTINEL_PFN): up to max of them in out;
 * returns how many were found. */
int hx_foreign_frames(unsigned long first, unsigned long n, unsigned long *out, int max);

/* Yields until ms of system time have passed (lets the bystander fill its frames). */
void hx_settle(unsigned long ms);

#endif

/* Machine memory as a forged mapping would show it: va_base + m is meant to read
 * machine address m (for m below coverage bytes). Reports check ok when a read of
 * the first foreign frame there faults; else FAIL with what was read: the number of
 * foreign frames readable and of those holding the sentinel marker, which are
 * overwritten (word 3) when `write` is set, so the bystander reports it too. */
int hx_forged_walk(const char *check, uint64_t va_base, uint64_t coverage, int write);

/* 512 2-MiB entries mapping machine memory [first_mb * 1 MiB, +1 GiB) (an L2 no VMM
 * should ever let the CPU walk). */
void hx_superpage_l2(uint64_t *dst, uint64_t first);

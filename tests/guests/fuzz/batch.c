/* mmu_update and mmuext_op batches whose later elements go bad: an element naming a bad
 * frame, a foreign frame or a VMM-range address, a misaligned ptr, an unknown command,
 * an array that runs into unmapped memory; counts near 2^32 (arrays in the low area, or
 * over the alias region where every page is one frame), MMU_UPDATE_PREEMPTED set by
 * hand with a chosen *pdone, and pdone pointing at odd places (NULL, unmapped, read-only,
 * misaligned, the VMM's range, inside the array itself). */
#include "fuzz.h"
#include "addr.h"
#include "call.h"
#include "entries.h"
#include "ext.h"
#include "layout.h"
#include "pool.h"
#include "probe.h"
#include "rng.h"

#define PREEMPTED 0x80000000u

static uint64_t count_for(unsigned n, int huge_ok, uint32_t *preset, int *hand_preempted)
{
    *hand_preempted = 0;
    switch (huge_ok ? fz_below(10) : 9) {
    case 0: return 0xFFFFFFFFu;
    case 1: return 0xFFFFFFFFu - (uint32_t)fz_below(64);
    case 2: return 0x7FFFFFFFu;
    case 3:
        *hand_preempted = 1;
        *preset = (uint32_t)fz_wild();
        return (uint64_t)n | PREEMPTED;
    case 4: return 0x100000000ULL + fz_below(4);     /* more than 32 bits: refused */
    case 5: return 0;
    default: return n;
    }
}

static rw_u32 pdone_slot;       /* the valid pdone: the fuzzer's own word, never an array's */
static uint64_t masks[64];      /* vCPU bitmaps (only read by the VMM) */

/* Mostly short (like real batches), sometimes up to 64, now and then longer than one
 * preemption piece. */
static unsigned batch_length(unsigned longest)
{
    unsigned r = (unsigned)fz_below(20);
    return r < 14 ? (unsigned)fz_range(1, 8) : r < 19 ? (unsigned)fz_range(9, 64) : (unsigned)fz_range(65, longest);
}

/* The pdone argument: valid (1 in 2), or an odd place. Inside the array it only ever
 * lands on the field at `field` of an element of `size` bytes (a val, a src_mfn), where
 * a running total can do no harm. *valid tells which. */
static uint64_t pdone_for(void *array, unsigned n, size_t size, size_t field, int *valid)
{
    *valid = 0;
    switch (fz_below(12)) {
    case 0: return 0;
    case 1: return (uint64_t)array + fz_below(n) * size + field;                         /* inside the array */
    case 2: return fz_readonly_addr();
    case 3: return fz_bad_addr();
    case 4: return (uint64_t)fz_arena_take(16) + fz_range(1, 3);   /* misaligned */
    case 5: return FZ_ALIAS_VA + fz_alias_bytes - 2;                                   /* straddles into unmapped */
    default:
        *valid = 1;
        return (uint64_t)&pdone_slot;
    }
}

static uint32_t foreigndom(void)
{
    if (fz_chance(7, 8))
        return DOMID_SELF;
    return fz_chance(1, 2) ? (uint32_t)fz_below(4) : (uint32_t)fz_wild();
}

/* Places n elements of `size` bytes: the arena, or the low area (huge counts need an
 * address whose end does not wrap). With a bad index, the array may be placed so that
 * element `bad` starts in unmapped memory. */
static void *place(unsigned n, size_t size, int low, int bad, int run_out)
{
    if (run_out && bad > 0) {
        char *end = low ? (char *)FZ_LOW_VA + FZ_LOW_PAGES * 4096 : fz_arena[FZ_ARENA_PAGES];
        return end - (size_t)bad * size - (fz_chance(1, 2) ? 8 : 0);   /* straddling or just at the end */
    }
    return low ? fz_low_take(n * size) : fz_arena_take(n * size);
}

static void mmu_batch(void)
{
    int low = fz_chance(1, 3);
    unsigned n = batch_length(low ? 900 : 400);
    int bad = fz_chance(1, 2) ? (int)fz_range(1, n) : -1, run_out = bad > 0 && fz_chance(1, 3);
    if (run_out)
        n = (unsigned)bad;     /* the elements before the unmapped memory */
    struct mmu_update *a = place(n, sizeof *a, low, bad, run_out);
    for (unsigned i = 0; i < n; i++) {
        int level;
        a[i].ptr = fz_gen_ptr(&level, &a[i].val);
    }
    if (bad >= 0 && !run_out && (unsigned)bad < n) {
        switch (fz_below(4)) {
        case 0: a[bad].ptr = (fz_foreign_frame() << 12) + fz_free_index() * 8; break;
        case 1: a[bad].val = (fz_foreign_frame() << 12) | PTE_KERNEL_RW; break;
        case 2: a[bad].ptr = (RINGWALL_VMM_VIRT_START & 0x000FFFFFFFFFF000ULL) | 8; break;
        default: a[bad].ptr |= 4; break;
        }
    }
    uint32_t preset = 0;
    int hand, valid;
    uint64_t count = count_for(n, low || run_out, &preset, &hand);
    if (run_out && count == n)
        count = n + 1 + fz_below(4);
    uint64_t pdone = pdone_for(a, n, sizeof *a, 8, &valid);
    if (valid)
        *(rw_u32 *)pdone = hand ? preset : 0;
    fz_trace_words("mmu_update", a, n * 2 < 64 ? n * 2 : 64);
    fz_call(__HYPERVISOR_mmu_update, (uint64_t)a, count, pdone, foreigndom(), 0);
}

static struct mmuext_op random_ext(int allow_base)
{
    uint64_t va = fz_chance(1, 6) ? fz_bad_addr() : fz_probe_va();
    switch (fz_below(allow_base ? 17 : 16)) {
    case 0: case 1: return fz_ext(MMUEXT_PIN_L1_TABLE + (unsigned)fz_below(4), fz_frame_for(FZ_USE_PIN, 0), 0);
    case 2: return fz_ext(MMUEXT_UNPIN_TABLE, fz_frame_for(FZ_USE_PIN, 0), 0);
    case 3: return fz_ext(MMUEXT_NEW_USER_BASEPTR, fz_chance(1, 3) ? 0 : fz_frame_for(FZ_USE_PIN, 0), 0);
    case 4: return fz_ext(MMUEXT_TLB_FLUSH_LOCAL, fz_wild(), fz_wild());
    case 5: return fz_ext(MMUEXT_INVLPG_LOCAL, va, 0);
    case 6: return fz_ext(MMUEXT_TLB_FLUSH_ALL, 0, 0);
    case 7: return fz_ext(MMUEXT_INVLPG_ALL, va, 0);
    case 8: case 9: {
        uint64_t *mask = &masks[fz_below(64)];
        *mask = fz_chance(3, 4) ? fz_below(4) : fz_wild();
        uint64_t p = fz_chance(5, 6) ? (uint64_t)mask : fz_bad_addr();
        return fz_ext(fz_chance(1, 2) ? MMUEXT_TLB_FLUSH_MULTI : MMUEXT_INVLPG_MULTI, va, p);
    }
    case 10: {
        uint64_t dst = fz_frame_for(FZ_USE_DESTROY, 0);
        fz_taint(dst);
        return fz_ext(MMUEXT_COPY_PAGE, dst, fz_frame_for(FZ_USE_READ, 0));
    }
    case 11: {
        uint64_t dst = fz_frame_for(FZ_USE_DESTROY, 0);
        fz_taint(dst);
        return fz_ext(MMUEXT_CLEAR_PAGE, dst, 0);
    }
    case 12: return fz_ext(MMUEXT_FLUSH_CACHE, 0, 0);
    case 13: return fz_ext(MMUEXT_SET_LDT, va, fz_below(8192));
    case 14: return fz_ext(fz_chance(1, 2) ? (unsigned)fz_range(18, 40) : (unsigned)fz_wild(), fz_wild(), fz_wild());
    case 15: return fz_ext(14, fz_wild(), 0);                /* the gap between SET_LDT and NEW_USER_BASEPTR */
    default: return fz_ext(MMUEXT_NEW_BASEPTR, fz_good_l4(0), 0);
    }
}

static void ext_batch(void)
{
    int low = fz_chance(1, 3);
    unsigned n = batch_length(low ? 600 : 400);
    int bad = fz_chance(1, 2) ? (int)fz_range(1, n) : -1, run_out = bad > 0 && fz_chance(1, 3);
    if (run_out)
        n = (unsigned)bad;
    struct mmuext_op *a = place(n, sizeof *a, low, bad, run_out);
    /* A base switch only where the fuzzer will know whether it happened (valid pdone, exact count). */
    uint32_t preset = 0;
    int hand, valid;
    uint64_t count = count_for(n, low || run_out, &preset, &hand);
    if (run_out && count == n)
        count = n + 1 + fz_below(4);
    uint64_t pdone = pdone_for(a, n, sizeof *a, 16, &valid);
    int accountable = valid && !hand && count == n;
    unsigned base_at = n;
    if (accountable && fz_chance(1, 4))
        base_at = fz_avoiding(FZ_AVOID_BASEBATCH) ? n - 1 : (unsigned)fz_below(n);
    for (unsigned i = 0; i < n; i++)
        a[i] = i == base_at ? fz_ext(MMUEXT_NEW_BASEPTR, fz_good_l4(0), 0) : random_ext(0);
    if (base_at < n)
        for (unsigned i = 0; i < base_at; i++)
            if ((a[i].cmd == MMUEXT_COPY_PAGE || a[i].cmd == MMUEXT_CLEAR_PAGE) && a[i].arg1.mfn == a[base_at].arg1.mfn)
                a[i] = fz_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    if (bad >= 0 && !run_out && (unsigned)bad < n && (unsigned)bad != base_at) {
        switch (fz_below(3)) {
        case 0: a[bad] = fz_ext(MMUEXT_PIN_L1_TABLE + (unsigned)fz_below(4), fz_foreign_frame(), 0); break;
        case 1: a[bad] = fz_ext(MMUEXT_COPY_PAGE, fz_frame_for(FZ_USE_DESTROY, 0), fz_foreign_frame()); break;
        default: a[bad] = fz_ext(MMUEXT_INVLPG_LOCAL, 0x0000800000000000ULL, 0); break;
        }
    }
    struct mmuext_op copy[64];
    unsigned keep = n < 64 ? n : 64;
    memcpy(copy, a, keep * sizeof copy[0]);   /* the VMM may rewrite the array (pdone inside it) */
    if (hand && valid)
        *(rw_u32 *)pdone = preset;
    else if (valid)
        *(rw_u32 *)pdone = 0;
    fz_trace_words("mmuext", a, n * 3 < 96 ? n * 3 : 96);
    unsigned long before = fz_base;
    long rc = fz_call(__HYPERVISOR_mmuext_op, (uint64_t)a, count, pdone, foreigndom(), 0);
    if (accountable) {
        unsigned done = rc == 0 ? n : *(rw_u32 *)pdone;
        for (unsigned i = 0; i < done && i < keep; i++)
            fz_ext_apply(&copy[i]);
    } else {
        fz_ext_taint(copy, keep);
    }
    if (fz_base != before)
        fz_probe_check(FZ_PROBE_VA);
}

/* Counts near 2^32 over the alias region (every page the same frame): mmu_update rewrites
 * one playground entry again and again; mmuext_op runs INVLPG_LOCAL (every 8-byte word
 * of the frame is 7, so each 24-byte element is one whatever its offset). Preemptible
 * on today's VMM; the alias region's size bounds the work. */
static void alias_batch(void)
{
    if (!fz_alias_bytes)
        return;
    uint64_t *frame = (uint64_t *)FZ_ALIAS_VA;
    rw_u32 *pdone = &pdone_slot;
    /* to the end of the region now and then, else a few thousand elements */
    uint64_t count = fz_chance(1, 64) ? 0xFFFFFFFFu : fz_range(64, 4096);
    if (fz_chance(1, 2)) {
        uint64_t ptr = fz_play_pte((unsigned)fz_below(FZ_PLAY_PAGES));
        uint64_t val = ((uint64_t)fz_data_mfn() << 12) | PTE_KERNEL_RO;
        for (unsigned i = 0; i < 512; i += 2) {
            frame[i] = ptr;
            frame[i + 1] = val;
        }
        fz_call(__HYPERVISOR_mmu_update, FZ_ALIAS_VA, count, (uint64_t)pdone, DOMID_SELF, 0);
    } else {
        for (unsigned i = 0; i < 512; i++)
            frame[i] = MMUEXT_INVLPG_LOCAL;
        fz_call(__HYPERVISOR_mmuext_op, FZ_ALIAS_VA, count, (uint64_t)pdone, DOMID_SELF, 0);
    }
}

void fz_op_batch(void)
{
    unsigned r = (unsigned)fz_below(100);
    if (r < 48)
        mmu_batch();
    else if (r < 98)
        ext_batch();
    else
        alias_batch();
}

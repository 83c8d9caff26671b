/* Accounted mmuext_op batches and the current base (ext.h). */
#include "ext.h"
#include "call.h"
#include "layout.h"
#include "pool.h"
#include "rng.h"

unsigned long fz_base;

int fz_base_ok(unsigned long mfn)
{
    if (mfn == fz_boot_l4)
        return 1;
    struct fz_frame *f = fz_frame_of(mfn);
    return f && f->content == FZ_L4GOOD;
}

unsigned long fz_good_l4(int pool_only)
{
    if (!pool_only && fz_chance(1, 4))
        return fz_boot_l4;
    /* a scan from a random place: L4s are a small part of the pool */
    unsigned start = (unsigned)fz_below(fz_pool_count);
    for (unsigned k = 0; k < fz_pool_count; k++) {
        struct fz_frame *f = &fz_pool[(start + k) % fz_pool_count];
        if (f->content == FZ_L4GOOD)
            return f->mfn;
    }
    return pool_only ? 0 : fz_boot_l4;
}

struct mmuext_op fz_ext(unsigned cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = { .mfn = arg1 }, .arg2 = { .src_mfn = arg2 } };
    return op;
}

static uint8_t content_of(uint64_t mfn)
{
    if (mfn == fz_boot_l4)
        return FZ_L4GOOD;
    struct fz_frame *f = fz_frame_of((unsigned long)mfn);
    return f ? f->content : FZ_UNKNOWN;
}

void fz_ext_apply(const struct mmuext_op *op)
{
    struct fz_frame *f = fz_frame_of((unsigned long)op->arg1.mfn);
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        if (f) {
            f->level = (uint8_t)(op->cmd - MMUEXT_PIN_L1_TABLE + 1);
            f->pinned = 1;
        }
        break;
    case MMUEXT_UNPIN_TABLE:
        if (f)
            f->pinned = 0;
        break;
    case MMUEXT_NEW_BASEPTR:
        fz_base = (unsigned long)op->arg1.mfn;
        break;
    case MMUEXT_COPY_PAGE:
    case MMUEXT_CLEAR_PAGE:
        if (f) {
            f->content = op->cmd == MMUEXT_CLEAR_PAGE ? FZ_ZERO : content_of(op->arg2.src_mfn);
            f->level = 0;
            f->pinned = 0;
        }
        break;
    default:
        break;
    }
}

void fz_ext_taint(const struct mmuext_op *ops, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (ops[i].cmd == MMUEXT_COPY_PAGE || ops[i].cmd == MMUEXT_CLEAR_PAGE) {
            struct fz_frame *f = fz_frame_of((unsigned long)ops[i].arg1.mfn);
            if (f) {
                f->content = FZ_UNKNOWN;
                f->level = 0;
            }
        }
    }
}

long fz_ext_run(const struct mmuext_op *ops, unsigned n, unsigned *done)
{
    struct mmuext_op *a = fz_arena_take(n * sizeof *a + 8);
    rw_u32 *pdone = (rw_u32 *)(a + n);
    memcpy(a, ops, n * sizeof *a);
    *pdone = 0;
    fz_trace_words("mmuext", a, n * 3);
    long rc = fz_call(__HYPERVISOR_mmuext_op, (uint64_t)a, n, (uint64_t)pdone, DOMID_SELF, 0);
    unsigned d = rc == 0 ? n : *pdone;
    if (d > n)
        d = n;
    for (unsigned i = 0; i < d; i++)
        fz_ext_apply(&ops[i]);
    if (done)
        *done = d;
    return rc;
}

long fz_switch_base(unsigned long mfn)
{
    struct mmuext_op op = fz_ext(MMUEXT_NEW_BASEPTR, mfn, 0);
    return fz_ext_run(&op, 1, 0);
}

/* Structured page-table tree mutations over the pool, in random orders: build (fill a
 * frame as a table of some level through a window, then pin it), pin and unpin, link and
 * unlink (mmu_update of an entry of a validated table), COPY_PAGE and CLEAR_PAGE over
 * them, chains from an L4's probe slot down to tag frames, use an L4 as the base (and
 * switch back), mixed mmuext_op batches, and the shapes of issue 9's findings 1, 2 and 4
 * unless avoided (fuzz.h). Every base switch is followed by translation checks (probe.h). */
#include "fuzz.h"
#include "call.h"
#include "entries.h"
#include "ext.h"
#include "layout.h"
#include "pool.h"
#include "probe.h"
#include "rng.h"

#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_A)

static uint64_t link_to(unsigned long mfn) { return ((uint64_t)mfn << 12) | TABLE_FLAGS; }

static long one_update(uint64_t ptr, uint64_t val)
{
    struct mmu_update *u = fz_arena_take(sizeof *u + 8);
    rw_u32 *pdone = (rw_u32 *)(u + 1);
    u->ptr = ptr;
    u->val = val;
    return fz_call(__HYPERVISOR_mmu_update, (uint64_t)u, 1, (uint64_t)pdone, DOMID_SELF, 0);
}

static long one_ext(unsigned cmd, uint64_t arg1, uint64_t arg2)
{
    struct mmuext_op op = fz_ext(cmd, arg1, arg2);
    return fz_ext_run(&op, 1, 0);
}

/* A pool frame the fuzzer believes unpinned, preferably not a table at all (tries a few). */
static struct fz_frame *unpinned(void)
{
    struct fz_frame *f = fz_pick(-1);
    for (int i = 0; i < 8 && (f->pinned || f->level); i++)
        f = fz_pick(-1);
    return f;
}

static void check_base(void)
{
    fz_probe_check(FZ_PROBE_VA);
    fz_probe_check(fz_probe_va());
}

/* Fill a frame as a table of `level` and pin it. */
static void op_build(void)
{
    struct fz_frame *f = unpinned();
    int level = (int)fz_range(1, 4);
    if (fz_fill_table(f, level))
        return;
    f->level = 0;
    one_ext(MMUEXT_PIN_L1_TABLE + (unsigned)(level - 1), f->mfn, 0);
}

static void op_pin(void)
{
    struct fz_frame *f = fz_pick(-1);
    unsigned level = f->level && fz_chance(3, 4) ? f->level : (unsigned)fz_range(1, 4);
    uint64_t mfn = fz_chance(4, 5) ? f->mfn : fz_frame_for(FZ_USE_PIN, 0);
    one_ext(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0);
}

static void op_unpin(void)
{
    struct fz_frame *f = fz_pick(-1);
    for (int i = 0; i < 6 && !f->pinned; i++)
        f = fz_pick(-1);
    one_ext(MMUEXT_UNPIN_TABLE, fz_chance(5, 6) ? f->mfn : fz_frame_for(FZ_USE_PIN, 0), 0);
}

/* mmu_update of one entry of a (believed) validated table: a link, an unlink, a
 * mapping, a 2 MiB entry; or a generated target (entries.h). */
static void op_link(void)
{
    if (fz_chance(1, 2)) {
        int level;
        uint64_t val;
        uint64_t ptr = fz_gen_ptr(&level, &val);
        one_update(ptr, val);
        return;
    }
    struct fz_frame *f = fz_pick((int)fz_range(1, 4));
    unsigned i = fz_free_index();
    int level = f->level ? f->level : (int)fz_range(1, 4);
    uint64_t val = fz_chance(1, 5) ? 0 : fz_gen_entry(level, i, &f->supers);
    one_update(((uint64_t)f->mfn << 12) + i * 8, val);
}

static void op_copy(void)
{
    uint64_t dst = fz_chance(4, 5) ? fz_pick(-1)->mfn : fz_frame_for(FZ_USE_DESTROY, 0);
    uint64_t src;
    switch (fz_below(4)) {
    case 0: src = fz_good_l4(0); break;          /* clone an L4 the fuzzer may run on */
    case 1: src = fz_frame_for(FZ_USE_READ, 0); break;
    default: src = fz_pick(-1)->mfn; break;
    }
    one_ext(MMUEXT_COPY_PAGE, dst, src);
}

static void op_clear(void)
{
    one_ext(MMUEXT_CLEAR_PAGE, fz_chance(4, 5) ? fz_pick(-1)->mfn : fz_frame_for(FZ_USE_DESTROY, 0), 0);
}

/* Fills f as a table of `level` whose entry 0 is e0 and pins it; 0 on success. */
static long build_with(struct fz_frame *f, int level, uint64_t e0)
{
    long rc;
    uint64_t *p = window_map(0, f->pfn, 1, &rc);
    if (!p)
        return rc;
    f->supers = 0;
    for (unsigned i = 0; i < 512; i++)
        p[i] = i == 0 ? e0 : fz_chance(7, 8) ? 0 : fz_gen_plausible(level, i, &f->supers);
    f->content = FZ_TABLE;
    f->level = 0;
    if ((rc = window_unmap(0)))
        return rc;
    return one_ext(MMUEXT_PIN_L1_TABLE + (unsigned)(level - 1), f->mfn, 0);
}

/* A new chain L3 -> L2 -> L1 -> a tag or data frame (read-only at index 0 of each),
 * every table pinned; the L3, or NULL. */
static struct fz_frame *build_chain(void)
{
    struct fz_frame *l1 = unpinned(), *l2 = unpinned(), *l3 = unpinned();
    if (l1 == l2 || l2 == l3 || l1 == l3)
        return 0;
    if (build_with(l1, 1, ((uint64_t)fz_data_mfn() << 12) | PTE_KERNEL_RO) || build_with(l2, 2, link_to(l1->mfn)) ||
        build_with(l3, 3, link_to(l2->mfn)))
        return 0;
    return l3;
}

/* A new chain linked at the probe slot of an L4 the fuzzer may run on; checked at once
 * when that L4 is the base. */
static void op_chain(void)
{
    struct fz_frame *l3 = build_chain();
    if (!l3)
        return;
    unsigned long l4 = fz_good_l4(0);
    if (one_update(((uint64_t)l4 << 12) + FZ_PROBE_SLOT * 8, link_to(l3->mfn)) == 0 && l4 == fz_base)
        check_base();
}

/* Use an L4 as the base, or switch back to the bootstrap L4. */
static void op_base(void)
{
    unsigned long target = fz_base != fz_boot_l4 && fz_chance(1, 2) ? fz_boot_l4 : fz_good_l4(1);
    if (target && fz_switch_base(target) == 0)
        check_base();
}

/* A mixed batch of pins, unpins, copies, clears and flushes over pool frames, maybe
 * ending (or, without avoid=basebatch, anywhere) with a base switch. */
static void op_mixed_batch(void)
{
    struct mmuext_op ops[12];
    unsigned n = (unsigned)fz_range(2, 10), base_at = n;
    if (fz_chance(1, 3))
        base_at = fz_avoiding(FZ_AVOID_BASEBATCH) ? n - 1 : (unsigned)fz_below(n);
    for (unsigned i = 0; i < n; i++) {
        struct fz_frame *f = fz_pick(-1);
        if (i == base_at) {
            ops[i] = fz_ext(MMUEXT_NEW_BASEPTR, fz_good_l4(0), 0);
            continue;
        }
        switch (fz_below(7)) {
        case 0: ops[i] = fz_ext(MMUEXT_PIN_L1_TABLE + (unsigned)fz_below(4), f->mfn, 0); break;
        case 1: ops[i] = fz_ext(MMUEXT_UNPIN_TABLE, f->mfn, 0); break;
        case 2: ops[i] = fz_ext(MMUEXT_COPY_PAGE, f->mfn, fz_chance(1, 2) ? fz_good_l4(0) : fz_pick(-1)->mfn); break;
        case 3: ops[i] = fz_ext(MMUEXT_CLEAR_PAGE, f->mfn, 0); break;
        case 4: ops[i] = fz_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0); break;
        case 5: ops[i] = fz_ext(MMUEXT_INVLPG_LOCAL, fz_probe_va(), 0); break;
        default: ops[i] = fz_ext(MMUEXT_PIN_L1_TABLE + (unsigned)fz_below(4), fz_frame_for(FZ_USE_PIN, 0), 0); break;
        }
    }
    /* the new base must still be an L4 the fuzzer can run on when its turn comes */
    for (unsigned i = 0; i < base_at && base_at < n; i++)
        if ((ops[i].cmd == MMUEXT_COPY_PAGE || ops[i].cmd == MMUEXT_CLEAR_PAGE) && ops[i].arg1.mfn == ops[base_at].arg1.mfn)
            ops[i] = fz_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    unsigned long before = fz_base;
    fz_ext_run(ops, n, 0);
    if (fz_base != before)
        check_base();
}

/* Fills frame f as an L4 with the bootstrap L4's protected slots and `probe` at the
 * probe slot (nothing else); 0 or the VMM's error. */
static long fill_l4(struct fz_frame *f, uint64_t probe)
{
    long rc;
    uint64_t *p = window_map(0, f->pfn, 1, &rc);
    if (!p)
        return rc;
    for (unsigned i = 0; i < 512; i++)
        p[i] = fz_protected_index(i) ? fz_boot_l4_view[i] : 0;
    p[FZ_PROBE_SLOT] = probe;
    f->content = FZ_L4GOOD;
    return window_unmap(0);
}

/* Back to plain frames (each step alone: one refusal must not stop the others). */
static void stale_cleanup(struct fz_frame *r)
{
    if (fz_base != fz_boot_l4)
        fz_switch_base(fz_boot_l4);
    one_ext(MMUEXT_UNPIN_TABLE, r[0].mfn, 0);
    for (int i = 0; i < 2; i++)
        one_ext(MMUEXT_CLEAR_PAGE, r[i].mfn, 0);
    for (int c = 0; c < 2; c++) {
        for (int level = 3; level >= 1; level--) {
            struct fz_frame *t = &r[2 + c * 3 + level - 1];
            one_ext(MMUEXT_UNPIN_TABLE, t->mfn, 0);
            one_ext(MMUEXT_CLEAR_PAGE, t->mfn, 0);
        }
    }
}

/* The stale shape's batch as multicall entries, one mmuext_op element each; the entries'
 * results say which ran (the model follows them). */
static void stale_multicall(const struct mmuext_op *ops, unsigned n)
{
    static struct mmuext_op one[8];
    struct multicall_entry *e = fz_arena_take(n * sizeof *e);
    for (unsigned i = 0; i < n; i++) {
        one[i] = ops[i];
        memset(&e[i], 0, sizeof e[i]);
        e[i].op = __HYPERVISOR_mmuext_op;
        e[i].result = ~0ULL;
        e[i].args[0] = (uint64_t)&one[i];
        e[i].args[1] = 1;
        e[i].args[3] = DOMID_SELF;
    }
    fz_call(__HYPERVISOR_multicall, (uint64_t)e, n, 0, 0, 0);
    for (unsigned i = 0; i < n && e[i].result == 0; i++)
        fz_ext_apply(&ops[i]);
}

/* Finding 1 and its variations, on the reserved frames (pool.h): X, an L4 whose probe
 * slot leads to chain A, is the base; S is X with the probe slot at chain B. One batch
 * (an mmuext_op, or a multicall of single elements) leaves X for the bootstrap L4,
 * unpins X (before or after leaving), copies S over X and comes back to X: the CPU must
 * then walk X's new contents, so the probe reads chain B's frame. */
static void op_stale(void)
{
    struct fz_frame *r = fz_reserve, *x = &r[0], *s = &r[1];
    struct fz_frame *a1 = &r[2], *a2 = &r[3], *a3 = &r[4], *b1 = &r[5], *b2 = &r[6], *b3 = &r[7];
    if (build_with(a1, 1, ((uint64_t)fz_data_mfn() << 12) | PTE_KERNEL_RO) || build_with(a2, 2, link_to(a1->mfn)) ||
        build_with(a3, 3, link_to(a2->mfn)) || build_with(b1, 1, ((uint64_t)fz_data_mfn() << 12) | PTE_KERNEL_RO) ||
        build_with(b2, 2, link_to(b1->mfn)) || build_with(b3, 3, link_to(b2->mfn)) || fill_l4(x, link_to(a3->mfn)) ||
        fill_l4(s, link_to(b3->mfn)) || one_ext(MMUEXT_PIN_L4_TABLE, x->mfn, 0) || fz_switch_base(x->mfn)) {
        stale_cleanup(r);
        return;
    }
    check_base();
    struct mmuext_op ops[4];
    unsigned n = 0;
    int unpin_first = fz_chance(1, 2);
    if (unpin_first)
        ops[n++] = fz_ext(MMUEXT_UNPIN_TABLE, x->mfn, 0);
    ops[n++] = fz_ext(MMUEXT_NEW_BASEPTR, fz_boot_l4, 0);
    if (!unpin_first)
        ops[n++] = fz_ext(MMUEXT_UNPIN_TABLE, x->mfn, 0);
    ops[n++] = fz_ext(MMUEXT_COPY_PAGE, x->mfn, s->mfn);
    ops[n++] = fz_ext(MMUEXT_NEW_BASEPTR, x->mfn, 0);
    if (fz_chance(1, 3))
        stale_multicall(ops, n);
    else
        fz_ext_run(ops, n, 0);
    check_base();
    stale_cleanup(r);
}

/* Finding 2: a batch leaves base X, turns X into a forged table (garbage naming frames
 * beyond memory) and goes on: the later elements and the final pdone write must not be
 * walked through X. */
static void op_forged(void)
{
    unsigned long x = fz_good_l4(1), y = fz_good_l4(0);
    struct fz_frame *forged = unpinned();
    if (!x || x == y || forged->mfn == x)
        return;
    long rc;
    uint64_t *p = window_map(0, forged->pfn, 1, &rc);
    if (!p)
        return;
    for (unsigned i = 0; i < 512; i++)
        p[i] = fz_chance(1, 2) ? ((fz_frames_est + fz_below(1UL << 20)) << 12) | PTE_P | PTE_RW : fz_rand();
    forged->content = FZ_UNKNOWN;
    forged->level = 0;
    if (window_unmap(0) || (fz_base != x && fz_switch_base(x)))
        return;
    struct mmuext_op ops[8];
    unsigned n = 0;
    if (fz_frame_of(x)->pinned)
        ops[n++] = fz_ext(MMUEXT_UNPIN_TABLE, x, 0);
    ops[n++] = fz_ext(MMUEXT_NEW_BASEPTR, y, 0);
    ops[n++] = fz_ext(MMUEXT_COPY_PAGE, x, forged->mfn);
    while (n < 8)
        ops[n++] = fz_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    fz_ext_run(ops, n, 0);
    check_base();
}

/* Finding 4: an L2 whose 512 entries all map the extent, pinned (512 x 512 references)
 * and unpinned, or left pinned for the teardown. */
static void op_superfull(void)
{
    if (!fz_extent_mfn)
        return;
    struct fz_frame *f = unpinned();
    long rc;
    uint64_t *p = window_map(0, f->pfn, 1, &rc);
    if (!p)
        return;
    for (unsigned i = 0; i < 512; i++)
        p[i] = ((uint64_t)fz_extent_mfn << 12) | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PS;
    f->content = FZ_TABLE;
    f->supers = 255;
    f->level = 0;
    if (window_unmap(0) || one_ext(MMUEXT_PIN_L2_TABLE, f->mfn, 0))
        return;
    if (fz_chance(2, 3))
        one_ext(MMUEXT_UNPIN_TABLE, f->mfn, 0);
}

void fz_op_tree(void)
{
    enum { BUILD, PIN, UNPIN, LINK, COPY, CLEAR, CHAIN, BASE, MIXED, STALE, FORGED, SUPERFULL, OPS };
    unsigned w[OPS] = { [BUILD] = 14, [PIN] = 8, [UNPIN] = 8, [LINK] = 24, [COPY] = 5, [CLEAR] = 4, [CHAIN] = 5,
                        [BASE] = 6, [MIXED] = 8 };
    if (!fz_avoiding(FZ_AVOID_BASEBATCH)) {
        w[STALE] = 3;
        w[FORGED] = fz_avoiding(FZ_AVOID_FORGED) ? 0 : 1;
    }
    if (!fz_avoiding(FZ_AVOID_SUPERLONG))
        w[SUPERFULL] = 1;
    switch (fz_weighted(w, OPS)) {
    case BUILD: op_build(); break;
    case PIN: op_pin(); break;
    case UNPIN: op_unpin(); break;
    case LINK: op_link(); break;
    case COPY: op_copy(); break;
    case CLEAR: op_clear(); break;
    case CHAIN: op_chain(); break;
    case BASE: op_base(); break;
    case MIXED: op_mixed_batch(); break;
    case STALE: op_stale(); break;
    case FORGED: op_forged(); break;
    default: op_superfull(); break;
    }
}

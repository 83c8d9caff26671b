/* mmu: page-table updates through update_va_mapping and mmu_update, and their
 * refusals. Works on window pages (rwlib/window.h) mapped to free frames; every refused
 * update is followed by a check that the old mapping is still in place. */
#include "report.h"
#include "scenarios.h"

#define SLOT(i) ((unsigned long)window_va(TG_SLOT_MMU_FIRST + (i)))

static uint64_t pattern(unsigned long tag, int i)
{
    return 0x5A5A000000000000UL ^ (tag << 16) ^ (uint64_t)i;
}

static void fill(unsigned long va, unsigned long tag)
{
    volatile uint64_t *p = (volatile uint64_t *)va;
    for (int i = 0; i < 512; i++)
        p[i] = pattern(tag, i);
}

/* Index of the first word that differs, or -1. */
static int verify(unsigned long va, unsigned long tag)
{
    volatile uint64_t *p = (volatile uint64_t *)va;
    for (int i = 0; i < 512; i++)
        if (p[i] != pattern(tag, i))
            return i;
    return -1;
}

/* Machine frame currently named by the L1 entry of va. */
static unsigned long mapped_mfn(unsigned long va)
{
    return (pt_lookup(va, 0) & PTE_ADDR_MASK) >> 12;
}

static struct mmu_update req(unsigned long va, uint64_t val)
{
    struct mmu_update u = { .ptr = pt_l1_entry_maddr(va) | MMU_NORMAL_PT_UPDATE, .val = val };
    return u;
}

static uint64_t rw_pte(unsigned long mfn)
{
    return ((uint64_t)mfn << 12) | PTE_KERNEL_RW;
}

/* A machine frame that is not the domain's (and exists: a small number). */
static unsigned long foreign_mfn(void)
{
    for (unsigned long mfn = 0; mfn < 4096; mfn++)
        if (mfn_to_pfn(mfn) == RW_INVALID_PFN)
            return mfn;
    return RW_INVALID_MFN;
}

/* Checks that slot i still maps frame pfn with its pattern (after a refused update). */
static void check_unchanged(const char *check, int i, unsigned long pfn)
{
    invlpg_local(SLOT(i));
    unsigned long mfn = mapped_mfn(SLOT(i));
    int bad = verify(SLOT(i), pfn);
    check_true(check, mfn == pfn_to_mfn(pfn) && bad < 0, "entry names mfn %lx (expected %lx), first bad word %d",
               mfn, pfn_to_mfn(pfn), bad);
}

void scenario_mmu(struct start_info *si)
{
    if (!check_true("frames_precondition", frames_free() >= 8, "only %lu free frames (nr_pages %lu, bootstrap %lu)",
                    frames_free(), nr_pages(), bootstrap_pages()))
        return;
    for (int i = 0; i < 5; i++) {
        if (!pt_l1_entry_maddr(SLOT(i))) {
            result_fail("window_precondition", "no bootstrap L1 entry for %lx", SLOT(i));
            return;
        }
    }
    unsigned long f[8];
    for (int i = 0; i < 8; i++)
        f[i] = frame_alloc();
    unsigned long l4_mfn = pt_l4_mfn();
    unsigned long window_l1_mfn = pt_l1_entry_maddr(SLOT(0)) >> 12;
    rw_u32 done;
    long rc;

    /* update_va_mapping of a new frame: visible in the L1 entry and through the mapping. */
    rc = HYPERVISOR_update_va_mapping(SLOT(0), rw_pte(pfn_to_mfn(f[0])), UVMF_INVLPG | UVMF_LOCAL);
    if (check_rc("uvm_map", rc, 0)) {
        check_true("uvm_pte_visible", mapped_mfn(SLOT(0)) == pfn_to_mfn(f[0]), "L1 entry names mfn %lx expected %lx",
                   mapped_mfn(SLOT(0)), pfn_to_mfn(f[0]));
        fill(SLOT(0), f[0]);
        int bad = verify(SLOT(0), f[0]);
        check_true("uvm_readback", bad < 0, "word %d differs", bad);
    }

    /* A batch of four mmu_updates: all done, pdone exact. */
    struct mmu_update batch[4];
    for (int i = 0; i < 4; i++)
        batch[i] = req(SLOT(1 + i), rw_pte(pfn_to_mfn(f[1 + i])));
    done = 0xFFFF;
    rc = HYPERVISOR_mmu_update(batch, 4, &done, DOMID_SELF);
    check_rc("batch", rc, 0);
    check_true("batch_pdone", done == 4, "pdone %u expected 4", done);
    tlb_flush_local();
    int bad = -1;
    for (int i = 0; i < 4 && bad < 0; i++) {
        fill(SLOT(1 + i), f[1 + i]);
        bad = verify(SLOT(1 + i), f[1 + i]);
    }
    check_true("batch_readback", bad < 0, "word %d differs", bad);

    /* Refused: a page-table frame mapped writable (the L4, then the window's own L1). */
    struct mmu_update one = req(SLOT(1), rw_pte(l4_mfn));
    done = 0xFFFF;
    rc = HYPERVISOR_mmu_update(&one, 1, &done, DOMID_SELF);
    check_rc("refuse_l4_writable", rc, -RW_EBUSY);
    check_true("refuse_l4_writable_pdone", done == 0, "pdone %u expected 0", done);
    check_unchanged("refuse_l4_writable_unchanged", 1, f[1]);

    rc = HYPERVISOR_update_va_mapping(SLOT(1), rw_pte(window_l1_mfn), UVMF_INVLPG | UVMF_LOCAL);
    check_rc("refuse_l1_writable_uvm", rc, -RW_EBUSY);
    check_unchanged("refuse_l1_writable_uvm_unchanged", 1, f[1]);

    /* Refused: a frame that is not the domain's; a frame beyond RAM. */
    unsigned long foreign = foreign_mfn();
    if (foreign == RW_INVALID_MFN) {
        result_fail("refuse_foreign", "precondition: no foreign frame below 4096");
    } else {
        rc = HYPERVISOR_update_va_mapping(SLOT(1), ((uint64_t)foreign << 12) | PTE_KERNEL_RO, UVMF_INVLPG | UVMF_LOCAL);
        check_rc("refuse_foreign", rc, -RW_EPERM);
        check_unchanged("refuse_foreign_unchanged", 1, f[1]);
    }
    rc = HYPERVISOR_update_va_mapping(SLOT(1), rw_pte(1UL << 38), UVMF_INVLPG | UVMF_LOCAL);
    check_rc("refuse_beyond_ram", rc, -RW_EINVAL);
    check_unchanged("refuse_beyond_ram_unchanged", 1, f[1]);

    /* Refused: the global bit; a read-only mapping of a table is fine, so not tested here. */
    rc = HYPERVISOR_update_va_mapping(SLOT(1), rw_pte(pfn_to_mfn(f[1])) | 0x100, UVMF_INVLPG | UVMF_LOCAL);
    check_rc("refuse_global_bit", rc, -RW_EINVAL);
    check_unchanged("refuse_global_bit_unchanged", 1, f[1]);

    /* A batch whose third element is bad: pdone 2, the first two made, the rest not. */
    struct mmu_update b3[4] = {
        req(SLOT(2), rw_pte(pfn_to_mfn(f[5]))),
        req(SLOT(3), rw_pte(pfn_to_mfn(f[6]))),
        req(SLOT(4), rw_pte(l4_mfn)),
        req(SLOT(1), rw_pte(pfn_to_mfn(f[7]))),
    };
    done = 0xFFFF;
    rc = HYPERVISOR_mmu_update(b3, 4, &done, DOMID_SELF);
    check_rc("batch_third_bad", rc, -RW_EBUSY);
    check_true("batch_third_bad_pdone", done == 2, "pdone %u expected 2", done);
    tlb_flush_local();
    check_true("batch_third_bad_first_two_made",
               mapped_mfn(SLOT(2)) == pfn_to_mfn(f[5]) && mapped_mfn(SLOT(3)) == pfn_to_mfn(f[6]),
               "entries name %lx %lx expected %lx %lx", mapped_mfn(SLOT(2)), mapped_mfn(SLOT(3)),
               pfn_to_mfn(f[5]), pfn_to_mfn(f[6]));
    check_unchanged("batch_third_bad_third_unchanged", 4, f[4]);
    check_unchanged("batch_third_bad_fourth_not_run", 1, f[1]);

    /* Bad request arrays and entries. */
    done = 0xFFFF;
    if (tg_unmapped_ok())
        check_rc("reqs_unmapped", HYPERVISOR_mmu_update((const struct mmu_update *)TG_UNMAPPED_VA, 1, &done, DOMID_SELF), -RW_EFAULT);
    else
        result_fail("reqs_unmapped", "precondition: %lx is mapped", TG_UNMAPPED_VA);
    check_rc("reqs_noncanonical", HYPERVISOR_mmu_update((const struct mmu_update *)TG_NONCANONICAL_VA, 1, &done, DOMID_SELF), -RW_EFAULT);
    check_rc("reqs_vmm_range", HYPERVISOR_mmu_update((const struct mmu_update *)TG_VMM_HOLE_VA, 1, &done, DOMID_SELF), -RW_EFAULT);

    one = req(SLOT(1), rw_pte(pfn_to_mfn(f[7])));
    one.ptr |= 4;       /* not 8-byte aligned */
    check_rc("ptr_misaligned", HYPERVISOR_mmu_update(&one, 1, &done, DOMID_SELF), -RW_EINVAL);
    one = req(SLOT(1), rw_pte(pfn_to_mfn(f[7])));
    one.ptr |= 3;       /* command 3 does not exist */
    check_rc("unknown_command", HYPERVISOR_mmu_update(&one, 1, &done, DOMID_SELF), -RW_ENOSYS);
    one = req(SLOT(1), rw_pte(pfn_to_mfn(f[7])));
    check_rc("foreigndom_refused", HYPERVISOR_mmu_update(&one, 1, &done, 0x7FEF), -RW_EPERM);
    check_unchanged("bad_requests_unchanged", 1, f[1]);

    /* The VMM's L4 slots: linking our own L3 into slot 256 is refused. */
    const volatile uint64_t *l4 = (const volatile uint64_t *)si->pt_base;
    uint64_t l3_link = l4[PT_INDEX(RW_VIRT_BASE, 4)];
    one.ptr = ((uint64_t)l4_mfn << 12) + RINGWALL_VMM_L4_FIRST * 8;
    one.val = l3_link;
    check_rc("l4_vmm_slot", HYPERVISOR_mmu_update(&one, 1, &done, DOMID_SELF), -RW_EPERM);
    check_true("l4_vmm_slot_unchanged", l4[RINGWALL_VMM_L4_FIRST] == 0, "L4[256] = %lx",
               (unsigned long)l4[RINGWALL_VMM_L4_FIRST]);

    /* update_va_mapping of addresses no guest L1 can map. memory.md says -EINVAL for the
     * VMM range, abi.md says -EPERM: either is accepted (the detail names the one seen). */
    check_rc2("uvm_vmm_range", HYPERVISOR_update_va_mapping(TG_VMM_HOLE_VA, rw_pte(pfn_to_mfn(f[7])), UVMF_INVLPG),
              -RW_EINVAL, -RW_EPERM);
    check_rc("uvm_noncanonical", HYPERVISOR_update_va_mapping(TG_NONCANONICAL_VA, rw_pte(pfn_to_mfn(f[7])), UVMF_INVLPG),
             -RW_EINVAL);
    if (tg_unmapped_ok())
        check_rc("uvm_no_l1", HYPERVISOR_update_va_mapping(TG_UNMAPPED_VA, rw_pte(pfn_to_mfn(f[7])), UVMF_INVLPG),
                 -RW_EINVAL);

    for (int i = 0; i < 5; i++)
        window_unmap(TG_SLOT_MMU_FIRST + i);
}

/* Walking the bootstrap page tables (read through their read-only mappings) and
 * changing entries with mmu_update. */
#include <rwlib/pagetable.h>
#include <rwlib/startinfo.h>

unsigned long pt_l4_mfn(void)
{
    return pfn_to_mfn(virt_to_pfn((const void *)rw_start_info->pt_base));
}

/* Read-only view of a table frame, if it is one of the bootstrap tables. */
static const volatile uint64_t *table_view(unsigned long mfn)
{
    unsigned long pfn = mfn_to_pfn(mfn);
    unsigned long first = virt_to_pfn((const void *)rw_start_info->pt_base);
    if (pfn == RW_INVALID_PFN || pfn < first || pfn >= first + rw_start_info->nr_pt_frames)
        return 0;
    return (const volatile uint64_t *)pfn_to_virt(pfn);
}

/* Finds the L1 table that maps va: its view and machine frame. */
static const volatile uint64_t *walk_to_l1(unsigned long va, unsigned long *l1_mfn)
{
    unsigned long mfn = pt_l4_mfn();
    const volatile uint64_t *t = (const volatile uint64_t *)rw_start_info->pt_base;
    for (int level = 4; level > 1; level--) {
        uint64_t e = t[PT_INDEX(va, level)];
        if (!(e & PTE_P) || (level < 4 && (e & PTE_PS)))
            return 0;
        mfn = (e & PTE_ADDR_MASK) >> 12;
        t = table_view(mfn);
        if (!t)
            return 0;
    }
    *l1_mfn = mfn;
    return t;
}

uint64_t pt_l1_entry_maddr(unsigned long va)
{
    unsigned long mfn;
    if (!walk_to_l1(va, &mfn))
        return 0;
    return ((uint64_t)mfn << 12) + PT_INDEX(va, 1) * 8;
}

uint64_t pt_lookup(unsigned long va, int *found)
{
    unsigned long mfn;
    const volatile uint64_t *l1 = walk_to_l1(va, &mfn);
    if (found)
        *found = l1 != 0;
    return l1 ? l1[PT_INDEX(va, 1)] : 0;
}

int pt_is_mapped(unsigned long va)
{
    return (pt_lookup(va, 0) & PTE_P) != 0;
}

long pt_update_one(uint64_t ptr_maddr, uint64_t val)
{
    struct mmu_update u = { .ptr = ptr_maddr | MMU_NORMAL_PT_UPDATE, .val = val };
    rw_u32 done = 0;
    return HYPERVISOR_mmu_update(&u, 1, &done, DOMID_SELF);
}

int pt_set_l1_entry(unsigned long va, uint64_t pte)
{
    uint64_t maddr = pt_l1_entry_maddr(va);
    if (!maddr)
        return -RW_EINVAL;
    long rc = pt_update_one(maddr, pte);
    if (rc == 0)
        rc = invlpg_local(va);
    return (int)rc;
}

long map_mfn(unsigned long va, unsigned long mfn, uint64_t flags)
{
    return HYPERVISOR_update_va_mapping(va, ((uint64_t)mfn << 12) | flags, UVMF_INVLPG | UVMF_LOCAL);
}

long map_page(unsigned long va, unsigned long pfn, int writable)
{
    unsigned long mfn = pfn_to_mfn(pfn);
    if (mfn == RW_INVALID_MFN)
        return -RW_EINVAL;
    return map_mfn(va, mfn, writable ? PTE_KERNEL_RW : PTE_KERNEL_RO);
}

static long mmuext_one(unsigned int cmd, uint64_t arg1)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = { .mfn = arg1 }, .arg2 = { .vcpumask = 0 } };
    rw_u32 done = 0;
    return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

long mmuext_pin(unsigned int level, unsigned long mfn)
{
    if (level < 1 || level > 4)
        return -RW_EINVAL;
    return mmuext_one(MMUEXT_PIN_L1_TABLE + (level - 1), mfn);
}

long mmuext_unpin(unsigned long mfn)
{
    return mmuext_one(MMUEXT_UNPIN_TABLE, mfn);
}

long tlb_flush_local(void)
{
    return mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

long invlpg_local(unsigned long va)
{
    return mmuext_one(MMUEXT_INVLPG_LOCAL, va);
}

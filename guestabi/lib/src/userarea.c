/* The ring-3 area (rwlib/userarea.h). */
#include <rwlib/rwlib.h>
#include <rwlib/userarea.h>

#define USER_TABLE_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A)

static uint64_t entry(unsigned long pfn, uint64_t flags)
{
    return ((uint64_t)pfn_to_mfn(pfn) << 12) | flags;
}

static long fill(unsigned int slot, unsigned long pfn, const void *src, size_t len, const uint64_t *e, unsigned int n)
{
    return frame_fill(slot, pfn, src, len, e, 0, n);
}

long user_area_build(struct start_info *si, unsigned int l4_slot, unsigned int window_slot,
                     const void *code, size_t len)
{
    const volatile uint64_t *l4 = (const volatile uint64_t *)si->pt_base;
    if (l4_slot == 0 || l4_slot >= 256 || l4[l4_slot] != 0 || len > 4096 || frames_free() < 6)
        return -RW_EINVAL;
    unsigned long text = frame_alloc(), data = frame_alloc(), stack = frame_alloc();
    unsigned long t1 = frame_alloc(), t2 = frame_alloc(), t3 = frame_alloc();
    long rc;
    const uint64_t l1[3] = { entry(text, PTE_P | PTE_US | PTE_A),
                             entry(data, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D),
                             entry(stack, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D) };
    const uint64_t l2 = entry(t1, USER_TABLE_FLAGS), l3 = entry(t2, USER_TABLE_FLAGS);
    if ((rc = fill(window_slot, text, code, len, 0, 0)) || (rc = fill(window_slot, data, 0, 0, 0, 0)) ||
        (rc = fill(window_slot, stack, 0, 0, 0, 0)) || (rc = fill(window_slot, t1, 0, 0, l1, 3)) ||
        (rc = fill(window_slot, t2, 0, 0, &l2, 1)) || (rc = fill(window_slot, t3, 0, 0, &l3, 1)))
        return rc;
    if ((rc = mmuext_pin(1, pfn_to_mfn(t1))) || (rc = mmuext_pin(2, pfn_to_mfn(t2))) ||
        (rc = mmuext_pin(3, pfn_to_mfn(t3))))
        return rc;
    rc = pt_update_one(((uint64_t)pt_l4_mfn() << 12) + l4_slot * 8, entry(t3, USER_TABLE_FLAGS));
    if (rc)
        return rc;
    return tlb_flush_local();
}

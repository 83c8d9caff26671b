/* The user area of the trap scenarios (tg_user.h): L4 slot 2 -> L3 -> L2 -> L1 built
 * bottom-up like ring3.c (filled through a window, pinned, then linked), with the code
 * page (user_code.S, read-only), a data page and a stack page (writable), all user. */
#include "trapsutil.h"
#include "scenarios.h"

#define USER_TABLE_FLAGS (PTE_P | PTE_RW | PTE_US | PTE_A)

static int user_ready;

static uint64_t entry(unsigned long pfn, uint64_t flags)
{
    return ((uint64_t)pfn_to_mfn(pfn) << 12) | flags;
}

/* Fills frame pfn: zero, then src (len bytes) or table entries e[0..n). */
static long fill(unsigned long pfn, const void *src, size_t len, const uint64_t *e, int n)
{
    long rc;
    uint64_t *p = window_map(TG_SLOT_USER, pfn, 1, &rc);
    if (!p)
        return rc;
    memset(p, 0, 4096);
    if (src)
        memcpy(p, src, len);
    for (int i = 0; i < n; i++)
        p[i] = e[i];
    return window_unmap(TG_SLOT_USER);
}

long tg_user_setup(struct start_info *si)
{
    if (user_ready)
        return 0;
    const volatile uint64_t *l4 = (const volatile uint64_t *)si->pt_base;
    size_t len = (size_t)(tg_user_blob_end - tg_user_blob_start);
    if (!check_true("user_precondition", frames_free() >= 6 && l4[TG_USER_L4_SLOT] == 0 && len <= 4096,
                    "free frames %lu, L4[%d] = %lx, user code %zu bytes", frames_free(), TG_USER_L4_SLOT,
                    (unsigned long)l4[TG_USER_L4_SLOT], len))
        return -RW_EINVAL;
    unsigned long code = frame_alloc(), data = frame_alloc(), stack = frame_alloc();
    unsigned long t1 = frame_alloc(), t2 = frame_alloc(), t3 = frame_alloc();
    long rc;
    const uint64_t l1[3] = { entry(code, PTE_P | PTE_US | PTE_A),
                             entry(data, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D),
                             entry(stack, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D) };
    const uint64_t l2 = entry(t1, USER_TABLE_FLAGS), l3 = entry(t2, USER_TABLE_FLAGS);
    if ((rc = fill(code, tg_user_blob_start, len, 0, 0)) || (rc = fill(data, 0, 0, 0, 0)) ||
        (rc = fill(stack, 0, 0, 0, 0)) || (rc = fill(t1, 0, 0, l1, 3)) || (rc = fill(t2, 0, 0, &l2, 1)) ||
        (rc = fill(t3, 0, 0, &l3, 1))) {
        result_fail("user_fill", "%s", rc_name(rc));
        return rc;
    }
    if ((rc = mmuext_pin(1, pfn_to_mfn(t1))) || (rc = mmuext_pin(2, pfn_to_mfn(t2))) ||
        (rc = mmuext_pin(3, pfn_to_mfn(t3)))) {
        result_fail("user_pin", "%s", rc_name(rc));
        return rc;
    }
    rc = pt_update_one(((uint64_t)pt_l4_mfn() << 12) + TG_USER_L4_SLOT * 8, entry(t3, USER_TABLE_FLAGS));
    if (rc) {
        result_fail("user_link", "%s", rc_name(rc));
        return rc;
    }
    tlb_flush_local();
    user_ready = 1;
    return 0;
}

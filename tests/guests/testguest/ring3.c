/* ring3 (destructive): builds a user-accessible chain L3 -> L2 -> L1 in L4 slot 1
 * (0x0000008000000000), bottom-up, each table filled through a window while it is a
 * plain frame, then pinned (validated) before the level above links it. Maps a code
 * page (read-only, user) and a data/stack page (writable, user), then IRETQs to ring 3
 * (CS 0x33, SS 0x2B), where the code issues a hypercall through the gate (see
 * ring3_code.S). The VMM must refuse; the domain ends. */
#include "report.h"
#include "scenarios.h"

#define USER_BASE 0x0000008000000000UL
#define USER_L4_SLOT 1
#define USER_FLAGS_TABLE (PTE_P | PTE_RW | PTE_US | PTE_A)

extern const char ring3_code_start[], ring3_code_end[];

/* Fills frame pfn through the window: zero, then 'len' bytes of src at offset 0. */
static long fill_frame(unsigned long pfn, const void *src, size_t len)
{
    return frame_fill(TG_SLOT_RING3, pfn, src, len, 0, 0, 0);
}

/* Fills a table frame with one entry at index idx. */
static long fill_table(unsigned long pfn, unsigned idx, uint64_t entry, unsigned idx2, uint64_t entry2)
{
    uint64_t t[2] = { entry, entry2 };
    long rc;
    uint64_t *p = window_map(TG_SLOT_RING3, pfn, 1, &rc);
    if (!p)
        return rc;
    memset(p, 0, 4096);
    p[idx] = t[0];
    if (entry2)
        p[idx2] = t[1];
    return window_unmap(TG_SLOT_RING3);
}

static uint64_t mfn_entry(unsigned long pfn, uint64_t flags)
{
    return ((uint64_t)pfn_to_mfn(pfn) << 12) | flags;
}

void scenario_ring3(struct start_info *si)
{
    if (!check_true("frames_precondition", frames_free() >= 5, "only %lu free frames", frames_free()))
        return;
    const volatile uint64_t *l4 = (const volatile uint64_t *)si->pt_base;
    if (!check_true("slot_precondition", l4[USER_L4_SLOT] == 0, "L4[%d] = %lx already", USER_L4_SLOT,
                    (unsigned long)l4[USER_L4_SLOT]))
        return;

    unsigned long code = frame_alloc(), data = frame_alloc();
    unsigned long t1 = frame_alloc(), t2 = frame_alloc(), t3 = frame_alloc();

    struct sched_ringwall_exit ex = { .reason = SHUTDOWN_poweroff, .code = 42 };
    if (!check_rc("fill_code", fill_frame(code, ring3_code_start, (size_t)(ring3_code_end - ring3_code_start)), 0) ||
        !check_rc("fill_data", fill_frame(data, &ex, sizeof ex), 0))
        return;

    /* L1: code at index 0 (read-only, user), data at index 1 (writable, user). */
    if (!check_rc("fill_l1", fill_table(t1, 0, mfn_entry(code, PTE_P | PTE_US | PTE_A),
                                        1, mfn_entry(data, PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)), 0))
        return;
    if (!check_rc("fill_l2", fill_table(t2, 0, mfn_entry(t1, USER_FLAGS_TABLE), 0, 0), 0) ||
        !check_rc("fill_l3", fill_table(t3, 0, mfn_entry(t2, USER_FLAGS_TABLE), 0, 0), 0))
        return;

    /* Bottom-up: an L2 whose L1 is not validated yet is refused (memory.md rule 3). */
    check_rc("pin_l2_before_l1", mmuext_pin(2, pfn_to_mfn(t2)), -RW_EINVAL);
    if (!check_rc("pin_l1", mmuext_pin(1, pfn_to_mfn(t1)), 0) ||
        !check_rc("pin_l2", mmuext_pin(2, pfn_to_mfn(t2)), 0) ||
        !check_rc("pin_l3", mmuext_pin(3, pfn_to_mfn(t3)), 0))
        return;
    /* A pinned table can no longer be mapped writable. */
    check_rc("pinned_l1_not_writable", map_page((unsigned long)window_va(TG_SLOT_RING3), t1, 1), -RW_EBUSY);

    long rc = pt_update_one(((uint64_t)pt_l4_mfn() << 12) + USER_L4_SLOT * 8, mfn_entry(t3, USER_FLAGS_TABLE));
    if (!check_rc("link_l4", rc, 0))
        return;
    check_true("l4_visible", (l4[USER_L4_SLOT] & PTE_ADDR_MASK) >> 12 == pfn_to_mfn(t3), "L4[%d] = %lx",
               USER_L4_SLOT, (unsigned long)l4[USER_L4_SLOT]);
    tlb_flush_local();

    printf("testguest: entering ring 3 at %lx (the VMM must refuse its hypercall)\n", USER_BASE);
    result_ok("attempt");
    __asm__ volatile(
        "pushq %[ss]\n\t"
        "pushq %[rsp]\n\t"
        "pushq $0x202\n\t"
        "pushq %[cs]\n\t"
        "pushq %[rip]\n\t"
        "iretq"
        :
        : [ss] "i"(FLAT_RING3_SS), [cs] "i"(FLAT_RING3_CS), [rsp] "r"(USER_BASE + 0x2000),
          [rip] "r"(USER_BASE)
        : "memory");
    __builtin_unreachable();
}

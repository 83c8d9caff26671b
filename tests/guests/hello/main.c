/* hello: the smallest useful Ringwall guest. Prints a greeting with its command line,
 * maps two free frames (one with update_va_mapping, one with mmu_update), writes a
 * pattern through each and reads it back, then exits with the code of `exit=N`
 * (default 0). Command line options: who=<name> exit=<n>. */
#include <rwlib/rwlib.h>

static int check_page(const char *how, volatile uint64_t *p, uint64_t seed)
{
    for (int i = 0; i < 512; i++)
        p[i] = seed ^ ((uint64_t)i * 0x9E3779B97F4A7C15UL);
    for (int i = 0; i < 512; i++) {
        if (p[i] != (seed ^ ((uint64_t)i * 0x9E3779B97F4A7C15UL))) {
            printf("hello: %s page check FAILED at word %d\n", how, i);
            return 0;
        }
    }
    printf("hello: %s page check ok\n", how);
    return 1;
}

int guest_main(struct start_info *si)
{
    char who[64];
    if (cmdline_get(si, "who", who, sizeof who) < 0)
        memcpy(who, "hello", 6);

    printf("hello from %s (command line \"%s\")\n", who, cmdline(si));
    printf("hello: magic \"%s\", %lu pages, %lu bootstrap pages, pt_base %lx, %lu table frames\n",
           si->magic, (unsigned long)si->nr_pages, bootstrap_pages(),
           (unsigned long)si->pt_base, (unsigned long)si->nr_pt_frames);

    int ok = 1;
    /* Give the CPU to the other domains between steps, so guests run side by side. */
    HYPERVISOR_sched_op(SCHEDOP_yield, 0);

    /* 1. update_va_mapping: a free frame at a window page of our own .bss. */
    unsigned long pfn = frame_alloc();
    long rc;
    volatile uint64_t *p = pfn == RW_INVALID_PFN ? 0 : window_map(0, pfn, 1, &rc);
    if (!p) {
        printf("hello: update_va_mapping of pfn %lx FAILED (%ld)\n", pfn, pfn == RW_INVALID_PFN ? 0L : rc);
        ok = 0;
    } else {
        ok &= check_page("update_va_mapping", p, 0x1234567800000000UL | pfn);
        window_unmap(0);
    }

    HYPERVISOR_sched_op(SCHEDOP_yield, 0);

    /* 2. mmu_update: the same through an explicit page-table entry update. */
    pfn = frame_alloc();
    unsigned long va = (unsigned long)window_va(1);
    rc = pfn == RW_INVALID_PFN ? -RW_ENOMEM : pt_set_l1_entry(va, ((uint64_t)pfn_to_mfn(pfn) << 12) | PTE_KERNEL_RW);
    if (rc != 0) {
        printf("hello: mmu_update of pfn %lx FAILED (%ld)\n", pfn, rc);
        ok = 0;
    } else {
        ok &= check_page("mmu_update", (volatile uint64_t *)va, 0xABCDEF0000000000UL | pfn);
        window_unmap(1);
    }

    HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    long code = cmdline_get_long(si, "exit", 0);
    printf("hello: %s, exiting with code %ld\n", ok ? "all checks ok" : "some checks FAILED", code);
    return (int)code;
}

/* a12multicall (A12; issue 9, finding 3): one multicall must not keep the CPU from
 * other domains however many entries it has.
 *   scenarios=a12multicall [shapes=S1+S2+...] [count_<shape>=N] [settle_ms=150]
 * runs one multicall per shape, in order (default shapes=flush, default counts: flush
 * and invlpg 4096, mmuupdate 2048, uvm 65536).
 * The entry array is one frame E aliased at many addresses: an L1 whose 512 entries
 * all map E (writable), linked from as many L2 entries as the array needs, in L4 slot
 * 5, so a count of N entries (64 bytes each) costs three tables and one frame. Every
 * entry is the same (E holds 64 of them): shape flush: an mmuext_op of 64
 * TLB_FLUSH_LOCALs; invlpg: 64 INVLPG_LOCALs; mmuupdate: an mmu_update of 64 requests
 * that each rewrite an L1 entry with its own value; uvm: update_va_mapping of a window
 * page to its own frame. A heartbeat domain (sentinel) measures how long it was kept
 * off the CPU (the booted test asserts the bound); this guest checks that the call
 * completes with 0 and that every result word is 0 (E's 64 result words, preset to a
 * sentinel value, are the results of every entry), and prints how long it took. */
#include "hostile.h"

#define SLOT 5
#define ARRAY HX_SLOT_VA(SLOT)
#define PER_PAGE (4096 / sizeof(struct multicall_entry))
#define RESULT_SENTINEL 0x5E5700005E570000UL

static struct mmuext_op inner_ops[64];
static struct mmu_update inner_updates[64];
static uint64_t page[512];

/* Maps `pages` pages at ARRAY, all of them frame e. */
static int alias(unsigned long e, unsigned long pages)
{
    unsigned long l1 = hx_frame(), l2 = hx_frame(), l3 = hx_frame();
    unsigned long l2_entries = (pages + 511) / 512;
    if (l1 == RW_INVALID_PFN || l2 == RW_INVALID_PFN || l3 == RW_INVALID_PFN || l2_entries > 512)
        return 0;
    for (int i = 0; i < 512; i++)
        page[i] = ((uint64_t)hx_mfn(e) << 12) | PTE_KERNEL_RW;
    if (!hx_step("fill L1", hx_fill(l1, page)) || !hx_step("pin L1", mmuext_pin(1, hx_mfn(l1))))
        return 0;
    memset(page, 0, sizeof page);
    for (unsigned long i = 0; i < l2_entries; i++)
        page[i] = hx_link(l1);
    if (!hx_step("fill L2", hx_fill(l2, page)) || !hx_step("pin L2", mmuext_pin(2, hx_mfn(l2))))
        return 0;
    memset(page, 0, sizeof page);
    page[0] = hx_link(l2);
    return hx_step("fill L3", hx_fill(l3, page)) && hx_step("pin L3", mmuext_pin(3, hx_mfn(l3))) &&
           hx_step("link L3", pt_update_one(((uint64_t)pt_l4_mfn() << 12) + SLOT * 8, hx_link(l3))) &&
           hx_step("flush", tlb_flush_local());
}

static int make_entry(struct multicall_entry *e, const char *shape)
{
    memset(e, 0, sizeof *e);
    e->result = RESULT_SENTINEL;
    unsigned long window = (unsigned long)window_va(TG_SLOT_ATTACK2);
    uint64_t own = virt_to_machine((void *)window) | PTE_KERNEL_RW;
    if (strcmp(shape, "flush") == 0 || strcmp(shape, "invlpg") == 0) {
        int invlpg = shape[0] == 'i';
        for (int i = 0; i < 64; i++)
            inner_ops[i] = invlpg ? hx_op(MMUEXT_INVLPG_LOCAL, window, 0) : hx_op(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
        e->op = __HYPERVISOR_mmuext_op;
        e->args[0] = (uint64_t)inner_ops;
    } else if (strcmp(shape, "mmuupdate") == 0) {
        uint64_t ptr = pt_l1_entry_maddr(window);
        for (int i = 0; i < 64; i++) {
            inner_updates[i].ptr = ptr | MMU_NORMAL_PT_UPDATE;
            inner_updates[i].val = own;
        }
        e->op = __HYPERVISOR_mmu_update;
        e->args[0] = (uint64_t)inner_updates;
    } else if (strcmp(shape, "uvm") == 0) {
        e->op = __HYPERVISOR_update_va_mapping;
        e->args[0] = window;
        e->args[1] = own;
        e->args[2] = UVMF_INVLPG | UVMF_LOCAL;
        return 1;
    } else {
        result_fail("shape", "unknown shape \"%s\"", shape);
        return 0;
    }
    e->args[1] = 64;
    e->args[2] = 0;
    e->args[3] = DOMID_SELF;
    return 1;
}

#define MAX_COUNT (512UL * 512 * PER_PAGE)   /* what one L2 of aliases covers */

static unsigned long count_of(struct start_info *si, const char *shape)
{
    char key[32];
    snprintf(key, sizeof key, "count_%s", shape);
    long def = strcmp(shape, "uvm") == 0 ? 65536 : strcmp(shape, "mmuupdate") == 0 ? 2048 : 4096;
    long n = cmdline_get_long(si, key, def);
    return n < 1 ? 1 : (unsigned long)n > MAX_COUNT ? MAX_COUNT : (unsigned long)n;
}

static void run_shape(const char *shape, unsigned long count)
{
    struct multicall_entry *array = (struct multicall_entry *)ARRAY;
    for (unsigned int i = 0; i < PER_PAGE; i++)
        if (!make_entry(&array[i], shape))
            return;
    char check[40];
    uint64_t t0 = hx_rdtsc(), s0 = system_time_ns();
    long rc = HYPERVISOR_multicall(array, count);
    uint64_t t1 = hx_rdtsc(), s1 = system_time_ns();
    printf("testguest: a12multicall shape=%s count=%lu: answered %s after %lu us (%lu TSC ticks)\n", shape, count,
           rc_name(rc), (unsigned long)((s1 - s0) / 1000), (unsigned long)(t1 - t0));
    snprintf(check, sizeof check, "%s.completes", shape);
    check_rc(check, rc, 0);
    unsigned int bad = 0, first = 0;
    for (unsigned int i = 0; i < PER_PAGE; i++)
        if (array[i].result != 0 && bad++ == 0)
            first = i;
    snprintf(check, sizeof check, "%s.every_result_zero", shape);
    check_true(check, bad == 0, "%u of the %lu distinct result words are not 0 (entry %u: %lx)", bad,
               (unsigned long)PER_PAGE, first, (unsigned long)array[first].result);
}

void scenario_a12multicall(struct start_info *si)
{
    static char shapes[64];
    if (cmdline_get(si, "shapes", shapes, sizeof shapes) < 0)
        memcpy(shapes, "flush", 6);
    unsigned long most = 0;
    for (char *p = shapes; *p;) {
        char *name = p;
        while (*p && *p != '+')
            p++;
        char c = *p;
        *p = 0;
        unsigned long n = count_of(si, name);
        most = n > most ? n : most;
        *p = c;
        if (*p)
            p++;
    }
    frames_free();
    if (!hx_handlers())
        return;
    unsigned long e = hx_frame();
    if (e == RW_INVALID_PFN || !alias(e, (most + PER_PAGE - 1) / PER_PAGE))
        return;
    hx_settle((unsigned long)cmdline_get_long(si, "settle_ms", 150));
    for (char *p = shapes; *p;) {
        char *name = p;
        while (*p && *p != '+')
            p++;
        if (*p)
            *p++ = 0;
        run_shape(name, count_of(si, name));
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
}

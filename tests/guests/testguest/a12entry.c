/* a12entry (A12; issue 9 review of the fix): how many instructions one VMM entry takes
 * when every unit of the work budget is spent on the cheapest work the meter counts.
 *   scenarios=a12entry [shapes=S1+S2+...] [count_<shape>=N] [reps=8] [limit=1000000]
 * Each shape is one hypercall with many cheap elements, so that the VMM spends its
 * whole work budget per entry on the cheapest work its meter counts; a call that needs
 * more than one budget is continued over several entries. The guest cannot see where
 * one entry ends and its continuation begins, so the limit is checked by the booted
 * test on the VMM's own measurement of every entry (`entrystats`); the guest prints
 * the least and most TSC ticks around the whole call (with `limit=` it also checks
 * that the whole call stays within it, for shapes sized to fit one budget).
 *   mcnull:  a multicall of inner mmuext_ops of count 0 with MMU_UPDATE_PREEMPTED and
 *            a pdone: 6 units charged, 8 guest-memory walks (5 reads of the entry, the
 *            pdone read and write, the result write) per entry; 683 entries;
 *   extnull: an mmuext_op of NEW_USER_BASEPTR 0 (3 units, 3 walks each); 1366 ops;
 *   m2p:     an mmu_update of MMU_MACHPHYS_UPDATEs of an own frame (2 units, 2 walks);
 *            2048 requests;
 *   uvmnop:  a multicall of update_va_mappings rewriting a window page's own entry (7
 *            units, 6 walks and an uncharged table walk); 586 entries.
 * Check <shape>.completes: the call answers 0 (every element done). */
#include "hostile.h"

#define MAX_ENTRIES 1024
#define MAX_OPS 2048

static struct multicall_entry entries[MAX_ENTRIES];
static struct mmuext_op ops[MAX_OPS];
static struct mmu_update updates[MAX_OPS];
static volatile rw_u32 pdone_word;

static unsigned long default_count(const char *shape)
{
    if (strcmp(shape, "mcnull") == 0)
        return 683;
    if (strcmp(shape, "extnull") == 0)
        return 1366;
    if (strcmp(shape, "m2p") == 0)
        return 2048;
    if (strcmp(shape, "uvmnop") == 0)
        return 586;
    return 0;
}

static long call(const char *shape, unsigned long n)
{
    if (strcmp(shape, "mcnull") == 0)
        return HYPERVISOR_multicall(entries, n);
    if (strcmp(shape, "extnull") == 0)
        return HYPERVISOR_mmuext_op(ops, n, 0, DOMID_SELF);
    if (strcmp(shape, "m2p") == 0)
        return HYPERVISOR_mmu_update(updates, n, 0, DOMID_SELF);
    return HYPERVISOR_multicall(entries, n);
}

/* Prepares the arrays of a shape; 0 when the shape is unknown. */
static int prepare(const char *shape, unsigned long n)
{
    if (strcmp(shape, "mcnull") == 0) {
        for (unsigned long i = 0; i < n; i++) {
            memset(&entries[i], 0, sizeof entries[i]);
            entries[i].op = __HYPERVISOR_mmuext_op;
            entries[i].args[0] = (uint64_t)ops;
            entries[i].args[1] = 1UL << 31;   /* count 0, MMU_UPDATE_PREEMPTED */
            entries[i].args[2] = (uint64_t)&pdone_word;
            entries[i].args[3] = DOMID_SELF;
        }
        return 1;
    }
    if (strcmp(shape, "extnull") == 0) {
        for (unsigned long i = 0; i < n; i++)
            ops[i] = hx_op(MMUEXT_NEW_USER_BASEPTR, 0, 0);
        return 1;
    }
    if (strcmp(shape, "m2p") == 0) {
        unsigned long pfn = hx_frame();
        if (pfn == RW_INVALID_PFN)
            return 0;
        for (unsigned long i = 0; i < n; i++) {
            updates[i].ptr = ((uint64_t)hx_mfn(pfn) << 12) | MMU_MACHPHYS_UPDATE;
            updates[i].val = pfn;
        }
        return 1;
    }
    if (strcmp(shape, "uvmnop") == 0) {
        unsigned long window = (unsigned long)window_va(TG_SLOT_ATTACK2);
        uint64_t own = virt_to_machine((void *)window) | PTE_KERNEL_RW;
        for (unsigned long i = 0; i < n; i++) {
            memset(&entries[i], 0, sizeof entries[i]);
            entries[i].op = __HYPERVISOR_update_va_mapping;
            entries[i].args[0] = window;
            entries[i].args[1] = own;
            entries[i].args[2] = 0;   /* UVMF_NONE */
        }
        return 1;
    }
    result_fail("shape", "unknown shape \"%s\"", shape);
    return 0;
}

static void run_shape(struct start_info *si, const char *shape)
{
    char key[40];
    snprintf(key, sizeof key, "count_%s", shape);
    unsigned long n = (unsigned long)cmdline_get_long(si, key, (long)default_count(shape));
    unsigned long reps = (unsigned long)cmdline_get_long(si, "reps", 8);
    uint64_t limit = (uint64_t)cmdline_get_long(si, "limit", 0);
    unsigned long cap = strcmp(shape, "mcnull") == 0 || strcmp(shape, "uvmnop") == 0 ? MAX_ENTRIES : MAX_OPS;
    if (n < 1 || n > cap) {
        result_fail("count", "%s: count %lu out of 1..%lu", shape, n, cap);
        return;
    }
    if (!prepare(shape, n))
        return;
    uint64_t least = ~0UL, most = 0;
    long rc = 0;
    for (unsigned long r = 0; r < reps; r++) {
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);   /* start on a fresh slice */
        uint64_t t0 = hx_rdtsc();
        rc = call(shape, n);
        uint64_t t1 = hx_rdtsc();
        if (rc != 0)
            break;
        uint64_t d = t1 - t0;
        least = d < least ? d : least;
        most = d > most ? d : most;
    }
    printf("testguest: a12entry shape=%s count=%lu answered %s: one entry least=%lu most=%lu TSC ticks\n", shape, n,
           rc_name(rc), (unsigned long)least, (unsigned long)most);
    snprintf(key, sizeof key, "%s.completes", shape);
    if (!check_rc(key, rc, 0))
        return;
    if (limit == 0)
        return;
    snprintf(key, sizeof key, "%s.call_within_limit", shape);
    check_true(key, least <= limit, "the call took %lu instructions (limit %lu)", (unsigned long)least,
               (unsigned long)limit);
}

void scenario_a12entry(struct start_info *si)
{
    static char shapes[64];
    if (cmdline_get(si, "shapes", shapes, sizeof shapes) < 0)
        memcpy(shapes, "mcnull", 7);
    for (char *p = shapes; *p;) {
        char *name = p;
        while (*p && *p != '+')
            p++;
        if (*p)
            *p++ = 0;
        run_shape(si, name);
    }
}

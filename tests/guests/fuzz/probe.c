/* The translation oracle (probe.h). */
#include "probe.h"
#include "call.h"
#include "entries.h"
#include "ext.h"
#include "fuzz.h"
#include "guard.h"
#include "layout.h"
#include "pool.h"
#include "rng.h"
#include "stats.h"

#define VIEW_SLOT 1

static uint64_t view_va(void) { return (uint64_t)window_va(VIEW_SLOT); }

/* Maps machine frame mfn read-only at the view slot; 0 or the VMM's error. */
static long view(uint64_t mfn)
{
    return fz_call(__HYPERVISOR_update_va_mapping, view_va(), (mfn << 12) | PTE_KERNEL_RO, UVMF_INVLPG | UVMF_LOCAL, 0, 0);
}

static void view_done(void)
{
    fz_call(__HYPERVISOR_update_va_mapping, view_va(), ((uint64_t)pfn_to_mfn(virt_to_pfn((void *)view_va())) << 12) |
            PTE_KERNEL_RW, UVMF_INVLPG | UVMF_LOCAL, 0, 0);
}

/* 1: mapped, *word = the 8 bytes at va; 0: not mapped; -1: cannot tell. */
static int walk(uint64_t va, uint64_t *word)
{
    uint64_t table = fz_base;
    for (int level = 4; level >= 1; level--) {
        if (view(table))
            return -1;
        uint64_t e = ((const volatile uint64_t *)view_va())[PT_INDEX(va, level)];
        if (!(e & PTE_P))
            return 0;
        uint64_t next = (e & PTE_ADDR_MASK) >> 12;
        if (level == 2 && (e & PTE_PS)) {
            table = (next & ~511ULL) + PT_INDEX(va, 1);
            break;
        }
        if (level > 2 && (e & PTE_PS)) {
            fz_anomaly("validated L%d entry %lx of frame %lx has the page-size bit", level, (unsigned long)e,
                       (unsigned long)table);
            return -1;
        }
        if (level > 1 && !fz_own_mfn(next) && !fz_owned(next)) {
            fz_anomaly("validated L%d entry %lx of frame %lx names frame %lx, not the domain's", level,
                       (unsigned long)e, (unsigned long)table, (unsigned long)next);
            return -1;
        }
        table = next;
    }
    if (table == rw_start_info->shared_info >> 12)
        return -1;                                           /* the VMM updates it at any time */
    if (!fz_own_mfn(table) && !fz_owned(table)) {
        fz_anomaly("base %lx maps %lx to frame %lx, not the domain's", fz_base, (unsigned long)va, (unsigned long)table);
        return -1;
    }
    if (view(table))
        return -1;
    *word = ((const volatile uint64_t *)view_va())[(va & 0xFFF) / 8];
    return 1;
}

int fz_probe_check(uint64_t va)
{
    va &= ~7ULL;
    struct mmuext_op flush = fz_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    if (fz_ext_run(&flush, 1, 0))
        return -1;
    uint64_t expected = 0, seen = 0, cr2 = 0;
    int mapped = walk(va, &expected);
    view_done();
    if (mapped < 0)
        return -1;
    int fault = fz_probe_read(va, &seen, &cr2);
    if (mapped && fault) {
        fz_anomaly("base %lx maps %lx (word %lx) but the CPU faults (vector %d, cr2 %lx)", fz_base, (unsigned long)va,
                   (unsigned long)expected, -fault - 1, (unsigned long)cr2);
        return 0;
    }
    if (!mapped && !fault) {
        fz_anomaly("base %lx has no mapping of %lx but the CPU reads %lx there (stale root or TLB)", fz_base,
                   (unsigned long)va, (unsigned long)seen);
        return 0;
    }
    /* The word may be a page-table entry (a table mapped read-only), whose accessed and
     * dirty bits the CPU sets on its own walks: those two bits are not compared. */
    if (mapped && (seen & ~0x60ULL) != (expected & ~0x60ULL)) {
        fz_anomaly("base %lx maps %lx to a frame holding %lx but the CPU reads %lx (stale root or TLB)", fz_base,
                   (unsigned long)va, (unsigned long)expected, (unsigned long)seen);
        return 0;
    }
    return 1;
}

uint64_t fz_probe_va(void)
{
    switch (fz_below(4)) {
    case 0: return FZ_PROBE_VA;
    case 1: return FZ_PROBE_VA + (fz_below(4) << 30) + (fz_below(4) << 21) + (fz_below(8) << 12) + (fz_below(512) << 3);
    case 2: return (uint64_t)fz_play[fz_below(FZ_PLAY_PAGES)];
    default: {
        unsigned slot = fz_free_index() & 255;
        if (fz_protected_index(slot))
            slot = FZ_PROBE_SLOT;
        return ((uint64_t)slot << 39) + (fz_below(2) << 30) + (fz_below(2) << 21) + (fz_below(2) << 12);
    }
    }
}

void fz_op_probe(void)
{
    fz_probe_check(fz_probe_va());
}

/* update_va_mapping (uvm.h), and the check that a mapping it made is the one the CPU uses. */
#include "uvm.h"
#include "addr.h"
#include "call.h"
#include "entries.h"
#include "fuzz.h"
#include "layout.h"
#include "pool.h"
#include "probe.h"
#include "rng.h"
#include "stats.h"

static uint64_t masks[16];   /* vCPU bitmaps for UVMF_MULTI (only read by the VMM) */

static uint64_t gen_va(void)
{
    switch (fz_below(10)) {
    case 0: case 1: case 2: case 3: return (uint64_t)fz_play[fz_below(FZ_PLAY_PAGES)] + (fz_below(4096) & ~7UL);
    case 4: case 5: return fz_probe_va();
    case 6: return 0x0000800000000000ULL + (fz_below(1 << 20) << 12);           /* non-canonical */
    case 7: return RINGWALL_VMM_VIRT_START + (fz_below(1 << 20) << 12);          /* the VMM's */
    case 8: return RW_VIRT_BASE + ((uint64_t)bootstrap_pages() + fz_below(512)) * 4096;   /* no L1 there */
    default: {                                                                   /* lower half, anything */
        uint64_t va = fz_wild() & ~0xFFFULL & 0x00007FFFFFFFFFFFULL;
        return fz_protected_index(PT_INDEX(va, 4)) ? FZ_PROBE_VA : va;           /* never the low area */
    }
    }
}

static uint64_t gen_flags(void)
{
    uint64_t type = fz_chance(1, 12) ? UVMF_FLUSHTYPE_MASK : fz_below(3);
    switch (fz_below(6)) {
    case 0: return type | UVMF_ALL;
    case 1: {
        uint64_t *m = &masks[fz_below(16)];
        *m = fz_chance(3, 4) ? fz_below(4) : fz_wild();
        return type | (uint64_t)m;
    }
    case 2: return type | (fz_bad_addr() & ~UVMF_FLUSHTYPE_MASK);
    default: return type | UVMF_LOCAL;
    }
}

void fz_gen_uvm(uint64_t *va, uint64_t *val, uint64_t *flags)
{
    *va = gen_va();
    *val = fz_chance(1, 6) ? 0 : fz_chance(1, 5) ? fz_gen_entry(1, 0, 0) : fz_gen_mapping();
    *flags = gen_flags();
}

/* A writable mapping of one of the fuzzer's own page tables: the VMM must refuse it. */
static void must_refuse_table(void)
{
    unsigned long first = virt_to_pfn((const void *)rw_start_info->pt_base);
    uint64_t mfn = pfn_to_mfn(first + fz_below(rw_start_info->nr_pt_frames));
    unsigned page = (unsigned)fz_below(FZ_PLAY_PAGES);
    long rc = fz_call(__HYPERVISOR_update_va_mapping, (uint64_t)fz_play[page], (mfn << 12) | PTE_KERNEL_RW,
                      UVMF_INVLPG | UVMF_LOCAL, 0, 0);
    if (rc == 0) {
        fz_anomaly("update_va_mapping accepted a writable mapping of bootstrap page table %lx", (unsigned long)mfn);
        fz_call(__HYPERVISOR_update_va_mapping, (uint64_t)fz_play[page], 0, UVMF_INVLPG | UVMF_LOCAL, 0, 0);
    }
}

void fz_check_boot_tables(void)
{
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE, .arg1 = { .mfn = fz_boot_l4 } };
    if (HYPERVISOR_mmuext_op(&pin, 1, 0, DOMID_SELF) == 0)
        fz_anomaly("the bootstrap L4 %lx was not pinned (pinned again)", fz_boot_l4);
    unsigned long first = virt_to_pfn((const void *)rw_start_info->pt_base);
    uint64_t va = (uint64_t)fz_play[0];
    for (unsigned long k = 0; k < rw_start_info->nr_pt_frames; k++) {
        uint64_t mfn = pfn_to_mfn(first + k);
        if (HYPERVISOR_update_va_mapping(va, (mfn << 12) | PTE_KERNEL_RW, UVMF_INVLPG | UVMF_LOCAL) == 0) {
            fz_anomaly("bootstrap page table %lx (table %lu) can be mapped writable", (unsigned long)mfn, k);
            HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG | UVMF_LOCAL);
        }
    }
}

/* A mapping of a frame that is not the domain's: the VMM must refuse it. */
static void must_refuse_foreign(void)
{
    uint64_t mfn = fz_foreign_frame();
    unsigned page = (unsigned)fz_below(FZ_PLAY_PAGES);
    long rc = fz_call(__HYPERVISOR_update_va_mapping, (uint64_t)fz_play[page], (mfn << 12) | PTE_KERNEL_RO,
                      UVMF_INVLPG | UVMF_LOCAL, 0, 0);
    if (rc == 0 && !fz_owned(mfn)) {
        fz_anomaly("update_va_mapping accepted a mapping of frame %lx, not the domain's", (unsigned long)mfn);
        fz_call(__HYPERVISOR_update_va_mapping, (uint64_t)fz_play[page], 0, UVMF_INVLPG | UVMF_LOCAL, 0, 0);
    }
}

void fz_op_uvm(void)
{
    unsigned r = (unsigned)fz_below(100);
    if (r < 5) {
        must_refuse_table();
        return;
    }
    if (r < 10) {
        must_refuse_foreign();
        return;
    }
    uint64_t va, val, flags;
    fz_gen_uvm(&va, &val, &flags);
    long rc = fz_call(__HYPERVISOR_update_va_mapping, va, val, flags, 0, 0);
    /* A mapping made and flushed from this vCPU's TLB must be the one the CPU uses. */
    uint64_t scope = flags & ~UVMF_FLUSHTYPE_MASK, type = flags & UVMF_FLUSHTYPE_MASK;
    if (rc == 0 && type != UVMF_NONE && (scope == UVMF_LOCAL || scope == UVMF_ALL) && fz_chance(1, 2))
        fz_probe_check(va);
}

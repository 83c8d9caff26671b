/* Hostile and scratch addresses (addr.h). */
#include "addr.h"
#include "layout.h"
#include "rng.h"

uint64_t fz_bad_addr(void)
{
    uint64_t off = fz_below(4096) & ~7UL;
    switch (fz_below(12)) {
    case 0: return (uint64_t)fz_arena[FZ_ARENA_PAGES] + off;               /* the hole */
    case 1: return FZ_LOW_VA + FZ_LOW_PAGES * 4096 + off;                   /* after the low scratch pages */
    case 2: return FZ_ALIAS_VA + fz_alias_bytes + off;                      /* after the alias region */
    case 3: return fz_below(2) ? 0 : 8 + off;                               /* page 0 */
    case 4: return 0x0000800000000000ULL + off;                             /* non-canonical */
    case 5: return 0x8000000000000000ULL | (fz_rand() & 0x7FFF7FFFFFFFFFF8ULL);  /* non-canonical (mostly) */
    case 6: return RINGWALL_VMM_VIRT_START + off;                           /* the M2P table (VMM range) */
    case 7: return 0xFFFF878000000000ULL + fz_below(0x30000);              /* the entry area */
    case 8: return RINGWALL_VMM_VIRT_LAST - 7;                              /* the last word of the VMM range */
    case 9: return 0xFFFFFFFFFFFFFFF8ULL - off;                             /* the top of the address space */
    case 10: return RW_VIRT_BASE + (uint64_t)bootstrap_pages() * 4096 + off; /* past the bootstrap region */
    default: return 0xFFFF000000000000ULL - 4096 + off;                      /* non-canonical, just below 0xFFFF000000000000 */
    }
}

uint64_t fz_readonly_addr(void)
{
    if (fz_chance(1, 4))
        return fz_bad_addr();
    return rw_start_info->pt_base + (fz_below(rw_start_info->nr_pt_frames * 4096) & ~7UL);
}

uint64_t fz_out_addr(size_t bytes, int null_ok)
{
    unsigned r = (unsigned)fz_below(100);
    if (r < 70)
        return (uint64_t)(r < 55 ? fz_arena_take(bytes) : fz_low_take(bytes));
    if (r < 76 && null_ok)
        return 0;
    if (r < 84)
        return fz_readonly_addr();
    if (r < 90)
        return (uint64_t)fz_arena_take(bytes + 8) + fz_range(1, 7);          /* misaligned */
    return fz_bad_addr();
}

uint64_t fz_maybe_spoil(uint64_t addr, unsigned odds)
{
    if (!fz_chance(1, odds))
        return addr;
    switch (fz_below(3)) {
    case 0: return fz_bad_addr();
    case 1: return addr + fz_range(1, 7);
    default: return fz_readonly_addr();
    }
}

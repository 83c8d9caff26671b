/* The arena, the hole, the playground and the low area (layout.h). */
#include "layout.h"
#include "pool.h"
#include "rng.h"
#include "fuzz.h"

char fz_arena[FZ_ARENA_PAGES + 1][4096] __attribute__((aligned(4096)));
char fz_play[FZ_PLAY_PAGES][4096] __attribute__((aligned(4096)));
unsigned long fz_boot_l4;
const volatile uint64_t *fz_boot_l4_view;
unsigned long fz_alias_mfn;
uint64_t fz_alias_bytes;
static uint64_t protected_mask[8];
static uint64_t play_pte[FZ_PLAY_PAGES];

#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_A)

static uint64_t link(unsigned long pfn) { return ((uint64_t)pfn_to_mfn(pfn) << 12) | TABLE_FLAGS; }
static uint64_t data(unsigned long pfn) { return ((uint64_t)pfn_to_mfn(pfn) << 12) | PTE_KERNEL_RW; }

int fz_protected_index(unsigned i)
{
    return (protected_mask[(i & 511) / 64] >> (i % 64)) & 1;
}

uint64_t fz_play_pte(unsigned i)
{
    return play_pte[i % FZ_PLAY_PAGES];
}

static long fill(unsigned long pfn, const uint64_t *e, unsigned first, unsigned n)
{
    return frame_fill(0, pfn, 0, 0, e, first, n);
}

long fz_layout_init(void)
{
    long rc;
    fz_boot_l4 = pt_l4_mfn();
    fz_boot_l4_view = (const volatile uint64_t *)rw_start_info->pt_base;
    for (unsigned i = 0; i < 512; i++)
        if (fz_boot_l4_view[i] & PTE_P)
            protected_mask[i / 64] |= 1ULL << (i % 64);
    protected_mask[FZ_LOW_SLOT / 64] |= 1ULL << (FZ_LOW_SLOT % 64);
    protected_mask[0] |= 1;   /* slot 0 stays empty in every L4: NULL and page 0 are never mapped */
    for (unsigned i = 0; i < FZ_PLAY_PAGES; i++)
        if (!(play_pte[i] = pt_l1_entry_maddr((unsigned long)fz_play[i])))
            return -RW_EINVAL;

    /* The hole: the page after the arena has no mapping. */
    if ((rc = HYPERVISOR_update_va_mapping((unsigned long)fz_arena[FZ_ARENA_PAGES], 0, UVMF_INVLPG | UVMF_LOCAL)))
        return rc;

    /* The low area, bottom-up: scratch pages and the alias frame, the two L1s, the L2, the L3. */
    unsigned long pages[FZ_LOW_PAGES], alias = fz_dedicated(), l1 = fz_dedicated(), l1a = fz_dedicated();
    unsigned long l2 = fz_dedicated(), l3 = fz_dedicated();
    uint64_t e[512];
    for (unsigned i = 0; i < FZ_LOW_PAGES; i++) {
        pages[i] = fz_dedicated();
        if ((rc = frame_zero(0, pages[i])))
            return rc;
        e[i] = data(pages[i]);
    }
    if ((rc = frame_zero(0, alias)) || (rc = fill(l1, e, 0, FZ_LOW_PAGES)))
        return rc;
    for (unsigned i = 0; i < 512; i++)
        e[i] = data(alias);
    if ((rc = fill(l1a, e, 0, 512)))
        return rc;
    unsigned alias_tables = fz_cfg.alias_pages / 512;
    if (alias_tables > 510)
        alias_tables = 510;
    e[0] = link(l1);
    for (unsigned i = 1; i <= alias_tables; i++)
        e[i] = link(l1a);
    if ((rc = fill(l2, e, 0, 1 + alias_tables)))
        return rc;
    e[0] = link(l2);
    if ((rc = fill(l3, e, 0, 1)))
        return rc;
    if ((rc = mmuext_pin(1, pfn_to_mfn(l1))) || (rc = mmuext_pin(1, pfn_to_mfn(l1a))) ||
        (rc = mmuext_pin(2, pfn_to_mfn(l2))) || (rc = mmuext_pin(3, pfn_to_mfn(l3))))
        return rc;
    if ((rc = pt_update_one(((uint64_t)fz_boot_l4 << 12) + FZ_LOW_SLOT * 8, link(l3))) || (rc = tlb_flush_local()))
        return rc;
    fz_alias_mfn = pfn_to_mfn(alias);
    fz_alias_bytes = (uint64_t)alias_tables << 21;
    return 0;
}

static void *take(char *start, size_t area, size_t bytes)
{
    if (bytes > area)
        bytes = area;
    size_t slack = area - bytes;
    size_t off = fz_chance(1, 3) ? slack : fz_below(slack + 1);
    return start + (off & ~7UL);
}

void *fz_arena_take(size_t bytes)
{
    return take(fz_arena[0], FZ_ARENA_PAGES * 4096, bytes);
}

void *fz_low_take(size_t bytes)
{
    return take((char *)FZ_LOW_VA, FZ_LOW_PAGES * 4096, bytes);
}

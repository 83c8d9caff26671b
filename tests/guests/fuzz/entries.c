/* Entry generators (entries.h). */
#include "entries.h"
#include "fuzz.h"
#include "layout.h"
#include "rng.h"

#define TABLE_FLAGS (PTE_P | PTE_RW | PTE_A)
#define SUPER_OK_MAX 2

static uint64_t random_flags(int leaf)
{
    uint64_t f = PTE_P;
    if (fz_chance(3, 4)) f |= PTE_RW;
    if (fz_chance(1, 2)) f |= PTE_A;
    if (leaf && fz_chance(1, 2)) f |= PTE_D;
    if (fz_chance(1, 8)) f |= PTE_US;
    if (fz_chance(1, 16)) f |= PTE_PWT;
    if (fz_chance(1, 16)) f |= PTE_PCD;
    if (fz_chance(1, 16)) f |= PTE_NX;
    if (fz_chance(1, 16)) f |= fz_below(8) << 9;            /* available bits */
    if (leaf && fz_chance(1, 32)) f |= 0x80;                /* PAT (L1) */
    return f;
}

/* Something the validator must refuse, or a not-present entry with stray bits. */
static uint64_t hostile_bits(uint64_t e)
{
    switch (fz_below(6)) {
    case 0: return e | 0x100;                               /* global */
    case 1: return e | (1ULL << fz_range(52, 62));          /* reserved / ignored high bits */
    case 2: return e & ~PTE_P;                              /* not present, address kept */
    case 3: return (e & ~PTE_P) | (fz_rand() & 0x000FFFFFFFFFF000ULL);
    case 4: return fz_rand();
    default: return e | ((uint64_t)fz_below(16) << 48);
    }
}

static uint64_t map(uint64_t mfn, uint64_t flags)
{
    if (flags & PTE_RW)
        fz_taint(mfn);
    return (mfn << 12) | flags;
}

uint64_t fz_gen_mapping(void)
{
    return map(fz_frame_for(FZ_USE_MAP, 1), random_flags(1));
}

static uint64_t superpage(unsigned *supers)
{
    uint64_t base = fz_extent_mfn;
    uint64_t flags = random_flags(1) | PTE_PS;
    if (!base || fz_chance(1, 6)) {
        switch (fz_below(3)) {
        case 0: base = fz_foreign_frame() & ~511ULL; break;  /* not ours */
        case 1: base = (base ? base : 512) + fz_range(1, 511); break;   /* misaligned */
        default: base = fz_data_mfn() & ~511ULL; break;      /* aligned, partly ours at best */
        }
    } else if (fz_avoiding(FZ_AVOID_SUPERLONG) && supers && *supers >= SUPER_OK_MAX) {
        return 0;
    }
    if (supers)
        (*supers)++;
    return (base << 12) | flags;
}

uint64_t fz_gen_entry(int level, unsigned index, unsigned *supers)
{
    if (level == 4 && index >= RINGWALL_VMM_L4_FIRST && index < RINGWALL_VMM_L4_FIRST + RINGWALL_VMM_L4_COUNT)
        return fz_chance(1, 64) ? ((uint64_t)fz_frame_for(FZ_USE_LINK, 4) << 12) | TABLE_FLAGS : 0;
    unsigned r = (unsigned)fz_below(100);
    if (r < 30)
        return 0;
    if (r < 36)
        return hostile_bits(level == 1 ? fz_gen_mapping() : ((uint64_t)fz_frame_for(FZ_USE_LINK, level) << 12) | TABLE_FLAGS);
    if (level == 1)
        return fz_gen_mapping();
    if (level == 2 && r < 50)
        return superpage(supers);
    if (r < 38)
        return ((uint64_t)fz_frame_for(FZ_USE_LINK, level) << 12) | TABLE_FLAGS | PTE_PS;   /* PS where none may be */
    return ((uint64_t)fz_frame_for(FZ_USE_LINK, level) << 12) | (random_flags(0) & ~PTE_PS);
}

uint64_t fz_gen_plausible(int level, unsigned index, unsigned *supers)
{
    if (level == 4 && index >= RINGWALL_VMM_L4_FIRST && index < RINGWALL_VMM_L4_FIRST + RINGWALL_VMM_L4_COUNT)
        return 0;
    if (level == 1) {
        uint64_t mfn = fz_data_mfn();
        return (mfn << 12) | (random_flags(1) & ~(uint64_t)(fz_chance(1, 3) ? PTE_RW : 0));
    }
    if (level == 2 && fz_extent_mfn && fz_chance(1, 8)) {
        if (fz_avoiding(FZ_AVOID_SUPERLONG) && supers && *supers >= SUPER_OK_MAX)
            return 0;
        if (supers)
            (*supers)++;
        return ((uint64_t)fz_extent_mfn << 12) | (random_flags(1) & ~0x80ULL) | PTE_PS;
    }
    /* a pool table one level down believed validated (never a bootstrap one: see pool.h) */
    struct fz_frame *c = fz_pick(level - 1);
    return c->level == level - 1 ? ((uint64_t)c->mfn << 12) | (random_flags(0) & ~PTE_PS) : 0;
}

unsigned fz_free_index(void)
{
    for (;;) {
        unsigned i = fz_chance(1, 4) ? (unsigned)fz_below(8) : (unsigned)fz_below(512);
        if (!fz_protected_index(i))
            return i;
    }
}

uint64_t fz_gen_ptr(int *level, uint64_t *val_hint)
{
    unsigned r = (unsigned)fz_below(100);
    unsigned idx = fz_free_index();
    *level = 0;
    *val_hint = 0;
    if (r < 55) {
        struct fz_frame *f = fz_pick(fz_below(5));
        *level = f->level;
        *val_hint = fz_gen_entry(f->level ? f->level : (int)fz_range(1, 4), idx, &f->supers);
        uint64_t ptr = ((uint64_t)f->mfn << 12) + idx * 8;
        return fz_chance(1, 10) ? ptr | MMU_PT_UPDATE_PRESERVE_AD : ptr;
    }
    if (r < 63) {                                            /* a free slot of the bootstrap L4 */
        *level = 4;
        *val_hint = fz_gen_entry(4, idx, 0);
        return ((uint64_t)fz_boot_l4 << 12) + idx * 8;
    }
    if (r < 73) {                                            /* a playground page's L1 entry */
        *level = 1;
        *val_hint = fz_chance(1, 5) ? 0 : fz_gen_mapping();
        return fz_play_pte((unsigned)fz_below(FZ_PLAY_PAGES));
    }
    if (r < 78) {                                            /* M2P: the right pfn (or a foreign frame's) */
        unsigned long mfn = fz_chance(1, 3) ? fz_foreign_frame() : fz_pick(-1)->mfn;
        *val_hint = fz_owned(mfn) ? mfn_to_pfn(mfn) : fz_wild();
        return (mfn << 12) | MMU_MACHPHYS_UPDATE;
    }
    *val_hint = fz_gen_entry((int)fz_range(1, 4), idx, 0);
    switch (fz_below(5)) {
    case 0: return (fz_foreign_frame() << 12) + idx * 8;
    case 1: return ((uint64_t)fz_data_mfn() << 12) + idx * 8;          /* not a table */
    case 2: return ((uint64_t)fz_pick(-1)->mfn << 12) + idx * 8 + 4;   /* misaligned */
    case 3: return ((uint64_t)fz_pick(-1)->mfn << 12) + idx * 8 + 3;   /* unknown command */
    default: {
        /* anything, except an entry of one of the fuzzer's own (non-pool) frames */
        uint64_t ptr = fz_wild();
        return fz_own_mfn(ptr >> 12) && !fz_frame_of((unsigned long)(ptr >> 12)) ? fz_foreign_frame() << 12 : ptr;
    }
    }
}

long fz_fill_table(struct fz_frame *f, int level)
{
    long rc;
    uint64_t *p = window_map(0, f->pfn, 1, &rc);
    if (!p)
        return rc;
    f->supers = 0;
    /* sparse, as real tables are (validation cost follows the present entries); three in
     * four tables only hold entries that should validate, the others anything */
    int hostile = fz_chance(1, 4);
    for (unsigned i = 0; i < 512; i++)
        p[i] = fz_chance(7, 8) ? 0 : hostile ? fz_gen_entry(level, i, &f->supers) : fz_gen_plausible(level, i, &f->supers);
    if (level == 4)
        for (unsigned i = 0; i < 512; i++)
            if (fz_protected_index(i))
                p[i] = fz_boot_l4_view[i];
    f->content = level == 4 ? FZ_L4GOOD : FZ_TABLE;
    return window_unmap(0);
}

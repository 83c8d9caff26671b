/* Frames and their generators (pool.h). */
#include "pool.h"
#include "fuzz.h"
#include "guard.h"
#include "layout.h"
#include "rng.h"

#define MAX_POOL 512
#define TAGS 16
#define FOREIGN 12

static struct fz_frame pool[MAX_POOL];
struct fz_frame *fz_pool = pool;
struct fz_frame fz_reserve[FZ_RESERVE];
unsigned fz_pool_count;
unsigned long fz_extent_mfn;
unsigned long fz_frames_est;
static unsigned long extent_pfn_lo = RW_INVALID_PFN, extent_pfn_hi;
static unsigned long tags[TAGS];
static uint64_t foreign[FOREIGN];
static unsigned nforeign;
static unsigned long data_lo, data_hi;   /* pfns [lo, hi) are plain data frames */
static unsigned long boot_pages;
static unsigned long own_lo = ~0UL, own_hi;   /* the domain's frames lie in [own_lo, own_hi] */

static int in_extent(unsigned long pfn) { return pfn >= extent_pfn_lo && pfn < extent_pfn_hi; }

unsigned long fz_dedicated(void)
{
    for (;;) {
        unsigned long pfn = frame_alloc();
        if (pfn == RW_INVALID_PFN || !in_extent(pfn))
            return pfn;
    }
}

/* The highest machine frame the M2P table maps, by probing its pages. */
static unsigned long estimate_frames(void)
{
    uint64_t v;
    unsigned long lo = 1, hi = 1UL << 28;   /* pages of M2P: 512 frames each */
    if (fz_probe_read(RW_M2P_BASE, &v, 0))
        return 0;
    while (lo + 1 < hi) {
        unsigned long mid = (lo + hi) / 2;
        if (fz_probe_read(RW_M2P_BASE + mid * 4096, &v, 0) == 0)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + 1) * 512;
}

/* A 2 MiB-aligned run of 512 machine frames, all ours and all above the bootstrap region. */
static void find_extent(void)
{
    for (unsigned long pfn = boot_pages; pfn < nr_pages(); pfn++) {
        unsigned long m = pfn_to_mfn(pfn);
        if ((m & 511) || m + 512 > fz_frames_est)
            continue;
        unsigned long lo = ~0UL, hi = 0, k;
        for (k = 0; k < 512; k++) {
            unsigned long p = mfn_to_pfn(m + k);
            if (p == RW_INVALID_PFN || p < boot_pages)
                break;
            lo = p < lo ? p : lo;
            hi = p > hi ? p : hi;
        }
        /* the 512 pfns must form one range, so the dedicated and pool frames can skip it */
        if (k == 512 && hi - lo == 511) {
            fz_extent_mfn = m;
            extent_pfn_lo = lo;
            extent_pfn_hi = hi + 1;
            return;
        }
    }
}

int fz_own_mfn(uint64_t mfn)
{
    return mfn >= own_lo && mfn <= own_hi;
}

int fz_owned(uint64_t mfn)
{
    /* The domain's frames are one machine-contiguous run (the builder takes them from
     * the free pool in order): outside it, nothing is the domain's. */
    if (mfn < own_lo || mfn > own_hi)
        return 0;
    unsigned long pfn = m2p_read((unsigned long)mfn);
    return (pfn < nr_pages() && pfn_to_mfn(pfn) == mfn) || mfn_to_pfn((unsigned long)mfn) != RW_INVALID_PFN;
}

static void find_foreign(void)
{
    unsigned long lo = ~0UL, hi = 0;
    for (unsigned long p = 0; p < nr_pages(); p++) {
        unsigned long m = pfn_to_mfn(p);
        lo = m < lo ? m : lo;
        hi = m > hi ? m : hi;
    }
    own_lo = lo;
    own_hi = hi;
    const uint64_t candidates[] = { 0, 1, 0x9F, 0x100, 0x200, lo - 1, lo - 2, lo - 0x400, hi + 1, hi + 2, hi + 0x400,
                                    fz_frames_est - 1 };
    for (unsigned i = 0; i < sizeof candidates / sizeof candidates[0] && nforeign < FOREIGN; i++)
        if (candidates[i] < fz_frames_est && !fz_owned(candidates[i]) && candidates[i] != rw_start_info->shared_info >> 12)
            foreign[nforeign++] = candidates[i];
}

long fz_pool_init(void)
{
    boot_pages = bootstrap_pages();
    fz_frames_est = estimate_frames();
    find_extent();
    find_foreign();
    long rc;
    for (unsigned i = 0; i < TAGS; i++) {
        tags[i] = fz_dedicated();
        uint64_t *p = window_map(0, tags[i], 1, &rc);
        if (!p)
            return rc;
        for (unsigned w = 0; w < 512; w++)
            p[w] = ((uint64_t)pfn_to_mfn(tags[i]) << 12) | w;
        if ((rc = window_unmap(0)))
            return rc;
    }
    for (unsigned i = 0; i < FZ_RESERVE; i++) {
        fz_reserve[i].pfn = fz_dedicated();
        if (fz_reserve[i].pfn == RW_INVALID_PFN)
            return -RW_ENOMEM;
        fz_reserve[i].mfn = pfn_to_mfn(fz_reserve[i].pfn);
    }
    unsigned want = fz_cfg.pool < MAX_POOL ? fz_cfg.pool : MAX_POOL;
    while (fz_pool_count < want) {
        unsigned long pfn = fz_dedicated();
        if (pfn == RW_INVALID_PFN || (fz_pool_count && pfn != pool[fz_pool_count - 1].pfn + 1))
            break;                                   /* consecutive pfns only (fz_frame_of) */
        struct fz_frame *f = &pool[fz_pool_count++];
        f->pfn = pfn;
        f->mfn = pfn_to_mfn(pfn);
        f->content = FZ_UNKNOWN;   /* zeroed by the VMM, but not checked */
    }
    return fz_pool_count ? 0 : -RW_ENOMEM;
}

void fz_pool_seal(void)
{
    /* Whatever is left is data (extent frames included). */
    data_lo = fz_dedicated();
    data_hi = nr_pages();
    if (data_lo == RW_INVALID_PFN)
        data_lo = data_hi;
    printf("FUZZ frames bootstrap=%lu pool=%u data=%lu extent=%lx machine~%lu foreign=%u\n", boot_pages,
           fz_pool_count, data_hi - data_lo, fz_extent_mfn, fz_frames_est, nforeign);
}

struct fz_frame *fz_frame_of(unsigned long mfn)
{
    /* pool frames have consecutive pfns (pool_first..), so one M2P read finds them */
    if (!fz_pool_count || mfn < own_lo || mfn > own_hi)
        return 0;
    unsigned long i = m2p_read(mfn) - pool[0].pfn;
    if (i < fz_pool_count && pool[i].mfn == mfn)
        return &pool[i];
    for (i = 0; i < fz_pool_count; i++)              /* the M2P was changed: search */
        if (pool[i].mfn == mfn)
            return &pool[i];
    return 0;
}

struct fz_frame *fz_pick(int level)
{
    if (level >= 0) {
        for (int tries = 0; tries < 8; tries++) {
            struct fz_frame *f = &pool[fz_below(fz_pool_count)];
            if (f->level == level)
                return f;
        }
    }
    return &pool[fz_below(fz_pool_count)];
}

void fz_taint(uint64_t mfn)
{
    struct fz_frame *f = fz_frame_of((unsigned long)mfn);
    if (f)
        f->content = FZ_UNKNOWN;
}

uint64_t fz_foreign_frame(void)
{
    switch (fz_below(6)) {
    case 0: return fz_frames_est + fz_below(4);              /* just past machine memory */
    case 1: return 1ULL << fz_range(32, 51);                 /* far beyond */
    case 2: return 0xFFFFFFFFFFFFFULL;                       /* the largest frame a PTE can name */
    default: return nforeign ? foreign[fz_below(nforeign)] : 0;
    }
}

unsigned long fz_data_mfn(void)
{
    if (fz_chance(1, 3))
        return pfn_to_mfn(tags[fz_below(TAGS)]);
    if (data_hi > data_lo && fz_chance(3, 4))
        return pfn_to_mfn(data_lo + fz_below(data_hi - data_lo));
    if (fz_extent_mfn)
        return fz_extent_mfn + fz_below(512);
    return pfn_to_mfn(tags[0]);
}

/* A frame of the bootstrap region: one of its page tables, or any of its frames. */
static uint64_t boot_table(void)
{
    unsigned long first = virt_to_pfn((const void *)rw_start_info->pt_base);
    return pfn_to_mfn(first + fz_below(rw_start_info->nr_pt_frames));
}

static uint64_t boot_frame(void)
{
    return pfn_to_mfn(fz_below(boot_pages));
}

uint64_t fz_frame_for(enum fz_use use, int level)
{
    unsigned r = (unsigned)fz_below(100);
    if (r < 8)
        return fz_foreign_frame();
    if (r < 12)
        return rw_start_info->shared_info >> 12;   /* the VMM's, shared with the domain */
    switch (use) {
    case FZ_USE_DESTROY:
        /* bootstrap page tables are typed: the VMM must refuse (they are never unpinned) */
        if (r < 18)
            return boot_table();
        if (r < 30)
            return fz_data_mfn();
        return fz_pick(-1)->mfn;
    case FZ_USE_READ:
        if (r < 30)
            return boot_frame();
        if (r < 50)
            return fz_data_mfn();
        return fz_pick(-1)->mfn;
    case FZ_USE_PIN:
        if (r < 16) {
            uint64_t t = boot_table();
            return t == fz_boot_l4 ? fz_pick(-1)->mfn : t;   /* the boot L4 keeps its pin */
        }
        if (r < 22)
            return fz_data_mfn();
        return fz_pick(-1)->mfn;
    case FZ_USE_MAP:
        if (r < 20)
            return boot_frame();
        if (r < 60)
            return fz_data_mfn();
        return fz_pick(-1)->mfn;
    case FZ_USE_LINK:
    default:
        /* never a bootstrap table: linked under another address, its entries would be
         * what update_va_mapping of that address changes (the fuzzer's own mappings) */
        return fz_pick(level - 1)->mfn;
    }
}

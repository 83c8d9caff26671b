/* role=bystander [frames=N] [ms=T] [who=NAME]: fills N free frames of its own (default
 * 64) and a static array of STATIC_PAGES pages with a pattern, then re-verifies every
 * word, yielding between rounds, until T ms (default 2000) of guest system time have
 * passed. Page k (frames first, 0..N-1, then the static pages, N..N+STATIC_PAGES-1)
 * holds: words 0-1 the marker (sentinel.h), word 2 a hash of NAME (default
 * "sentinel"), word 3 the page number k, then word j = hash ^ (k << 32) ^ j * golden.
 * The frames are reached through a window slot (mapped for each check, then unmapped,
 * so they stay ordinary frames of the domain that nothing maps in between).
 * Prints exactly one line at the end:
 *   SENTINEL bystander intact rounds=<R> frames=<N>                           (exit 0)
 *   SENTINEL bystander CORRUPT frame=<k> word=<j> got=<hex> expected=<hex>    (exit 1)
 * naming the first bad word found; after a corruption it keeps checking to the end
 * (and prints how many words were bad on a "sentinel:" line).
 * selftest_corrupt=1 flips word 5 of frame 0 itself after the fill: the booted test of
 * the sentinel uses it to show that a corruption is seen and reported. */
#include "sentinel.h"

#define STATIC_PAGES 4
#define WINDOW_SLOT 0
#define GOLDEN 0x9E3779B97F4A7C15UL

static uint64_t static_pages[STATIC_PAGES][512] __attribute__((aligned(4096)));

static uint64_t name_hash;
static long bad_words;
static int corrupt;
static unsigned long bad_frame, bad_word;
static uint64_t bad_got, bad_expected;

static uint64_t expected(unsigned long page, unsigned int j)
{
    switch (j) {
    case 0: return SENTINEL_MARKER_LO;
    case 1: return SENTINEL_MARKER_HI;
    case 2: return name_hash;
    case 3: return page;
    default: return name_hash ^ ((uint64_t)page << 32) ^ ((uint64_t)j * GOLDEN);
    }
}

static void fill(volatile uint64_t *p, unsigned long page)
{
    for (unsigned int j = 0; j < 512; j++)
        p[j] = expected(page, j);
}

static void verify(const volatile uint64_t *p, unsigned long page)
{
    for (unsigned int j = 0; j < 512; j++) {
        uint64_t got = p[j], want = expected(page, j);
        if (got == want)
            continue;
        if (!corrupt) {
            corrupt = 1;
            bad_frame = page;
            bad_word = j;
            bad_got = got;
            bad_expected = want;
        }
        bad_words++;
    }
}

/* Maps frame pfn at the window, runs fill or verify on it, unmaps it. 0 or the error. */
static long with_frame(unsigned long pfn, unsigned long page, int filling)
{
    long rc;
    volatile uint64_t *p = window_map(WINDOW_SLOT, pfn, 1, &rc);
    if (!p)
        return rc;
    if (filling)
        fill(p, page);
    else
        verify(p, page);
    return window_unmap(WINDOW_SLOT);
}

int sentinel_bystander(struct start_info *si)
{
    char who[64];
    if (cmdline_get(si, "who", who, sizeof who) < 0)
        memcpy(who, "sentinel", 9);
    long n = cmdline_get_long(si, "frames", 64);
    long ms = cmdline_get_long(si, "ms", 2000);
    if (n < 0 || (unsigned long)n > frames_free()) {
        printf("SENTINEL bystander cannot take %ld frames (%lu free)\n", n, frames_free());
        return 2;
    }
    name_hash = 0xCBF29CE484222325UL;   /* FNV-1a of the name */
    for (const char *c = who; *c; c++)
        name_hash = (name_hash ^ (unsigned char)*c) * 0x100000001B3UL;

    static unsigned long pfns[4096];
    if (n > (long)(sizeof pfns / sizeof pfns[0]))
        n = sizeof pfns / sizeof pfns[0];
    for (long k = 0; k < n; k++) {
        pfns[k] = frame_alloc();
        long rc = with_frame(pfns[k], (unsigned long)k, 1);
        if (rc != 0) {
            printf("SENTINEL bystander cannot map frame %ld (pfn %lx): %ld\n", k, pfns[k], rc);
            return 2;
        }
    }
    for (int s = 0; s < STATIC_PAGES; s++)
        fill(static_pages[s], (unsigned long)(n + s));
    if (cmdline_get_long(si, "selftest_corrupt", 0) && n > 0) {
        long rc;
        volatile uint64_t *p = window_map(WINDOW_SLOT, pfns[0], 1, &rc);
        if (p)
            p[5] ^= 0xFF;
        window_unmap(WINDOW_SLOT);
    }
    printf("sentinel: bystander %s filled %ld frames (mfn %lx..) and %d static pages, checking for %ld ms\n",
           who, n, n ? pfn_to_mfn(pfns[0]) : 0UL, STATIC_PAGES, ms);

    uint64_t end = sentinel_now_ns() + (uint64_t)ms * 1000000UL;
    unsigned long rounds = 0;
    do {
        for (long k = 0; k < n; k++) {
            long rc = with_frame(pfns[k], (unsigned long)k, 0);
            if (rc != 0) {
                printf("SENTINEL bystander cannot map frame %ld (pfn %lx): %ld\n", k, pfns[k], rc);
                return 2;
            }
        }
        for (int s = 0; s < STATIC_PAGES; s++)
            verify(static_pages[s], (unsigned long)(n + s));
        rounds++;
        HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    } while (sentinel_now_ns() < end);

    if (corrupt) {
        printf("sentinel: bystander %s: %ld bad words in %lu rounds\n", who, bad_words, rounds);
        printf("SENTINEL bystander CORRUPT frame=%lu word=%lu got=%lx expected=%lx\n", bad_frame, bad_word,
               (unsigned long)bad_got, (unsigned long)bad_expected);
        return 1;
    }
    printf("SENTINEL bystander intact rounds=%lu frames=%ld\n", rounds, n);
    return 0;
}

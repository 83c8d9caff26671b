/* A bump allocator over the pfns above the bootstrap region. */
#include <rwlib/frames.h>
#include <rwlib/pagetable.h>
#include <rwlib/startinfo.h>

static unsigned long boot_pages;
static unsigned long next_free;

unsigned long bootstrap_pages(void)
{
    if (!boot_pages) {
        unsigned long n = 0;
        while (n < nr_pages() && pt_is_mapped(RW_VIRT_BASE + (n << 12)))
            n++;
        boot_pages = n;
    }
    return boot_pages;
}

unsigned long frame_alloc(void)
{
    if (!next_free)
        next_free = bootstrap_pages();
    if (next_free >= nr_pages())
        return RW_INVALID_PFN;
    return next_free++;
}

unsigned long frames_free(void)
{
    unsigned long next = next_free ? next_free : bootstrap_pages();
    return next < nr_pages() ? nr_pages() - next : 0;
}

/* Mapping windows: pages of the image's .bss, remapped to other frames on demand. */
#include <rwlib/window.h>
#include <rwlib/pagetable.h>
#include <rwlib/startinfo.h>
#include <rwlib/string.h>

static char window_pages[RW_WINDOW_PAGES][4096] __attribute__((aligned(4096)));

void *window_va(unsigned int slot)
{
    return slot < RW_WINDOW_PAGES ? window_pages[slot] : 0;
}

void *window_map(unsigned int slot, unsigned long pfn, int writable, long *err)
{
    void *va = window_va(slot);
    long rc = va ? map_page((unsigned long)va, pfn, writable) : -RW_EINVAL;
    if (err)
        *err = rc;
    return rc == 0 ? va : 0;
}

long window_unmap(unsigned int slot)
{
    void *va = window_va(slot);
    if (!va)
        return -RW_EINVAL;
    return map_page((unsigned long)va, virt_to_pfn(va), 1);
}

long frame_zero(unsigned int slot, unsigned long pfn)
{
    return frame_fill(slot, pfn, 0, 0, 0, 0, 0);
}

long frame_fill(unsigned int slot, unsigned long pfn, const void *src, size_t len, const uint64_t *entries,
                unsigned int first, unsigned int n)
{
    long rc;
    uint64_t *p = window_map(slot, pfn, 1, &rc);
    if (!p)
        return rc;
    memset(p, 0, 4096);
    if (src && len)
        memcpy(p, src, len);
    for (unsigned int i = 0; i < n; i++)
        p[first + i] = entries[i];
    return window_unmap(slot);
}

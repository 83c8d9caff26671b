/* Mapping windows: RW_WINDOW_PAGES page-aligned pages of the image's .bss whose VAs are
 * covered by the bootstrap L1s, used to map other frames temporarily (to zero or fill a
 * free frame before it becomes a page table, for example). window_unmap restores the
 * page's own mapping, so the mapped frame keeps no writable mapping. */
#ifndef RWLIB_WINDOW_H
#define RWLIB_WINDOW_H

#include <rwlib/types.h>

#define RW_WINDOW_PAGES 16

/* Virtual address of window slot (0..RW_WINDOW_PAGES-1). */
void *window_va(unsigned int slot);

/* Maps pfn at window slot (writable or read-only); NULL on error (*err gets it if err != NULL). */
void *window_map(unsigned int slot, unsigned long pfn, int writable, long *err);

/* Restores the slot's own frame. Returns 0 or the VMM's error. */
long window_unmap(unsigned int slot);

/* Zeroes frame pfn through a window slot and unmaps it again. */
long frame_zero(unsigned int slot, unsigned long pfn);

/* Fills frame pfn through window slot: zeroes it, copies len bytes of src (if any) to its
 * start, then writes the 64-bit entries[0..n) at indexes first.. (a page table's entries),
 * and unmaps it again. len + the entries must fit in the page. Returns 0 or the VMM's error. */
long frame_fill(unsigned int slot, unsigned long pfn, const void *src, size_t len, const uint64_t *entries,
                unsigned int first, unsigned int n);

#endif

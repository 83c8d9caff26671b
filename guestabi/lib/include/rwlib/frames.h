/* Free pseudo-physical frames: those above the bootstrap region (which ends at the
 * 4 MiB boundary after the boot stack) and below nr_pages. */
#ifndef RWLIB_FRAMES_H
#define RWLIB_FRAMES_H

#include <rwlib/types.h>

/* Number of pfns mapped at RW_VIRT_BASE at start of day (found by walking the tables). */
unsigned long bootstrap_pages(void);

/* Takes the next free pfn; RW_INVALID_PFN when the domain has none left. */
unsigned long frame_alloc(void);

/* Free pfns left. */
unsigned long frames_free(void);

#endif

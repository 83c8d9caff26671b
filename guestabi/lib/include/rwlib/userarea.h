/* A small ring-3 area for a guest's processes: one empty L4 slot mapped as
 *   base + 0x0000  code (a copy of the given bytes), read-only, user
 *   base + 0x1000  data, writable, user
 *   base + 0x2000  stack, writable, user (top at base + 0x3000)
 * where base = slot << 39. Tables are built bottom-up (each filled through a window
 * slot, pinned, then linked), the way Xen wants page tables made. */
#ifndef RWLIB_USERAREA_H
#define RWLIB_USERAREA_H

#include <rwlib/types.h>
#include <rwlib/startinfo.h>

#define USER_AREA_CODE(slot)      ((uint64_t)(slot) << 39)
#define USER_AREA_DATA(slot)      (USER_AREA_CODE(slot) + 0x1000)
#define USER_AREA_STACK_TOP(slot) (USER_AREA_CODE(slot) + 0x3000)

/* Builds the area in L4 slot `l4_slot` (which must be empty) with `code` (len <= 4096
 * bytes), using window slot `window_slot` and six free frames. Returns 0, -RW_EINVAL
 * (slot in use, code too big, fewer than six free frames) or the VMM's error. */
long user_area_build(struct start_info *si, unsigned int l4_slot, unsigned int window_slot,
                     const void *code, size_t len);

#endif

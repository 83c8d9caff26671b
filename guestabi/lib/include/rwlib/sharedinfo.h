/* The shared-info page: start_info.shared_info is its machine address. shared_info_map
 * maps it (writable, update_va_mapping) over a page of the library's .bss the bootstrap
 * L1s cover and returns it; later calls return the same pointer. */
#ifndef RWLIB_SHAREDINFO_H
#define RWLIB_SHAREDINFO_H

#include <rwlib/types.h>

/* Maps the shared-info page once; NULL on error (*err gets the VMM's answer if err != NULL). */
struct shared_info *shared_info_map(long *err);

/* The mapping, or NULL before shared_info_map succeeded. */
struct shared_info *shared_info_get(void);

/* Restores the page's own frame under the mapping. Returns 0 or the VMM's error. */
long shared_info_unmap(void);

/* vcpu_info[vcpu] (NULL when not mapped). */
struct vcpu_info *vcpu_info_get(unsigned int vcpu);

/* vcpu_info[0].arch.cr2, the address of the last page fault delivered (0 when not mapped). */
uint64_t trap_cr2(void);

#endif

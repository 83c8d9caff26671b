/* Start-of-day information: start_info, the P2M list and the VMM's M2P table. */
#ifndef RWLIB_STARTINFO_H
#define RWLIB_STARTINFO_H

#include <rwlib/types.h>

/* The start_info the entry point received (set by _start before guest_main). */
extern struct start_info *rw_start_info;

/* 1 when start_info.magic starts with "ringwall-". */
int start_info_is_ringwall(const struct start_info *si);

/* Pages of memory the domain has (start_info.nr_pages). */
unsigned long nr_pages(void);

/* Machine frame of pseudo-physical frame pfn from the P2M list; RW_INVALID_MFN if pfn >= nr_pages. */
unsigned long pfn_to_mfn(unsigned long pfn);

/* Pseudo-physical frame of a machine frame, from the M2P table at 0xFFFF800000000000,
 * cross-checked against the P2M list (falls back to searching the P2M list).
 * RW_INVALID_PFN if the frame is not the domain's. */
unsigned long mfn_to_pfn(unsigned long mfn);

/* Raw M2P read (no check): machine_to_phys_mapping[mfn]. */
unsigned long m2p_read(unsigned long mfn);

/* Virtual address of a bootstrap-region pfn (RW_VIRT_BASE + pfn * 4096). */
static inline void *pfn_to_virt(unsigned long pfn) { return (void *)(RW_VIRT_BASE + (pfn << 12)); }
static inline unsigned long virt_to_pfn(const void *va) { return ((unsigned long)va - RW_VIRT_BASE) >> 12; }

/* Machine address of a byte of the bootstrap region. */
uint64_t virt_to_machine(const void *va);

#endif

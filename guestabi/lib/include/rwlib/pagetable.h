/* Page-table helpers over mmu_update, mmuext_op and update_va_mapping. The page tables
 * are read through their read-only start-of-day mappings (only tables inside the
 * bootstrap region can be walked). */
#ifndef RWLIB_PAGETABLE_H
#define RWLIB_PAGETABLE_H

#include <rwlib/types.h>

/* Machine address of the L1 entry that maps va, or 0 when the walk meets a
 * not-present entry, a large page, or a table outside the bootstrap region. */
uint64_t pt_l1_entry_maddr(unsigned long va);

/* Current L1 entry for va (0 when there is none). Sets *found to 1 when an L1 exists. */
uint64_t pt_lookup(unsigned long va, int *found);

/* 1 when va is mapped by a present L1 entry of the current tables. */
int pt_is_mapped(unsigned long va);

/* Writes pte into the L1 entry for va with one mmu_update, then flushes va from this
 * vCPU's TLB. Returns 0, -RW_EINVAL when no bootstrap L1 covers va, or the VMM's error. */
int pt_set_l1_entry(unsigned long va, uint64_t pte);

/* One mmu_update of a single entry at machine address ptr_maddr (MMU_NORMAL_PT_UPDATE). */
long pt_update_one(uint64_t ptr_maddr, uint64_t val);

/* Maps pseudo-physical frame pfn at va (update_va_mapping, UVMF_INVLPG). */
long map_page(unsigned long va, unsigned long pfn, int writable);

/* As map_page with an explicit machine frame and PTE flags. */
long map_mfn(unsigned long va, unsigned long mfn, uint64_t flags);

/* mmuext_op helpers (one operation each). */
long mmuext_pin(unsigned int level, unsigned long mfn);   /* level 1..4 */
long mmuext_unpin(unsigned long mfn);
long tlb_flush_local(void);
long invlpg_local(unsigned long va);

/* Machine frame of the current (bootstrap) L4 table. */
unsigned long pt_l4_mfn(void);

#endif

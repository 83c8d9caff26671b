/* Ringwall guest library: basic types and constants shared by all library headers. */
#ifndef RWLIB_TYPES_H
#define RWLIB_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <ringwall/abi.h>

/* Virtual base the guest kernel is linked at (XEN_ELFNOTE_VIRT_BASE). Pseudo-physical
 * frame pfn is mapped at RW_VIRT_BASE + pfn * 4096 for the bootstrap region. */
#define RW_VIRT_BASE 0xFFFFFFFF80000000UL

/* The read-only M2P table (machine_to_phys_mapping[mfn] = pfn), 8 bytes per frame. */
#define RW_M2P_BASE RINGWALL_VMM_VIRT_START

/* Page-table entry bits (x86-64). */
#define PTE_P    0x001UL /* present */
#define PTE_RW   0x002UL /* writable */
#define PTE_US   0x004UL /* user */
#define PTE_PWT  0x008UL
#define PTE_PCD  0x010UL
#define PTE_A    0x020UL /* accessed */
#define PTE_D    0x040UL /* dirty */
#define PTE_PS   0x080UL /* large page (L2) */
#define PTE_NX   (1UL << 63)
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000UL

/* Flags of an ordinary data page (read-write, kernel) and of a read-only page. */
#define PTE_KERNEL_RW (PTE_P | PTE_RW | PTE_A | PTE_D)
#define PTE_KERNEL_RO (PTE_P | PTE_A)

/* Index of va in the page table of level 1..4. */
#define PT_INDEX(va, level) (((uint64_t)(va) >> (12 + 9 * ((level) - 1))) & 511)

#define RW_INVALID_PFN (~0UL)
#define RW_INVALID_MFN (~0UL)

#endif

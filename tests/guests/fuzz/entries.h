/* Page-table entries and entry addresses for the VMM to validate: mostly plausible
 * (mappings of data frames, links to tables one level down, 2 MiB entries over the
 * extent), sometimes hostile (foreign frames, reserved or global bits, misaligned or
 * foreign superpages, page-size bits where none may be, VMM slots). Every writable
 * mapping of a pool frame taints it (pool.h). */
#ifndef FUZZ_ENTRIES_H
#define FUZZ_ENTRIES_H

#include <rwlib/rwlib.h>
#include "pool.h"

/* An entry for index `index` of a table of `level` (1..4). *supers counts the 2 MiB
 * entries given (avoid=superlong allows two per table). */
uint64_t fz_gen_entry(int level, unsigned index, unsigned *supers);

/* An entry that should validate for a table of `level`: a data, tag or extent frame in
 * an L1, a 2 MiB entry over the extent in an L2, else a link to a table believed to be
 * validated one level down (a pool table), else 0. */
uint64_t fz_gen_plausible(int level, unsigned index, unsigned *supers);

/* A plausible L1 entry mapping a frame (data, tag, extent, bootstrap, pool). */
uint64_t fz_gen_mapping(void);

/* An index into a table that is not protected (layout.h). */
unsigned fz_free_index(void);

/* The `ptr` of an mmu_update: a pool frame's entry, a free slot of the bootstrap L4, a
 * playground L1 entry, or a hostile address (foreign, beyond memory, a data frame,
 * misaligned, an unknown command); never another entry of the fuzzer's own tables.
 * MMU_MACHPHYS_UPDATE and MMU_PT_UPDATE_PRESERVE_AD are in the mix. *level gets the
 * target table's believed level (0 when unknown) and *val_hint a value to use. */
uint64_t fz_gen_ptr(int *level, uint64_t *val_hint);

/* Fills pool frame f with a table of `level` through window slot 0 (an L4 keeps the
 * bootstrap L4's protected slots, so it may become a base). 0 or the VMM's error. */
long fz_fill_table(struct fz_frame *f, int level);

#endif

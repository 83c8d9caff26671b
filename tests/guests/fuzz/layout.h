/* The fuzzer's own memory, and the parts of it hypercalls may scribble on:
 *  - the arena: FZ_ARENA_PAGES pages of .bss for the arrays and records the fuzzer hands
 *    to the VMM (trashing them is harmless), followed by the hole, a page left unmapped
 *    so that arrays can run into unreadable memory;
 *  - the playground: FZ_PLAY_PAGES pages of .bss whose L1 entries take any value
 *    (update_va_mapping, mmu_update); the fuzzer only ever reads them through probes;
 *  - the low area, L4 slot FZ_LOW_SLOT: FZ_LOW_PAGES writable scratch pages at FZ_LOW_VA
 *    (then unmapped memory), and from FZ_ALIAS_VA an alias region whose every page maps
 *    one frame (arrays of up to 2^32 elements at addresses whose end does not wrap);
 *  - protected L4 slots: the kernel's (511), the low area's, slot 0 (kept empty, so NULL
 *    and page 0 are unmapped in every address space: bad pointers stay bad) and whatever
 *    else the bootstrap L4 maps; no L4 the fuzzer runs on may lose them, so no random
 *    update touches that index of any table. */
#ifndef FUZZ_LAYOUT_H
#define FUZZ_LAYOUT_H

#include <rwlib/rwlib.h>

#define FZ_ARENA_PAGES 8
#define FZ_PLAY_PAGES 8
#define FZ_LOW_SLOT 2
#define FZ_LOW_VA ((uint64_t)FZ_LOW_SLOT << 39)
#define FZ_LOW_PAGES 4
#define FZ_ALIAS_VA (FZ_LOW_VA + 0x200000)
#define FZ_PROBE_SLOT 1
#define FZ_PROBE_VA ((uint64_t)FZ_PROBE_SLOT << 39)

extern char fz_arena[FZ_ARENA_PAGES + 1][4096];   /* [FZ_ARENA_PAGES] is the hole */
extern char fz_play[FZ_PLAY_PAGES][4096];

/* The bootstrap L4: its machine frame and a read-only view of its entries. */
extern unsigned long fz_boot_l4;
extern const volatile uint64_t *fz_boot_l4_view;
extern unsigned long fz_alias_mfn;      /* the frame the alias region maps */
extern uint64_t fz_alias_bytes;         /* size of the alias region */

/* Builds the low area and unmaps the hole. 0 or the VMM's error. */
long fz_layout_init(void);

/* 1 when index i of any table must keep its value (the protected L4 slots). */
int fz_protected_index(unsigned i);

/* Machine address of the boot L1 entry for playground page i. */
uint64_t fz_play_pte(unsigned i);

/* Start of a scratch area of `bytes` bytes (8-aligned) in the arena, at a random place:
 * sometimes placed so that it ends exactly at the hole. */
void *fz_arena_take(size_t bytes);
/* Same in the low area (so that huge counts do not wrap), ending at its unmapped end. */
void *fz_low_take(size_t bytes);

#endif

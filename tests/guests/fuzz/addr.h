/* Guest virtual addresses for hypercall arguments. The fuzzer hands the VMM only
 * addresses of its scratch memory (the arena, the low area) or addresses no hypercall
 * may use; never its own code, data, stack or tables, which a VMM write would corrupt. */
#ifndef FUZZ_ADDR_H
#define FUZZ_ADDR_H

#include <rwlib/rwlib.h>

/* An address the VMM must refuse for reads and writes: unmapped (the hole, past the low
 * area or the alias region, past the bootstrap region), non-canonical, the VMM's range,
 * near the top of the address space. */
uint64_t fz_bad_addr(void);

/* An address the VMM must refuse for writes only (mapped read-only: the bootstrap
 * page tables), or a bad address. */
uint64_t fz_readonly_addr(void);

/* Where a hypercall may write `bytes` bytes: usually scratch memory, sometimes a bad,
 * read-only or misaligned address, or NULL when null_ok. */
uint64_t fz_out_addr(size_t bytes, int null_ok);

/* Replaces the address of prepared input data with a hostile one now and then
 * (1 in `odds`): bad, misaligned, or shifted so that the data runs into the hole. */
uint64_t fz_maybe_spoil(uint64_t addr, unsigned odds);

#endif

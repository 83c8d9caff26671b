/* update_va_mapping arguments: a virtual address (a playground page, an address under
 * the probe slot or a free L4 slot, which only the current base's trees may map, or one
 * no L1 can map), an L1 entry and flags (flush type and scope, a vCPU bitmap pointer,
 * or an invalid flush type). Never one of the fuzzer's own pages. */
#ifndef FUZZ_UVM_H
#define FUZZ_UVM_H

#include <rwlib/rwlib.h>

void fz_gen_uvm(uint64_t *va, uint64_t *val, uint64_t *flags);

#endif

/* The event-channel state the fuzzer keeps track of: the port bound to VIRQ_TIMER on
 * vCPU 0 (needed to block safely), learnt from the results of its own operations. */
#ifndef FUZZ_EVTCHN_H
#define FUZZ_EVTCHN_H

#include <rwlib/rwlib.h>

/* The timer port, binding VIRQ_TIMER first if none is known; 0 when that fails. */
uint32_t fz_timer_port(void);

#endif

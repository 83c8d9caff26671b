/* Events (virtual interrupts) and time: the event upcall, per-port handlers, the
 * event_channel_op wrappers, the virtual interrupt flag and the one-shot timer.
 *
 * events_init() maps shared info (if not yet), registers the library's upcall entry
 * (events_entry.S) with set_callbacks and leaves events masked. The VMM enters the entry
 * in ring 1 with an exception-style frame (rip, cs, rflags, rsp, ss; from ring 3 on the
 * stack_switch stack, so a guest with processes must stack_switch first) and sets
 * evtchn_upcall_mask. The entry saves every register into a struct trap_frame (vector
 * EVENT_UPCALL_VECTOR, error 0) and calls event_upcall(frame), which clears
 * evtchn_upcall_pending, exchanges evtchn_pending_sel, clears and dispatches each pending
 * unmasked port to the handler bound with evtchn_on() (a handler may change any frame
 * field: switch the interrupted context), re-enables events (mask 0) and rescans while
 * evtchn_upcall_pending became 1 meanwhile; then the entry restores the frame and iretq's.
 * Between the unmask and the iretq a nested upcall may arrive on the same stack (it sees
 * a ring-1 frame at the entry's tail); nesting is bounded by that window. */
#ifndef RWLIB_EVENTS_H
#define RWLIB_EVENTS_H

#include <rwlib/types.h>
#include <rwlib/trap.h>

#define EVENT_UPCALL_VECTOR 256   /* trap_frame.vector of an event upcall */
#define EVTCHN_PORTS 1024         /* ports per domain (the VMM's limit) */

typedef void (*evtchn_fn)(unsigned int port, struct trap_frame *f, void *arg);

/* Maps shared info and registers the upcall entry (failsafe 0, syscall 0). Events stay
 * masked: call events_enable(). Returns 0 or the VMM's error. */
long events_init(void);

/* Address of the library's upcall entry (for tests that call set_callbacks themselves). */
void *events_entry_address(void);

/* Binds fn(port, frame, arg) to port (NULL unbinds). Pending events of a port without a
 * handler are cleared and counted in events_unhandled. */
void evtchn_on(unsigned int port, evtchn_fn fn, void *arg);

/* Called by the entry stub. Weak: a guest may define its own. */
void event_upcall(struct trap_frame *f);

/* Statistics: upcalls entered, events dispatched to handlers, events without a handler. */
extern volatile unsigned long events_upcalls, events_dispatched, events_unhandled;

/* The virtual interrupt flag (vcpu 0's evtchn_upcall_mask). events_disable returns the
 * previous mask (1 = was masked); events_enable unmasks and, when an upcall is pending,
 * makes a hypercall (xen_version 0) so the VMM delivers it before returning;
 * events_restore(old) re-enables only when old was 0. */
int events_disable(void);
void events_enable(void);
void events_restore(int old);
/* 1 when evtchn_upcall_mask is set. */
int events_masked(void);

/* HYPERVISOR_event_channel_op wrappers. Each returns the new port (>= 1) or 0 on
 * success where there is no port, or the VMM's negative error. */
long evtchn_op(int cmd, void *arg);
long evtchn_alloc_unbound(uint16_t remote_dom);               /* dom = DOMID_SELF */
long evtchn_bind_interdomain(uint16_t remote_dom, uint32_t remote_port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu);
long evtchn_send(uint32_t port);
long evtchn_close(uint32_t port);
long evtchn_unmask(uint32_t port);

/* Per-port bits in shared info (vcpu 0 / the port's word). */
int evtchn_is_pending(unsigned int port);
void evtchn_clear_pending(unsigned int port);
void evtchn_mask(unsigned int port);      /* sets the guest's mask bit (unmask: evtchn_unmask) */

/* System time in ns from vcpu 0's vcpu_info.time (version-checked read, rdtsc):
 * system_time + ((rdtsc - tsc_timestamp) <<or>> tsc_shift) * tsc_to_system_mul >> 32.
 * 0 before shared info is mapped. */
uint64_t system_time_ns(void);

/* HYPERVISOR_set_timer_op(deadline): one-shot VIRQ_TIMER at absolute system time
 * deadline (ns); 0 cancels. The VMM arms its one-shot timer for the earliest deadline, so
 * the upcall comes at the deadline plus the delivery, not on a 10 ms tick. */
long timer_set(uint64_t deadline);

/* SCHEDOP_block: unmasks events and waits until one is pending (returns at once if one
 * is); the upcall runs before it returns. */
long sched_block(void);

/* Spins (events as they are) until system time >= deadline. */
void delay_until(uint64_t deadline);

#endif

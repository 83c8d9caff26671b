/* The event upcall entry (rwlib/events.h): the VMM enters it in ring 1 with the 64-bit
 * exception frame without error code (rip, cs, rflags, rsp, ss) and events masked. It
 * builds a struct trap_frame (error 0, vector 256), calls event_upcall(frame) with the
 * stack aligned to 16, reloads every register from the frame and iretq's. */
#include "frame_call.inc"

    .section .text, "ax", @progbits
    .balign 16
    .globl events_entry
    .type events_entry, @function
events_entry:
    pushq $0                            /* error */
    pushq $256                          /* EVENT_UPCALL_VECTOR */
    FRAME_CALL event_upcall
    .size events_entry, . - events_entry

    .section .note.GNU-stack, "", @progbits

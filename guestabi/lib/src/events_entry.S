/* The event upcall entry (rwlib/events.h): the VMM enters it in ring 1 with the 64-bit
 * exception frame without error code (rip, cs, rflags, rsp, ss) and events masked. It
 * builds a struct trap_frame (error 0, vector 256), calls event_upcall(frame) with the
 * stack aligned to 16, reloads every register from the frame and iretq's. */
    .section .text, "ax", @progbits
    .balign 16
    .globl events_entry
    .type events_entry, @function
events_entry:
    pushq $0                            /* error */
    pushq $256                          /* EVENT_UPCALL_VECTOR */
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    mov %rsp, %rbx
    and $-16, %rsp
    call event_upcall
    mov %rbx, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    iretq
    .size events_entry, . - events_entry

    .section .note.GNU-stack, "", @progbits

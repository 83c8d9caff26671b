/* Trap entry stubs (see rwlib/trap.h): 256 stubs of 16 bytes at trap_stubs + 16*vector,
 * the common save / call trap_handler / restore / iretq path, and user_enter /
 * user_resume for entering ring 3 and coming back to the kernel. */
#include "frame_call.inc"

    .section .text.trap, "ax", @progbits
    .balign 16
    .globl trap_stubs, trap_stubs_end
trap_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    pushq $vec                          /* the CPU (or VMM) pushed the error code */
    .else
    pushq $0                            /* no error code: keep the frame layout */
    pushq $vec
    .endif
    jmp trap_common
    .set vec, vec + 1
    .endr
    .balign 16
trap_stubs_end:

    .type trap_common, @function
trap_common:
    FRAME_CALL trap_handler
    .size trap_common, . - trap_common

/* long user_enter(uint64_t rip, uint64_t rsp, uint64_t arg) */
    .section .text, "ax", @progbits
    .globl user_enter, user_resume
    .type user_enter, @function
user_enter:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, user_kernel_rsp(%rip)
    mov %rdi, %rcx
    pushq $0x2B                         /* FLAT_RING3_SS */
    push %rsi
    pushq $0x202
    pushq $0x33                         /* FLAT_RING3_CS */
    push %rcx
    mov %rdx, %rdi
    xor %eax, %eax
    xor %ebx, %ebx
    xor %ecx, %ecx
    xor %edx, %edx
    xor %esi, %esi
    xor %ebp, %ebp
    xor %r8d, %r8d
    xor %r9d, %r9d
    xor %r10d, %r10d
    xor %r11d, %r11d
    xor %r12d, %r12d
    xor %r13d, %r13d
    xor %r14d, %r14d
    xor %r15d, %r15d
    iretq
/* Reached in ring 1 through the frame user_return wrote; RAX = the value. */
user_resume:
    mov user_kernel_rsp(%rip), %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret
    .size user_enter, . - user_enter

    .section .bss
    .balign 8
    .globl user_kernel_rsp
user_kernel_rsp:
    .quad 0

    .section .note.GNU-stack, "", @progbits

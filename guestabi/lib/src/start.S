/* Entry point. The VMM starts the first vCPU here in ring 1 with RSI = &start_info and
 * RSP = top of the boot stack; every other register is 0. */
    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    cld
    mov %rsi, %r12                      /* keep start_info across the bss clear */
    /* Clear .bss (the builder should have zeroed it; this makes the library not depend on it). */
    lea __bss_start(%rip), %rdi
    lea __bss_end(%rip), %rcx
    sub %rdi, %rcx
    xor %eax, %eax
    rep stosb
    and $-16, %rsp                      /* SysV alignment for the call below */
    xor %ebp, %ebp
    mov %r12, rw_start_info(%rip)
    mov %r12, %rdi
    call guest_main
    mov %eax, %edi
    call guest_exit                     /* does not return */
1:  ud2
    jmp 1b
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits

/* fz_setjmp / fz_jmp_resume (guard.h): the resume point a trap handler sends a faulting
 * context to. struct fz_jmp: rbx rbp r12 r13 r14 r15 rsp rip. */
    .section .text, "ax", @progbits
    .globl fz_setjmp, fz_jmp_resume
    .type fz_setjmp, @function
fz_setjmp:
    mov %rbx, 0(%rdi)
    mov %rbp, 8(%rdi)
    mov %r12, 16(%rdi)
    mov %r13, 24(%rdi)
    mov %r14, 32(%rdi)
    mov %r15, 40(%rdi)
    lea 8(%rsp), %rax                   /* the caller's RSP after the return */
    mov %rax, 48(%rdi)
    mov (%rsp), %rax                    /* the return address */
    mov %rax, 56(%rdi)
    xor %eax, %eax
    ret
    .size fz_setjmp, . - fz_setjmp

/* Entered by IRETQ from a trap frame the handler rewrote: RDI = the fz_jmp, RSI = the
 * value fz_setjmp returns the second time. */
    .type fz_jmp_resume, @function
fz_jmp_resume:
    mov 0(%rdi), %rbx
    mov 8(%rdi), %rbp
    mov 16(%rdi), %r12
    mov 24(%rdi), %r13
    mov 32(%rdi), %r14
    mov 40(%rdi), %r15
    mov 48(%rdi), %rsp
    mov %rsi, %rax
    jmp *56(%rdi)
    .size fz_jmp_resume, . - fz_jmp_resume

    .section .note.GNU-stack, "", @progbits

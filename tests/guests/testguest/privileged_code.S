/* Ring-1 instances of the privileged scenario's cases (priv_cases.inc): each case is a
 * function entered through tg_priv_call; its table entry goes to tg_priv_r1_table. */
#include "priv_cases.h"

#define PRIV_CASE(n, e) \
    .pushsection .rodata.tgpriv_names, "a"; 9: .asciz #n; .popsection; \
    .pushsection .rodata.tgpriv_r1, "a"; .quad 9b, r1p_##n, r1p_##n##_insn, r1p_##n##_resume, 0, e; .popsection; \
    r1p_##n:
#define PRIV_INSN(n) mov %rsp, tg_priv_rsp(%rip); r1p_##n##_insn:
#define PRIV_RESUME(n) r1p_##n##_resume:
#define PRIV_END(n) ret

    .pushsection .rodata.tgpriv_r1, "a"
    .balign 8
    .globl tg_priv_r1_table
tg_priv_r1_table:
    .popsection

    .text
#include "priv_cases.inc"

    .pushsection .rodata.tgpriv_r1, "a"
    .globl tg_priv_r1_table_end
tg_priv_r1_table_end:
    .popsection

/* void tg_priv_call(uint64_t start) */
    .globl tg_priv_call
    .type tg_priv_call, @function
tg_priv_call:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    sub $8, %rsp                        /* 16-byte aligned at the call */
    call *%rdi
    add $8, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

    .section .bss
    .balign 8
    .globl tg_priv_rsp
tg_priv_rsp:
    .quad 0

    .section .note.GNU-stack, "", @progbits

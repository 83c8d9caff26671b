/* The process code of multi, copied to each process's own code page at M_USER_CODE.
 * RDI = the process letter. It stores the letter in its data page (same address in both
 * processes, different frames), then for tick = 1..ticks: spins `loops` iterations,
 * writes "tick N", checks its marker is still its own, and yields once after tick 3;
 * then exit(0), or exit(1) if the marker changed (the address spaces are not separate). */
#include "multi.h"

    .section .rodata.user, "a", @progbits
    .globl m_user_start, m_user_end, m_user_proc
m_user_start:
m_user_proc:
    mov %rdi, %r12                      /* letter */
    movabs $M_USER_DATA, %rbx
    mov %r12, (%rbx)
    mov $1, %r13d                       /* tick */
1:  mov 8(%rbx), %rcx                   /* loops */
2:  dec %rcx
    jnz 2b
    sub $16, %rsp
    movl $0x6b636974, (%rsp)            /* "tick" */
    movb $' ', 4(%rsp)
    mov %r13d, %eax
    add $'0', %eax
    movb %al, 5(%rsp)
    mov $M_SYS_write, %eax
    mov %rsp, %rdi
    mov $6, %esi
    int $0x80
    add $16, %rsp
    cmp %r12, (%rbx)
    jne 8f
    cmp $3, %r13
    jne 3f
    mov $M_SYS_yield, %eax
    int $0x80
3:  inc %r13
    cmp 16(%rbx), %r13
    jbe 1b
    mov $M_SYS_exit, %eax
    xor %edi, %edi
    int $0x80
8:  mov $M_SYS_exit, %eax
    mov $1, %edi
    int $0x80
9:  ud2
    jmp 9b
m_user_end:

    .section .note.GNU-stack, "", @progbits

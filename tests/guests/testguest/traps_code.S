/* Ring-1 fault triggers of the trap scenarios. Each tg_r1_<x> stores RSP in tg_fault_rsp
 * just before the faulting instruction at tg_r1_<x>_insn; a handler resumes at
 * tg_r1_<x>_resume (which returns). */
#define TRIG(n) .globl n, n##_insn, n##_resume; .type n, @function; n:

/* Register patterns of tg_r1_regs, in the order rax rbx rcx rdx rsi rdi rbp r8..r15. */
#define P(i) (0xA5000000C3000000 + (i) * 0x0000010100000101)

    .text
TRIG(tg_r1_de)
    mov $1, %eax
    xor %edx, %edx
    xor %ecx, %ecx
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_de_insn:
    div %ecx
tg_r1_de_resume:
    ret

TRIG(tg_r1_int3)
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_int3_insn:
    int3
tg_r1_int3_resume:
    ret

TRIG(tg_r1_ud2)
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_ud2_insn:
    ud2
tg_r1_ud2_resume:
    ret

TRIG(tg_r1_int40)
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_int40_insn:
    int $0x40
tg_r1_int40_resume:
    ret

/* uint64_t tg_r1_read(uint64_t va) */
TRIG(tg_r1_read)
    xor %eax, %eax
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_read_insn:
    mov (%rdi), %rax
tg_r1_read_resume:
    ret

/* void tg_r1_write(uint64_t va) */
TRIG(tg_r1_write)
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_write_insn:
    movq $0x5a, (%rdi)
tg_r1_write_resume:
    ret

/* Every general register but rsp set to P(i), RSP 8 bytes off 16-byte alignment, ud2;
 * after the handler the registers are stored in tg_regs_after[15]. */
TRIG(tg_r1_regs)
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15                           /* RSP = 8 mod 16 here */
    movabs $P(0), %rax
    movabs $P(1), %rbx
    movabs $P(2), %rcx
    movabs $P(3), %rdx
    movabs $P(4), %rsi
    movabs $P(5), %rdi
    movabs $P(6), %rbp
    movabs $P(7), %r8
    movabs $P(8), %r9
    movabs $P(9), %r10
    movabs $P(10), %r11
    movabs $P(11), %r12
    movabs $P(12), %r13
    movabs $P(13), %r14
    movabs $P(14), %r15
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_regs_insn:
    ud2
tg_r1_regs_resume:
    mov %rax, tg_regs_after+0(%rip)
    mov %rbx, tg_regs_after+8(%rip)
    mov %rcx, tg_regs_after+16(%rip)
    mov %rdx, tg_regs_after+24(%rip)
    mov %rsi, tg_regs_after+32(%rip)
    mov %rdi, tg_regs_after+40(%rip)
    mov %rbp, tg_regs_after+48(%rip)
    mov %r8, tg_regs_after+56(%rip)
    mov %r9, tg_regs_after+64(%rip)
    mov %r10, tg_regs_after+72(%rip)
    mov %r11, tg_regs_after+80(%rip)
    mov %r12, tg_regs_after+88(%rip)
    mov %r13, tg_regs_after+96(%rip)
    mov %r14, tg_regs_after+104(%rip)
    mov %r15, tg_regs_after+112(%rip)
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

/* void tg_r1_badstack(uint64_t rsp): ud2 with RSP = rsp (badstack). */
TRIG(tg_r1_badstack)
    push %rbx
    mov %rsp, %rbx
    mov %rdi, %rsp
    mov %rsp, tg_fault_rsp(%rip)
tg_r1_badstack_insn:
    ud2
tg_r1_badstack_resume:
    mov %rbx, %rsp
    pop %rbx
    ret

/* Alternative handler entries: count, then the library's stub (trapsrefused tells an
 * installed new entry from the old one by tg_alt_hits). Flags are restored by iretq. */
    .globl tg_alt_entry_6, tg_alt_entry_13
tg_alt_entry_6:
    incq tg_alt_hits(%rip)
    jmp trap_stubs + 6 * 16
tg_alt_entry_13:
    incq tg_alt_hits(%rip)
    jmp trap_stubs + 13 * 16

    .section .rodata
    .balign 8
    .globl tg_regs_pattern
tg_regs_pattern:
    .quad P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7)
    .quad P(8), P(9), P(10), P(11), P(12), P(13), P(14)

    .section .bss
    .balign 8
    .globl tg_fault_rsp, tg_regs_after, tg_alt_hits
tg_fault_rsp:
    .quad 0
tg_alt_hits:
    .quad 0
tg_regs_after:
    .skip 15 * 8

    .section .note.GNU-stack, "", @progbits

/* Helpers of the vcpus and a15 scenarios.
 *
 * uint64_t tg_probe_write(uint64_t va, uint64_t value): stores value at va; returns 0,
 * or what a #PF/#GP handler put in RAX after moving RIP from tg_probe_write_insn to
 * tg_probe_write_resume.
 *
 * uint64_t tg_hcall_regs(uint64_t nr): calls hypercall nr through the hypercall page with
 * RDI = RSI = 0 and RBX, RBP, R9, R12-R15 set to patterns; returns a mask of the ones that
 * came back changed (bit 0 RBX, 1 RBP, 2 R9, 3 R12, 4 R13, 5 R14, 6 R15). */
#define PAT(i) (0xA15C0DE000000000 + (i) * 0x0000000101010101)
#define CHECK(reg, i) movabs $PAT(i), %rdx; cmp %rdx, reg; je 1f; or $(1 << (i)), %rcx; 1:

    .text
    .globl tg_probe_write, tg_probe_write_insn, tg_probe_write_resume
    .type tg_probe_write, @function
tg_probe_write:
    xor %eax, %eax
tg_probe_write_insn:
    mov %rsi, (%rdi)
tg_probe_write_resume:
    ret

    .globl tg_hcall_regs
    .type tg_hcall_regs, @function
tg_hcall_regs:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    shl $5, %rdi
    lea hypercall_page(%rip), %r11
    add %rdi, %r11
    movabs $PAT(0), %rbx
    movabs $PAT(1), %rbp
    movabs $PAT(2), %r9
    movabs $PAT(3), %r12
    movabs $PAT(4), %r13
    movabs $PAT(5), %r14
    movabs $PAT(6), %r15
    xor %edi, %edi
    xor %esi, %esi
    call *%r11
    xor %ecx, %ecx
    CHECK(%rbx, 0)
    CHECK(%rbp, 1)
    CHECK(%r9, 2)
    CHECK(%r12, 3)
    CHECK(%r13, 4)
    CHECK(%r14, 5)
    CHECK(%r15, 6)
    mov %rcx, %rax
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

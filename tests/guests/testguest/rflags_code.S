/* Ring-1 code of the rflags scenario (rflags.c). */
#define HYPERCALL_XEN_VERSION 17 /* __HYPERVISOR_xen_version (ringwall/abi.h is C only) */

#define NT 0x4000

/* void tg_rf_hypercall(uint64_t flags, uint64_t out[3]): popfq flags, then
 * xen_version(0) through the hypercall page; out[0] = RFLAGS after the popfq,
 * out[1] = RFLAGS after the hypercall, out[2] = its result. The caller's RFLAGS are
 * restored before returning (DF and AC must not leak into C). */
    .text
    .globl tg_rf_hypercall
    .type tg_rf_hypercall, @function
tg_rf_hypercall:
    push %rbx
    push %r12
    mov %rsi, %r12
    pushfq
    pop %rbx
    push %rdi
    popfq
    pushfq
    popq 0(%r12)
    xor %edi, %edi
    xor %esi, %esi
    call hypercall_page + HYPERCALL_XEN_VERSION * 32
    pushfq
    popq 8(%r12)
    mov %rax, 16(%r12)
    push %rbx
    popfq
    pop %r12
    pop %rbx
    ret

/* uint64_t tg_rf_ud(void): ud2 (the handler sets IOPL 3 and NT in its frame and
 * resumes at tg_rf_ud_resume through the library stub's native iretq); returns the
 * RFLAGS seen right after that iretq, with NT cleared again before returning. */
    .globl tg_rf_ud, tg_rf_ud_insn, tg_rf_ud_resume
    .type tg_rf_ud, @function
tg_rf_ud:
tg_rf_ud_insn:
    ud2
tg_rf_ud_resume:
    pushfq
    pop %rax
    push %rax
    andq $~NT, (%rsp)
    popfq
    ret

/* uint64_t tg_rf_nt_iret(void): an iretq (to tg_rf_nt_iret_resume, same ring and stack)
 * executed with NT set: #GP in 64-bit mode; the handler clears NT in its frame and
 * resumes at tg_rf_nt_iret_resume. Returns the RFLAGS there (NT cleared afterwards). */
    .globl tg_rf_nt_iret, tg_rf_nt_iret_insn, tg_rf_nt_iret_resume
    .type tg_rf_nt_iret, @function
tg_rf_nt_iret:
    push %rbx
    mov %rsp, %rbx
    mov %ss, %eax
    push %rax
    push %rbx
    pushfq
    mov %cs, %eax
    push %rax
    lea tg_rf_nt_iret_resume(%rip), %rax
    push %rax
    pushfq
    orq $NT, (%rsp)
    popfq
tg_rf_nt_iret_insn:
    iretq
tg_rf_nt_iret_resume:
    mov %rbx, %rsp
    pushfq
    pop %rax
    push %rax
    andq $~NT, (%rsp)
    popfq
    pop %rbx
    ret

    .section .note.GNU-stack, "", @progbits

/* long tg_hcall_ac(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t nr, uint64_t *flags_after): hypercall
 * nr through the hypercall page with RFLAGS.AC set by POPF (as a guest kernel does to
 * reach its user pages under SMAP); *flags_after = RFLAGS right after the call, before AC
 * is cleared again. */
#define AC 0x40000

    .text
    .globl tg_hcall_ac
    .type tg_hcall_ac, @function
tg_hcall_ac:
    push %rbx
    push %r12
    mov %r8, %rbx
    shl $5, %rcx
    lea hypercall_page(%rip), %r12
    add %rcx, %r12
    pushfq
    orq $AC, (%rsp)
    popfq
    call *%r12
    pushfq
    pop %rcx
    mov %rcx, (%rbx)
    pushfq
    andq $~AC, (%rsp)
    popfq
    pop %r12
    pop %rbx
    ret

    .section .note.GNU-stack, "", @progbits

/* Ring-1 triggers of the a25 scenarios.
 *
 * tg_r1_iretq_noncanonical: IRETQ (ring 1 to ring 1) to RIP 0x0000800000000000 with
 * this stack. The CPU raises #GP(0) in ring 1: at tg_r1_iretq_noncanonical_insn (the SDM's
 * IRET; the frame is still on the stack) or, under QEMU's TCG, which does not check, at
 * the fetch from 0x0000800000000000 after the IRETQ. A handler resumes at
 * tg_r1_iretq_noncanonical_resume, which restores the stack pointer and returns.
 *
 * a25_edge_code / a25_edge_code_end: bytes copied to the very top of the lower canonical
 * half so that `int $0x82` (xen_version) is its last instruction and the return address
 * the CPU saves is 0x0000800000000000. */
#define TRIG(n) .globl n, n##_insn, n##_resume; .type n, @function; n:

    .text
TRIG(tg_r1_iretq_noncanonical)
    mov %rsp, a25_saved_rsp(%rip)
    mov %rsp, %rax
    pushq $0x21                 /* SS: FLAT_RING1_DS */
    push %rax                   /* RSP */
    pushfq
    pushq $0x19                 /* CS: FLAT_RING1_CS */
    movabs $0x0000800000000000, %rax
    push %rax                   /* RIP: non-canonical */
tg_r1_iretq_noncanonical_insn:
    iretq
tg_r1_iretq_noncanonical_resume:
    mov a25_saved_rsp(%rip), %rsp   /* the frame may or may not have been popped */
    ret

    .bss
    .balign 8
a25_saved_rsp:
    .quad 0
    .text

    .globl a25_edge_code, a25_edge_code_end
a25_edge_code:
    xor %edi, %edi              /* XENVER_version */
    xor %esi, %esi
    mov $17, %eax               /* __HYPERVISOR_xen_version */
    int $0x82
a25_edge_code_end:

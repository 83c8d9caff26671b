/* Ring-3 code of the trap scenarios, copied to the user code page at TG_USER_CODE
 * (tg_user_setup) and entered with user_enter. Position-independent: only rip-relative
 * references inside the blob and the absolute TG_USER_* addresses. The kernel finds each
 * label at TG_USER_CODE + (label - tg_user_blob_start). */
#include "tg_user.h"
#include "priv_cases.h"

    .section .rodata.user, "a", @progbits
    .globl tg_user_blob_start, tg_user_blob_end
    .globl u_traps, u_traps_int3, u_traps_int3_next, u_traps_ud2, u_traps_ud2_next
    .globl u_traps_wr, u_traps_wr_next, u_traps_rd, u_traps_rd_next, u_traps_rdk, u_traps_rdk_next
    .globl u_traps_int40, u_traps_int40_next, u_traps_done
    .globl u_syscall, u_int80, u_int80_done, u_ud2, u_gdt, u_gdt_done
tg_user_blob_start:

/* trapsring3: int3, ud2, a write to the code page, a read of an unmapped page, a read of
 * the kernel's image, int $0x40; the kernel's handlers skip each one; the last ud2
 * (u_traps_done) sends ring 3 back to the kernel. rbx and r12..r15 hold patterns all along. */
u_traps:
    movabs $TG_UPAT_RBX, %rbx
    movabs $TG_UPAT_R12, %r12
    movabs $TG_UPAT_R13, %r13
    movabs $TG_UPAT_R14, %r14
    movabs $TG_UPAT_R15, %r15
u_traps_int3:
    int3
u_traps_int3_next:
u_traps_ud2:
    ud2
u_traps_ud2_next:
    lea tg_user_blob_start(%rip), %rax
u_traps_wr:
    movb $1, (%rax)
u_traps_wr_next:
    movabs $TG_USER_UNMAPPED, %rax
u_traps_rd:
    mov (%rax), %rcx
u_traps_rd_next:
    movabs $0xFFFFFFFF80000000, %rax
u_traps_rdk:
    mov (%rax), %rcx
u_traps_rdk_next:
u_traps_int40:
    int $0x40
u_traps_int40_next:
u_traps_done:
    ud2
    jmp u_traps_done

/* syscall: write x3, yield, add, an unknown number, exit(0); checks every answer and
 * exits with the number of the first wrong step (r13). r12 counts the writes across the
 * system calls (so it must survive them). */
u_syscall:
    mov $3, %r12d
1:  mov $1, %r13d
    mov $TG_SYS_write, %eax
    lea u_msg(%rip), %rdi
    mov $(u_msg_end - u_msg), %esi
    int $0x80
    cmp $(u_msg_end - u_msg), %rax
    jne 9f
    dec %r12d
    jnz 1b
    mov $2, %r13d
    mov $TG_SYS_yield, %eax
    int $0x80
    test %rax, %rax
    jne 9f
    mov $3, %r13d
    mov $TG_SYS_add, %eax
    mov $40, %edi
    mov $2, %esi
    int $0x80
    cmp $42, %rax
    jne 9f
    mov $4, %r13d
    mov $TG_SYS_unknown, %eax
    int $0x80
    cmp $-TG_ENOSYS, %rax
    jne 9f
    mov $5, %r13d
    cmp $0, %r12d                       /* the loop counter survived */
    jne 9f
    mov $TG_SYS_exit, %eax
    xor %edi, %edi
    int $0x80
    mov $6, %r13d                       /* exit returned */
9:  mov $TG_SYS_exit, %eax
    mov %r13, %rdi
    int $0x80
8:  ud2
    jmp 8b
u_msg:
    .ascii "hello from ring 3 via int 0x80\n"
u_msg_end:

/* int $0x80 without the gate: #GP; the kernel skips it and the ud2 ends the run. */
u_int80:
    int $0x80
u_int80_done:
    ud2
    jmp u_int80_done

/* gdt: reports the code and stack selectors ring 3 runs with (rax = CS, rcx = SS),
 * then ud2 (the done address: back to the kernel). */
u_gdt:
    mov %cs, %eax
    mov %ss, %ecx
u_gdt_done:
    ud2
    jmp u_gdt

/* nohandler3: one ud2. */
u_ud2:
    ud2
    jmp u_ud2

/* privileged: every case of priv_cases.inc for ring 3; the table goes to
 * tg_priv_r3_table (addresses of the blob in the image, like the labels above). */
#define PRIV_CASE(n, e) \
    .pushsection .rodata.tgpriv_names, "a"; 9: .asciz #n; .popsection; \
    .pushsection .rodata.tgpriv_r3, "a"; .quad 9b, u_priv_##n, u_priv_##n##_insn, u_priv_##n##_resume, u_priv_##n##_done, e; .popsection; \
    u_priv_##n:
#define PRIV_INSN(n) u_priv_##n##_insn:
#define PRIV_RESUME(n) u_priv_##n##_resume:
#define PRIV_END(n) u_priv_##n##_done: ud2; jmp u_priv_##n##_done

    .pushsection .rodata.tgpriv_r3, "a"
    .balign 8
    .globl tg_priv_r3_table
tg_priv_r3_table:
    .popsection
#include "priv_cases.inc"
    .pushsection .rodata.tgpriv_r3, "a"
    .globl tg_priv_r3_table_end
tg_priv_r3_table_end:
    .popsection

tg_user_blob_end:

    .section .note.GNU-stack, "", @progbits

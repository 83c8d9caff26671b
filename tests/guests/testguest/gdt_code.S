/* Ring-1 helpers of the gdt scenario (gdt.c). */

/* uint64_t tg_gdt_load_ds(uint64_t sel) / tg_gdt_load_fs(uint64_t sel): loads DS (FS)
 * with sel; returns the register afterwards (unchanged when the load faulted and the
 * handler resumed at _resume). */
    .text
    .globl tg_gdt_load_ds, tg_gdt_load_ds_insn, tg_gdt_load_ds_resume
    .type tg_gdt_load_ds, @function
tg_gdt_load_ds:
tg_gdt_load_ds_insn:
    mov %di, %ds
tg_gdt_load_ds_resume:
    mov %ds, %eax
    ret

    .globl tg_gdt_load_fs, tg_gdt_load_fs_insn, tg_gdt_load_fs_resume
    .type tg_gdt_load_fs, @function
tg_gdt_load_fs:
tg_gdt_load_fs_insn:
    mov %di, %fs
tg_gdt_load_fs_resume:
    mov %fs, %eax
    ret

/* uint64_t tg_gdt_far(uint64_t cs): far return to the next instruction with code
 * selector cs (same ring); returns the CS the CPU then runs with. */
    .globl tg_gdt_far
    .type tg_gdt_far, @function
tg_gdt_far:
    push %rdi
    lea 1f(%rip), %rax
    push %rax
    lretq
1:  mov %cs, %eax
    ret

/* long tg_gdt_user_enter(uint64_t rip, uint64_t rsp, uint64_t cs, uint64_t ss): as the
 * library's user_enter, but enters ring 3 with the given code and stack selectors;
 * comes back through user_return like user_enter. */
    .globl tg_gdt_user_enter
    .type tg_gdt_user_enter, @function
tg_gdt_user_enter:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, user_kernel_rsp(%rip)
    push %rcx                           /* SS */
    push %rsi                           /* RSP */
    pushq $0x202
    push %rdx                           /* CS */
    push %rdi                           /* RIP */
    xor %eax, %eax
    xor %ebx, %ebx
    xor %ecx, %ecx
    xor %edx, %edx
    xor %esi, %esi
    xor %edi, %edi
    xor %ebp, %ebp
    xor %r8d, %r8d
    xor %r9d, %r9d
    xor %r10d, %r10d
    xor %r11d, %r11d
    xor %r12d, %r12d
    xor %r13d, %r13d
    xor %r14d, %r14d
    xor %r15d, %r15d
    iretq

    .section .note.GNU-stack, "", @progbits

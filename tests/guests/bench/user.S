/* Ring-3 and ring-1 code of syscall.guest_round_trip. bench_user_blob is copied to the
 * code page of the ring-3 area (rwlib/userarea.h) and entered with user_enter(rip, rsp,
 * rounds): it times `rounds` system calls (int $0x80, then dec/jnz) with RDTSC and ends
 * with ud2, whose #UD the kernel answers with user_return(f, f->rax): the TSC delta.
 * bench_sys_iret is the ring-1 handler of the DPL-3 gate at vector 0x80: only IRETQ, so
 * the round trip is the hardware's and nothing else. The VMM's native baseline
 * (kernel/Arch/Asm/SyscallBench.asm) runs the same loop from ring 3 to ring 0. */
    .section .rodata.user, "a", @progbits
    .globl bench_user_blob, bench_user_blob_end
bench_user_blob:
    mov %rdi, %rcx
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    mov %rax, %r8
1:  int $0x80
    dec %rcx
    jnz 1b
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    sub %r8, %rax
    ud2
bench_user_blob_end:

    .text
    .globl bench_sys_iret
bench_sys_iret:
    iretq

    .section .note.GNU-stack, "", @progbits

; The native baseline of syscall.guest_round_trip (kernel/Arch/Startup/SyscallBench.cs):
; the VMM, in bench mode at boot, runs a ring-3 loop of `int 0x80` through a DPL-3
; interrupt gate to a ring-0 handler that is only IRETQ, the same loop the bench guest
; runs from its ring 3 to its ring-1 handler (tests/guests/bench/user.S).
bits 64
default rel

section .text
global rw_native_syscall_run, rw_native_syscall_symbol

; ulong rw_native_syscall_run(ulong rip, ulong rsp, ulong rounds): enters ring 3 at rip
; (CS 0x33, SS 0x2B, interrupts off, RDI = rounds); returns RAX of ring 3 when it raises
; the exit gate. The callee-saved registers and the stack pointer are kept in one
; global: not reentrant.
rw_native_syscall_run:
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    mov [saved_rsp], rsp
    push 0x2B                   ; SS: user data, RPL 3
    push rsi                    ; RSP
    push 0x2                    ; RFLAGS: IF clear, ring 3 runs with interrupts off
    push 0x33                   ; CS: user code, RPL 3
    push rdi                    ; RIP
    mov rdi, rdx
    iretq

; The gate under test (vector 0x80 while the loop runs): straight back.
native_syscall_gate:
    iretq

; The exit gate (vector 0x81 while the loop runs): back to the caller of
; rw_native_syscall_run with ring 3's RAX; the interrupt frame is dropped.
native_syscall_exit:
    mov rsp, [saved_rsp]
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    ret

; ulong rw_native_syscall_symbol(int which): 0 the gate, 1 the exit gate, 2 and 3 the
; start and end of the ring-3 code.
rw_native_syscall_symbol:
    lea rax, [native_syscall_gate]
    test edi, edi
    jz .done
    lea rax, [native_syscall_exit]
    cmp edi, 1
    je .done
    lea rax, [native_user_blob]
    cmp edi, 2
    je .done
    lea rax, [native_user_blob_end]
.done:
    ret

section .rodata
; Ring-3 code, copied to a user page: times RDI system calls (int 0x80, dec, jnz) with
; RDTSC and hands the TSC delta back through the exit gate.
native_user_blob:
    mov rcx, rdi
    rdtsc
    shl rdx, 32
    or rax, rdx
    mov r8, rax
.loop:
    int 0x80
    dec rcx
    jnz .loop
    rdtsc
    shl rdx, 32
    or rax, rdx
    sub rax, r8
    int 0x81
native_user_blob_end:

section .bss
saved_rsp: resq 1

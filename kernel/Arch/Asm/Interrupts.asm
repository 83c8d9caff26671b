; Interrupt and exception entry of the VMM. Each vector has a stub that pushes an
; error code (0 where the CPU pushes none) and the vector number, then joins the
; common path, which saves the general registers into an InterruptFrame
; (kernel/Arch/Interrupts/InterruptFrame.cs: r15 at the lowest address ... rax,
; vector, error, then the CPU's rip, cs, rflags, rsp, ss), aligns the stack, and
; calls rw_interrupt_dispatch(frame). `cld` runs before any C#.
bits 64
default rel
section .text

extern rw_interrupt_dispatch

%macro STUB_NO_ERROR 1
isr_%1:
    push 0
    push %1
    jmp isr_common
%endmacro
%macro STUB_ERROR 1
isr_%1:
    push %1
    jmp isr_common
%endmacro

%assign v 0
%rep 256
%if v = 8 || v = 10 || v = 11 || v = 12 || v = 13 || v = 14 || v = 17 || v = 21 || v = 29 || v = 30
    STUB_ERROR v
%else
    STUB_NO_ERROR v
%endif
%assign v v + 1
%endrep

isr_common:
    cld
    push rax
    push rbx
    push rcx
    push rdx
    push rsi
    push rdi
    push rbp
    push r8
    push r9
    push r10
    push r11
    push r12
    push r13
    push r14
    push r15
    mov rdi, rsp
    mov rbx, rsp
    and rsp, -16
    ; a frame record so backtraces continue into the interrupted code
    push qword [rbx + 17 * 8]   ; interrupted rip
    push qword [rbx + 8 * 8]    ; interrupted rbp
    mov rbp, rsp
    call rw_interrupt_dispatch
    mov rsp, rbx
    pop r15
    pop r14
    pop r13
    pop r12
    pop r11
    pop r10
    pop r9
    pop r8
    pop rbp
    pop rdi
    pop rsi
    pop rdx
    pop rcx
    pop rbx
    pop rax
    add rsp, 16
    iretq

section .rodata
global rw_isr_table
align 8
rw_isr_table:
%assign v 0
%rep 256
    dq isr_ %+ v
%assign v v + 1
%endrep

; Entry and exit of the VMM. Everything in section .entry runs from the entry-area
; alias (kernel/Arch/Entry/EntryArea.cs maps these pages at ENTRY_BASE in every root
; of a CPU), so it may not touch image addresses while a guest root is loaded: only
; the per-CPU page (absolute addresses) and the stack.
;
; Only `mov rax, [moffs64]` can name a 64-bit absolute address: every per-CPU load
; goes through RAX (other registers would silently get a 32-bit displacement).
;
; Each vector's stub pushes an error code (0 where the CPU pushes none) and the vector,
; then joins the common path, which saves the general registers into an
; InterruptFrame (r15 lowest ... rax, vector, error, rip, cs, rflags, rsp, ss).
;  - From the VMM (CS RPL 0): call rw_interrupt_dispatch(frame) on the same stack.
;  - From a guest (ring 1 or 3; the CPU is on the entry stack or an IST stack): load
;    the VMM root, move to the VMM stack, save the guest's FPU/SSE state (FXSAVE) and
;    load the VMM's MXCSR and x87 defaults, call rw_guest_entry(frame). On return the
;    frame (possibly rewritten: another vCPU's registers) is resumed: FPU state of the
;    running vCPU restored, the guest root loaded, registers popped, IRETQ.
; `cld` runs first on every path. Nothing VMM-private is left on the entry stack: C#
; runs on the VMM stack, and the entry stack holds only the guest's own registers.
bits 64
%include "EntryLayout.inc"

extern rw_interrupt_dispatch, rw_guest_entry

section .entry progbits alloc exec nowrite align=4096
global __entry_code_start
__entry_code_start:

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

; #DB (vector 1, on its IST stack): a debug exception a guest left pending with
; MOV SS / POP SS is delivered after the next instruction's transfer to ring 0, i.e.
; at the first instruction of an entry stub, with the guest's root still loaded
; (CVE-2018-8897, security scenario A13). A #DB from ring 0 at an entry-area address
; is therefore dropped here, before anything touches VMM memory.
isr_1:
    test byte [rsp + 8], 3              ; CPU frame: RIP, CS, RFLAGS, RSP, SS (no error code)
    jnz .guest
    push rax
    mov rax, ENTRY_BASE
    cmp [rsp + 8], rax
    jb .vmm
    add rax, 0x10000
    cmp [rsp + 8], rax
    jae .vmm
    pop rax
    iretq
.vmm:
    pop rax
.guest:
    push 0
    push 1
    jmp isr_common

%assign v 0
%rep 256
%if v = 1
    ; isr_1 above
%elif v = 8 || v = 10 || v = 11 || v = 12 || v = 13 || v = 14 || v = 17 || v = 21 || v = 29 || v = 30
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
    test byte [rsp + FRAME_CS], 3
    jnz from_guest
global entry_common_end                 ; (labels marking the path tools/Bench counts)
entry_common_end:

    ; from the VMM: same root, same stack
    mov rdi, rsp
    mov rbx, rsp
    and rsp, -16
    push qword [rbx + 17 * 8]           ; frame record: backtraces continue into
    push qword [rbx + 8 * 8]            ; the interrupted code
    mov rbp, rsp
    mov rax, rw_interrupt_dispatch
    call rax
    mov rsp, rbx
    jmp pop_and_return

from_guest:
    mov rax, [qword ENTRY_PERCPU + PERCPU_VMM_CR3]
    mov cr3, rax
    mov rbx, rsp                        ; the frame (entry-area address)
    mov rax, [qword ENTRY_PERCPU + PERCPU_VMM_STACK]
    mov rsp, rax
    mov rax, [qword ENTRY_PERCPU + PERCPU_FPU_AREA]
    fxsave64 [rax]
    ldmxcsr [rel vmm_mxcsr]             ; RIP-relative within .entry: valid at the alias
    fninit
    mov rdi, rbx                        ; RBP stays the guest's: backtraces stop at it
    mov rax, rw_guest_entry
    call rax
global guest_entry_end
guest_entry_end:
    ; fall through: resume the frame at rbx

; rw_resume_guest(frame): enter or re-enter a guest with the registers in `frame`,
; which must lie on this CPU's entry stack. Called through its entry-area alias.
global rw_resume_guest, resume_frame, from_guest, isr_common
resume_frame:
    mov rax, [qword ENTRY_PERCPU + PERCPU_FPU_AREA]
    fxrstor64 [rax]
    mov rsp, rbx
    mov rax, [qword ENTRY_PERCPU + PERCPU_GUEST_CR3]
    mov cr3, rax
pop_and_return:
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
global guest_exit_end
guest_exit_end:

align 16                               ; see Guests.Start: never a "fat" pointer
rw_resume_guest:
    mov rbx, rdi
    jmp resume_frame

vmm_mxcsr: dd 0x1F80                    ; all SSE exceptions masked, round to nearest

align 8
global __entry_code_end
__entry_code_end:

section .rodata
global rw_isr_table
align 8
rw_isr_table:
%assign v 0
%rep 256
    dq isr_ %+ v
%assign v v + 1
%endrep

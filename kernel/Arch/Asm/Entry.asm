; Entry and exit of the VMM. Everything in section .entry runs from the entry-area
; alias (kernel/Arch/Entry/EntryArea.cs maps these pages at ENTRY_BASE in every root
; of a CPU), so it may not touch image addresses while a guest root is loaded: only
; the per-CPU page (absolute addresses) and the stacks of the entry area.
;
; Only `mov rax, [moffs64]` can name a 64-bit absolute address: every per-CPU load
; goes through RAX (other registers would silently get a 32-bit displacement).
;
; Each vector's stub pushes an error code (0 where the CPU pushes none) and the vector,
; then joins the common path, which saves the general registers into an
; InterruptFrame (r15 lowest ... rax, vector, error, rip, cs, rflags, rsp, ss).
;  - From the VMM (CS RPL 0): call rw_interrupt_dispatch(frame) on the same stack.
;  - From a guest (ring 1 or 3): the frame is always at ENTRY_FRAME, the one frame slot
;    at the top of the entry stack. The CPU puts it there itself for every vector
;    without an IST stack; the IST stubs (#DB, NMI, #DF, #MC) move the CPU's frame from
;    their IST stack to that slot and zero what the CPU and the stub left on the IST
;    stack before anything else (IST_GUEST_ENTRY). Then: load the VMM root, move to the
;    VMM stack, save the guest's FPU/SSE state (FXSAVE), load the VMM's MXCSR and x87
;    defaults, call the C# entry named by the per-CPU page (rw_guest_entry, or its
;    entrystats wrapper) with the frame. On return the frame (possibly rewritten:
;    another vCPU's registers) is resumed from that same slot: FPU state of the running
;    vCPU restored, the guest root loaded, registers popped, IRETQ.
; So after a guest entry the entry stack holds one frame, of the vCPU that runs next,
; and no IST stack holds anything of it. `cld` runs on every path before any code that
; DF affects; where the CPU has SMAP the IDT points at rw_isr_table_smap, whose stubs
; begin with `clac` (the plain stubs have none: CLAC is #UD without SMAP). Nothing
; VMM-private is left on the entry stack: C# runs on the VMM stack. What may be left on
; an IST stack by an exception taken in the VMM itself is scrubbed before the next
; switch to another domain (kernel/Arch/Guest/EntryScrub.cs; docs/ring1.md).
bits 64
%include "EntryLayout.inc"

extern rw_interrupt_dispatch

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

; A guest entry through an IST stack (vector %1; %2 = 1 when the CPU pushed an error
; code). On the IST stack: [error,] RIP, CS, RFLAGS, RSP, SS. Builds the same frame an
; entry without IST has at ENTRY_FRAME, zeroes the top IST_SCRUB_BYTES of the IST stack
; (the CPU's frame, the RAX slot used here, and the copy a dropped #DB that hit this
; stub's first instruction left below them, see isr_1), then joins isr_common on the
; entry stack. Interrupts stay off throughout (interrupt gates); an NMI or #MC meanwhile
; uses its own IST stack.
%macro IST_GUEST_ENTRY 2
    push rax                            ; free a register; its slot is zeroed below
    mov rax, rsp                        ; rax = [guest rax][error][rip][cs][rflags][rsp][ss]
    mov rsp, ENTRY_STACK_TOP
    push qword [rax + (5 + %2) * 8]     ; SS
    push qword [rax + (4 + %2) * 8]     ; RSP
    push qword [rax + (3 + %2) * 8]     ; RFLAGS
    push qword [rax + (2 + %2) * 8]     ; CS
    push qword [rax + (1 + %2) * 8]     ; RIP
%if %2
    push qword [rax + 8]                ; error code
%else
    push 0
%endif
    push %1
    push qword [rax]                    ; the guest's RAX, taken back below
%assign q 0
%rep IST_SCRUB_BYTES / 8
    mov qword [rax + (6 + %2) * 8 - IST_SCRUB_BYTES + q * 8], 0
%assign q q + 1
%endrep
    pop rax                             ; RSP = ENTRY_FRAME + 15 * 8, as after a plain stub
    jmp isr_common
%endmacro

; Stub of an IST vector other than #DB.
%macro IST_STUB 2
isr_%1:
    test byte [rsp + 8 + %2 * 8], 3     ; CS of the CPU's frame
    jz %%vmm
    IST_GUEST_ENTRY %1, %2
%%vmm:
%if %2 == 0
    push 0
%endif
    push %1
    jmp isr_common
%endmacro

; #DB (vector 1, on its IST stack): a debug exception a guest left pending with
; MOV SS / POP SS is delivered after the next instruction's transfer to ring 0, i.e.
; at the first instruction of an entry stub, with the guest's root still loaded
; (CVE-2018-8897, security scenario A13). A #DB from ring 0 at an entry-area address
; is therefore dropped here, before anything touches VMM memory: the stub returns to
; the interrupted instruction through a copy of the CPU's frame pushed just below the
; interrupted stack pointer (on the entry stack, where the interrupted stub's own
; pushes then overwrite it; or, for a stub that itself runs on an IST stack, inside the
; bytes IST_GUEST_ENTRY zeroes), and zeroes everything it and the CPU wrote on the #DB
; stack. (QEMU's TCG never delivers such a #DB, so this path has not run.)
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
    mov rax, rsp                        ; [rax]: rax, rip, cs, rflags, rsp, ss
    mov rsp, [rax + 32]                 ; the interrupted stack pointer
    push qword [rax + 40]
    push qword [rax + 32]
    push qword [rax + 24]
    push qword [rax + 16]
    push qword [rax + 8]
    push qword [rax]
    mov qword [rax], 0
    mov qword [rax + 8], 0
    mov qword [rax + 16], 0
    mov qword [rax + 24], 0
    mov qword [rax + 32], 0
    mov qword [rax + 40], 0
    pop rax
    mov qword [rsp - 8], 0              ; the RAX copy
    iretq
.vmm:
    pop rax
    push 0
    push 1
    jmp isr_common
.guest:
    IST_GUEST_ENTRY 1, 0

IST_STUB 2, 0                           ; NMI
IST_STUB 8, 1                           ; #DF (error code 0)
IST_STUB 18, 0                          ; #MC

%assign v 0
%rep 256
%if v = 1 || v = 2 || v = 8 || v = 18
    ; IST stubs above
%elif v = 10 || v = 11 || v = 12 || v = 13 || v = 14 || v = 17 || v = 21 || v = 29 || v = 30
    STUB_ERROR v
%else
    STUB_NO_ERROR v
%endif
%assign v v + 1
%endrep

; The same stubs for CPUs with SMAP: `clac` first (AC is the guest's until then), then
; the plain stub's code (the IST vectors jump to theirs).
%assign v 0
%rep 256
isr_smap_ %+ v:
    clac
%if v = 1 || v = 2 || v = 8 || v = 18
    jmp isr_ %+ v
%elif v = 10 || v = 11 || v = 12 || v = 13 || v = 14 || v = 17 || v = 21 || v = 29 || v = 30
    push v
    jmp isr_common
%else
    push 0
    push v
    jmp isr_common
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
    mov rax, [qword ENTRY_PERCPU + PERCPU_ENTRY_TARGET]
    call rax
global guest_entry_end
guest_entry_end:
    ; fall through: resume the frame at rbx

; rw_resume_guest(frame): enter or re-enter a guest with the registers in `frame`,
; which must be ENTRY_FRAME. Called through its entry-area alias.
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
global rw_isr_table, rw_isr_table_smap
align 8
rw_isr_table:
%assign v 0
%rep 256
    dq isr_ %+ v
%assign v v + 1
%endrep
rw_isr_table_smap:
%assign v 0
%rep 256
    dq isr_smap_ %+ v
%assign v v + 1
%endrep

; Runtime entry points that ILC-generated code calls with fixed register contracts,
; and the few instructions the C# runtime imports (kernel/Runtime/Ringwall/Machine.cs).
; SysV ABI: arguments in rdi, rsi, rdx, rcx, r8, r9; return in rax.
bits 64
default rel
section .text

extern rw_arena_allocate
extern rw_runtime_panic_helper

; --- port I/O and halting ---------------------------------------------------------
global rw_outb, rw_inb, rw_outd, rw_ind, rw_halt_forever, rw_mfence
rw_mfence:
    mfence
    ret
rw_outb:                        ; (ushort port, byte value)
    mov edx, edi
    mov eax, esi
    out dx, al
    ret
rw_inb:                         ; byte (ushort port)
    mov edx, edi
    xor eax, eax
    in al, dx
    ret
rw_outd:                        ; (ushort port, uint value)
    mov edx, edi
    mov eax, esi
    out dx, eax
    ret
rw_ind:                         ; uint (ushort port)
    mov edx, edi
    in eax, dx
    ret
rw_halt_forever:
    cli
.again:
    hlt
    jmp .again

; --- allocation: the arena (C#) returns zeroed memory; we store the MethodTable ------
global RhpNewFast, RhpNewFinalizable, RhpNewArrayFast, RhpNewPtrArrayFast, RhpNewArray
RhpNewFinalizable:
RhpNewFast:                     ; object (MethodTable* rdi)
    push rdi
    mov edi, [rdi + 4]          ; base size
    call rw_arena_allocate
    pop rdi
    mov [rax], rdi
    ret

RhpNewArray:
RhpNewPtrArrayFast:
RhpNewArrayFast:                ; array (MethodTable* rdi, int count esi)
    test esi, esi
    js .negative
    push rdi
    push rsi
    movzx eax, word [rdi]       ; component size
    movsxd rsi, esi
    imul rax, rsi
    mov edi, [rdi + 4]
    add rdi, rax
    add rdi, 7
    and rdi, -8
    sub rsp, 8                  ; keep rsp 16-byte aligned at the call
    call rw_arena_allocate
    add rsp, 8
    pop rsi
    pop rdi
    mov [rax], rdi
    mov [rax + 8], esi
    ret
.negative:
    lea rdi, [msg_negative_length]
    jmp rw_runtime_panic_helper

; --- write barriers: no GC, so a plain store --------------------------------------
global RhpAssignRef, RhpCheckedAssignRef, RhpByRefAssignRef, RhpAssignRefAVLocation, RhpCheckedAssignRefAVLocation
RhpAssignRef:                   ; [rdi] = rsi
RhpCheckedAssignRef:
RhpAssignRefAVLocation:
RhpCheckedAssignRefAVLocation:
    mov [rdi], rsi
    ret
RhpByRefAssignRef:              ; [rdi] = [rsi]; rdi += 8; rsi += 8 (rcx trashed)
    mov rcx, [rsi]
    mov [rdi], rcx
    add rdi, 8
    add rsi, 8
    ret

; --- transitions that matter only to a GC: nothing to do ----------------------------
global RhpPInvoke, RhpPInvokeReturn, RhpReversePInvoke, RhpReversePInvokeReturn, RhpGcPoll
RhpPInvoke:
RhpPInvokeReturn:
RhpReversePInvoke:
RhpReversePInvokeReturn:
RhpGcPoll:
    ret

; --- stack probe: touch every page from rsp down to r11 (the frame's lowest byte),
; so the guard page under each stack catches a frame that would jump over it.
global RhpStackProbe
RhpStackProbe:                  ; r11 = lowest address of the new frame; trashes rax
    mov rax, rsp
    and rax, -4096
.probe:
    sub rax, 4096
    test [rax], eax
    cmp rax, r11
    jg .probe
    ret

; --- failures that only a panic can answer --------------------------------------------
global RhpFallbackFailFast, RhpInitialDynamicInterfaceDispatch, RhpThrowEx, RhpRethrow
RhpFallbackFailFast:
    lea rdi, [msg_failfast]
    jmp rw_runtime_panic_helper
RhpInitialDynamicInterfaceDispatch:
    lea rdi, [msg_dispatch]
    jmp rw_runtime_panic_helper
RhpThrowEx:
RhpRethrow:
    lea rdi, [msg_throw]
    jmp rw_runtime_panic_helper

section .rodata
msg_negative_length: db "array allocation with a negative length", 0
msg_failfast: db "fail-fast (stack cookie or runtime check)", 0
msg_dispatch: db "unresolved interface dispatch (RhpInitialDynamicInterfaceDispatch) is not supported", 0
msg_throw: db "throw is not supported in the kernel", 0

section .data
global __security_cookie
align 8
__security_cookie: dq 0x2B992DDFA232D0C1

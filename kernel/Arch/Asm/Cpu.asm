; Single privileged instructions for the C# x86-64 layer (kernel/Arch/Cpu/Cpu.cs).
; SysV ABI; nothing here keeps state.
bits 64
default rel
section .text

global rw_cpuid, rw_read_cr0, rw_read_cr2, rw_read_cr3, rw_read_cr4
global rw_write_cr0, rw_write_cr3, rw_write_cr4, rw_rdmsr, rw_wrmsr
global rw_lgdt, rw_lidt, rw_ltr, rw_load_segments, rw_read_rbp, rw_read_rsp
global rw_invlpg, rw_rdtsc, rw_read_rflags, rw_xgetbv, rw_xsetbv
global rw_read_data_selectors, rw_load_data_selectors

rw_cpuid:                       ; (uint leaf, uint subleaf, uint* out4)
    push rbx
    mov eax, edi
    mov ecx, esi
    mov r8, rdx
    cpuid
    mov [r8], eax
    mov [r8 + 4], ebx
    mov [r8 + 8], ecx
    mov [r8 + 12], edx
    pop rbx
    ret
rw_read_cr0:
    mov rax, cr0
    ret
rw_read_cr2:
    mov rax, cr2
    ret
rw_read_cr3:
    mov rax, cr3
    ret
rw_read_cr4:
    mov rax, cr4
    ret
rw_write_cr0:
    mov cr0, rdi
    ret
rw_write_cr3:
    mov cr3, rdi
    ret
rw_write_cr4:
    mov cr4, rdi
    ret
rw_rdmsr:                       ; ulong (uint msr)
    mov ecx, edi
    rdmsr
    shl rdx, 32
    or rax, rdx
    ret
rw_wrmsr:                       ; (uint msr, ulong value)
    mov ecx, edi
    mov eax, esi
    mov rdx, rsi
    shr rdx, 32
    wrmsr
    ret
rw_xgetbv:                      ; ulong (uint index)
    mov ecx, edi
    xgetbv
    shl rdx, 32
    or rax, rdx
    ret
rw_xsetbv:                      ; (uint index, ulong value)
    mov ecx, edi
    mov eax, esi
    mov rdx, rsi
    shr rdx, 32
    xsetbv
    ret
rw_lgdt:                        ; (void* pseudo-descriptor)
    lgdt [rdi]
    ret
rw_lidt:
    lidt [rdi]
    ret
rw_ltr:                         ; (ushort selector)
    ltr di
    ret
rw_load_segments:               ; (ushort code, ushort data): reload CS by far return
    mov ds, si
    mov es, si
    mov ss, si
    xor eax, eax
    mov fs, ax
    mov gs, ax
    pop rax                     ; return address
    push rdi
    push rax
    retfq
rw_read_data_selectors:         ; (ushort* out4): DS, ES, FS, GS
    mov [rdi], ds
    mov [rdi + 2], es
    mov [rdi + 4], fs
    mov [rdi + 6], gs
    ret
rw_load_data_selectors:         ; (ushort ds, es, fs, gs, flat): the caller checked each is loadable
    mov ds, di
    mov es, si
    mov fs, r8w                 ; a base-0 segment first: loading a null selector may keep
    mov fs, dx                  ; the previous FS/GS base (AMD), which must not leak
    mov gs, r8w
    mov gs, cx
    ret
rw_read_rbp:
    mov rax, rbp
    ret
rw_read_rsp:
    lea rax, [rsp + 8]
    ret
rw_invlpg:
    invlpg [rdi]
    ret

global rw_remap_pages
rw_remap_pages:                 ; (ulong* ptes, ulong* entries, ulong* vas, int count), count > 0
    mov rax, [rsi]
    mov r8, [rdi]
    mov [r8], rax               ; the page-table entry
    mov rax, [rdx]
    invlpg [rax]                ; its translation
    add rdi, 8
    add rsi, 8
    add rdx, 8
    dec ecx
    jnz rw_remap_pages
    ret
rw_rdtsc:
    rdtsc
    shl rdx, 32
    or rax, rdx
    ret
rw_read_rflags:
    pushfq
    pop rax
    ret

global rw_ud2
rw_ud2:                         ; test.fault=ud
    push rbp
    mov rbp, rsp
    ud2

global rw_wbinvd
rw_wbinvd:
    wbinvd
    ret

global rw_invpcid
rw_invpcid:                     ; (ulong type, ulong pcid, ulong address)
    sub rsp, 16
    mov [rsp], rsi
    mov [rsp + 8], rdx
    invpcid rdi, [rsp]
    add rsp, 16
    ret

global rw_wait_for_interrupt
rw_wait_for_interrupt:          ; idle: interrupts on for exactly one halt
    sti                         ; (STI's one-instruction shadow covers HLT: no lost wake-up)
    hlt
    cli
    ret

global rw_open_interrupt_window
rw_open_interrupt_window:       ; long VMM work between pieces: a pending interrupt is taken
    sti                         ; (after the instruction following STI)
    nop
    cli
    ret

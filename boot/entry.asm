; Ringwall's entry: one 32-bit entry point serves PVH (QEMU -kernel, the Xen ELF note
; below) and multiboot2 (GRUB, the header below). Both arrive in 32-bit protected mode
; with paging off; UEFI firmware may leave CR0.WP, CR4 bits, EFER.NXE and a stale CR3
; behind, so every control register this code relies on is written explicitly.
;
; It builds early page tables (identity map of 0-4 GiB and the image at -2 GiB, both
; with 2 MiB pages), enters long mode, moves to the higher half, zeroes .bss, lets the
; runtime initialise statics, and calls the C# entry rw_kernel_main(magic, info).
; The C# side replaces these tables with the VMM's own (W^X, guard pages).
bits 32

%define KERNEL_BASE     0xFFFFFFFF80000000
%define MB2_MAGIC       0xE85250D6
%define MB2_BOOT_MAGIC  0x36D76289
%define PVH_MAGIC       0x336EC578
%define PROTOCOL_PVH    1
%define PROTOCOL_MB2    2

extern rw_runtime_init
extern rw_kernel_main
extern __bss_start, __bss_end, __modules_start, __modules_end
extern rw_boot_stack_top
extern rw_early_arena, rw_early_arena_end, rw_arena_add_region

; ---------------------------------------------------------------- multiboot2 header
section .multiboot2 progbits alloc noexec nowrite align=8
align 8
mb2_header:
    dd MB2_MAGIC
    dd 0                                ; architecture: i386 protected mode
    dd mb2_header_end - mb2_header
    dd -(MB2_MAGIC + 0 + (mb2_header_end - mb2_header))
    align 8
    ; information request: command line, modules, memory map, ACPI RSDP (optional)
    dw 1, 1                             ; type 1, flags: optional
    dd 8 + 4 * 5
    dd 1, 3, 6, 14, 15
    align 8
    dw 0, 0                             ; end tag
    dd 8
mb2_header_end:

; ----------------------------------------------------------------------- PVH note
section .note.Xen note alloc noexec nowrite align=4
    dd 4                                ; name size ("Xen\0")
    dd 8                                ; descriptor size
    dd 18                               ; XEN_ELFNOTE_PHYS32_ENTRY
    db "Xen", 0
    dq rw_entry32

; ---------------------------------------------------------------------- 32-bit code
section .boot.text progbits alloc exec nowrite align=16
global rw_entry32
rw_entry32:
    cli
    cld
    mov edi, eax                        ; keep the loader's magic across rdtsc
    rdtsc                               ; boot cost is measured from here (icount)
    mov [boot_entry_tsc], eax
    mov [boot_entry_tsc + 4], edx
    mov eax, edi
    cmp eax, MB2_BOOT_MAGIC
    jne .not_mb2
    mov edi, PROTOCOL_MB2
    jmp .have_protocol
.not_mb2:
    cmp dword [ebx], PVH_MAGIC
    jne boot_fail_protocol
    mov edi, PROTOCOL_PVH
.have_protocol:
    mov esi, ebx                        ; boot information (physical)

    ; CR0: protection on, paging off, write-protect off until the new tables exist,
    ; FPU native error reporting, no emulation (SSE needs EM clear, MP set).
    mov eax, 0x00000033                 ; PE | MP | ET | NE
    mov cr0, eax
    ; CR4: only PAE, OSFXSR and OSXMMEXCPT (the generated C# uses SSE2).
    mov eax, 0x00000620
    mov cr4, eax

    ; long mode and (if present) NX must exist
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000001
    jb boot_fail_longmode
    mov eax, 0x80000001
    cpuid
    test edx, 1 << 29
    jz boot_fail_longmode
    mov ebp, edx                        ; keep the extended feature bits (NX = bit 20)

    ; early page tables (in .boot.bss, zeroed here: loaders need not zero them)
    push edi
    mov edi, early_pml4
    mov ecx, (early_tables_end - early_pml4) / 4
    xor eax, eax
    rep stosd
    pop edi

    mov dword [early_pml4 + 0 * 8], early_pdpt_low + 3
    mov dword [early_pml4 + 256 * 8], early_pdpt_low + 3   ; direct map of 0-4 GiB at 0xFFFF800000000000
    mov dword [early_pml4 + 511 * 8], early_pdpt_high + 3
    mov dword [early_pdpt_low + 0 * 8], early_pd + 0 * 4096 + 3
    mov dword [early_pdpt_low + 1 * 8], early_pd + 1 * 4096 + 3
    mov dword [early_pdpt_low + 2 * 8], early_pd + 2 * 4096 + 3
    mov dword [early_pdpt_low + 3 * 8], early_pd + 3 * 4096 + 3
    mov dword [early_pdpt_high + 510 * 8], early_pd + 0 * 4096 + 3
    ; 2048 entries of 2 MiB: present, writable, page size
    xor ecx, ecx
.fill_pd:
    mov eax, ecx
    shl eax, 21
    or eax, 0x83
    mov [early_pd + ecx * 8], eax
    mov eax, ecx
    shr eax, 11                         ; high half of the address (ecx * 2 MiB >> 32)
    mov [early_pd + ecx * 8 + 4], eax
    inc ecx
    cmp ecx, 2048
    jb .fill_pd

    mov eax, early_pml4
    mov cr3, eax

    ; EFER: long mode enable, NX enable when the CPU has NX, nothing else.
    mov ecx, 0xC0000080
    xor edx, edx
    mov eax, 1 << 8                     ; LME
    test ebp, 1 << 20
    jz .no_nx
    or eax, 1 << 11                     ; NXE
.no_nx:
    wrmsr

    mov eax, cr0
    or eax, 0x80010000                  ; PG | WP
    mov cr0, eax

    lgdt [early_gdt_pointer]
    jmp 0x08:long_mode_entry

; Failures before long mode: print on COM1 and exit through the debug-exit port with
; the OutOfMemory-independent "Failure" status, then halt.
boot_fail_protocol:
    mov esi, msg_protocol
    jmp boot_fail
boot_fail_longmode:
    mov esi, msg_longmode
boot_fail:
    mov dx, 0x3F8
.next:
    lodsb
    test al, al
    jz .done
    out dx, al
    jmp .next
.done:
    mov dx, 0xF4
    mov al, 0x11                         ; ExitStatus.Failure
    out dx, al
.halt:
    cli
    hlt
    jmp .halt

bits 64
long_mode_entry:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    xor eax, eax
    mov fs, ax
    mov gs, ax
    mov rax, higher_half_entry
    jmp rax

section .boot.data progbits alloc noexec write align=16
global boot_entry_tsc
align 8
boot_entry_tsc: dq 0
msg_protocol: db "Ringwall: unknown boot protocol (neither PVH nor multiboot2)", 13, 10, 0
msg_longmode: db "Ringwall: this CPU has no 64-bit long mode", 13, 10, 0
align 16
early_gdt:
    dq 0
    dq 0x00AF9A000000FFFF               ; 0x08: 64-bit code, ring 0
    dq 0x00CF92000000FFFF               ; 0x10: data, ring 0
early_gdt_end:
early_gdt_pointer:
    dw early_gdt_end - early_gdt - 1
    dd early_gdt

section .boot.bss nobits alloc noexec write align=4096
early_pml4:      resb 4096
early_pdpt_low:  resb 4096
early_pdpt_high: resb 4096
early_pd:        resb 4 * 4096
early_tables_end:

; ------------------------------------------------------------- 64-bit, higher half
section .text
bits 64
; The time stamp taken at the first instruction (readable only while the early
; identity map is active, i.e. before the VMM's page table is loaded).
global rw_boot_entry_tsc
rw_boot_entry_tsc:
    mov rax, boot_entry_tsc
    mov rax, [rax]
    ret

higher_half_entry:
    mov r12, rdi                        ; protocol
    mov r13, rsi                        ; boot information (physical)
    ; zero .bss (the boot stack lives there, so before any push)
    mov rdi, __bss_start
    mov rcx, __bss_end
    sub rcx, rdi
    shr rcx, 3                          ; .bss is 16-byte aligned at both ends
    xor eax, eax
    rep stosq
    mov rsp, rw_boot_stack_top
    xor ebp, ebp                        ; ends the frame-pointer chain for backtraces
    mov rdi, rw_early_arena             ; the arena's first region, before statics need it
    mov rsi, rw_early_arena_end
    sub rsi, rdi
    call rw_arena_add_region
    mov rdi, __modules_start
    mov rsi, __modules_end
    call rw_runtime_init
    mov rdi, r12
    mov rsi, r13
    call rw_kernel_main
    cli
.halt:
    hlt
    jmp .halt

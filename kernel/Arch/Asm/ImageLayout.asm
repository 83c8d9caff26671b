; Linker-script symbols the C# side needs (boot/linker.ld), returned as one struct
; (kernel/Arch/Paging/ImageLayout.cs) so no C# code names a linker symbol directly.
bits 64
default rel
section .text

extern __image_start_phys, __text_start, __text_end, __rodata_start, __rodata_end
extern __data_start, __data_end, __bss_start, __bss_end_all, __stacks_start, __stacks_end
extern __symbols_start, __symbols_end, __image_end, rw_symbol_table, rw_isr_table
extern __entry_start, __entry_end, rw_resume_guest
extern rw_guest_entry, rw_guest_entry_measured, rw_isr_table_smap

global rw_image_layout
rw_image_layout:                ; (ImageLayout* out)
    mov rax, __image_start_phys
    mov [rdi + 0], rax
    mov rax, __text_start
    mov [rdi + 8], rax
    mov rax, __text_end
    mov [rdi + 16], rax
    mov rax, __rodata_start
    mov [rdi + 24], rax
    mov rax, __rodata_end
    mov [rdi + 32], rax
    mov rax, __data_start
    mov [rdi + 40], rax
    mov rax, __data_end
    mov [rdi + 48], rax
    mov rax, __bss_start
    mov [rdi + 56], rax
    mov rax, __bss_end_all       ; .bss and the early arena
    mov [rdi + 64], rax
    mov rax, __stacks_start
    mov [rdi + 72], rax
    mov rax, __stacks_end
    mov [rdi + 80], rax
    mov rax, __symbols_start
    mov [rdi + 88], rax
    mov rax, __symbols_end
    mov [rdi + 96], rax
    mov rax, __image_end
    mov [rdi + 104], rax
    mov rax, rw_symbol_table
    mov [rdi + 112], rax
    mov rax, rw_isr_table
    mov [rdi + 120], rax
    mov rax, __entry_start
    mov [rdi + 128], rax
    mov rax, __entry_end
    mov [rdi + 136], rax
    mov rax, rw_resume_guest
    mov [rdi + 144], rax
    mov rax, rw_guest_entry
    mov [rdi + 152], rax
    mov rax, rw_guest_entry_measured
    mov [rdi + 160], rax
    mov rax, rw_isr_table_smap
    mov [rdi + 168], rax
    ret

; The arena's first region: enough for boot before the frame allocator exists.
; Its own section (.arena, after .bss) is not zeroed at entry: the arena zeroes
; every allocation itself, and zeroing 512 KiB would dominate the boot cost.
section .arena nobits alloc noexec write align=4096
global rw_early_arena, rw_early_arena_end
rw_early_arena: resb 512 * 1024
rw_early_arena_end:


; What the VMM says about its build (XENVER_changeset, XENVER_compile_info): the strings
; come from build/build-info.inc, written by tools/build/build-info.sh, laid out here as
; struct BuildInfo in kernel/Arch/Startup/BuildInfo.cs reads them: changeset[64] then
; compiler[64], each NUL-padded
; (the script keeps each string to 63 bytes; a longer one makes TIMES negative, an error).
bits 64
default rel
%include "build-info.inc"

%macro padded 2                 ; string, field size
%%start:
    db %1
    times %2 - ($ - %%start) db 0
%endmacro

section .rodata
align 8
build_info:
    padded RW_CHANGESET, 64
    padded RW_COMPILER, 64

section .text
global rw_build_info
rw_build_info:                  ; () -> BuildInfo*
    lea rax, [build_info]
    ret

/* The hypercall page: one page-aligned 4096-byte page in the executable segment, named
 * by XEN_ELFNOTE_HYPERCALL_PAGE. The VMM fills it with 32-byte stubs at domain build
 * time; until then it holds int3 so a call into an unfilled page traps at once. */
    .section .hypercall_page, "ax", @progbits
    .balign 4096
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill 4096, 1, 0xcc
    .size hypercall_page, 4096

    .section .note.GNU-stack, "", @progbits

/* Xen ELF notes read by the domain builder (name "Xen", 4-byte aligned). The linker
 * script puts .note.Xen in its own PT_NOTE program header. */
#define ELFNOTE(type, desctype, descdata)         \
    .balign 4;                                    \
    .long 2f - 1f;      /* namesz */              \
    .long 4f - 3f;      /* descsz */              \
    .long type;                                   \
1:  .asciz "Xen";                                 \
2:  .balign 4;                                    \
3:  desctype descdata;                            \
4:  .balign 4;

    .section .note.Xen, "a", @note
    ELFNOTE(6,  .asciz, "Ringwall-guest")                   /* XEN_ELFNOTE_GUEST_OS */
    ELFNOTE(8,  .asciz, "generic")                          /* XEN_ELFNOTE_LOADER */
    ELFNOTE(3,  .quad,  0xFFFFFFFF80000000)                 /* XEN_ELFNOTE_VIRT_BASE */
    ELFNOTE(1,  .quad,  _start)                             /* XEN_ELFNOTE_ENTRY */
    ELFNOTE(2,  .quad,  hypercall_page)                     /* XEN_ELFNOTE_HYPERCALL_PAGE */

    .section .note.GNU-stack, "", @progbits

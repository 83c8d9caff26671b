/*
 * a13: security scenario A13 with the means a guest has. Guests cannot set debug
 * registers (mov to DRn faults in ring 1; set_debugreg is not implemented), so the
 * data-breakpoint form cannot be built; the single-step form can: TF set, then
 * `mov ss` immediately followed by the hypercall gate `int 0x82`. The VMM must
 * survive; with no #DB handler installed this guest is destroyed.
 */
#include <rwlib/rwlib.h>

int guest_main(struct start_info *si)
{
    (void)si;
    printf("a13: TF, then mov ss + int 0x82\n");
    __asm__ volatile(
        "mov $17, %%eax\n\t"          /* xen_version(XENVER_version) */
        "xor %%edi, %%edi\n\t"
        "xor %%esi, %%esi\n\t"
        "pushfq\n\t"
        "orq $0x100, (%%rsp)\n\t"
        "popfq\n\t"
        "mov %%ss, %%cx\n\t"
        "mov %%cx, %%ss\n\t"
        "int $0x82\n\t"
        "pushfq\n\t"
        "andq $~0x100, (%%rsp)\n\t"
        "popfq\n\t"
        ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r10", "r11", "memory", "cc");
    printf("a13: survived the single step\n");
    return 13;
}

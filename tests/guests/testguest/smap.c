/* smap: hypercalls made with RFLAGS.AC set (POPF), as a guest kernel does while it
 * reaches its user pages under SMAP. The VMM's entry stubs clear AC (clac, on CPUs with
 * SMAP) before the VMM touches memory, and the guest's own AC comes back unchanged:
 * answers equal those of the same calls without AC, a buffer the VMM writes and one it
 * reads are handled as usual, and AC is still set right after each call. */
#include "report.h"
#include "scenarios.h"

#define AC 0x40000UL

long tg_hcall_ac(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t nr, uint64_t *flags_after);

void scenario_smap(struct start_info *si)
{
    (void)si;
    uint64_t flags = 0;
    long plain = HYPERVISOR_xen_version(XENVER_version, 0);
    long got = tg_hcall_ac(XENVER_version, 0, 0, __HYPERVISOR_xen_version, &flags);
    check_true("version_with_ac", got == plain && plain > 0, "got %lx expected %lx", got, plain);
    check_true("ac_kept_version", (flags & AC) != 0, "rflags after the call %lx", (unsigned long)flags);

    static char extra_plain[17], extra_ac[17];
    memset(extra_plain, 0, sizeof extra_plain);
    memset(extra_ac, 0x55, sizeof extra_ac);
    extra_ac[16] = 0;
    long rc_plain = HYPERVISOR_xen_version(XENVER_extraversion, extra_plain);
    flags = 0;
    long rc_ac = tg_hcall_ac(XENVER_extraversion, (uint64_t)extra_ac, 0, __HYPERVISOR_xen_version, &flags);
    check_true("guest_buffer_written_with_ac", rc_plain == 0 && rc_ac == 0 && strcmp(extra_plain, extra_ac) == 0,
               "rc %ld/%ld \"%s\" vs \"%s\"", rc_plain, rc_ac, extra_plain, extra_ac);
    check_true("ac_kept_extraversion", (flags & AC) != 0, "rflags after the call %lx", (unsigned long)flags);

    static const char line[] = "testguest: smap: written with AC set\n";
    flags = 0;
    long n = tg_hcall_ac(CONSOLEIO_write, sizeof line - 1, (uint64_t)line, __HYPERVISOR_console_io, &flags);
    check_true("console_read_with_ac", n >= 0, "console_io gave %s", rc_name(n));
    check_true("ac_kept_console", (flags & AC) != 0, "rflags after the call %lx", (unsigned long)flags);
}

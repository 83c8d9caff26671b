/* console: console_io write and its refusals; CONSOLEIO_read with nothing typed. */
#include "report.h"
#include "scenarios.h"

void scenario_console(struct start_info *si)
{
    (void)si;
    static char line[] = "testguest: console_io write\n";
    check_rc("write", HYPERVISOR_console_io(CONSOLEIO_write, sizeof line - 1, line), 0);
    check_rc("write_empty", HYPERVISOR_console_io(CONSOLEIO_write, 0, line), 0);

    /* A long write the VMM does in pieces (at most 256 bytes read and about 512 bytes
     * printed per entry, continued with the arguments advanced): 136 lines of ten 'x',
     * then 600 empty lines (each printed with its "[name] " prefix), then a marker; the
     * booted test counts every line. */
    static char burst[136 * 11 + 600 + 16];
    size_t at = 0;
    for (int l = 0; l < 136; l++) {
        memset(burst + at, 'x', 10);
        burst[at + 10] = '\n';
        at += 11;
    }
    memset(burst + at, '\n', 600);
    at += 600;
    memcpy(burst + at, "burst done\n", 11);
    at += 11;
    check_rc("write_in_pieces", HYPERVISOR_console_io(CONSOLEIO_write, at, burst), 0);

    if (check_true("unmapped_precondition", tg_unmapped_ok(), "%lx is mapped", TG_UNMAPPED_VA))
        check_rc("unmapped", HYPERVISOR_console_io(CONSOLEIO_write, 8, (char *)TG_UNMAPPED_VA), -RW_EFAULT);
    check_rc("noncanonical", HYPERVISOR_console_io(CONSOLEIO_write, 8, (char *)TG_NONCANONICAL_VA), -RW_EFAULT);
    check_rc("vmm_range", HYPERVISOR_console_io(CONSOLEIO_write, 8, (char *)TG_VMM_HOLE_VA), -RW_EFAULT);
    /* The entry area is mapped (read-only) in the guest's view, but it is the VMM's:
     * a hypercall must not read it on the guest's behalf either. */
    check_rc("vmm_entry_area", HYPERVISOR_console_io(CONSOLEIO_write, 8, (char *)TG_ENTRY_AREA_VA), -RW_EFAULT);
    /* A buffer that starts in the last mapped page of the bootstrap region and runs
     * into the first unmapped page after it. */
    unsigned long end = RW_VIRT_BASE + (bootstrap_pages() << 12);
    if (check_true("crossing_precondition", pt_is_mapped(end - 4096) && !pt_is_mapped(end),
                   "%lx should be the end of the mapped region", end))
        check_rc("crosses_into_unmapped", HYPERVISOR_console_io(CONSOLEIO_write, 64, (char *)(end - 16)), -RW_EFAULT);
    check_rc("too_long", HYPERVISOR_console_io(CONSOLEIO_write, 65537, line), -RW_EINVAL);
    /* Nothing is typed during this scenario: 0 in the console-owning domain, -EPERM in
     * any other (the consolein scenario checks each case in a known role). */
    check_rc2("read_empty_or_not_owner", HYPERVISOR_console_io(CONSOLEIO_read, 8, line), 0, -RW_EPERM);
    check_rc("unknown_command", HYPERVISOR_console_io(99, 8, line), -RW_ENOSYS);
}

/* version: xen_version answers and refusals. */
#include "report.h"
#include "scenarios.h"

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

void scenario_version(struct start_info *si)
{
    (void)si;
    long v = HYPERVISOR_xen_version(XENVER_version, 0);
    check_true("version", v == (long)((RINGWALL_ABI_VERSION_MAJOR << 16) | RINGWALL_ABI_VERSION_MINOR),
               "got %lx expected %x", v, (RINGWALL_ABI_VERSION_MAJOR << 16) | RINGWALL_ABI_VERSION_MINOR);

    static char extra[16 + 1];
    memset(extra, 0, sizeof extra);
    long rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
    if (check_rc("extraversion", rc, 0))
        printf("testguest: extraversion \"%s\"\n", extra);

    static char caps[1024 + 1];
    memset(caps, 0, sizeof caps);
    rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
    if (rc != 0)
        result_fail("capabilities", "got %s expected 0", rc_name(rc));
    else
        check_true("capabilities", starts_with(caps, "ringwall-"), "\"%s\" does not start with ringwall-", caps);

    check_rc("pagesize", HYPERVISOR_xen_version(XENVER_pagesize, 0), 4096);

    /* changeset: the source revision, NUL-padded in 64 bytes (a git describe name, or
     * "unavailable"); printed so the test can compare it with the checkout. */
    static char changeset[XEN_CHANGESET_INFO_LEN + 1];
    memset(changeset, 0x5A, sizeof changeset);
    changeset[XEN_CHANGESET_INFO_LEN] = 0;
    rc = HYPERVISOR_xen_version(XENVER_changeset, changeset);
    if (check_rc("changeset", rc, 0)) {
        int len = (int)strlen(changeset);
        check_true("changeset_text", len > 0 && len < (int)XEN_CHANGESET_INFO_LEN && changeset[XEN_CHANGESET_INFO_LEN - 1] == 0,
                   "length %d", len);
        printf("testguest: changeset \"%s\"\n", changeset);
    }

    /* compile_info: four NUL-terminated strings (compiler, "ringwall", empty domain and date). */
    static struct xen_compile_info ci;
    memset(&ci, 0x5A, sizeof ci);
    rc = HYPERVISOR_xen_version(XENVER_compile_info, &ci);
    if (check_rc("compile_info", rc, 0)) {
        check_true("compile_info_compiler", starts_with(ci.compiler, "ILCompiler ") && ci.compiler[63] == 0,
                   "compiler \"%.64s\"", ci.compiler);
        check_true("compile_info_by", strcmp(ci.compile_by, "ringwall") == 0, "compile_by \"%.16s\"", ci.compile_by);
        check_true("compile_info_rest", ci.compile_domain[0] == 0 && ci.compile_date[0] == 0
                   && ci.compile_domain[31] == 0 && ci.compile_date[31] == 0, "domain or date not empty");
        printf("testguest: compiler \"%s\"\n", ci.compiler);
    }

    struct xen_platform_parameters pp = { .virt_start = 0 };
    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &pp);
    if (rc != 0)
        result_fail("platform_parameters", "got %s expected 0", rc_name(rc));
    else
        check_true("platform_parameters", pp.virt_start == RINGWALL_VMM_VIRT_START,
                   "virt_start %lx expected %lx", (unsigned long)pp.virt_start, RINGWALL_VMM_VIRT_START);

    if (tg_unmapped_ok())
        check_rc("unmapped_buffer", HYPERVISOR_xen_version(XENVER_extraversion, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    else
        result_fail("unmapped_buffer", "precondition: %lx is mapped", TG_UNMAPPED_VA);
    check_rc("noncanonical_buffer", HYPERVISOR_xen_version(XENVER_platform_parameters, (void *)TG_NONCANONICAL_VA), -RW_EFAULT);
    /* Read-only memory is not writable guest memory: a window page remapped read-only
     * (not the page tables: a VMM that wrongly wrote there would corrupt them). */
    long err;
    void *ro = window_map(TG_SLOT_VERSION_RO, virt_to_pfn(window_va(TG_SLOT_VERSION_RO)), 0, &err);
    if (!ro) {
        result_fail("readonly_buffer", "precondition: read-only remap failed with %s", rc_name(err));
    } else {
        check_rc("readonly_buffer", HYPERVISOR_xen_version(XENVER_extraversion, ro), -RW_EFAULT);
        check_rc("readonly_changeset", HYPERVISOR_xen_version(XENVER_changeset, ro), -RW_EFAULT);
        check_rc("readonly_compile_info", HYPERVISOR_xen_version(XENVER_compile_info, ro), -RW_EFAULT);
        window_unmap(TG_SLOT_VERSION_RO);
    }
    check_rc("guest_handle_unimplemented", HYPERVISOR_xen_version(XENVER_guest_handle, 0), -RW_ENOSYS);
    check_rc("unknown_command", HYPERVISOR_xen_version(99, 0), -RW_ENOSYS);
}

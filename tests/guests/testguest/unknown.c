/* unknown: hypercalls that do not exist or are not implemented yet. */
#include "report.h"
#include "scenarios.h"

void scenario_unknown(struct start_info *si)
{
    (void)si;
    check_rc("hypercall_40", rw_hypercall2(40, 0, 0), -RW_ENOSYS);
    check_rc("hypercall_11_gap", rw_hypercall0(11), -RW_ENOSYS);
    check_rc("hypercall_127_last_stub", rw_hypercall0(RW_HYPERCALL_MAX - 1), -RW_ENOSYS);
    check_rc("set_segment_base", HYPERVISOR_set_segment_base(0, 0), -RW_ENOSYS);   /* not yet */
}

/* sched: sched_op answers and refusals. A refusal that the VMM wrongly accepts may end
 * the domain; the arguments are chosen so that it would be visible (no "done" line). */
#include "report.h"
#include "scenarios.h"

void scenario_sched(struct start_info *si)
{
    (void)si;
    check_rc("yield", HYPERVISOR_sched_op(SCHEDOP_yield, 0), 0);

    struct sched_remote_shutdown rs = { .domain_id = DOMID_SELF, .reason = SHUTDOWN_poweroff };
    check_rc("remote_shutdown", HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -RW_EPERM);

    check_rc("unknown_command", HYPERVISOR_sched_op(1000, 0), -RW_ENOSYS);

    /* Misaligned sched_ringwall_exit: the bytes at the misaligned address read as
     * reason 99 (invalid), so a VMM that accepted the alignment answers -EINVAL instead
     * of ending the domain. */
    static uint8_t buf[16] __attribute__((aligned(8)));
    memset(buf, 0, sizeof buf);
    buf[1] = 99;
    check_rc("exit_misaligned", HYPERVISOR_sched_op(SCHEDOP_ringwall_exit, buf + 1), -RW_EFAULT);

    if (tg_unmapped_ok())
        check_rc("exit_unmapped", HYPERVISOR_sched_op(SCHEDOP_ringwall_exit, (void *)TG_UNMAPPED_VA), -RW_EFAULT);
    else
        result_fail("exit_unmapped", "precondition: %lx is mapped", TG_UNMAPPED_VA);
    check_rc("shutdown_noncanonical", HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)TG_NONCANONICAL_VA), -RW_EFAULT);

    struct sched_ringwall_exit bad_exit = { .reason = 99, .code = 7 };
    check_rc("exit_bad_reason", HYPERVISOR_sched_op(SCHEDOP_ringwall_exit, &bad_exit), -RW_EINVAL);

    struct sched_shutdown bad = { .reason = 99 };
    check_rc("shutdown_bad_reason", HYPERVISOR_sched_op(SCHEDOP_shutdown, &bad), -RW_EINVAL);
}

#include <rwlib/exit.h>

void guest_crash(void)
{
    struct sched_shutdown sd = { .reason = SHUTDOWN_crash };
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    for (;;)
        __asm__ volatile("ud2");
}

void guest_exit(int code)
{
    struct sched_ringwall_exit e = { .reason = SHUTDOWN_poweroff, .code = code };
    HYPERVISOR_sched_op(SCHEDOP_ringwall_exit, &e);
    guest_crash();      /* the VMM refused the exit */
}

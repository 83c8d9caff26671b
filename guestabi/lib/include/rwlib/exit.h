/* Ending the domain. */
#ifndef RWLIB_EXIT_H
#define RWLIB_EXIT_H

#include <rwlib/types.h>

/* SCHEDOP_ringwall_exit with SHUTDOWN_poweroff and code. Does not return (crashes if the VMM refuses). */
__attribute__((noreturn)) void guest_exit(int code);

/* SCHEDOP_shutdown with SHUTDOWN_crash; if that returns, executes ud2 (the VMM destroys the domain). */
__attribute__((noreturn)) void guest_crash(void);

#endif

/* The console through HYPERVISOR_console_io: output (the VMM prefixes each line with
 * [name]) and input (what is typed on the VMM's serial port, for the one domain that owns
 * the console; see docs/guests.md, "Console input"). */
#ifndef RWLIB_CONSOLE_H
#define RWLIB_CONSOLE_H

#include <rwlib/types.h>

/* Writes len bytes (in chunks the VMM accepts). Returns 0 or the first negative error. */
long console_write(const char *s, size_t len);

/* Writes a NUL-terminated string. */
long console_puts(const char *s);

/* CONSOLEIO_read: copies up to len bytes of console input into buf (at most 65536 a
 * call). Returns the number copied (0: nothing waiting), -RW_EPERM in a domain that does
 * not own the console, -RW_EFAULT for a buffer that is not writable (nothing is consumed
 * then). Input arrival raises VIRQ_CONSOLE: evtchn_bind_virq(VIRQ_CONSOLE, 0) in events.h
 * (global virq, vCPU 0 only; -RW_EPERM outside the owner). */
long console_read(char *buf, size_t len);

#endif

/* Console output through HYPERVISOR_console_io (the VMM prefixes each line with [name]). */
#ifndef RWLIB_CONSOLE_H
#define RWLIB_CONSOLE_H

#include <rwlib/types.h>

/* Writes len bytes (in chunks the VMM accepts). Returns 0 or the first negative error. */
long console_write(const char *s, size_t len);

/* Writes a NUL-terminated string. */
long console_puts(const char *s);

#endif

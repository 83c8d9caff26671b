/* A small printf: %s %c %d %i %u %x %X %p %% with l/ll/z length, width, '-' and '0' flags. */
#ifndef RWLIB_PRINTF_H
#define RWLIB_PRINTF_H

#include <rwlib/types.h>

/* Formats into buf (always NUL-terminated when size > 0); returns the length the
 * whole output would have had (as C's snprintf). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Formats and writes to the console (output longer than 512 bytes is cut). */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif

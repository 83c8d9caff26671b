/* The guest command line (start_info.cmd_line): space-separated words, key=value options. */
#ifndef RWLIB_CMDLINE_H
#define RWLIB_CMDLINE_H

#include <rwlib/types.h>

/* The command line (NUL-terminated inside start_info, even if the VMM forgot the NUL). */
const char *cmdline(const struct start_info *si);

/* Finds "key=value" (or a bare "key", value "") and copies value into buf (NUL-terminated,
 * cut to len - 1 bytes). Returns the value's full length, or -1 when the key is absent. */
int cmdline_get(const struct start_info *si, const char *key, char *buf, size_t len);

/* As cmdline_get for a signed decimal (or 0x-hex) value; returns def when absent or malformed. */
long cmdline_get_long(const struct start_info *si, const char *key, long def);

/* Parses a signed decimal or 0x-prefixed hex number; returns 0 on success, -1 otherwise. */
int parse_long(const char *s, long *out);

#endif

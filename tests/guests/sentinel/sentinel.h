/* sentinel: a guest that watches what other domains must not be able to do to it.
 *   role=bystander [frames=N] [ms=T] [who=NAME]  its memory must stay as it wrote it
 *   role=heartbeat [ms=T]                         it must not be kept off the CPU long
 * Each role prints exactly one "SENTINEL ..." line at the end (see bystander.c and
 * heartbeat.c) and exits with its verdict. Used next to hostile guests by the booted
 * tests (tests/Boot/Guests/SentinelTests.cs, IsolationBreakTests.cs) and the fuzzer. */
#ifndef SENTINEL_H
#define SENTINEL_H

#include <rwlib/rwlib.h>

/* The 16 bytes at the start of every page the bystander fills ("RINGWALL-SECRET!" in
 * ASCII, as two little-endian words: built from immediates, so the image itself holds
 * no page that starts with it). A hostile guest that finds them in a frame that is not
 * its own has read another domain's memory. */
#define SENTINEL_MARKER_LO 0x4C4C4157474E4952UL   /* "RINGWALL" */
#define SENTINEL_MARKER_HI 0x215445524345532DUL   /* "-SECRET!" */

int sentinel_bystander(struct start_info *si);
int sentinel_heartbeat(struct start_info *si);

/* Guest system time in ns (vcpu_time_info of vCPU 0); maps shared info on first use. */
uint64_t sentinel_now_ns(void);

#endif

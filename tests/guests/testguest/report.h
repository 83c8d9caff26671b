/* Structured results: one line per check,
 *   RESULT <scenario>.<check> ok
 *   RESULT <scenario>.<check> FAIL <detail>
 * and at the end RESULT done passed=N failed=M. */
#ifndef TESTGUEST_REPORT_H
#define TESTGUEST_REPORT_H

#include <rwlib/rwlib.h>

/* The scenario whose checks are being reported (set by main before each scenario). */
extern const char *current_scenario;
extern int checks_passed, checks_failed;

void result_ok(const char *check);
void result_fail(const char *check, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ok when cond, else FAIL with the formatted detail. Returns cond. */
int check_true(const char *check, int cond, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ok when got == expected (hypercall results: pass -RW_E...), else FAIL "got X expected Y". */
int check_rc(const char *check, long got, long expected);

/* ok when got is one of two accepted values (where the ABI documents disagree). */
int check_rc2(const char *check, long got, long expected1, long expected2);

/* Human-readable name of a hypercall result: "0", "-EPERM", ... */
const char *rc_name(long rc);

#endif

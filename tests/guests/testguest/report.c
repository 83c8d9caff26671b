#include "report.h"

const char *current_scenario = "?";
int checks_passed, checks_failed;

void result_ok(const char *check)
{
    checks_passed++;
    printf("RESULT %s.%s ok\n", current_scenario, check);
}

static void vresult_fail(const char *check, const char *fmt, va_list ap)
{
    char detail[256];
    vsnprintf(detail, sizeof detail, fmt, ap);
    checks_failed++;
    printf("RESULT %s.%s FAIL %s\n", current_scenario, check, detail);
}

void result_fail(const char *check, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vresult_fail(check, fmt, ap);
    va_end(ap);
}

int check_true(const char *check, int cond, const char *fmt, ...)
{
    if (cond) {
        result_ok(check);
        return 1;
    }
    va_list ap;
    va_start(ap, fmt);
    vresult_fail(check, fmt, ap);
    va_end(ap);
    return 0;
}

const char *rc_name(long rc)
{
    static char buf[4][24];
    static int next;
    switch (rc) {
    case 0: return "0";
    case -RW_EPERM: return "-EPERM";
    case -RW_ENOENT: return "-ENOENT";
    case -RW_ESRCH: return "-ESRCH";
    case -RW_ENOMEM: return "-ENOMEM";
    case -RW_EACCES: return "-EACCES";
    case -RW_EFAULT: return "-EFAULT";
    case -RW_EBUSY: return "-EBUSY";
    case -RW_EEXIST: return "-EEXIST";
    case -RW_EINVAL: return "-EINVAL";
    case -RW_ENOSYS: return "-ENOSYS";
    default: {
        char *b = buf[next++ & 3];
        snprintf(b, sizeof buf[0], "%ld", rc);
        return b;
    }
    }
}

int check_rc(const char *check, long got, long expected)
{
    return check_true(check, got == expected, "got %s expected %s", rc_name(got), rc_name(expected));
}

int check_rc2(const char *check, long got, long expected1, long expected2)
{
    return check_true(check, got == expected1 || got == expected2, "got %s expected %s or %s",
                      rc_name(got), rc_name(expected1), rc_name(expected2));
}

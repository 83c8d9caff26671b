/* console_io (short printable writes, reads into scratch, counts past the limit,
 * unreadable buffers, unknown commands), xen_version (every command, outputs to scratch,
 * read-only, unmapped, misaligned or VMM addresses), the hypercall numbers nothing
 * implements, and the raw gate with numbers the hypercall page has no stub for. */
#include "fuzz.h"
#include "addr.h"
#include "call.h"
#include "layout.h"
#include "rng.h"

static const char text[] = "fuzz console bytes 0123456789 abcdefghijklmnopqrstuvwxyz\n";

/* The numbers with no implementation (docs/abi.md). */
static const unsigned unimplemented[] = { 5, 6, 7, 8, 9, 11, 12, 16, 19, 20, 21, 22, 23, 25, 27, 28, 30, 31, 33,
                                          34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 47, 48, 49, 55, 63, 64, 65, 66,
                                          79, 80, 100, 127 };

uint64_t fz_any_arg(void)
{
    switch (fz_below(5)) {
    case 0: return fz_wild();
    case 1: return fz_below(64);
    case 2: return fz_bad_addr();
    case 3: return fz_readonly_addr();
    default: return (uint64_t)fz_arena_take(256);
    }
}

static void console(void)
{
    uint64_t cmd = fz_chance(7, 8) ? fz_below(2) : fz_wild();
    uint64_t count = fz_chance(5, 6) ? fz_below(sizeof text) : fz_chance(1, 2) ? 65537 + fz_below(1000) : fz_wild();
    size_t len = sizeof text - 1;
    uint64_t buf;
    if (cmd == CONSOLEIO_write)
        buf = fz_chance(4, 5) ? (uint64_t)text : fz_bad_addr();
    else
        buf = fz_chance(3, 4) ? (uint64_t)fz_arena_take(count < 4096 ? count : 4096) : fz_bad_addr();
    if (cmd == CONSOLEIO_write && buf == (uint64_t)text && count > len)
        count = len;   /* never print beyond the text */
    long rc = fz_call(__HYPERVISOR_console_io, cmd, count, buf, 0, 0);
    /* end a partial line, so that the fuzzer's own report lines start lines */
    if (cmd == CONSOLEIO_write && rc == 0 && buf == (uint64_t)text && count > 0 && count < len)
        console_write("\n", 1);
}

static void version(void)
{
    uint64_t cmd = fz_chance(7, 8) ? fz_below(12) : fz_wild();
    uint64_t arg;
    switch (fz_below(6)) {
    case 0: arg = 0; break;
    case 1: arg = fz_bad_addr(); break;
    case 2: arg = fz_readonly_addr(); break;
    case 3: arg = (uint64_t)fz_arena[FZ_ARENA_PAGES] - fz_range(1, 2048);   /* runs into the hole */
        break;
    default: arg = (uint64_t)fz_arena_take(1100); break;
    }
    fz_call(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

void fz_op_misc(void)
{
    unsigned r = (unsigned)fz_below(100);
    if (r < 20) {
        console();
    } else if (r < 55) {
        version();
    } else if (r < 85) {
        unsigned nr = unimplemented[fz_below(sizeof unimplemented / sizeof unimplemented[0])];
        fz_call(nr, fz_any_arg(), fz_any_arg(), fz_any_arg(), fz_any_arg(), fz_any_arg());
    } else {
        uint64_t nr = fz_chance(1, 2) ? fz_range(128, 1024) : fz_wild() | 0x80;
        fz_call_raw(nr, fz_any_arg(), fz_any_arg(), fz_any_arg(), fz_any_arg(), fz_any_arg());
    }
}

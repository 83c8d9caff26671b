/* The command line (fuzz.h):
 *   seed=<n>          the PRNG seed (default 1)
 *   calls=<n>         hypercalls to make (default 100000)
 *   progress=<n>      a "FUZZ progress calls=<n>" line every n calls (default 10000; 0: none)
 *   trace=<a>-<b>     print every call numbered a..b-1 with its arguments and result
 *   avoid=<list>      shapes to leave out: basebatch, mclong, superlong, forged, all or none (default none)
 *   pool=<n>          sacrificial frames for page-table trees (default 160)
 *   alias=<pages>     size of the alias region in pages, a multiple of 512 (default 512; 0: none)
 *   vcpu1=valid|hostile  what vCPU 1 gets (default valid)
 *   selfcheck=<n>     after every n iterations, check that no bootstrap page table can be
 *                     mapped writable (uncounted calls: a replay aid; default 0, never) */
#include "fuzz.h"

struct fz_config fz_cfg;

static const struct { const char *name; unsigned bit; } shapes[] = {
    { "basebatch", FZ_AVOID_BASEBATCH },
    { "mclong", FZ_AVOID_MCLONG },
    { "superlong", FZ_AVOID_SUPERLONG },
    { "forged", FZ_AVOID_FORGED },
};
#define NSHAPES (sizeof shapes / sizeof shapes[0])

const char *fz_avoid_names(unsigned avoid, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = 0;
    for (unsigned i = 0; i < NSHAPES; i++)
        if (avoid & shapes[i].bit)
            at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? "," : "", shapes[i].name);
    if (!at)
        snprintf(buf, len, "none");
    return buf;
}

static int parse_avoid(const char *s, unsigned *out)
{
    *out = 0;
    while (*s) {
        const char *end = s;
        while (*end && *end != ',')
            end++;
        size_t n = (size_t)(end - s);
        int known = 0;
        if (n == 3 && strncmp(s, "all", 3) == 0) {
            *out = FZ_AVOID_BASEBATCH | FZ_AVOID_MCLONG | FZ_AVOID_SUPERLONG | FZ_AVOID_FORGED;
            known = 1;
        } else if (n == 4 && strncmp(s, "none", 4) == 0) {
            known = 1;
        }
        for (unsigned i = 0; i < NSHAPES; i++) {
            if (strlen(shapes[i].name) == n && strncmp(s, shapes[i].name, n) == 0) {
                *out |= shapes[i].bit;
                known = 1;
            }
        }
        if (!known)
            return -1;
        s = *end ? end + 1 : end;
    }
    return 0;
}

int fz_config_parse(const struct start_info *si)
{
    char buf[128];
    fz_cfg.seed = (uint64_t)cmdline_get_long(si, "seed", 1);
    fz_cfg.calls = (uint64_t)cmdline_get_long(si, "calls", 100000);
    fz_cfg.progress = (uint64_t)cmdline_get_long(si, "progress", 10000);
    fz_cfg.pool = (unsigned)cmdline_get_long(si, "pool", 160);
    fz_cfg.alias_pages = (unsigned)cmdline_get_long(si, "alias", 512);
    fz_cfg.vcpu1_valid = 1;
    fz_cfg.selfcheck = (uint64_t)cmdline_get_long(si, "selfcheck", 0);
    if (cmdline_get(si, "vcpu1", buf, sizeof buf) >= 0) {
        if (strcmp(buf, "hostile") == 0)
            fz_cfg.vcpu1_valid = 0;
        else if (strcmp(buf, "valid") != 0)
            return printf("FUZZ bad option vcpu1=%s\n", buf), -1;
    }
    if (cmdline_get(si, "avoid", buf, sizeof buf) >= 0 && parse_avoid(buf, &fz_cfg.avoid))
        return printf("FUZZ bad option avoid=%s\n", buf), -1;
    if (cmdline_get(si, "trace", buf, sizeof buf) >= 0) {
        char *dash = buf;
        while (*dash && *dash != '-')
            dash++;
        long from, to;
        int bad = !*dash;
        if (!bad) {
            *dash = 0;
            bad = parse_long(buf, &from) || parse_long(dash + 1, &to) || from < 0 || to < from;
        }
        if (bad)
            return printf("FUZZ bad option trace= (want trace=<from>-<to>)\n"), -1;
        fz_cfg.trace_from = (uint64_t)from;
        fz_cfg.trace_to = (uint64_t)to;
    }
    if (fz_cfg.pool < 16 || fz_cfg.alias_pages % 512)
        return printf("FUZZ bad option: pool must be at least 16, alias a multiple of 512\n"), -1;
    return 0;
}

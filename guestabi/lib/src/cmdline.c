#include <rwlib/cmdline.h>
#include <rwlib/string.h>

const char *cmdline(const struct start_info *si)
{
    /* Read-only view; a command line without NUL is cut at the last byte. */
    static char copy[MAX_GUEST_CMDLINE];
    size_t n = strnlen(si->cmd_line, MAX_GUEST_CMDLINE - 1);
    if (n == MAX_GUEST_CMDLINE - 1 || si->cmd_line[n] != 0) {
        memcpy(copy, si->cmd_line, n);
        copy[n] = 0;
        return copy;
    }
    return si->cmd_line;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

int cmdline_get(const struct start_info *si, const char *key, char *buf, size_t len)
{
    const char *p = cmdline(si);
    size_t klen = strlen(key);

    while (*p) {
        while (is_space(*p))
            p++;
        const char *word = p;
        while (*p && !is_space(*p))
            p++;
        size_t wlen = (size_t)(p - word);
        if (wlen < klen || strncmp(word, key, klen) != 0)
            continue;
        if (wlen == klen || word[klen] == '=') {
            const char *val = wlen == klen ? word + klen : word + klen + 1;
            size_t vlen = (size_t)(p - val);
            if (len > 0) {
                size_t n = vlen < len - 1 ? vlen : len - 1;
                memcpy(buf, val, n);
                buf[n] = 0;
            }
            return (int)vlen;
        }
    }
    return -1;
}

int parse_long(const char *s, long *out)
{
    int neg = 0;
    unsigned long v = 0;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (!*s)
        return -1;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        if (!*s)
            return -1;
        for (; *s; s++) {
            int d;
            if (*s >= '0' && *s <= '9')
                d = *s - '0';
            else if (*s >= 'a' && *s <= 'f')
                d = *s - 'a' + 10;
            else if (*s >= 'A' && *s <= 'F')
                d = *s - 'A' + 10;
            else
                return -1;
            v = v * 16 + (unsigned long)d;
        }
    } else {
        for (; *s; s++) {
            if (*s < '0' || *s > '9')
                return -1;
            v = v * 10 + (unsigned long)(*s - '0');
        }
    }
    *out = neg ? -(long)v : (long)v;
    return 0;
}

long cmdline_get_long(const struct start_info *si, const char *key, long def)
{
    char buf[32];
    long v;
    int n = cmdline_get(si, key, buf, sizeof buf);
    if (n < 0 || n >= (int)sizeof buf || parse_long(buf, &v) != 0)
        return def;
    return v;
}

#include <rwlib/console.h>
#include <rwlib/string.h>

/* The VMM refuses writes longer than 65536 bytes; stay well below. */
#define CONSOLE_CHUNK 4096

long console_write(const char *s, size_t len)
{
    while (len > 0) {
        size_t n = len > CONSOLE_CHUNK ? CONSOLE_CHUNK : len;
        long rc = HYPERVISOR_console_io(CONSOLEIO_write, (rw_u32)n, (char *)s);
        if (rc < 0)
            return rc;
        s += n;
        len -= n;
    }
    return 0;
}

long console_read(char *buf, size_t len)
{
    size_t n = len > CONSOLE_CHUNK ? CONSOLE_CHUNK : len;
    return HYPERVISOR_console_io(CONSOLEIO_read, (rw_u32)n, buf);
}

long console_puts(const char *s)
{
    return console_write(s, strlen(s));
}

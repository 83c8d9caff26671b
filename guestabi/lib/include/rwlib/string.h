/* Freestanding string and memory helpers (gcc may also call memcpy/memset itself). */
#ifndef RWLIB_STRING_H
#define RWLIB_STRING_H

#include <rwlib/types.h>

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif

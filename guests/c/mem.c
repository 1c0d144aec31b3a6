/*
 * mem.c: memcpy, memmove, memset and memcmp for C guests.
 *
 * GCC may emit calls to these four even in freestanding code (structure
 * copies, large initialisers), and -nostdlib links no libc. They are weak,
 * so a guest may bring faster ones. The optimize attribute stops GCC from
 * recognising the loops as memcpy/memset and calling them recursively.
 */
#include <stddef.h>

#define PVM_MEM_FN __attribute__((weak, optimize("no-tree-loop-distribute-patterns")))

PVM_MEM_FN void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

PVM_MEM_FN void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

PVM_MEM_FN void *memset(void *dst, int value, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)value;
    return dst;
}

PVM_MEM_FN int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++) {
        if (*x != *y)
            return *x - *y;
    }
    return 0;
}

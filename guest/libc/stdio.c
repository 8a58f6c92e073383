/* The guest's stdio: stdout and stderr are fds 1 and 2 of the zkVM profile (the write ecall);
   there is no file system, so fopen fails with ENOENT. Streams are glibc's FILE type (its
   headers are ours) with the fd in _fileno; nothing is buffered. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libc/sys.h"

static FILE guest_stdout = {._fileno = 1}, guest_stderr = {._fileno = 2};
FILE *stdout = &guest_stdout;
FILE *stderr = &guest_stderr;

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
    if (!size || !n) return 0;
    sys_write(f->_fileno, p, size * n);
    return n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
    sys_write(f->_fileno, s, strlen(s));
    return 0;
}

int fputc(int c, FILE *f)
{
    char b = (char)c;
    sys_write(f->_fileno, &b, 1);
    return (unsigned char)c;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int fflush(FILE *f)
{
    return 0;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < (int)sizeof small) {
        sys_write(f->_fileno, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            sys_write(f->_fileno, big, (size_t)n);
            free(big);
        }
    }
    va_end(again);
    return n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
    errno = ENOENT;
    return NULL;
}

size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
    return 0;
}

int ferror(FILE *f)
{
    return 0;
}

int fclose(FILE *f)
{
    return 0;
}

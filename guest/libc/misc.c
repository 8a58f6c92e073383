/* The rest of the guest C library: errno, abort, assert, pthread_once (one thread). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "libc/sys.h"

static int errno_value;

int *__errno_location(void) /* what glibc's errno macro expands to */
{
    return &errno_value;
}

void abort(void)
{
    sys_write(2, "abort\n", 6);
    sys_exit(134);
}

/* glibc's assert.h declares it only without NDEBUG. */
void __assert_fail(const char *expr, const char *file, unsigned line, const char *func);
void __assert_fail(const char *expr, const char *file, unsigned line, const char *func)
{
    sys_write(2, "assertion failed\n", 17);
    abort();
}

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
    if (!*once) {
        *once = 1;
        fn();
    }
    return 0;
}

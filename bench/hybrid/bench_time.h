/* Timing for the hybrid benches (frame.c, calls.c): a monotonic clock in ns and the sort the
   medians come from. */
#ifndef RIVET_BENCH_HYBRID_TIME_H
#define RIVET_BENCH_HYBRID_TIME_H

#include <stdlib.h>
#include <time.h>

static inline double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static inline int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts the n samples of t ascending (t[n / 2] is then the median). */
static inline void bench_sort(double *t, size_t n)
{
    qsort(t, n, sizeof *t, bench_cmp);
}

#endif

/*
 * timing.c - QueryPerformanceCounter ticks and order statistics.
 */
#include "bench.h"

#include <stdlib.h>
#include <string.h>

static double ns_per_tick;

void timing_init(void)
{
    LARGE_INTEGER f;
    QueryPerformanceFrequency(&f);
    ns_per_tick = 1e9 / (double)f.QuadPart;
}

uint64_t ticks_now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (uint64_t)t.QuadPart;
}

double ticks_to_ns(uint64_t ticks)
{
    return (double)ticks * ns_per_tick;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Linear interpolation between the order statistics (the "R-7" quantile). */
static double quantile(const double *sorted, int n, double q)
{
    double pos = q * (n - 1);
    int lo = (int)pos;
    if (lo >= n - 1)
        return sorted[n - 1];
    return sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]);
}

void stats_compute(stats *s, const double *v, int n)
{
    double sorted[BENCH_MAX_SAMPLES];

    memset(s, 0, sizeof(*s));
    if (n > BENCH_MAX_SAMPLES)
        n = BENCH_MAX_SAMPLES;
    if (n <= 0)
        return;
    s->n = n;
    memcpy(s->sample, v, n * sizeof(*v));
    memcpy(sorted, v, n * sizeof(*v));
    qsort(sorted, n, sizeof(*sorted), cmp_double);
    s->min = sorted[0];
    s->max = sorted[n - 1];
    s->median = quantile(sorted, n, 0.5);
    s->q1 = quantile(sorted, n, 0.25);
    s->q3 = quantile(sorted, n, 0.75);
}

/*
 * timing.c - QueryPerformanceCounter ticks, time-stamp counter latencies
 * and order statistics.
 */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

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

/* lfence is SSE2: the i686 build targets CPUs without it, the bench does not. */
__attribute__((target("sse2"))) uint64_t tsc_now(void)
{
    _mm_lfence(); /* the call before has finished */
    return __rdtsc();
}

double tsc_per_ns_measure(void)
{
    uint64_t q0 = ticks_now(), c0 = tsc_now(), q1;
    do
        q1 = ticks_now();
    while (ticks_to_ns(q1 - q0) < 20e6);
    uint64_t c1 = tsc_now();
    return (double)(c1 - c0) / ticks_to_ns(q1 - q0);
}

int lat_bucket(double ns)
{
    if (!(ns >= 0))
        return 0;
    if (ns < 1024)
        return (int)(ns / 4);
    int e = ilogb(ns); /* 10.. */
    if (e > 41)
        return LAT_BUCKETS - 1;
    int sub = (int)(ns / ldexp(1, e - 4)) & 15;
    return 256 + (e - 10) * 16 + sub;
}

double lat_bucket_ns(int bucket)
{
    if (bucket < 256)
        return bucket * 4 + 2;
    int e = (bucket - 256) / 16 + 10, sub = (bucket - 256) % 16;
    return ldexp(16 + sub + 0.5, e - 4);
}

static double hist_quantile(const uint64_t *merged, uint64_t n, double q)
{
    uint64_t want = (uint64_t)ceil(q * (double)n), seen = 0;
    if (want < 1)
        want = 1;
    for (int b = 0; b < LAT_BUCKETS; b++) {
        seen += merged[b];
        if (seen >= want)
            return lat_bucket_ns(b);
    }
    return NAN;
}

void latency_compute(latency *l, const volatile uint32_t *const *h, int k, double max_ns)
{
    static uint64_t merged[LAT_BUCKETS];
    memset(l, 0, sizeof(*l));
    memset(merged, 0, sizeof(merged));
    for (int i = 0; i < k; i++)
        for (int b = 0; b < LAT_BUCKETS; b++) {
            merged[b] += h[i][b];
            l->n += h[i][b];
        }
    if (!l->n) {
        l->median = l->p99 = l->max = NAN;
        return;
    }
    l->median = hist_quantile(merged, l->n, 0.5);
    l->p99 = hist_quantile(merged, l->n, 0.99);
    l->max = max_ns;
}

/*
 * bench.h - dllshm-bench: what dllshm costs against a plain memcpy, a
 * named-mutex-guarded copy and the documented sample, in one process and
 * with concurrent reader/writer processes.
 *
 *   timing.c    QueryPerformanceCounter batches and order statistics
 *   subjects.c  the implementations under test, behind one small interface
 *   roles.c     reader/writer processes and the control section that drives them
 *   figures.c   bench-results.json's values (the JSON layout: harness/common/json.c)
 *   main.c      the scenarios, the table, the targets and the results file
 */
#ifndef DLLSHM_BENCH_H
#define DLLSHM_BENCH_H

#include <windows.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"

#define BENCH_CAPACITY 2048u     /* UTF-16 units of a block, terminator included */
#define BENCH_MAX_SAMPLES 64
#define BENCH_MAX_WORKERS 8

#ifdef _WIN64
#define BENCH_ARCH "x86_64"
#else
#define BENCH_ARCH "i686"
#endif

/* ---- timing.c ---------------------------------------------------------- */
void timing_init(void);
uint64_t ticks_now(void);
double ticks_to_ns(uint64_t ticks);

typedef struct stats {
    int n;
    double median, min, max, q1, q3;
    double sample[BENCH_MAX_SAMPLES];   /* in measurement order */
} stats;

/* Fills s from v[0..n-1] (n <= BENCH_MAX_SAMPLES). */
void stats_compute(stats *s, const double *v, int n);

/* Per-call latency: the CPU's time-stamp counter (QueryPerformanceCounter
 * ticks 100 ns under Wine, longer than a Get), and a histogram of
 * nanoseconds: 4 ns steps below 1024 ns, then 16 steps per power of two. */
#define LAT_BUCKETS (256 + 16 * 32)
uint64_t tsc_now(void);
double tsc_per_ns_measure(void);        /* against QueryPerformanceCounter, ~20 ms */
int lat_bucket(double ns);
double lat_bucket_ns(int bucket);        /* the middle of the bucket */

typedef struct latency {
    uint64_t n;
    double median, p99, max;            /* ns */
} latency;

/* Merges histograms h[0..k-1] (each LAT_BUCKETS counts) and the exact max. */
void latency_compute(latency *l, const volatile uint32_t *const *h, int k, double max_ns);

/* ---- subjects.c -------------------------------------------------------- */
typedef struct impl impl;
struct impl {
    const char *name;                   /* memcpy | mutex | dllshm | sample */
    const char *what;                   /* one line for the table and the JSON */
    int available;
    char reason[256];                   /* why not available */
    char path[MAX_PATH * 2];            /* the DLL, for dllshm and sample */
    void (*set)(impl *self, const WCHAR *text, size_t len);
    void (*get)(impl *self, WCHAR *buf, DWORD cch);
    /* private */
    HMODULE dll;
    void(__cdecl *dll_set)(LPWSTR);
    void(__cdecl *dll_get)(LPWSTR, DWORD);
    LONG(__cdecl *dll_info)(void *, void *);
    HANDLE mutex, section;
    uint32_t *stored_len;               /* memcpy/mutex: length word, then the data */
    WCHAR *data;
};

enum { IMPL_MEMCPY, IMPL_MUTEX, IMPL_DLLSHM, IMPL_SAMPLE, IMPL_COUNT };

/* Options that locate the DLLs and name the blocks. */
typedef struct bench_paths {
    WCHAR dllshm[MAX_PATH];
    WCHAR sample[MAX_PATH];
    WCHAR block[64];                    /* DLLSHM_NAME, also the tag of the mutex section */
} bench_paths;

/* Opens implementation kind; on failure available = 0 and reason says why.
 * The memcpy one is private to the process; the others are shared by name. */
void impl_open(impl *im, int kind, const bench_paths *paths);
void impl_close(impl *im);
int impl_kind(const char *name);        /* -1 when unknown */
const char *impl_name(int kind);

/* What dllshm counts in its block (DllshmGetInfo): completed writes and
 * contention.  counted is 0 when not dllshm, or a dllshm that does not
 * count contention (built before it did). */
typedef struct dll_counts {
    int counted;
    uint32_t changes, retries, holds, hold_pauses;
} dll_counts;
void impl_counts(impl *im, dll_counts *c);

/* ---- roles.c ----------------------------------------------------------- */
typedef struct contended_cfg {
    int kind;                           /* IMPL_* */
    unsigned chars;
    int writers, readers;
    int windows;                        /* measurement windows */
    int window_ms;
    int round;                          /* 0: the figures' run; k > 0: the k-th round against the floor */
} contended_cfg;

typedef struct contended_result {
    int ok;
    char error[256];
    stats reads_per_s, writes_per_s;    /* aggregate over processes, per window */
    int64_t reads, writes;              /* totals over the measured windows */
    int64_t reads_all, torn, empty;     /* over the whole run: reads, torn ones, empty ones */
    double seconds;
    dll_counts counts;                  /* dllshm's counters over the measured windows (deltas) */
    latency read_latency;               /* each Get of the readers, in the measured windows */
} contended_result;

/* Runs one contended configuration with child processes of this exe. */
void contended_run(const contended_cfg *cfg, const bench_paths *paths, contended_result *res);

/* The child side (dllshm-bench.exe --role reader|writer ...). */
typedef struct role_args {
    int writer;                         /* 1 writer, 0 reader */
    int kind;                           /* IMPL_* */
    unsigned chars;
    int index;                          /* worker slot in the control section */
    int writer_index;                   /* which pair of strings a writer alternates */
    WCHAR run[96];                      /* names the control section and the start event */
} role_args;

/* Returns the child's exit code. */
int role_main(const role_args *ra, const bench_paths *paths);

/* Fills buf with len copies of ch and a terminator (buf holds BENCH_CAPACITY). */
void fill_text(WCHAR *buf, size_t len, WCHAR ch);

/* ---- figures.c --------------------------------------------------------- */
typedef struct bjson {
    FILE *f;
    struct sb out;                      /* the text, written to f by json_finish */
    struct json_w w;                    /* its layout (harness/common/json.h) */
} bjson;

void bjson_begin(bjson *j, FILE *f);
void bjson_object(bjson *j, const char *key);   /* key NULL inside an array or at top */
void bjson_array(bjson *j, const char *key);
void bjson_end_object(bjson *j);
void bjson_end_array(bjson *j);
void bjson_str(bjson *j, const char *key, const char *value);
void bjson_num(bjson *j, const char *key, double value);
void bjson_int(bjson *j, const char *key, int64_t value);
void bjson_bool(bjson *j, const char *key, int value);
void bjson_null(bjson *j, const char *key);
void bjson_stats(bjson *j, const char *key, const stats *s, const char *unit);
int json_finish(bjson *j);                /* 0 when the file could not be written */

#endif /* DLLSHM_BENCH_H */

/*
 * main.c - dllshm-bench: options, the uncontended and contended scenarios,
 * the table, the target verdicts and bench-results.json.
 *
 *   dllshm-bench.exe [--smoke] [--json FILE] [--batches N] [--batch-ms MS]
 *                    [--windows N] [--window-ms MS] [--no-contended]
 *                    [--dllshm DLL] [--sample DLL] [--block NAME] [--runner NAME]
 *
 * Targets are printed (MET/MISSED), never turned into a failing exit status:
 * timing belongs in a benchmark, not in a test.
 */
#include "bench.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const unsigned lengths[] = {16, 256, 2047};
#define NLEN (sizeof(lengths) / sizeof(lengths[0]))
#define FLOOR_ROUNDS 5   /* rounds of the floor and dllshm under one writer (smoke: 1) */
enum { OP_SET, OP_GET, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"Set", "Get"};

typedef struct options {
    int smoke, contended;
    int batches, windows, window_ms;
    double batch_ms;
    const WCHAR *json_path;
    char runner[64], wine[64];
    bench_paths paths;
    role_args role;
    int is_role;
} options;

typedef struct measure {
    int kind, op;
    unsigned chars;
    long calls;                         /* per batch, from calibration */
    double ns[BENCH_MAX_SAMPLES];
    stats st;
} measure;

static WCHAR texts[NLEN][BENCH_CAPACITY] __attribute__((aligned(64)));
static WCHAR readbuf[BENCH_CAPACITY] __attribute__((aligned(64)));

/* ---- options ------------------------------------------------------------ */

static int usage(void)
{
    fprintf(stderr, "usage: dllshm-bench [--smoke] [--json FILE] [--batches N] [--batch-ms MS]\n"
                    "                    [--windows N] [--window-ms MS] [--no-contended]\n"
                    "                    [--dllshm DLL] [--sample DLL] [--block NAME] [--runner NAME]\n");
    return 2;
}

static void default_paths(bench_paths *p)
{
    WCHAR dir[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, dir, MAX_PATH);
    while (n && dir[n - 1] != L'\\' && dir[n - 1] != L'/')
        n--;
    dir[n] = 0;
    _snwprintf(p->dllshm, MAX_PATH, L"%lsdllshm.dll", dir);
    _snwprintf(p->sample, MAX_PATH, L"%lsfixtures\\sample.dll", dir);
    _snwprintf(p->block, 64, L"dllshm-bench-%lu", (unsigned long)GetCurrentProcessId());
}

static void detect_runner(options *o)
{
    const char *(CDECL *wine_version)(void) = (const char *(CDECL *)(void))(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"ntdll.dll"), "wine_get_version");
    if (wine_version) {
        snprintf(o->runner, sizeof(o->runner), "wine-%s", BENCH_ARCH);
        snprintf(o->wine, sizeof(o->wine), "wine-%s", wine_version());
    } else {
        snprintf(o->runner, sizeof(o->runner), "windows-%s", BENCH_ARCH);
    }
}

static int parse(options *o, int argc, WCHAR **argv)
{
    o->contended = 1;
    o->batches = 31;
    o->batch_ms = 1; /* short batches: fewer of them preempted on a loaded machine */
    o->windows = 15;
    o->window_ms = 20;
    default_paths(&o->paths);
    detect_runner(o);
    for (int i = 1; i < argc; i++) {
        const WCHAR *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
#define VALUE() do { if (!v) return usage(); i++; } while (0)
        if (!wcscmp(a, L"--probe")) {
            printf("dllshm-bench %s\n", BENCH_ARCH); /* run-bench.sh: this arch runs here */
            exit(0);
        } else if (!wcscmp(a, L"--smoke")) {
            o->smoke = 1;
            o->batches = 3;
            o->batch_ms = 0.3;
            o->windows = 3;
            o->window_ms = 5;
        } else if (!wcscmp(a, L"--no-contended")) o->contended = 0;
        else if (!wcscmp(a, L"--json")) { VALUE(); o->json_path = v; }
        else if (!wcscmp(a, L"--batches")) { VALUE(); o->batches = _wtoi(v); }
        else if (!wcscmp(a, L"--batch-ms")) { VALUE(); o->batch_ms = _wtof(v); }
        else if (!wcscmp(a, L"--windows")) { VALUE(); o->windows = _wtoi(v); }
        else if (!wcscmp(a, L"--window-ms")) { VALUE(); o->window_ms = _wtoi(v); }
        else if (!wcscmp(a, L"--dllshm")) { VALUE(); wcsncpy(o->paths.dllshm, v, MAX_PATH - 1); }
        else if (!wcscmp(a, L"--sample")) { VALUE(); wcsncpy(o->paths.sample, v, MAX_PATH - 1); }
        else if (!wcscmp(a, L"--block")) { VALUE(); wcsncpy(o->paths.block, v, 63); }
        else if (!wcscmp(a, L"--runner")) { VALUE(); snprintf(o->runner, sizeof(o->runner), "%ls", v); }
        /* the child roles */
        else if (!wcscmp(a, L"--role")) { VALUE(); o->is_role = 1; o->role.writer = !wcscmp(v, L"writer"); }
        else if (!wcscmp(a, L"--impl")) {
            char name[32];
            VALUE();
            snprintf(name, sizeof(name), "%ls", v);
            o->role.kind = impl_kind(name);
        }
        else if (!wcscmp(a, L"--chars")) { VALUE(); o->role.chars = (unsigned)_wtoi(v); }
        else if (!wcscmp(a, L"--index")) { VALUE(); o->role.index = _wtoi(v); }
        else if (!wcscmp(a, L"--writer-index")) { VALUE(); o->role.writer_index = _wtoi(v); }
        else if (!wcscmp(a, L"--run")) { VALUE(); wcsncpy(o->role.run, v, 95); }
        else return usage();
#undef VALUE
    }
    if (o->batches < 1 || o->batches > BENCH_MAX_SAMPLES || o->windows < 1 || o->windows > BENCH_MAX_SAMPLES ||
        o->batch_ms <= 0 || o->window_ms < 1)
        return usage();
    if (o->is_role && (o->role.kind < 0 || o->role.chars < 1 || o->role.chars >= BENCH_CAPACITY))
        return usage();
    return 0;
}

/* ---- uncontended -------------------------------------------------------- */

static unsigned len_index(unsigned chars)
{
    for (unsigned i = 0; i < NLEN; i++)
        if (lengths[i] == chars)
            return i;
    return 0;
}

/* Times calls calls of m's operation; returns ns per call. */
static double time_batch(const measure *m, impl *im, long calls)
{
    const WCHAR *text = texts[len_index(m->chars)];
    uint64_t t0, t1;

    if (m->op == OP_GET) {
        im->set(im, text, m->chars); /* the value a Get copies out */
        t0 = ticks_now();
        for (long i = 0; i < calls; i++)
            im->get(im, readbuf, BENCH_CAPACITY);
        t1 = ticks_now();
    } else {
        t0 = ticks_now();
        for (long i = 0; i < calls; i++)
            im->set(im, text, m->chars);
        t1 = ticks_now();
    }
    return ticks_to_ns(t1 - t0) / calls;
}

/* Finds the number of calls that fills a batch of batch_ms. */
static long calibrate(const measure *m, impl *im, double batch_ms)
{
    double want = batch_ms * 1e6;
    long calls = 1;
    time_batch(m, im, 32); /* warm up first: a first touch of fresh pages costs microseconds */
    for (;;) {
        double total = time_batch(m, im, calls) * calls;
        if (total >= want / 4 || calls >= 1L << 28) {
            double scaled = calls * (want / (total > 0 ? total : 1));
            return scaled < 1 ? 1 : scaled > 1e9 ? 1000000000L : (long)scaled;
        }
        calls *= 4;
    }
}

/* Every measure gets one batch per round, so a noisy moment (the other core
 * busy, a page fault) touches all implementations alike. */
static int run_uncontended(const options *o, impl *impls, measure *ms)
{
    int n = 0;
    for (unsigned l = 0; l < NLEN; l++)
        for (int op = 0; op < OP_COUNT; op++)
            for (int k = 0; k < IMPL_COUNT; k++) {
                measure *m = &ms[n++];
                memset(m, 0, sizeof(*m));
                m->kind = k, m->op = op, m->chars = lengths[l];
                if (impls[k].available)
                    m->calls = calibrate(m, &impls[k], o->batch_ms);
            }
    for (int b = 0; b < o->batches; b++)
        for (int i = 0; i < n; i++)
            if (ms[i].calls)
                ms[i].ns[b] = time_batch(&ms[i], &impls[ms[i].kind], ms[i].calls);
    for (int i = 0; i < n; i++)
        if (ms[i].calls)
            stats_compute(&ms[i].st, ms[i].ns, o->batches);
    return n;
}

static const measure *find(const measure *ms, int n, int kind, int op, unsigned chars)
{
    for (int i = 0; i < n; i++)
        if (ms[i].kind == kind && ms[i].op == op && ms[i].chars == chars && ms[i].calls)
            return &ms[i];
    return NULL;
}

/* ---- contended ---------------------------------------------------------- */

typedef struct crun {
    contended_cfg cfg;
    contended_result res;
} crun;

/* writers, readers: throughput with more readers; read latency alone (0
 * writers: the baseline) and under 1, 2 and 4 hammering writers. */
static const int shapes[][2] = {{1, 1}, {1, 2}, {1, 4}, {2, 2}, {0, 1}, {2, 1}, {4, 1}};

/* Which runs a benchmark makes: the floor (memcpy) one reader alone and
 * beside one writer, the others every shape.  The smoke run makes one of
 * each kind of figure and measures every target: each length under one
 * writer, dllshm and the floor, and dllshm alone at one length. */
static int run_wanted(const options *o, const contended_cfg *cfg)
{
    int one_writer = cfg->writers == 1 && cfg->readers == 1;
    int latency_pair = cfg->writers <= 1 && cfg->readers == 1;
    if (o->smoke)
        return (cfg->kind == IMPL_DLLSHM || cfg->kind == IMPL_MEMCPY) &&
               (one_writer || (cfg->kind == IMPL_DLLSHM && latency_pair && cfg->chars == 2047));
    return cfg->kind != IMPL_MEMCPY || latency_pair;
}

/* Runs one contended configuration into *run; returns 1. */
static int contended_one(const contended_cfg *cfg, const options *o, crun *run)
{
    run->cfg = *cfg;
    fprintf(stderr, "  contended: %s, %u chars, %d writer(s), %d reader(s)%s...\n", impl_name(cfg->kind), cfg->chars,
            cfg->writers, cfg->readers, cfg->round ? ", a round against the floor" : "");
    contended_run(cfg, &o->paths, &run->res);
    return 1;
}

/* The floor targets' runs: rounds of the floor and dllshm under one
 * writer, one after the other at each length, each round judged on its
 * own.  On shared cores where two processes land changes from one run to
 * the next (a reader and a writer that happen to share a core's cache see
 * no traffic: the floor falls to the reader alone), so a ratio of two runs
 * far apart compares two machines; the median of the rounds' ratios
 * compares runs made moments apart. */
static int floor_rounds(const options *o, const impl *impls, crun *runs)
{
    static const int kinds[] = {IMPL_MEMCPY, IMPL_DLLSHM};
    int n = 0;
    if (!impls[IMPL_MEMCPY].available || !impls[IMPL_DLLSHM].available)
        return 0;
    for (int r = 1; r <= (o->smoke ? 1 : FLOOR_ROUNDS); r++)
        for (unsigned l = 0; l < NLEN; l++)
            for (unsigned k = 0; k < 2; k++) {
                contended_cfg cfg = {kinds[k], lengths[l], 1, 1, o->windows, o->window_ms, r};
                n += contended_one(&cfg, o, &runs[n]);
            }
    return n;
}

static int run_contended(const options *o, const impl *impls, crun *runs)
{
    static const int kinds[] = {IMPL_DLLSHM, IMPL_MEMCPY, IMPL_MUTEX, IMPL_SAMPLE};
    int n = 0;

    if (!o->contended)
        return 0;
    for (unsigned l = 0; l < NLEN; l++)
        for (unsigned s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
            for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
                contended_cfg cfg = {kinds[k], lengths[l], shapes[s][0], shapes[s][1], o->windows, o->window_ms, 0};
                if (!run_wanted(o, &cfg) || !impls[cfg.kind].available)
                    continue;
                n += contended_one(&cfg, o, &runs[n]);
            }
    return n + floor_rounds(o, impls, runs + n);
}

static const crun *find_run(const crun *runs, int n, int kind, unsigned chars, int writers, int readers)
{
    for (int i = 0; i < n; i++)
        if (runs[i].cfg.kind == kind && !runs[i].cfg.round && runs[i].cfg.chars == chars &&
            runs[i].cfg.writers == writers && runs[i].cfg.readers == readers && runs[i].res.ok)
            return &runs[i];
    return NULL;
}

/* The median (or p99) of one reader's Gets of kind beside `writers` writers. */
static double read_latency(const crun *runs, int n, int kind, unsigned chars, int writers, int p99)
{
    const crun *r = find_run(runs, n, kind, chars, writers, 1);
    if (!r)
        return NAN;
    return p99 ? r->res.read_latency.p99 : r->res.read_latency.median;
}

/* One reader's median (or p99) of kind at chars in floor round r. */
static double round_latency(const crun *runs, int n, int kind, unsigned chars, int r, int p99)
{
    for (int i = 0; i < n; i++)
        if (runs[i].cfg.kind == kind && runs[i].cfg.round == r && runs[i].cfg.chars == chars && runs[i].res.ok &&
            runs[i].res.read_latency.n)
            return p99 ? runs[i].res.read_latency.p99 : runs[i].res.read_latency.median;
    return NAN;
}

#define ROUND_RATIO (-1)   /* round_values' kind: dllshm's figure over the floor's */

/* Round by round, kind's median (or p99) at chars, or with ROUND_RATIO
 * dllshm's over the floor's: the rounds that timed it into v; their count. */
static int round_values(const crun *runs, int n, int kind, unsigned chars, int p99, double *v)
{
    int k = 0;
    for (int r = 1; r <= FLOOR_ROUNDS; r++) {
        double x = kind == ROUND_RATIO ? round_latency(runs, n, IMPL_DLLSHM, chars, r, p99) /
                                             round_latency(runs, n, IMPL_MEMCPY, chars, r, p99)
                                       : round_latency(runs, n, kind, chars, r, p99);
        if (isfinite(x))
            v[k++] = x;
    }
    return k;
}

/* The median of round_values (NAN when no round timed it). */
static double rounds_median(const crun *runs, int n, int kind, unsigned chars, int p99)
{
    double v[FLOOR_ROUNDS];
    stats s;
    int k = round_values(runs, n, kind, chars, p99, v);
    if (!k)
        return NAN;
    stats_compute(&s, v, k);
    return s.median;
}

/* The targets' ratio: the median of the rounds' ratios. */
static double floor_ratio(const crun *runs, int n, unsigned chars, int p99)
{
    return rounds_median(runs, n, ROUND_RATIO, chars, p99);
}

/* dllshm's reader under one writer over the same reader alone. */
static double alone_ratio(const crun *runs, int n, unsigned chars, int p99)
{
    return read_latency(runs, n, IMPL_DLLSHM, chars, 1, p99) / read_latency(runs, n, IMPL_DLLSHM, chars, 0, p99);
}

/* ---- targets ------------------------------------------------------------ */

typedef struct target {
    char key[48], text[48];
    double value, limit;
    int at_most;                        /* 1: value <= limit; 0: value >= limit */
    int known, met;
    char margin[64];
} target;

static void judge(target *t)
{
    t->known = isfinite(t->value) && t->value > 0;
    if (!t->known) {
        snprintf(t->margin, sizeof(t->margin), "not measured");
        return;
    }
    t->met = t->at_most ? t->value <= t->limit : t->value >= t->limit;
    if (t->at_most && t->met)
        snprintf(t->margin, sizeof(t->margin), "%.0f%% headroom", (t->limit / t->value - 1) * 100);
    else if (t->at_most)
        snprintf(t->margin, sizeof(t->margin), "%.2fx over the target", t->value / t->limit);
    else if (t->met)
        snprintf(t->margin, sizeof(t->margin), "%.2fx the target", t->value / t->limit);
    else
        snprintf(t->margin, sizeof(t->margin), "%.0f%% short (%.2fx the target)",
                 (1 - t->value / t->limit) * 100, t->value / t->limit);
}

static double median_of(const measure *ms, int n, int kind, int op, unsigned chars)
{
    const measure *m = find(ms, n, kind, op, chars);
    return m ? m->st.median : NAN;
}

#define MAX_TARGETS (3 + 2 * NLEN)

static void add_target(target *t, int *nt, const char *key, const char *text, double limit, int at_most, double value)
{
    target *n = &t[(*nt)++];
    memset(n, 0, sizeof(*n));
    snprintf(n->key, sizeof(n->key), "%s", key);
    snprintf(n->text, sizeof(n->text), "%s", text);
    n->limit = limit, n->at_most = at_most, n->value = value;
    judge(n);
}

/* Set and Get uncontended at 2047 characters against memcpy and the named
 * mutex; a reader under one writer process against the floor, each length. */
static int set_targets(target *t, const options *o, const measure *ms, int nm, const crun *runs, int nr)
{
    const unsigned L = 2047;
    char key[48], text[48];
    int nt = 0;

    add_target(t, &nt, "get_vs_memcpy", "Get <= 1.3x memcpy", 1.3, 1,
               median_of(ms, nm, IMPL_DLLSHM, OP_GET, L) / median_of(ms, nm, IMPL_MEMCPY, OP_GET, L));
    add_target(t, &nt, "set_vs_memcpy", "Set <= 1.5x memcpy", 1.5, 1,
               median_of(ms, nm, IMPL_DLLSHM, OP_SET, L) / median_of(ms, nm, IMPL_MEMCPY, OP_SET, L));
    add_target(t, &nt, "mutex_vs_dllshm",
               o->wine[0] ? "named mutex >= 100x dllshm (Set+Get)" : "named mutex >= 100x (Wine target)", 100, 0,
               (median_of(ms, nm, IMPL_MUTEX, OP_SET, L) + median_of(ms, nm, IMPL_MUTEX, OP_GET, L)) /
                   (median_of(ms, nm, IMPL_DLLSHM, OP_SET, L) + median_of(ms, nm, IMPL_DLLSHM, OP_GET, L)));
    for (unsigned l = 0; l < NLEN; l++) {
        snprintf(key, sizeof(key), "read_median_1w_vs_floor_%u", lengths[l]);
        snprintf(text, sizeof(text), "Get median, 1 writer, %u: <= 2x floor", lengths[l]);
        add_target(t, &nt, key, text, 2, 1, floor_ratio(runs, nr, lengths[l], 0));
        snprintf(key, sizeof(key), "read_p99_1w_vs_floor_%u", lengths[l]);
        snprintf(text, sizeof(text), "Get p99, 1 writer, %u: <= 4x floor", lengths[l]);
        add_target(t, &nt, key, text, 4, 1, floor_ratio(runs, nr, lengths[l], 1));
    }
    return nt;
}

/* ---- output ------------------------------------------------------------- */

static const char *fmt_rate(double r, char *buf, size_t size)
{
    if (r >= 1e6)
        snprintf(buf, size, "%.2fM", r / 1e6);
    else if (r >= 1e3)
        snprintf(buf, size, "%.1fk", r / 1e3);
    else
        snprintf(buf, size, "%.0f", r);
    return buf;
}

static const char *fmt_ns(double ns, char *buf, size_t size)
{
    snprintf(buf, size, !isfinite(ns) ? "-" : ns < 100 ? "%.1f" : "%.0f", ns);
    return buf;
}

/* "median, p99" as ratios with the given decimals; "-" when not measured. */
static const char *fmt_ratios(double median, double p99, int decimals, char *buf, size_t size)
{
    if (!isfinite(median) || !isfinite(p99))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.*fx, %.*fx", decimals, median, decimals, p99);
    return buf;
}

/* dllshm's counts of contention per read (and a writer's pauses per write). */
static const char *fmt_contention(const contended_result *r, char *buf, size_t size)
{
    if (!r->counts.counted || !r->reads)
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.4f %.4f %.3f", (double)r->counts.retries / r->reads,
                 (double)r->counts.holds / r->reads, r->writes ? (double)r->counts.hold_pauses / r->writes : 0.0);
    return buf;
}

static void print_contended(const options *o, const crun *runs, int nr)
{
    char a[32], b[32], c[32], cell[80];

    printf("\nContended, separate processes: aggregate per second, median [min..max] of %d windows of %d ms\n",
           o->windows, o->window_ms);
    printf("%-7s %5s %2s %2s  %-26s %-26s %-18s %s\n", "impl", "chars", "W", "R", "reads/s", "writes/s",
           "torn reads", "retries/read holds/read pauses/write");
    for (int i = 0; i < nr; i++) {
        const contended_cfg *g = &runs[i].cfg;
        const contended_result *r = &runs[i].res;
        printf("%-7s %5u %2d %2d  ", impl_name(g->kind), g->chars, g->writers, g->readers);
        if (!r->ok) {
            printf("FAILED: %s\n", r->error);
            continue;
        }
        snprintf(cell, sizeof(cell), "%s [%s..%s]", fmt_rate(r->reads_per_s.median, a, sizeof(a)),
                 fmt_rate(r->reads_per_s.min, b, sizeof(b)), fmt_rate(r->reads_per_s.max, c, sizeof(c)));
        printf("%-26s ", cell);
        snprintf(cell, sizeof(cell), "%s [%s..%s]", fmt_rate(r->writes_per_s.median, a, sizeof(a)),
                 fmt_rate(r->writes_per_s.min, b, sizeof(b)), fmt_rate(r->writes_per_s.max, c, sizeof(c)));
        printf("%-26s ", cell);
        snprintf(cell, sizeof(cell), "%lld/%lld", (long long)r->torn, (long long)r->reads_all);
        printf("%-18s %s\n", cell, fmt_contention(r, a, sizeof(a)));
    }
    printf("(%lu CPUs; memcpy is the floor, no protocol: its reads tear.  dllshm counts its own retries, holds\n"
           " and writers' pauses for holders in the block, and its change counter confirms the writes counted)\n",
           (unsigned long)GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
}

/* One reader's Gets, alone and beside 1, 2 and 4 writer processes. */
static void print_latency(const crun *runs, int nr)
{
    static const int writers[] = {0, 1, 2, 4};
    char a[32], b[32], c[32];
    printf("\nRead latency, one reader process beside W writer processes: ns per Get (time-stamp counter)\n");
    printf("%-7s %5s %2s  %10s %10s %12s  %s\n", "impl", "chars", "W", "median", "p99", "max", "vs alone");
    for (int k = 0; k < IMPL_COUNT; k++)
        for (unsigned l = 0; l < NLEN; l++) {
            const crun *alone = find_run(runs, nr, k, lengths[l], 0, 1);
            for (unsigned w = 0; w < sizeof(writers) / sizeof(writers[0]); w++) {
                const crun *r = find_run(runs, nr, k, lengths[l], writers[w], 1);
                if (!r)
                    continue;
                const latency *lt = &r->res.read_latency;
                printf("%-7s %5u %2d  %10s %10s %12s", impl_name(k), lengths[l], writers[w],
                       fmt_ns(lt->median, a, sizeof(a)), fmt_ns(lt->p99, b, sizeof(b)), fmt_ns(lt->max, c, sizeof(c)));
                if (alone && writers[w])
                    printf("  median %.1fx, p99 %.1fx", lt->median / alone->res.read_latency.median,
                           lt->p99 / alone->res.read_latency.p99);
                printf("\n");
            }
        }
    printf("(the max is reported, not targeted: a %lu-CPU machine preempts)\n",
           (unsigned long)GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
}

/* A reader under one writer process: dllshm against the floor, a memcpy of
 * a block the writer keeps rewriting with no protocol (torn, but the cost
 * of moving the bytes between cores), and against itself alone. */
static void print_floor(const crun *runs, int nr)
{
    char a[32], b[32], c[32], d[32];
    printf("\nReads under 1 writer against the floor (memcpy of a block a writer process keeps rewriting,\n"
           "no protocol: torn, but what moving the bytes between cores costs): ns per Get, medians over\n"
           "rounds of the floor and dllshm run one after the other; x floor: the median of the rounds'\n"
           "ratios, and the range of the rounds' median ratios\n");
    printf("%5s  %-19s %-19s %-15s %-21s %-15s %s\n", "chars", "floor median/p99", "dllshm median/p99", "x floor",
           "rounds' median x", "x dllshm alone", "dllshm retries/read holds/read pauses/write");
    for (unsigned l = 0; l < NLEN; l++) {
        unsigned n = lengths[l];
        const crun *busy = find_run(runs, nr, IMPL_DLLSHM, n, 1, 1);
        char e[48] = "-";
        snprintf(a, sizeof(a), "%s / %s", fmt_ns(rounds_median(runs, nr, IMPL_MEMCPY, n, 0), c, sizeof(c)),
                 fmt_ns(rounds_median(runs, nr, IMPL_MEMCPY, n, 1), d, sizeof(d)));
        snprintf(b, sizeof(b), "%s / %s", fmt_ns(rounds_median(runs, nr, IMPL_DLLSHM, n, 0), c, sizeof(c)),
                 fmt_ns(rounds_median(runs, nr, IMPL_DLLSHM, n, 1), d, sizeof(d)));
        if (busy)
            fmt_contention(&busy->res, e, sizeof(e));
        double v[FLOOR_ROUNDS];
        stats s;
        char range[48] = "-";
        int k = round_values(runs, nr, ROUND_RATIO, n, 0, v);
        if (k) {
            stats_compute(&s, v, k);
            snprintf(range, sizeof(range), "%.2f..%.2f of %d", s.min, s.max, k);
        }
        printf("%5u  %-19s %-19s %-15s %-21s ", n, a, b,
               fmt_ratios(floor_ratio(runs, nr, n, 0), floor_ratio(runs, nr, n, 1), 2, c, sizeof(c)), range);
        printf("%-15s %s\n", fmt_ratios(alone_ratio(runs, nr, n, 0), alone_ratio(runs, nr, n, 1), 1, d, sizeof(d)), e);
    }
}

static void print_bench_table(const options *o, const impl *impls, const measure *ms, int nm, const crun *runs, int nr,
                        target *targets, int nt)
{
    char a[32], b[32], c[32], cell[80];

    printf("\ndllshm-bench %s on %s%s%s\n", BENCH_ARCH, o->runner, o->wine[0] ? ", " : "", o->wine);
    for (int k = 0; k < IMPL_COUNT; k++)
        printf("  %-7s %s%s%s\n", impls[k].name, impls[k].available ? impls[k].what : "UNAVAILABLE: ",
               impls[k].available ? "" : impls[k].reason, "");

    printf("\nUncontended, one process: ns per call, median [min..max] of %d batches of ~%g ms\n", o->batches,
           o->batch_ms);
    printf("%-4s %5s", "op", "chars");
    for (int k = 0; k < IMPL_COUNT; k++)
        printf("  %-26s", impls[k].name);
    printf("\n");
    for (unsigned l = 0; l < NLEN; l++)
        for (int op = 0; op < OP_COUNT; op++) {
            printf("%-4s %5u", op_names[op], lengths[l]);
            for (int k = 0; k < IMPL_COUNT; k++) {
                const measure *m = find(ms, nm, k, op, lengths[l]);
                if (m)
                    snprintf(cell, sizeof(cell), "%s [%s..%s]", fmt_ns(m->st.median, a, sizeof(a)),
                             fmt_ns(m->st.min, b, sizeof(b)), fmt_ns(m->st.max, c, sizeof(c)));
                else
                    snprintf(cell, sizeof(cell), "%s", "-");
                printf("  %-26s", cell);
            }
            printf("\n");
        }

    if (nr) {
        print_contended(o, runs, nr);
        print_latency(runs, nr);
        print_floor(runs, nr);
    }

    printf("\nTargets (Set/Get: 2047 characters, uncontended medians; Get under 1 writer: separate processes):\n");
    for (int i = 0; i < nt; i++) {
        const target *t = &targets[i];
        printf("  %-40s %8.2fx  %-6s %s\n", t->text, t->value, !t->known ? "?" : t->met ? "MET" : "MISSED",
               t->margin);
    }
    fflush(stdout);
}

static void json_impls(bjson *j, const impl *impls)
{
    bjson_array(j, "implementations");
    for (int k = 0; k < IMPL_COUNT; k++) {
        bjson_object(j, NULL);
        bjson_str(j, "name", impls[k].name);
        bjson_str(j, "what", impls[k].what);
        bjson_bool(j, "available", impls[k].available);
        if (impls[k].path[0])
            bjson_str(j, "path", impls[k].path);
        if (!impls[k].available)
            bjson_str(j, "reason", impls[k].reason);
        bjson_end_object(j);
    }
    bjson_end_array(j);
}

/* The run itself: what, where, with which settings. */
static void json_run_facts(bjson *j, const options *o, double wall_s)
{
    char block[64];

    snprintf(block, sizeof(block), "%ls", o->paths.block);
    bjson_str(j, "format", "dllshm-bench/1");
    bjson_str(j, "arch", BENCH_ARCH);
    bjson_str(j, "runner", o->runner);
    if (o->wine[0])
        bjson_str(j, "wine", o->wine);
    else
        bjson_null(j, "wine");
    bjson_int(j, "cpus", GetActiveProcessorCount(ALL_PROCESSOR_GROUPS));
    bjson_bool(j, "smoke", o->smoke);
    bjson_str(j, "block", block);
    bjson_num(j, "wall_s", wall_s);
    bjson_object(j, "settings");
    bjson_int(j, "batches", o->batches);
    bjson_num(j, "batch_ms", o->batch_ms);
    bjson_int(j, "windows", o->windows);
    bjson_int(j, "window_ms", o->window_ms);
    bjson_end_object(j);
}

/* Every target's value, and ratios that are not targets. */
static void json_ratios(bjson *j, const measure *ms, int nm, const crun *runs, int nr, const target *targets, int nt)
{
    bjson_object(j, "ratios");
    for (int i = 0; i < nt; i++)
        bjson_num(j, targets[i].key, targets[i].value);
    bjson_num(j, "mutex_vs_dllshm_set", median_of(ms, nm, IMPL_MUTEX, OP_SET, 2047) /
                                           median_of(ms, nm, IMPL_DLLSHM, OP_SET, 2047));
    bjson_num(j, "mutex_vs_dllshm_get", median_of(ms, nm, IMPL_MUTEX, OP_GET, 2047) /
                                           median_of(ms, nm, IMPL_DLLSHM, OP_GET, 2047));
    bjson_num(j, "sample_get_vs_memcpy", median_of(ms, nm, IMPL_SAMPLE, OP_GET, 2047) /
                                            median_of(ms, nm, IMPL_MEMCPY, OP_GET, 2047));
    bjson_num(j, "sample_set_vs_memcpy", median_of(ms, nm, IMPL_SAMPLE, OP_SET, 2047) /
                                            median_of(ms, nm, IMPL_MEMCPY, OP_SET, 2047));
    for (unsigned l = 0; l < NLEN; l++) {
        char key[48];
        snprintf(key, sizeof(key), "read_median_1w_vs_alone_%u", lengths[l]);
        bjson_num(j, key, alone_ratio(runs, nr, lengths[l], 0));
        snprintf(key, sizeof(key), "read_p99_1w_vs_alone_%u", lengths[l]);
        bjson_num(j, key, alone_ratio(runs, nr, lengths[l], 1));
    }
    bjson_end_object(j);
}

static void json_targets(bjson *j, const target *targets, int nt)
{
    bjson_array(j, "targets");
    for (int i = 0; i < nt; i++) {
        const target *t = &targets[i];
        bjson_object(j, NULL);
        bjson_str(j, "ratio", t->key);
        bjson_str(j, "target", t->text);
        bjson_num(j, "limit", t->limit);
        bjson_str(j, "direction", t->at_most ? "at_most" : "at_least");
        bjson_num(j, "value", t->value);
        bjson_str(j, "verdict", !t->known ? "unknown" : t->met ? "MET" : "MISSED");
        bjson_str(j, "margin", t->margin);
        bjson_end_object(j);
    }
    bjson_end_array(j);
}

static void json_uncontended(bjson *j, const options *o, const measure *ms, int nm)
{
    bjson_array(j, "uncontended");
    for (int i = 0; i < nm; i++) {
        const measure *m = &ms[i];
        if (!m->calls)
            continue;
        bjson_object(j, NULL);
        bjson_str(j, "impl", impl_name(m->kind));
        bjson_str(j, "op", op_names[m->op]);
        bjson_int(j, "chars", m->chars);
        bjson_int(j, "bytes", (m->chars + 1) * 2);
        bjson_str(j, "arch", BENCH_ARCH);
        bjson_str(j, "runner", o->runner);
        bjson_int(j, "calls_per_batch", m->calls);
        bjson_stats(j, "time", &m->st, "ns/call");
        bjson_end_object(j);
    }
    bjson_end_array(j);
}

/* dllshm's own counts over the measured windows; null where nothing counts. */
static void json_contention(bjson *j, const contended_result *r)
{
    if (!r->counts.counted) {
        bjson_null(j, "retries_per_read");
        return;
    }
    bjson_num(j, "retries_per_read", r->reads ? (double)r->counts.retries / r->reads : NAN);
    bjson_num(j, "holds_per_read", r->reads ? (double)r->counts.holds / r->reads : NAN);
    bjson_num(j, "hold_pauses_per_write", r->writes ? (double)r->counts.hold_pauses / r->writes : NAN);
    bjson_int(j, "read_retries", r->counts.retries);
    bjson_int(j, "read_holds", r->counts.holds);
    bjson_int(j, "hold_pauses", r->counts.hold_pauses);
}

/* The figures of one contended run that completed. */
static void json_contended_figures(bjson *j, const contended_cfg *g, const contended_result *r)
{
    bjson_stats(j, "reads_per_s", &r->reads_per_s, "reads/s");
    bjson_stats(j, "writes_per_s", &r->writes_per_s, "writes/s");
    bjson_int(j, "reads", r->reads);
    bjson_int(j, "writes", r->writes);
    bjson_num(j, "seconds", r->seconds);
    if (g->kind == IMPL_DLLSHM)
        bjson_int(j, "change_counter_delta", r->counts.changes);
    bjson_int(j, "reads_whole_run", r->reads_all);
    bjson_int(j, "torn_reads", r->torn);
    bjson_int(j, "empty_reads", r->empty);
    json_contention(j, r);
    bjson_object(j, "read_latency_ns");
    bjson_int(j, "gets", (int64_t)r->read_latency.n);
    bjson_num(j, "median", r->read_latency.median);
    bjson_num(j, "p99", r->read_latency.p99);
    bjson_num(j, "max", r->read_latency.max);
    bjson_end_object(j);
}

static void json_contended(bjson *j, const options *o, const crun *runs, int nr)
{
    bjson_array(j, "contended");
    for (int i = 0; i < nr; i++) {
        const contended_cfg *g = &runs[i].cfg;
        const contended_result *r = &runs[i].res;
        bjson_object(j, NULL);
        bjson_str(j, "impl", impl_name(g->kind));
        bjson_int(j, "chars", g->chars);
        bjson_int(j, "writers", g->writers);
        bjson_int(j, "readers", g->readers);
        if (g->round)
            bjson_int(j, "round", g->round);
        bjson_str(j, "arch", BENCH_ARCH);
        bjson_str(j, "runner", o->runner);
        bjson_bool(j, "ok", r->ok);
        if (!r->ok)
            bjson_str(j, "error", r->error);
        else
            json_contended_figures(j, g, r);
        bjson_end_object(j);
    }
    bjson_end_array(j);
}

static int write_bench_json(const options *o, const impl *impls, const measure *ms, int nm, const crun *runs, int nr,
                      const target *targets, int nt, double wall_s)
{
    FILE *f = _wfopen(o->json_path, L"w");
    bjson j;

    if (!f) {
        fprintf(stderr, "dllshm-bench: cannot write %ls\n", o->json_path);
        return 0;
    }
    bjson_begin(&j, f);
    bjson_object(&j, NULL);
    json_run_facts(&j, o, wall_s);
    json_impls(&j, impls);
    json_ratios(&j, ms, nm, runs, nr, targets, nt);
    json_targets(&j, targets, nt);
    json_uncontended(&j, o, ms, nm);
    json_contended(&j, o, runs, nr);
    bjson_end_object(&j);
    int written = json_finish(&j);
    if (fclose(f) != 0 || !written) {
        fprintf(stderr, "dllshm-bench: error writing %ls\n", o->json_path);
        return 0;
    }
    return 1;
}

/* ---- main --------------------------------------------------------------- */

int wmain(int argc, WCHAR **argv)
{
    static options o;
    static impl impls[IMPL_COUNT];
    static measure ms[NLEN * OP_COUNT * IMPL_COUNT];
    static crun runs[160];
    int rc = parse(&o, argc, argv);

    if (rc)
        return rc;
    timing_init();
    /* Our own block name, before dllshm.dll is loaded; children inherit it. */
    SetEnvironmentVariableW(L"DLLSHM_NAME", o.paths.block);
    if (o.is_role)
        return role_main(&o.role, &o.paths);

    uint64_t start = ticks_now();
    for (unsigned l = 0; l < NLEN; l++)
        fill_text(texts[l], lengths[l], (WCHAR)(L'a' + l));
    for (int k = 0; k < IMPL_COUNT; k++)
        impl_open(&impls[k], k, &o.paths);
    if (!impls[IMPL_SAMPLE].available)
        fprintf(stderr, "dllshm-bench: sample DLL %s\n", impls[IMPL_SAMPLE].reason);
    if (!impls[IMPL_DLLSHM].available)
        fprintf(stderr, "dllshm-bench: dllshm DLL %s\n", impls[IMPL_DLLSHM].reason);

    fprintf(stderr, "dllshm-bench: uncontended, %d batches...\n", o.batches);
    int nm = run_uncontended(&o, impls, ms);
    int nr = run_contended(&o, impls, runs);

    target targets[MAX_TARGETS];
    int nt = set_targets(targets, &o, ms, nm, runs, nr);

    double wall_s = ticks_to_ns(ticks_now() - start) / 1e9;
    print_bench_table(&o, impls, ms, nm, runs, nr, targets, nt);
    printf("(wall time %.1f s)\n", wall_s);
    if (o.json_path && !write_bench_json(&o, impls, ms, nm, runs, nr, targets, nt, wall_s))
        rc = 1;
    else if (o.json_path)
        printf("results: %ls\n", o.json_path);
    for (int k = 0; k < IMPL_COUNT; k++)
        impl_close(&impls[k]);
    return rc;
}

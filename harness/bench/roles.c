/*
 * roles.c - contended runs: reader and writer processes (this same exe with
 * --role), started together by a named event and read out through a small
 * control section.  Each worker publishes its operation count after every
 * call; the conductor samples the counts at the end of each window, so one
 * set of processes gives a rate per window (median and spread).
 */
#include "bench.h"

#include <string.h>

typedef struct ctl_worker {
    volatile LONG64 ops;
    volatile LONG64 torn;               /* reads that mixed two writes */
    volatile LONG64 empty;              /* reads of an empty block */
    volatile LONG state;                /* 0 starting, 1 ready, 2 done, -1 failed */
    char error[200];
    volatile double lat_max_ns;         /* a reader's slowest Get while measuring */
    volatile uint32_t lat[LAT_BUCKETS]; /* a reader's Gets while measuring, by latency */
} __attribute__((aligned(64))) ctl_worker;

typedef struct ctl_block {
    volatile LONG stop;
    volatile LONG measuring;            /* readers time their Gets while set */
    double tsc_per_ns;
    char pad[48];
    ctl_worker w[BENCH_MAX_WORKERS];
} ctl_block;

#define CHILD_MAX_MS (5 * 60 * 1000)    /* a child outlives a lost conductor no longer */
#define READY_TIMEOUT_MS 60000

void fill_text(WCHAR *buf, size_t len, WCHAR ch)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = ch;
    buf[len] = 0;
}

static void names_for(const WCHAR *run, WCHAR *ctl, WCHAR *go)
{
    _snwprintf(ctl, 128, L"Local\\%ls-ctl", run);
    _snwprintf(go, 128, L"Local\\%ls-go", run);
    ctl[127] = go[127] = 0;
}

/* ---- the child side ---------------------------------------------------- */

static int child_fail(ctl_worker *w, const char *msg)
{
    if (w) {
        snprintf(w->error, sizeof(w->error), "%s", msg);
        InterlockedExchange(&w->state, -1);
    }
    fprintf(stderr, "dllshm-bench child: %s\n", msg);
    return 1;
}

int role_main(const role_args *ra, const bench_paths *paths)
{
    WCHAR ctl_name[128], go_name[128];
    static WCHAR text[2][BENCH_CAPACITY], buf[BENCH_CAPACITY];
    char msg[300];
    impl im;

    names_for(ra->run, ctl_name, go_name);
    HANDLE sec = OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, ctl_name);
    ctl_block *ctl = sec ? MapViewOfFile(sec, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!ctl || ra->index < 0 || ra->index >= BENCH_MAX_WORKERS)
        return child_fail(NULL, "cannot open the control section");
    ctl_worker *w = &ctl->w[ra->index];
    HANDLE go = OpenEventW(SYNCHRONIZE, FALSE, go_name);
    if (!go)
        return child_fail(w, "cannot open the start event");

    impl_open(&im, ra->kind, paths);
    if (!im.available) {
        snprintf(msg, sizeof(msg), "%s: %s", im.name, im.reason);
        return child_fail(w, msg);
    }
    size_t len = ra->chars;
    fill_text(text[0], len, (WCHAR)(L'A' + 2 * ra->writer_index));
    fill_text(text[1], len, (WCHAR)(L'B' + 2 * ra->writer_index));

    InterlockedExchange(&w->state, 1);
    WaitForSingleObject(go, INFINITE);
    uint64_t deadline = ticks_now() + (uint64_t)(CHILD_MAX_MS * 1e6 / ticks_to_ns(1));
    LONG64 ops = 0, torn = 0, empty = 0;
    double tsc_per_ns = ctl->tsc_per_ns, slowest = 0;

    while (!ctl->stop) {
        if (ra->writer) {
            im.set(&im, text[ops & 1], len);
        } else {
            buf[len - 1] = 0; /* a short (torn) copy cannot pass for a whole one */
            uint64_t t0 = tsc_now();
            im.get(&im, buf, BENCH_CAPACITY);
            uint64_t t1 = tsc_now();
            if (ctl->measuring) {
                double ns = (double)(t1 - t0) / tsc_per_ns;
                w->lat[lat_bucket(ns)]++;
                if (ns > slowest)
                    w->lat_max_ns = slowest = ns;
            }
            WCHAR c = buf[0];
            if (!c)
                w->empty = ++empty;
            else if (buf[len - 1] != c || buf[len / 2] != c || buf[len] != 0)
                w->torn = ++torn;
        }
        w->ops = ++ops;
        if (!(ops & 4095) && ticks_now() > deadline)
            break;
    }
    InterlockedExchange(&w->state, 2);
    impl_close(&im);
    return 0;
}

/* ---- the conductor side ------------------------------------------------ */

static int spawn(const WCHAR *exe, const role_args *ra, const bench_paths *paths, PROCESS_INFORMATION *pi)
{
    static WCHAR cmd[4 * MAX_PATH + 512];
    STARTUPINFOW si = {.cb = sizeof(si)};

    _snwprintf(cmd, sizeof(cmd) / sizeof(cmd[0]),
               L"\"%ls\" --role %ls --impl %hs --chars %u --index %d --writer-index %d --run %ls"
               L" --block %ls --dllshm \"%ls\" --sample \"%ls\"",
               exe, ra->writer ? L"writer" : L"reader", impl_name(ra->kind), ra->chars, ra->index,
               ra->writer_index, ra->run, paths->block, paths->dllshm, paths->sample);
    cmd[sizeof(cmd) / sizeof(cmd[0]) - 1] = 0;
    return CreateProcessW(exe, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, pi);
}

static void snapshot(ctl_block *ctl, int writers, int total, int64_t *w_ops, int64_t *r_ops)
{
    *w_ops = *r_ops = 0;
    for (int i = 0; i < total; i++) {
        if (i < writers)
            *w_ops += ctl->w[i].ops;
        else
            *r_ops += ctl->w[i].ops;
    }
}

/* Waits until every worker is ready; 0 with res->error set otherwise. */
static int wait_ready(ctl_block *ctl, int total, PROCESS_INFORMATION *pi, contended_result *res)
{
    uint64_t start = ticks_now();
    for (;;) {
        int ready = 0;
        for (int i = 0; i < total; i++) {
            if (ctl->w[i].state < 0) {
                snprintf(res->error, sizeof(res->error), "worker %d: %s", i, ctl->w[i].error);
                return 0;
            }
            if (ctl->w[i].state == 1)
                ready++;
            else if (WaitForSingleObject(pi[i].hProcess, 0) == WAIT_OBJECT_0) {
                DWORD code = 0;
                GetExitCodeProcess(pi[i].hProcess, &code);
                snprintf(res->error, sizeof(res->error), "worker %d exited early (code 0x%lx)", i,
                         (unsigned long)code);
                return 0;
            }
        }
        if (ready == total)
            return 1;
        if (ticks_to_ns(ticks_now() - start) > READY_TIMEOUT_MS * 1e6) {
            snprintf(res->error, sizeof(res->error), "workers not ready after %d ms", READY_TIMEOUT_MS);
            return 0;
        }
        Sleep(1);
    }
}

/* One contended run: its configuration, what it holds and what it found. */
typedef struct crun_state {
    const contended_cfg *cfg;
    const bench_paths *paths;
    contended_result *res;
    role_args ra;                       /* the workers' arguments, index aside */
    impl owner;                         /* this process's handle on the block */
    HANDLE sec, go;
    ctl_block *ctl;
    PROCESS_INFORMATION pi[BENCH_MAX_WORKERS];
    int started;
} crun_state;

/* Opens the block in this process, which keeps it alive and gives it a
 * whole first value, and makes the control section and the start event. */
static int open_run(crun_state *st)
{
    static unsigned run_no;
    static WCHAR first[BENCH_CAPACITY];
    static double tsc_rate;
    WCHAR ctl_name[128], go_name[128];
    const contended_cfg *cfg = st->cfg;

    _snwprintf(st->ra.run, 96, L"%ls-run%u", st->paths->block, ++run_no);
    st->ra.run[95] = 0;
    names_for(st->ra.run, ctl_name, go_name);
    impl_open(&st->owner, cfg->kind, st->paths);
    if (!st->owner.available) {
        snprintf(st->res->error, sizeof(st->res->error), "%s", st->owner.reason);
        return 0;
    }
    fill_text(first, cfg->chars, L'A');
    st->owner.set(&st->owner, first, cfg->chars);

    st->sec = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(ctl_block), ctl_name);
    st->ctl = st->sec ? MapViewOfFile(st->sec, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0) : NULL;
    st->go = CreateEventW(NULL, TRUE, FALSE, go_name);
    if (!st->ctl || !st->go) {
        snprintf(st->res->error, sizeof(st->res->error), "control section/event: error %lu", GetLastError());
        return 0;
    }
    if (!tsc_rate)
        tsc_rate = tsc_per_ns_measure();
    st->ctl->tsc_per_ns = tsc_rate;
    return 1;
}

/* The writers first (slots 0..writers-1), then the readers. */
static int spawn_workers(crun_state *st)
{
    WCHAR exe[MAX_PATH];
    int total = st->cfg->writers + st->cfg->readers;

    GetModuleFileNameW(NULL, exe, MAX_PATH);
    for (int i = 0; i < total; i++) {
        st->ra.index = i;
        st->ra.writer = i < st->cfg->writers;
        st->ra.writer_index = st->ra.writer ? i : 0;
        if (!spawn(exe, &st->ra, st->paths, &st->pi[i])) {
            snprintf(st->res->error, sizeof(st->res->error), "CreateProcessW: error %lu", GetLastError());
            return 0;
        }
        st->started++;
    }
    return wait_ready(st->ctl, total, st->pi, st->res);
}

/* Starts the workers and samples their counts at the end of each window. */
static void measure_windows(crun_state *st)
{
    const contended_cfg *cfg = st->cfg;
    contended_result *res = st->res;
    int total = cfg->writers + cfg->readers;
    double w_rate[BENCH_MAX_SAMPLES], r_rate[BENCH_MAX_SAMPLES];
    int64_t w0, r0, w1, r1;

    SetEvent(st->go);
    Sleep(cfg->window_ms); /* let every process get going before the first window */
    dll_counts c0, c1;
    impl_counts(&st->owner, &c0);
    InterlockedExchange(&st->ctl->measuring, 1);
    snapshot(st->ctl, cfg->writers, total, &w0, &r0);
    uint64_t t0 = ticks_now(), tw = t0;
    int64_t wb = w0, rb = r0;
    for (int k = 0; k < cfg->windows; k++) {
        Sleep(cfg->window_ms);
        uint64_t t = ticks_now();
        snapshot(st->ctl, cfg->writers, total, &w1, &r1);
        double s = ticks_to_ns(t - tw) / 1e9;
        w_rate[k] = (w1 - wb) / s;
        r_rate[k] = (r1 - rb) / s;
        tw = t, wb = w1, rb = r1;
    }
    InterlockedExchange(&st->ctl->measuring, 0);
    impl_counts(&st->owner, &c1);
    res->counts.counted = c0.counted && c1.counted;
    res->counts.changes = c1.changes - c0.changes;
    res->counts.retries = c1.retries - c0.retries;
    res->counts.holds = c1.holds - c0.holds;
    res->counts.hold_pauses = c1.hold_pauses - c0.hold_pauses;
    res->seconds = ticks_to_ns(tw - t0) / 1e9;
    res->writes = wb - w0;
    res->reads = rb - r0;
    stats_compute(&res->writes_per_s, w_rate, cfg->windows);
    stats_compute(&res->reads_per_s, r_rate, cfg->windows);
    res->ok = 1;
}

/* Tells every worker to stop and waits for it; one that does not stop is
 * ended, and the run failed. */
static void stop_workers(crun_state *st)
{
    if (st->ctl)
        InterlockedExchange(&st->ctl->stop, 1);
    if (st->go)
        SetEvent(st->go); /* workers still waiting for the start see stop at once */
    for (int i = 0; i < st->started; i++) {
        if (WaitForSingleObject(st->pi[i].hProcess, 10000) != WAIT_OBJECT_0) {
            TerminateProcess(st->pi[i].hProcess, 3);
            if (st->res->ok) {
                st->res->ok = 0;
                snprintf(st->res->error, sizeof(st->res->error), "worker %d did not stop", i);
            }
        }
        CloseHandle(st->pi[i].hProcess);
        CloseHandle(st->pi[i].hThread);
    }
}

/* The readers' counts over the whole run and their latency histograms. */
static void collect_readers(crun_state *st)
{
    const contended_cfg *cfg = st->cfg;
    contended_result *res = st->res;
    const volatile uint32_t *hist[BENCH_MAX_WORKERS];
    double slowest = 0;

    for (int i = cfg->writers; i < cfg->writers + cfg->readers; i++) {
        const ctl_worker *w = &st->ctl->w[i];
        res->torn += w->torn;
        res->empty += w->empty;
        res->reads_all += w->ops;
        hist[i - cfg->writers] = w->lat;
        if (w->lat_max_ns > slowest)
            slowest = w->lat_max_ns;
    }
    latency_compute(&res->read_latency, hist, cfg->readers, slowest);
}

static void close_run(crun_state *st)
{
    if (st->ctl)
        UnmapViewOfFile(st->ctl);
    if (st->sec)
        CloseHandle(st->sec);
    if (st->go)
        CloseHandle(st->go);
    impl_close(&st->owner);
}

void contended_run(const contended_cfg *cfg, const bench_paths *paths, contended_result *res)
{
    static crun_state st; /* (large: the worker slots) */

    memset(res, 0, sizeof(*res));
    if (cfg->writers + cfg->readers > BENCH_MAX_WORKERS || cfg->windows > BENCH_MAX_SAMPLES || cfg->chars < 1 ||
        cfg->chars >= BENCH_CAPACITY) {
        snprintf(res->error, sizeof(res->error), "bad configuration");
        return;
    }
    memset(&st, 0, sizeof(st));
    st.cfg = cfg, st.paths = paths, st.res = res;
    st.ra.kind = cfg->kind;
    st.ra.chars = cfg->chars;
    if (open_run(&st) && spawn_workers(&st))
        measure_windows(&st);
    stop_workers(&st);
    if (st.ctl)
        collect_readers(&st);
    close_run(&st);
}

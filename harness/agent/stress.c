/*
 * stress.c - the timed loops: hammer (one writer, strings in turn) and
 * watch (one reader classifying every read as good, empty or torn, and
 * counting how often the good value changed).
 *
 * Both loops do nothing but call the DLL and, every CLOCK_EVERY rounds, read
 * the performance counter; the strings are built before the clock starts.
 */
#include "agent.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_MS 3600000u      /* one hour */
#define MAX_PATTERNS 64
#define CLOCK_EVERY 16u
#define WATCH_CCH 4096u      /* the protocol's GetSharedMem(buf, 4096) */
#define EXAMPLE_UNITS 64u
#define WATCH_EXTEND 10u     /* watch changes=K reads at most this many times MS */

struct pattern {
    WCHAR c;
    uint32_t n;
    WCHAR *s; /* n copies of c, terminated */
};

struct load {
    uint32_t ms;
    uint32_t changes; /* watch: read on past ms until this many changes (0: no) */
    int count;
    struct pattern p[MAX_PATTERNS];
};

static void load_free(struct load *ld)
{
    for (int i = 0; i < ld->count; i++)
        free(ld->p[i].s);
    ld->count = 0;
}

/* "MS [changes=K] C:N [C:N ...]" */
static int load_parse(char *args, struct load *ld)
{
    char *cur = args, *w = next_word(&cur);

    ld->count = 0;
    ld->changes = 0;
    if (!w || parse_u32(w, MAX_MS, &ld->ms) != 0)
        return -1;
    w = next_word(&cur);
    if (w && !strncmp(w, "changes=", 8)) {
        if (parse_u32(w + 8, 1000000, &ld->changes) != 0)
            return -1;
        w = next_word(&cur);
    }
    for (; w; w = next_word(&cur)) {
        struct pattern *p = &ld->p[ld->count];
        if (ld->count == MAX_PATTERNS || (unsigned char)w[0] < 0x20 || (unsigned char)w[0] > 0x7e ||
            w[1] != ':' || parse_u32(w + 2, SPEC_MAX_REPEAT, &p->n) != 0)
            goto bad;
        p->c = (WCHAR)w[0];
        p->s = malloc(((size_t)p->n + 1) * sizeof(WCHAR));
        if (!p->s)
            goto bad;
        for (uint32_t i = 0; i < p->n; i++)
            p->s[i] = p->c;
        p->s[p->n] = 0;
        ld->count++;
    }
    if (ld->count == 0)
        return -1;
    return 0;
bad:
    load_free(ld);
    return -1;
}

struct deadline {
    LARGE_INTEGER end;
};

static void deadline_set(struct deadline *d, uint32_t ms)
{
    LARGE_INTEGER now, freq;
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    d->end.QuadPart = now.QuadPart + freq.QuadPart * (LONGLONG)ms / 1000;
}

static int deadline_passed(const struct deadline *d)
{
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    return now.QuadPart >= d->end.QuadPart;
}

void cmd_hammer(char *args)
{
    struct load ld;
    struct deadline dl;
    uint64_t writes = 0;
    int i = 0;

    if (load_parse(args, &ld) != 0 || ld.changes) {
        load_free(&ld);
        reply("error usage hammer MS C:N [C:N ...]");
        return;
    }
    deadline_set(&dl, ld.ms);
    for (;;) {
        if (writes % CLOCK_EVERY == 0 && deadline_passed(&dl))
            break;
        g_dut.set(ld.p[i].s);
        writes++;
        if (++i == ld.count)
            i = 0;
    }
    load_free(&ld);
    reply("ok writes=%llu", (unsigned long long)writes);
}

/* The whole read is copies of one character: how many (0 when not). */
static size_t run_of(const WCHAR *buf, size_t len, WCHAR c)
{
    size_t i = 0;
    while (i < len && buf[i] == c)
        i++;
    return i == len ? len : 0;
}

/* A good read is empty or exactly n copies of c for one pattern. */
static int read_is_good(const struct load *ld, const WCHAR *buf, size_t len)
{
    for (int k = 0; k < ld->count; k++)
        if (ld->p[k].n == len && run_of(buf, len, ld->p[k].c))
            return 1;
    return 0;
}

/* A cut read is fewer than n copies of c for a pattern: the start of a
 * whole write.  It is torn all the same (a writer caught half-way over a
 * value whose terminator was still there reads like that), but when every
 * bad read is cut at one same length, the DLL caps the length instead. */
static int read_is_cut(const struct load *ld, const WCHAR *buf, size_t len)
{
    for (int k = 0; k < ld->count; k++)
        if (len < ld->p[k].n && run_of(buf, len, ld->p[k].c))
            return 1;
    return 0;
}

void cmd_watch(char *args)
{
    static WCHAR buf[WATCH_CCH + 64];
    static WCHAR example[EXAMPLE_UNITS], example_tail[EXAMPLE_UNITS];
    size_t example_len = 0, example_tail_len = 0, torn_len = 0, cut_len = 0;
    uint64_t cut = 0;
    struct load ld;
    struct deadline dl, cap;
    uint64_t reads = 0, torn = 0, empty = 0, changes = 0;
    size_t last_len = 0; /* the last good value: its length and character */
    WCHAR last_c = 0;
    struct sb sb = {0};

    if (load_parse(args, &ld) != 0) {
        reply("error usage watch MS [changes=K] C:N [C:N ...]");
        return;
    }
    /* With changes=K the proof of overlap does not hang on the machine's
     * speed: a slow DLL or a loaded machine just reads longer, up to
     * WATCH_EXTEND times MS (a DLL whose readers never see a write ends there). */
    deadline_set(&dl, ld.ms);
    deadline_set(&cap, ld.changes ? ld.ms * WATCH_EXTEND : ld.ms);
    for (;;) {
        if (reads % CLOCK_EVERY == 0 && deadline_passed(&dl) && (changes >= ld.changes || deadline_passed(&cap)))
            break;
        buf[0] = 0xFEFE; /* a DLL that writes nothing reads as torn, not as stale */
        g_dut.get(buf, WATCH_CCH);
        reads++;
        size_t len = wcsnlen(buf, WATCH_CCH);
        if (len == 0) {
            empty++;
        } else if (!read_is_good(&ld, buf, len)) {
            if (read_is_cut(&ld, buf, len)) {
                cut_len = cut++ == 0 || cut_len == len ? len : 0; /* 0: not one same length */
            }
            if (torn++ == 0) { /* the first torn read: its length and both ends */
                torn_len = len;
                example_len = len < EXAMPLE_UNITS ? len : EXAMPLE_UNITS;
                memcpy(example, buf, example_len * sizeof(WCHAR));
                example_tail_len = len > EXAMPLE_UNITS ? (len - EXAMPLE_UNITS < EXAMPLE_UNITS ? len - EXAMPLE_UNITS : EXAMPLE_UNITS) : 0;
                memcpy(example_tail, buf + len - example_tail_len, example_tail_len * sizeof(WCHAR));
            }
            continue;
        }
        /* A good read of another value than the last: the reader really ran
         * while writes landed, which is what makes torn == 0 mean something. */
        if (len != last_len || (len && buf[0] != last_c)) {
            changes++;
            last_len = len;
            last_c = len ? buf[0] : 0;
        }
    }
    load_free(&ld);
    sb_printf(&sb, "ok reads=%llu torn=%llu empty=%llu changes=%llu cut=%llu cut_len=%llu example_len=%llu ",
              (unsigned long long)reads, (unsigned long long)torn, (unsigned long long)empty,
              (unsigned long long)changes, (unsigned long long)cut, (unsigned long long)cut_len,
              (unsigned long long)torn_len);
    sb_quoted(&sb, "example", example, example_len);
    sb_add(&sb, " ", 1);
    sb_quoted(&sb, "example_tail", example_tail, example_tail_len);
    sb_send(&sb);
    sb_free(&sb);
}

/* ---- kill-writers: many writer deaths, cheaply ------------------------------
 * A process kill ends its writer thread wherever it is; so does
 * TerminateThread, at a fraction of the cost, so a scenario can kill a
 * writer hundreds of times and be sure some deaths land inside the DLL's
 * critical section.  After each death: the value must be a whole write, and
 * a new write must land (a lock left by the dead thread must be recovered). */

DWORD WINAPI loop_writer_main(void *arg)
{
    struct loop_writer *w = arg;
    for (int i = 0;; i = (i + 1) % w->count) {
        g_dut.set(w->texts[i]);
        InterlockedIncrement(&w->writes);
    }
    return 0;
}

static void spin_us(uint32_t us)
{
    LARGE_INTEGER now, end, freq;
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&end);
    end.QuadPart += freq.QuadPart * us / 1000000;
    do
        QueryPerformanceCounter(&now);
    while (now.QuadPart < end.QuadPart);
}

/* "N MAXUS C:N [C:N ...]" */
void cmd_kill_writers(char *args)
{
    static WCHAR buf[WATCH_CCH + 64];
    WCHAR mark[32];
    char *cur = args, *w = next_word(&cur);
    uint32_t n = 0, kills = 0, torn = 0, lost = 0, rng;
    struct load ld;
    LARGE_INTEGER seed;

    if (!w || parse_u32(w, 100000, &n) != 0 || load_parse(cur, &ld) != 0 || ld.changes) {
        load_free(&ld);
        reply("error usage kill-writers N MAXUS C:N [C:N ...]");
        return;
    }
    WCHAR *texts[MAX_PATTERNS];
    for (int i = 0; i < ld.count; i++)
        texts[i] = ld.p[i].s;
    QueryPerformanceCounter(&seed);
    rng = (uint32_t)seed.QuadPart | 1;
    for (kills = 0; kills < n && !torn && !lost; kills++) {
        struct loop_writer ctx = {texts, ld.count, 0};
        HANDLE t = CreateThread(NULL, 0, loop_writer_main, &ctx, 0, NULL);
        if (!t) {
            reply("error kill-writers CreateThread %lu", (unsigned long)GetLastError());
            load_free(&ld);
            return;
        }
        rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
        while (ctx.writes < 1 + (LONG)(rng % 4))
            SwitchToThread();
        spin_us(rng % (ld.ms + 1)); /* a random instant in the writer's loop */
        TerminateThread(t, 0xdead);
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);

        g_dut.get(buf, WATCH_CCH);
        size_t len = wcsnlen(buf, WATCH_CCH);
        if (!read_is_good(&ld, buf, len))
            torn++;
        swprintf(mark, sizeof(mark) / sizeof(mark[0]), L"after kill %u", kills);
        g_dut.set(mark);
        g_dut.get(buf, WATCH_CCH);
        if (wcscmp(buf, mark) != 0)
            lost++;
    }
    load_free(&ld);
    reply("ok kills=%u torn=%u lost=%u", kills, torn, lost);
}

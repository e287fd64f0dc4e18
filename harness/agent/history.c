/*
 * history.c - `history MS FILE ROLE`: for MS milliseconds, one role of a
 * concurrent phase, each DLL call bracketed by QueryPerformanceCounter
 * (one clock for every process of the machine) and written to FILE (in
 * the agent's directory) for the conductor's linearizability check
 * (harness/PROTOCOL.md, "Histories").
 *
 * Every written value says who wrote it: "W.SEQ.N:" then a letter that
 * depends on W and SEQ, up to N units, so a reader names the write it saw,
 * or records that what it read is no write at all (a mixture of writes,
 * one cut short, or nothing written).
 *
 *   writer W N [die]  writes W.1, W.2, ...; with die, the writer is killed
 *                     at a random moment, inside a Set if it can be caught
 *                     there, that write pending, and the process ends
 *   reader            GetSharedMem(buf, 4096) in a loop
 *   threads           the same reads, each by a new thread that then ends
 *                     (DLL_THREAD_ATTACH and DETACH while the others work),
 *                     8 at least however long they take
 */
#include "agent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define HIST_MAX_MS 60000u
#define HIST_CAP 100000u  /* operations recorded per process, at most */
#define HIST_WRITES 20000u /* writes per writer and phase, at most */
#define HIST_MIN_N 24u    /* the longest "W.SEQ.N:" fits */
#define HIST_MAX_N 2047u  /* the contract's longest value */
#define HIST_READ_CCH 4096u
#define BAD_EXAMPLE 64u
#define OP_PENDING (-1)

struct op {
    LONGLONG start, end;  /* end OP_PENDING: the writer died in it */
    uint32_t w, seq;      /* the value written or read */
    int bad;              /* a read of no write */
};

struct hist {
    struct op *ops;
    volatile LONG n;      /* completed operations */
    volatile LONG in_set; /* the writer is inside (or at the edge of) a Set */
    volatile LONG hurry;  /* the writer writes without pacing (die) */
    uint32_t next_seq;    /* the writer's next value */
    LONG kills, pending;  /* die: the writer killed (1); the write it died in (0 or 1) */
    LONGLONG begin, deadline;
    WCHAR bad_text[BAD_EXAMPLE];
    size_t bad_len, bad_full_len;
    int has_bad, bad_nothing; /* a first bad read; it wrote nothing at all */
    uint32_t bad_n;       /* that write's length */
    uint32_t cut_w, cut_seq; /* and its name */
    int all_cut;          /* every bad read was a write cut short, at one same length */
    uint64_t reads;       /* all reads made, recorded or not */
    LONG run;             /* reads in a row of one value, as recorded: 1 or 2 */
    uint32_t w, units;    /* writer */
};

static LONGLONG now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return t.QuadPart;
}

/* Writes spread over the whole phase in bursts: the n-th burst of
 * HIST_BURST back-to-back writes starts no earlier than its share of the
 * phase, so a fast DLL does not write its whole share in the first
 * milliseconds, and within a burst reads overlap writes often enough for
 * a DLL without a lock to tear (one isolated write at a time seldom does). */
#define HIST_BURST 64
static void pace(const struct hist *h)
{
    if (h->hurry)
        return;
    LONGLONG due = h->begin + (h->deadline - h->begin) * (h->n - h->n % HIST_BURST) / (LONGLONG)HIST_WRITES;
    while (now() < due)
        YieldProcessor();
}

/* The padding of value W.SEQ: a mixture of two writes shows in it. */
static WCHAR pad_of(uint32_t w, uint32_t seq)
{
    return (WCHAR)('a' + (w + seq) % 26);
}

/* "W.SEQ.N:" then the value's padding up to n units. */
static void make_value(WCHAR *buf, uint32_t w, uint32_t seq, uint32_t n)
{
    char head[40];
    int k = snprintf(head, sizeof head, "%lu.%lu.%lu:", (unsigned long)w, (unsigned long)seq, (unsigned long)n);
    WCHAR pad = pad_of(w, seq);
    for (int i = 0; i < k; i++)
        buf[i] = (WCHAR)head[i];
    for (uint32_t i = (uint32_t)k; i < n; i++)
        buf[i] = pad;
    buf[n] = 0;
}

static int digits(const WCHAR **p, uint32_t *v)
{
    uint64_t x = 0;
    const WCHAR *s = *p;
    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((x = x * 10 + (uint64_t)(*s - '0')) > 0xffffffffu)
            return -1;
    *v = (uint32_t)x;
    *p = s;
    return 0;
}

/* The write buf holds (len units): 0; 1 when it is the start of one, cut
 * short (*n: the length written); -1 when it is none. */
static int parse_value(const WCHAR *buf, size_t len, uint32_t *w, uint32_t *seq, uint32_t *n)
{
    const WCHAR *p = buf, *e = buf + len;
    if (digits(&p, w) || p >= e || *p++ != '.' || digits(&p, seq) || p >= e || *p++ != '.' || digits(&p, n) ||
        p >= e || *p++ != ':')
        return -1;
    for (; p < e; p++)
        if (*p != pad_of(*w, *seq))
            return -1;
    return *n == len ? 0 : *n > len ? 1 : -1;
}

/* Of reads in a row of one value only the first and the last are kept:
 * the check needs no more (a value's earliest end and latest start), and
 * a reader that reads flat out then records each value it saw, twice. */
static void record_read(struct hist *h, LONGLONG t0, LONGLONG t1, const WCHAR *buf)
{
    struct op *o = &h->ops[h->n];
    size_t len = buf[0] == 0xFEFE ? 0 : wcsnlen(buf, HIST_READ_CCH);
    h->reads++;
    o->start = t0;
    o->end = t1;
    uint32_t n = 0;
    int kind = buf[0] == 0xFEFE ? -1 : parse_value(buf, len, &o->w, &o->seq, &n);
    o->bad = kind != 0;
    if (!o->bad && h->n && !h->ops[h->n - 1].bad && h->ops[h->n - 1].w == o->w && h->ops[h->n - 1].seq == o->seq) {
        if (h->run == 2) {
            h->ops[h->n - 1] = *o; /* a later last read of the same value */
            return;
        }
        h->run = 2;
    } else {
        h->run = 1;
    }
    if (o->bad)
        h->all_cut = (!h->has_bad || h->all_cut) && kind == 1 && (!h->has_bad || len == h->bad_full_len);
    if (o->bad && !h->has_bad) {
        h->has_bad = 1;
        h->bad_nothing = buf[0] == 0xFEFE;
        h->bad_n = n;
        h->cut_w = o->w;
        h->cut_seq = o->seq;
        h->bad_full_len = buf[0] == 0xFEFE ? 0 : len;
        h->bad_len = len < BAD_EXAMPLE ? len : BAD_EXAMPLE;
        memcpy(h->bad_text, buf, h->bad_len * sizeof(WCHAR));
    }
    h->n++;
}

static void read_loop(struct hist *h)
{
    static WCHAR buf[HIST_READ_CCH + 1];
    while (h->n < (LONG)HIST_CAP) {
        buf[0] = 0xFEFE; /* a Get that writes nothing is no value */
        LONGLONG t0 = now();
        g_dut.get(buf, HIST_READ_CCH);
        LONGLONG t1 = now();
        record_read(h, t0, t1, buf);
        if (t1 >= h->deadline)
            break;
    }
}

static DWORD WINAPI one_read(void *arg)
{
    static WCHAR buf[HIST_READ_CCH + 1];
    struct hist *h = arg;
    buf[0] = 0xFEFE;
    LONGLONG t0 = now();
    g_dut.get(buf, HIST_READ_CCH);
    record_read(h, t0, now(), buf);
    return 0;
}

#define MIN_THREADS 8u /* however slowly threads start: a few detaches happen */

static int threads_loop(struct hist *h)
{
    while (h->n < (LONG)HIST_CAP && (now() < h->deadline || h->reads < MIN_THREADS)) {
        HANDLE t = CreateThread(NULL, 0, one_read, h, 0, NULL);
        if (!t)
            return -1;
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
    return 0;
}

static DWORD WINAPI write_loop(void *arg)
{
    static WCHAR buf[HIST_MAX_N + 1];
    struct hist *h = arg;
    while (h->n < (LONG)HIST_WRITES) {
        struct op *o = &h->ops[h->n];
        uint32_t seq = ++h->next_seq;
        pace(h);
        make_value(buf, h->w, seq, h->units);
        o->w = h->w;
        o->seq = seq;
        o->start = now(); /* from here the write may have happened */
        h->in_set = 1;
        g_dut.set(buf);
        h->in_set = 0;
        o->end = now();
        h->n++;
        if (o->end >= h->deadline)
            break;
    }
    return 0;
}

/* With die, the writer is a thread, stopped for good once at a random
 * moment of the phase, in a Set when it can be caught there (where a DLL
 * holds its lock, if it has one); then the process ends around it, as if
 * killed in that write.  It is suspended, not terminated: the process still
 * writes its history and replies, and a thread terminated under Wine may
 * take the process down with it (seen once: an agent that ended, exit code
 * 0, without its reply).  No other thread of it calls the DLL after that
 * (a thread dying inside the DLL is dllshm's level: kill-writers).  The
 * write it stopped in (its start recorded, its end not) is pending. */
static void spin_us(LONGLONG us, LONGLONG freq)
{
    LONGLONG end = now() + freq * us / 1000000;
    while (now() < end)
        YieldProcessor();
}

static int write_and_die(struct hist *h, uint32_t ms, LONGLONG freq)
{
    HANDLE t = CreateThread(NULL, 0, write_loop, h, 0, NULL);
    if (!t)
        return -1;
    spin_us((LONGLONG)ms * 250 + now() % ((LONGLONG)ms * 500 + 1), freq);
    h->hurry = 1; /* flat out: most of its time inside Set */
    spin_us(10, freq);
    for (LONGLONG give_up = now() + freq / 1000; !h->in_set && now() < give_up;)
        YieldProcessor();
    CONTEXT ctx = {.ContextFlags = CONTEXT_CONTROL};
    SuspendThread(t);
    GetThreadContext(t, &ctx); /* returns once the thread has really stopped */
    CloseHandle(t);            /* it stays stopped: the process ends around it */
    h->kills++;
    struct op *o = &h->ops[h->n];
    if (h->n < (LONG)HIST_WRITES && o->start && !o->end) {
        o->end = OP_PENDING;
        h->pending++;
    }
    if (h->n < (LONG)HIST_WRITES && o->start)
        h->n++;
    return 0;
}

static int write_history(const char *file, const char *role, const struct hist *h)
{
    LARGE_INTEGER freq;
    FILE *f = fopen(file, "wb");
    if (!f)
        return -1;
    QueryPerformanceFrequency(&freq);
    fprintf(f, "history %s freq=%lld\n", role, (long long)freq.QuadPart);
    for (LONG i = 0; i < h->n; i++) {
        const struct op *o = &h->ops[i];
        if (o->bad)
            fprintf(f, "r %lld %lld bad\n", (long long)o->start, (long long)o->end);
        else if (o->end == OP_PENDING)
            fprintf(f, "w %lld - %lu.%lu\n", (long long)o->start, (unsigned long)o->w, (unsigned long)o->seq);
        else
            fprintf(f, "%c %lld %lld %lu.%lu\n", !strcmp(role, "writer") ? 'w' : 'r', (long long)o->start,
                    (long long)o->end, (unsigned long)o->w, (unsigned long)o->seq);
    }
    if (h->has_bad) { /* the first bad read, for the report */
        struct sb sb = {0};
        sb_printf(&sb, "bad-example len=%lu nothing=%d ", (unsigned long)h->bad_full_len, h->bad_nothing);
        if (h->all_cut) /* every bad read: the start of a write, at this one length (the first: W.SEQ, N long) */
            sb_printf(&sb, "cut_of=%lu.%lu cut_from=%lu ", (unsigned long)h->cut_w, (unsigned long)h->cut_seq,
                      (unsigned long)h->bad_n);
        sb_quoted(&sb, "text", h->bad_text, h->bad_len);
        sb_add(&sb, "\n", 1);
        fwrite(sb.buf, 1, sb.len, f);
        sb_free(&sb);
    }
    return fclose(f);
}

static int file_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_' || *s == '.'))
            return 0;
    return 1;
}

#define HISTORY_USAGE "error usage history MS FILE writer W N [die] | reader | threads (MS 1..60000, W 1..999999, N 24..2047)"

void cmd_history(char *args)
{
    char *cur = args, *ms_w = next_word(&cur), *file = next_word(&cur), *role = next_word(&cur);
    uint32_t ms, w = 0, units = 0;
    int die = 0, writer = role && !strcmp(role, "writer");
    struct sb sb = {0};
    static struct hist h;

    if (writer) {
        char *ww = next_word(&cur), *nw = next_word(&cur), *dw = next_word(&cur);
        die = dw && !strcmp(dw, "die");
        if (parse_u32(ww, 999999, &w) || w == 0 || parse_u32(nw, HIST_MAX_N, &units) || units < HIST_MIN_N ||
            (dw && !die) || next_word(&cur)) {
            reply(HISTORY_USAGE);
            return;
        }
    }
    if (!ms_w || parse_u32(ms_w, HIST_MAX_MS, &ms) || ms == 0 || !file || !file_name_ok(file) || !role ||
        (!writer && strcmp(role, "reader") && strcmp(role, "threads")) || (!writer && *cur)) {
        reply(HISTORY_USAGE);
        return;
    }
    LARGE_INTEGER freq;
    QueryPerformanceFrequency(&freq);
    free(h.ops);
    memset(&h, 0, sizeof h);
    if (!(h.ops = calloc(HIST_CAP + 1, sizeof *h.ops))) {
        reply("error history out of memory");
        return;
    }
    h.w = w;
    h.units = units;
    h.begin = now();
    h.deadline = h.begin + freq.QuadPart * (LONGLONG)ms / 1000;
    int rc = 0;
    if (die)
        rc = write_and_die(&h, ms, freq.QuadPart);
    else if (writer)
        write_loop(&h);
    else if (!strcmp(role, "reader"))
        read_loop(&h);
    else
        rc = threads_loop(&h);
    if (rc) {
        reply("error history CreateThread %lu", (unsigned long)GetLastError());
        return;
    }
    if (write_history(file, role, &h)) {
        reply("error history cannot write %s: %lu", file, (unsigned long)GetLastError());
        return;
    }
    LONG bad = 0;
    for (LONG i = 0; i < h.n; i++)
        bad += h.ops[i].bad;
    sb_printf(&sb, "ok ops=%llu recorded=%ld bad=%ld kills=%ld pending=%ld",
              (unsigned long long)(writer ? (uint64_t)h.n : h.reads), (long)h.n, (long)bad, (long)h.kills,
              (long)h.pending);
    if (bad) {
        sb_printf(&sb, " bad_len=%lu ", (unsigned long)h.bad_full_len);
        sb_quoted(&sb, "example", h.bad_text, h.bad_len);
    }
    sb_send(&sb);
    sb_free(&sb);
    if (die) /* the writer stays stopped where it was: the process ends around it */
        TerminateProcess(GetCurrentProcess(), 3);
}

/* Linearizability of a register's history (linearize.h).  Every write
 * writes a value of its own, which makes the check decidable in
 * O(n log n) (Gibbons and Korach, "Testing shared memories", 1997): the
 * operations on a value v (its write and the reads that returned it) form a
 * cluster; its zone runs from the cluster's earliest end to its latest
 * start.  When the earliest end comes first the zone is *forward*: v must
 * be the register's value all through it.  The history is linearizable
 * exactly when every read returns a value that was written, no read ends
 * before its write starts, no two forward zones overlap, and no backward
 * zone (a cluster whose operations all overlap) lies inside a forward
 * one.  A pending write (its writer died in it) ends at infinity: a read
 * may see it or not. */
#include "linearize.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void history_init(struct history *h, uint32_t init_w, uint32_t init_seq, double slack_us)
{
    memset(h, 0, sizeof *h);
    h->init_w = init_w;
    h->init_seq = init_seq;
    h->slack_us = slack_us;
}

void history_free(struct history *h)
{
    for (size_t i = 0; i < h->nwho; i++) free(h->who[i]);
    free(h->who);
    free(h->ops);
    free(h->bad_example);
    memset(h, 0, sizeof *h);
}

static int parse_line(const char *line, struct hist_op *op)
{
    char kind, end[32], val[32];
    unsigned long long start;
    int used = 0;
    memset(op, 0, sizeof *op);
    if (sscanf(line, "%c %llu %31s %31s%n", &kind, &start, end, val, &used) != 4 || line[used] || (kind != 'w' && kind != 'r'))
        return -1;
    op->kind = kind;
    op->start = start;
    if (!strcmp(end, "-")) {
        if (kind != 'w') return -1;
        op->end = HIST_PENDING;
    } else {
        char *e;
        op->end = strtoull(end, &e, 10);
        if (*e || op->end < op->start) return -1;
    }
    if (!strcmp(val, "bad")) { op->bad = 1; return kind == 'r' ? 0 : -1; }
    unsigned long w, seq;
    int n = 0;
    if (sscanf(val, "%lu.%lu%n", &w, &seq, &n) != 2 || val[n] || w > UINT32_MAX || seq > UINT32_MAX) return -1;
    op->w = (uint32_t)w;
    op->seq = (uint32_t)seq;
    return 0;
}

int history_add(struct history *h, const char *who, const char *text, char *err, size_t errlen)
{
    unsigned long long freq = 0;
    char role[16];
    int lineno = 1, used = 0;
    if (sscanf(text, "history %15s freq=%llu%n", role, &freq, &used) != 2 || !freq || (text[used] != '\n' && text[used] != '\r' && text[used])) {
        snprintf(err, errlen, "%s: not a history (expected 'history ROLE freq=HZ' first)", who);
        return -1;
    }
    if (h->freq && h->freq != freq) {
        snprintf(err, errlen, "%s: its clock runs at %llu Hz, another process's at %" PRIu64 " Hz: one clock is needed",
                 who, freq, h->freq);
        return -1;
    }
    h->freq = freq;
    int me = (int)h->nwho;
    h->who = xrealloc(h->who, (h->nwho + 1) * sizeof *h->who);
    h->who[h->nwho++] = xstrdup(who);
    for (const char *p = strchr(text, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
        const char *line = p + 1;
        size_t n = strcspn(line, "\n");
        char buf[160];
        if (n && line[n - 1] == '\r') n--;   /* a Windows program's text */
        lineno++;
        if (!strncmp(line, "bad-example ", 12)) {
            long len = strtol(line + 16, NULL, 10);   /* "bad-example len=N nothing=0|1 ..." */
            char *copy = xstrndup(line, n);
            int cut = strstr(copy, " cut_of=") != NULL;
            if (!h->bad_example) {
                h->bad_example = xasprintf("%s: %.*s", who, (int)(n - 12), line + 12);
                h->bad_nothing = strstr(copy, " nothing=1") != NULL;
                h->bad_empty = !h->bad_nothing && len == 0;
            }
            free(copy);
            if (h->bad_files++ == 0) h->cut_len = len;
            else if (h->cut_len != len) h->cut_len = -1;
            h->cut_files += cut;
            continue;
        }
        struct hist_op op;
        if (n >= sizeof buf || (memcpy(buf, line, n), buf[n] = '\0', parse_line(buf, &op))) {
            snprintf(err, errlen, "%s:%d: expected 'w|r START END|- W.SEQ|bad', got '%.*s'", who, lineno,
                     (int)(n < 80 ? n : 80), line);
            return -1;
        }
        op.who = me;
        /* Each operation widened by half the slack on both sides: times
         * closer than the slack then overlap (a weaker check, never a false
         * failure).  0 stays the time before the phase. */
        uint64_t half = (uint64_t)(h->slack_us * (double)freq / 2e6);
        op.t0 = op.start;
        op.t1 = op.end;
        op.start = op.start > half ? op.start - half : 1;
        if (op.end != HIST_PENDING) op.end += half;
        if (h->n == h->cap) {   /* a phase records up to hundreds of thousands */
            h->cap = h->cap ? h->cap * 2 : 1024;
            h->ops = xrealloc(h->ops, h->cap * sizeof *h->ops);
        }
        h->ops[h->n++] = op;
    }
    return 0;
}

/* ---- the check ------------------------------------------------------------ */

struct cluster {
    const struct hist_op *write;     /* NULL: the value written before the phase */
    const struct hist_op *first_end; /* the op that ends first, and the one that starts last */
    const struct hist_op *last_start;
    uint64_t lo, hi;                 /* the zone */
    int forward;
};

static int by_value(const void *x, const void *y)
{
    const struct hist_op *a = *(const struct hist_op *const *)x, *b = *(const struct hist_op *const *)y;
    if (a->w != b->w) return a->w < b->w ? -1 : 1;
    if (a->seq != b->seq) return a->seq < b->seq ? -1 : 1;
    if (a->kind != b->kind) return a->kind == 'w' ? -1 : 1;   /* the write first */
    return a->start < b->start ? -1 : a->start > b->start;
}

static int by_lo(const void *x, const void *y)
{
    const struct cluster *a = x, *b = y;
    return a->lo < b->lo ? -1 : a->lo > b->lo;
}

static int by_start(const void *x, const void *y)
{
    const struct hist_op *a = *(const struct hist_op *const *)x, *b = *(const struct hist_op *const *)y;
    return a->start < b->start ? -1 : a->start > b->start;
}

struct clock { uint64_t t0, freq; };

/* "+12.5 us" from the phase's first operation */
static void when(char *buf, size_t n, const struct clock *c, uint64_t t)
{
    if (t == HIST_PENDING) snprintf(buf, n, "never (its writer died in it)");
    else if (t == 0) snprintf(buf, n, "before the phase");
    else snprintf(buf, n, "+%.1f us", (double)(t - c->t0) * 1e6 / (double)c->freq);
}

static char *describe(const struct history *h, const struct clock *c, const struct hist_op *o)
{
    char s[48], e[48];
    when(s, sizeof s, c, o->t0);
    when(e, sizeof e, c, o->t1);
    if (o->who < 0) return xasprintf("the write of %lu.%lu before the phase", (unsigned long)o->w, (unsigned long)o->seq);
    return xasprintf("%s's %s of %lu.%lu [%s, %s]", h->who[o->who], o->kind == 'w' ? "write" : "read",
                     (unsigned long)o->w, (unsigned long)o->seq, s, e);
}

/* Reads whose interval overlaps some write's: how much the phase says. */
static size_t overlapping_reads(const struct history *h)
{
    const struct hist_op **w = xcalloc(h->n + 1, sizeof *w);
    size_t nw = 0, count = 0;
    for (size_t i = 0; i < h->n; i++) if (h->ops[i].kind == 'w') w[nw++] = &h->ops[i];
    qsort(w, nw, sizeof *w, by_start);
    uint64_t *maxend = xcalloc(nw + 1, sizeof *maxend);   /* of w[0..k] */
    for (size_t k = 0; k < nw; k++) maxend[k] = k && maxend[k - 1] > w[k]->end ? maxend[k - 1] : w[k]->end;
    for (size_t i = 0; i < h->n; i++) {
        const struct hist_op *r = &h->ops[i];
        if (r->kind != 'r') continue;
        size_t lo = 0, hi = nw;      /* writes that start before the read ends: w[0..lo) */
        while (lo < hi) { size_t m = (lo + hi) / 2; if (w[m]->start < r->end) lo = m + 1; else hi = m; }
        count += lo && maxend[lo - 1] > r->start;
    }
    free(maxend);
    free(w);
    return count;
}

static void fail(struct hist_result *r, enum check_kind kind, char *why)
{
    r->verdict = HIST_NOT_LINEARIZABLE;
    r->kind = kind;
    r->why = why;
}

/* A read that returned no write at all (torn, cut, nothing): the first one
 * decides.  0 when there is none. */
static int check_bad_reads(const struct history *h, const struct clock *c, struct hist_result *r)
{
    const struct hist_op *firstbad = NULL;
    for (size_t i = 0; i < h->n; i++)
        if (h->ops[i].bad && (!firstbad || h->ops[i].start < firstbad->start)) firstbad = &h->ops[i];
    if (!firstbad) return 0;
    char s[48];
    when(s, sizeof s, c, firstbad->t0);
    /* A read that is the start of a write, cut short, says so: the DLL
     * stores or returns less than was written (a cap, not a tear). */
    int cut = h->bad_files && h->cut_files == h->bad_files && h->cut_len >= 0;   /* all, at one length */
    enum check_kind kind = cut ? CHECK_HIST_CUT : h->bad_nothing ? CHECK_HIST_NOTHING
                         : h->bad_empty ? CHECK_HIST_EMPTY : CHECK_TORN;
    fail(r, kind, xasprintf("a read returned %s: %s's read at %s; the first such read of %s",
                            cut ? "a write cut short (the start of one write, shorter than written)"
                                : "what no write wrote (torn, cut short, or nothing written)",
                            h->who[firstbad->who], s, h->bad_example ? h->bad_example : "?"));
    return 1;
}

/* Clusters: each value with its write (or the value before the phase) and
 * its reads, and the zone they span.  Stops at a value no write wrote, a
 * read from the future, or a value written twice (not checkable). */
static size_t make_clusters(const struct history *h, const struct clock *c, struct hist_op *init_op,
                            struct cluster *cl, struct hist_result *r)
{
    const struct hist_op **v = xcalloc(h->n + 1, sizeof *v);
    for (size_t i = 0; i < h->n; i++) v[i] = &h->ops[i];
    qsort(v, h->n, sizeof *v, by_value);   /* each value's write first */
    size_t ncl = 0;
    for (size_t i = 0; i < h->n && !r->why; ) {
        size_t j = i;
        while (j < h->n && v[j]->w == v[i]->w && v[j]->seq == v[i]->seq) j++;
        struct cluster *k = &cl[ncl++];
        int init = v[i]->w == h->init_w && v[i]->seq == h->init_seq;
        k->write = v[i]->kind == 'w' ? v[i] : NULL;
        if (k->write && (init || (i + 1 < j && v[i + 1]->kind == 'w'))) {
            r->verdict = HIST_INCONCLUSIVE;
            r->why = init ? xasprintf("not checkable: a write of the phase wrote the value written before it (%lu.%lu)",
                                      (unsigned long)v[i]->w, (unsigned long)v[i]->seq)
                          : xasprintf("not checkable: value %lu.%lu was written twice (every writer of a phase needs "
                                      "its own number)", (unsigned long)v[i]->w, (unsigned long)v[i]->seq);
            break;
        }
        if (!k->write && !init) {
            char *d = describe(h, c, v[i]);
            fail(r, CHECK_HIST_ORDER, xasprintf("%s returned a value no write of this phase wrote, and not the one "
                                                "written before it (%lu.%lu): a stale or foreign value", d,
                                                (unsigned long)h->init_w, (unsigned long)h->init_seq));
            free(d);
            break;
        }
        if (!k->write) k->write = init_op;
        uint64_t lo = k->write->end, hi = k->write->start;
        k->first_end = k->last_start = k->write;
        for (size_t m = i; m < j && !r->why; m++) {
            const struct hist_op *o = v[m];
            if (o->kind == 'r' && o->end < k->write->start) {
                char *d = describe(h, c, o), *dw = describe(h, c, k->write);
                fail(r, CHECK_HIST_ORDER, xasprintf("%s ended before %s began: it read a value from the future", d, dw));
                free(d);
                free(dw);
            }
            if (o->end < lo) { lo = o->end; k->first_end = o; }
            if (o->start > hi) { hi = o->start; k->last_start = o; }
        }
        k->forward = lo < hi;
        k->lo = k->forward ? lo : hi;
        k->hi = k->forward ? hi : lo;
        i = j;
    }
    free(v);
    return ncl;
}

/* The zones (Gibbons and Korach): no two forward zones may overlap, and no
 * backward zone may lie inside a forward one. */
static void check_zones(const struct history *h, const struct clock *c, const struct cluster *cl, size_t ncl,
                        struct hist_result *r)
{
    struct cluster *fw = xcalloc(ncl + 1, sizeof *fw);
    size_t nfw = 0;
    for (size_t i = 0; i < ncl; i++) if (cl[i].forward) fw[nfw++] = cl[i];
    qsort(fw, nfw, sizeof *fw, by_lo);
    for (size_t i = 0; i + 1 < nfw && !r->why; i++)
        if (fw[i].hi > fw[i + 1].lo) {
            const struct cluster *a = &fw[i], *b = &fw[i + 1];
            char *a1 = describe(h, c, a->first_end), *b1 = describe(h, c, b->last_start);
            char *b2 = describe(h, c, b->first_end), *a2 = describe(h, c, a->last_start);
            fail(r, CHECK_HIST_ORDER, xasprintf("not linearizable: %s ended before %s began, and %s ended before %s "
                                                "began: neither value can come first", a1, b1, b2, a2));
            free(a1); free(b1); free(b2); free(a2);
        }
    /* A backward zone inside a forward one: that value came and went while
     * the other had to stay. */
    for (size_t i = 0; i < ncl && !r->why; i++) {
        const struct cluster *b = &cl[i];
        if (b->forward) continue;
        size_t lo = 0, hi = nfw;   /* forward zones starting before b: fw[0..lo) */
        while (lo < hi) { size_t m = (lo + hi) / 2; if (fw[m].lo < b->lo) lo = m + 1; else hi = m; }
        if (lo && fw[lo - 1].hi > b->hi) {
            const struct cluster *a = &fw[lo - 1];
            char *bw = describe(h, c, b->write);
            char *a1 = describe(h, c, a->first_end), *a2 = describe(h, c, a->last_start);
            fail(r, CHECK_HIST_ORDER, xasprintf("not linearizable: %s came and went between %s and %s, which must see "
                                                "one same value", bw, a1, a2));
            free(bw); free(a1); free(a2);
        }
    }
    free(fw);
}

void history_check(const struct history *h, struct hist_result *r)
{
    memset(r, 0, sizeof *r);
    struct clock c = { UINT64_MAX, h->freq ? h->freq : 1 };
    for (size_t i = 0; i < h->n; i++) {
        const struct hist_op *o = &h->ops[i];
        if (o->t0 && o->t0 < c.t0) c.t0 = o->t0;
        if (o->kind == 'w') r->writes++; else r->reads++;
    }
    r->overlapping = overlapping_reads(h);
    if (check_bad_reads(h, &c, r)) return;
    /* The value written before the phase: a write that ended before anything. */
    struct hist_op init_op = { 'w', 0, 0, 0, 0, 0, h->init_w, h->init_seq, -1 };
    struct cluster *cl = xcalloc(h->n + 1, sizeof *cl);
    size_t ncl = make_clusters(h, &c, &init_op, cl, r);
    if (!r->why) check_zones(h, &c, cl, ncl, r);
    free(cl);
    if (r->why) return;
    if (!r->writes || !r->reads || !r->overlapping) {
        r->verdict = HIST_INCONCLUSIVE;
        r->why = xasprintf("inconclusive: %s", !r->writes ? "no write in the phase" : !r->reads ? "no read in the phase"
                                                                                    : "no read overlapped a write");
    }
}


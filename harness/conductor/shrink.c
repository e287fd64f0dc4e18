/* The shrinker (shrink.h).  Passes, cheapest wins first, repeated until
 * none helps: drop a whole process (each one costs a Wine start per run),
 * or move its work to the failing one; drop chunks of steps (halves,
 * quarters, ... single steps, as ddmin does); then simplify single steps: a string made plain ASCII then shorter, a
 * buffer made smaller, a noload start made a loaded one. */
#include "shrink.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct shrinker {
    struct prog *p;
    size_t fail;
    shrink_test test;
    void *ctx;
    unsigned max;
    enum act_kind kind;  /* the failing action's */
    struct shrink_stats *st;
    uint64_t seen[512];  /* candidates tried already: a second run says the same */
    unsigned nseen;
};

static uint64_t prog_hash(const struct prog *p)
{
    uint64_t h = 0xcbf29ce484222325ull;
#define MIX(v) (h = (h ^ (uint64_t)(v)) * 0x100000001b3ull)
    for (size_t i = 0; i < p->n; i++) {
        const struct act *a = &p->a[i];
        MIX(a->kind); MIX(a->proc); MIX(a->noload); MIX(a->arch); MIX(a->cch); MIX(a->len);
        MIX(a->role); MIX(a->units); MIX(a->die); MIX(a->other);
        for (size_t k = 0; k < a->len; k++) MIX(a->text[k]);
    }
#undef MIX
    return h;
}

static int has_kind(const struct prog *p, enum act_kind k)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->a[i].kind == k) return 1;
    return 0;
}

/* Tries cand (normalized here); on success it replaces the program, cut
 * after its failing action.  Takes cand either way.  One that lost every
 * action of the failing one's kind cannot fail the same way: not run (a
 * normalization drops a phase whose processes were dropped, and a run of a
 * phase's candidate is two or three runs). */
static int try(struct shrinker *sh, struct prog *cand)
{
    size_t fail;
    prog_normalize(cand);
    if (sh->st->tries >= sh->max || !cand->n || prog_equal(cand, sh->p) || !has_kind(cand, sh->kind)) {
        prog_free(cand);
        return 0;
    }
    uint64_t h = prog_hash(cand);
    for (unsigned k = 0; k < sh->nseen; k++)
        if (sh->seen[k] == h) { prog_free(cand); return 0; }
    if (sh->nseen < sizeof sh->seen / sizeof sh->seen[0]) sh->seen[sh->nseen++] = h;
    sh->st->tries++;
    if (!sh->test(cand, sh->ctx, &fail) || fail >= cand->n) { prog_free(cand); return 0; }
    prog_remove(cand, fail + 1, cand->n);
    prog_free(sh->p);
    *sh->p = *cand;
    sh->fail = fail;
    sh->st->accepted++;
    return 1;
}

static int drop_procs(struct shrinker *sh)
{
    int changed = 0;
    for (int q = 0; q < PROG_MAX_PROCS; q++) {
        if (q == sh->p->a[sh->fail].proc) continue;
        struct prog c;
        prog_copy(&c, sh->p);
        size_t k = 0;
        for (size_t i = 0; i < c.n; i++) {
            if (c.a[i].proc == q) free(c.a[i].text); else c.a[k++] = c.a[i];
        }
        if (k == c.n) { prog_free(&c); continue; }
        c.n = k;
        changed |= try(sh, &c);
    }
    return changed;
}

/* Fewer processes also by doing one's work in another: all of q's actions
 * moved to the failing action's process. */
static int merge_procs(struct shrinker *sh)
{
    int changed = 0;
    for (int q = 0; q < PROG_MAX_PROCS && sh->st->tries < sh->max; q++) {
        int to = sh->p->a[sh->fail].proc, used = 0;
        if (q == to) continue;
        struct prog c;
        prog_copy(&c, sh->p);
        for (size_t i = 0; i < c.n; i++) if (c.a[i].proc == q) { c.a[i].proc = to; used = 1; }
        if (!used) { prog_free(&c); continue; }
        changed |= try(sh, &c);
    }
    return changed;
}

static int drop_chunks(struct shrinker *sh)
{
    int changed = 0;
    for (size_t chunk = sh->p->n / 2; chunk >= 1; chunk /= 2) {
        /* From the end: later steps depend on earlier ones, not back. */
        for (size_t end = sh->p->n; end > 0 && sh->st->tries < sh->max; ) {
            size_t from = end > chunk ? end - chunk : 0;
            if (from <= sh->fail && sh->fail < end) { end = from; continue; }  /* keep the failing step */
            struct prog c;
            prog_copy(&c, sh->p);
            prog_remove(&c, from, end - from);
            changed |= try(sh, &c);
            end = from < sh->p->n ? from : sh->p->n;
        }
    }
    return changed;
}

/* Candidate values smaller than cur, ascending. */
static size_t smaller(size_t cur, size_t *out)
{
    const size_t edges[] = { 0, 1, 2, 3, 16, 100, 2046, 2047, 2048, 2049 };
    size_t n = 0, half = cur / 2;
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        if (half > (i ? edges[i - 1] : 0) && half < edges[i] && half < cur) out[n++] = half;
        if (edges[i] < cur) out[n++] = edges[i];
    }
    if (half > 2049 && half < cur) out[n++] = half;
    if (cur > 2050) out[n++] = cur - 1;
    return n;
}

/* The smallest of vals[0..n) (ascending) with which step i still fails,
 * found by bisection: a longer string or a bigger buffer seldom hides what
 * a shorter one shows, and each try is a run. */
static int bisect(struct shrinker *sh, size_t i, int is_len, const size_t *vals, size_t n)
{
    size_t lo = 0, hi = n;
    int changed = 0;
    while (lo < hi && i < sh->p->n && sh->st->tries < sh->max) {
        size_t mid = lo + (hi - lo) / 2;
        struct prog c;
        prog_copy(&c, sh->p);
        if (is_len) c.a[i].len = vals[mid];  /* a prefix of the same text */
        else c.a[i].cch = (uint32_t)vals[mid];
        if (try(sh, &c)) { changed = 1; hi = mid; } else lo = mid + 1;
    }
    return changed;
}

/* A phase's role: shorter values, a shorter phase, a writer that does not
 * die, a plain reader.  Not below 300 units and 100 ms: a shorter write
 * tears too seldom for the file to fail again when replayed once. */
static int simplify_phase(struct shrinker *sh, size_t i)
{
    static const uint32_t units[] = { 300, 1000, 2046 }, ms[] = { 100, 100 };
    int changed = 0;
    for (int k = 0; k < 5 && i < sh->p->n && sh->st->tries < sh->max; k++) {
        struct act *a = &sh->p->a[i];
        struct prog c;
        if (k < 3 && (a->role != ROLE_WRITER || units[k] >= a->units)) continue;
        if (k == 3 && !a->die && a->role != ROLE_THREADS) continue;
        if (k == 4 && a->cch <= ms[0]) continue;
        prog_copy(&c, sh->p);
        struct act *b = &c.a[i];
        if (k < 3) b->units = units[k];
        else if (k == 3) { if (b->die) b->die = 0; else b->role = ROLE_READER; }
        else b->cch = b->cch > ms[1] ? ms[1] : ms[0];
        if (try(sh, &c)) { changed = 1; if (k < 3) k = 2; }   /* the shortest that fails; then go on */
    }
    return changed;
}

/* A race made two plain loads, one after the other: when what fails later
 * needs only both processes holding the DLL. */
static int race_to_loads(struct shrinker *sh, size_t i)
{
    struct prog c;
    prog_copy(&c, sh->p);
    c.a = xrealloc(c.a, (c.n + 1) * sizeof *c.a);
    memmove(&c.a[i + 2], &c.a[i + 1], (c.n - i - 1) * sizeof *c.a);
    c.n++;
    int other = c.a[i].other;
    memset(&c.a[i + 1], 0, sizeof c.a[i + 1]);
    c.a[i].kind = c.a[i + 1].kind = ACT_LOAD;
    c.a[i].other = 0;
    c.a[i + 1].proc = other;
    return try(sh, &c);
}

static int simplify_steps(struct shrinker *sh)
{
    int changed = 0;
    for (size_t i = 0; i < sh->p->n && sh->st->tries < sh->max; i++) {
        const struct act *a = &sh->p->a[i];
        size_t vals[16];
        if (a->kind == ACT_SET) {
            int plain = 1;
            for (size_t k = 0; k < a->len; k++) plain &= a->text[k] == 'x';
            if (!plain) {   /* the same length in plain ASCII */
                struct prog c;
                prog_copy(&c, sh->p);
                for (size_t k = 0; k < c.a[i].len; k++) c.a[i].text[k] = 'x';
                changed |= try(sh, &c);
                if (i >= sh->p->n) break;
            }
            changed |= bisect(sh, i, 1, vals, smaller(sh->p->a[i].len, vals));
        } else if (a->kind == ACT_GET || a->kind == ACT_GET_NULL || a->kind == ACT_SLEEP) {
            changed |= bisect(sh, i, 0, vals, smaller(a->cch, vals));
        } else if (a->kind == ACT_PHASE) {
            changed |= simplify_phase(sh, i);
        } else if (a->kind == ACT_RACE) {
            changed |= race_to_loads(sh, i);
        }
        if (i < sh->p->n && sh->p->a[i].kind != ACT_START && sh->p->a[i].proc != sh->p->a[sh->fail].proc) {
            /* one step moved to the failing process: its other steps may go then */
            struct prog c;
            prog_copy(&c, sh->p);
            c.a[i].proc = c.a[sh->fail].proc;
            changed |= try(sh, &c);
        } else if (i < sh->p->n && sh->p->a[i].kind == ACT_START && sh->p->a[i].noload) {
            struct prog c;
            prog_copy(&c, sh->p);
            c.a[i].noload = 0;
            changed |= try(sh, &c);
        }
    }
    return changed;
}

void shrink(struct prog *p, size_t fail_act, shrink_test test, void *ctx, unsigned max_tries,
            struct shrink_stats *st)
{
    static struct shrinker zero;
    struct shrinker sh = zero;
    sh.p = p; sh.fail = fail_act; sh.test = test; sh.ctx = ctx; sh.max = max_tries; sh.st = st;
    sh.kind = p->a[fail_act].kind;
    memset(st, 0, sizeof *st);
    prog_remove(p, fail_act + 1, p->n);
    for (int round = 0; round < 8 && st->tries < max_tries; round++) {
        int changed = drop_procs(&sh);
        changed |= merge_procs(&sh);
        changed |= drop_chunks(&sh);
        changed |= simplify_steps(&sh);
        if (!changed) break;
    }
    prog_normalize(p);
    prog_compact_procs(p);
}

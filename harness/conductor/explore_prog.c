/* Generating, editing and rendering the explorer's programs
 * (explore_prog.h). */
#include "explore_prog.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const act_names[ACT_NKINDS] = {
    "start", "load", "unload", "set", "set null", "get", "get-null", "exit", "kill", "crash", "sleep", "threads",
    "concurrent phase", "attach sweep", "load race"
};
const char *act_name(enum act_kind k) { return k < ACT_NKINDS ? act_names[k] : "?"; }

uint64_t prog_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned below(uint64_t *s, unsigned n) { return n ? (unsigned)(prog_rand(s) % n) : 0; }

/* ---- strings: lengths around the contract's edges, any UTF-16 ---------- */

static size_t pick_length(uint64_t *s)
{
    static const size_t edges[] = { 0, 1, 2, 2046, 2047, 2048, 5000 };
    unsigned r = below(s, 20);
    if (r < 9) return 1 + below(s, 16);                       /* short */
    size_t n = edges[below(s, sizeof edges / sizeof edges[0])];
    if (r >= 18 && n) n += below(s, 2) ? 1 : (size_t)-1;       /* an edge +-1 */
    return n;
}

static void fill_random_text(uint64_t *s, uint16_t *u, size_t n)
{
    /* BMP units beyond ASCII: Latin-1, Cyrillic, Hebrew, CJK, the euro, the
     * agent's sentinel 0xFEFE, the BOM, the replacement character. */
    static const uint16_t bmp[] = { 0x00e9, 0x00fc, 0x0416, 0x05d0, 0x4e2d, 0x6587, 0x20ac, 0xfefe, 0xfeff, 0xfffd };
    static const uint16_t pairs[][2] = { { 0xd83d, 0xde00 }, { 0xd83c, 0xdf89 }, { 0xd800, 0xdc00 }, { 0xdbff, 0xdfff } };
    static const char ascii[] = "abcXYZ019 \"\\#->*";
    unsigned kind = below(s, 4);
    uint16_t c = (uint16_t)('a' + below(s, 26));
    for (size_t i = 0; i < n; i++) {
        unsigned r = below(s, 8);
        if (kind == 0) u[i] = c;                                               /* C*N */
        else if (kind == 1 || r < 3) u[i] = (uint16_t)ascii[below(s, sizeof ascii - 1)];
        else if (kind == 2 || r < 6 || i + 1 == n) u[i] = bmp[below(s, sizeof bmp / sizeof bmp[0])];
        else if (r == 7 && below(s, 8) == 0) u[i] = pairs[below(s, 4)][below(s, 2)];  /* a lone surrogate */
        else { const uint16_t *pr = pairs[below(s, 4)]; u[i] = pr[0]; u[++i] = pr[1]; }
    }
}

static uint32_t pick_cch(uint64_t *s, size_t len)
{
    uint32_t L = (uint32_t)len;
    const uint32_t c[] = { 0, 1, 2, L, L + 1, L ? L - 1 : 0, L + 2, 2048, 4096, 1 + below(s, 64) };
    return c[below(s, sizeof c / sizeof c[0])];
}

/* ---- generation ---------------------------------------------------------- */

static struct act *push(struct prog *p, enum act_kind k, int proc)
{
    p->a = xrealloc(p->a, (p->n + 1) * sizeof *p->a);
    struct act *a = &p->a[p->n++];
    memset(a, 0, sizeof *a);
    a->arch = ARCH_ANY;
    a->kind = k;
    a->proc = proc;
    return a;
}

/* A process started without the DLL. */
static void push_start_bare(struct prog *p, struct model *m, uint64_t *s, int proc, const struct gen_opts *o)
{
    struct act *a = push(p, ACT_START, proc);
    a->noload = 1;
    a->arch = o->mixed ? (int)below(s, 2) : ARCH_ANY;
    model_start(m, proc, 0);
}

static void push_start(struct prog *p, struct model *m, uint64_t *s, int proc, const struct gen_opts *o)
{
    struct act *a = push(p, ACT_START, proc);
    a->noload = below(s, 5) == 0;
    a->arch = o->mixed ? (int)below(s, 2) : ARCH_ANY;
    model_start(m, proc, !a->noload);
}

/* A concurrent phase begun by q: q writes; each other loaded process
 * joins at random as a writer, a reader or a reader by new threads; at
 * least one reads; now and then a writer dies in a write. */
static void push_phase(struct prog *p, struct model *m, uint64_t *s, int q, int nprocs)
{
    static const uint32_t ms[] = { 50, 100, 200 };
    uint32_t len = ms[below(s, 3)];
    int who[PROG_MAX_PROCS], n = 0, readers = 0;
    who[n++] = q;
    for (int r = 0; r < nprocs; r++)
        if (r != q && m->proc[r] == MP_LOADED && below(s, 4) != 0) who[n++] = r;
    if (n == 1) return;   /* nobody to read: the phase would say nothing */
    size_t first = p->n;
    for (int k = 0; k < n; k++) {
        struct act *a = push(p, ACT_PHASE, who[k]);
        unsigned r = below(s, 8);
        a->cch = len;
        a->role = k == 0 ? ROLE_WRITER : r < 2 ? ROLE_WRITER : r < 6 ? ROLE_READER : ROLE_THREADS;
        if (k == n - 1 && !readers && n > 1) a->role = below(s, 4) ? ROLE_READER : ROLE_THREADS;
        readers += a->role != ROLE_WRITER;
        if (a->role == ROLE_WRITER) {
            static const uint32_t units[] = { 40, 300, 1000, 2046, 2047 };
            a->units = units[below(s, 5)];
        }
    }
    /* One writer dies, when someone else stays to read and write after it. */
    if (n > 1 && below(s, 4) == 0) {
        struct act *w = &p->a[first + below(s, (unsigned)n)];
        if (w->role == ROLE_WRITER) { w->die = 1; model_end(m, w->proc); }
    }
}

/* Every holder lets go at once (unload, exit, kill or crash): the only
 * way to see whether the block's lifetime ends.  Then, with nobody
 * holding the DLL, one of three follow-ups. */
static void push_all_let_go(struct prog *p, struct model *m, uint64_t *s, int nprocs, const struct gen_opts *o)
{
    static const enum act_kind ends[] = { ACT_UNLOAD, ACT_UNLOAD, ACT_UNLOAD, ACT_UNLOAD, ACT_EXIT, ACT_KILL, ACT_CRASH };
    for (int q = 0; q < nprocs; q++)
        if (m->proc[q] == MP_LOADED) {
            struct act *a = push(p, ends[below(s, 7)], q);
            if (a->kind == ACT_UNLOAD) model_unload(m, q); else model_end(m, q);
        }
    /* A process without the DLL sweeps the attach's Win32 calls, ... */
    int q = (int)below(s, (unsigned)nprocs);
    if (below(s, 4) == 0 && m->proc[q] != MP_LOADED) {
        if (m->proc[q] == MP_DOWN) push_start_bare(p, m, s, q, o);
        push(p, ACT_SWEEP, q);
        return;
    }
    /* ... or two processes load it at once, the second one writing, ... */
    int r2 = (q + 1 + (int)below(s, (unsigned)(nprocs - 1))) % nprocs;
    if (below(s, 4) == 0 && nprocs > 1 && m->proc[q] != MP_LOADED && m->proc[r2] != MP_LOADED) {
        int both[2] = { q, r2 };
        for (int k = 0; k < 2; k++)
            if (m->proc[both[k]] == MP_DOWN) push_start_bare(p, m, s, both[k], o);
        push(p, ACT_RACE, q)->other = r2;
        model_load(m, q);
        model_load(m, r2);
        return;
    }
    /* ... or, often, a process attaches again at once and reads: a block
     * that outlived its holders shows there. */
    if (below(s, 2) && m->proc[q] != MP_LOADED) {
        if (m->proc[q] == MP_UP) { push(p, ACT_LOAD, q); model_load(m, q); }
        else push_start(p, m, s, q, o);
        if (m->proc[q] == MP_LOADED) push(p, ACT_GET, q)->cch = 4096;
    }
}

/* Weights of (action, process) pairs, by the process's state. */
static const unsigned *action_weights(enum model_proc state)
{
    static const unsigned w_loaded[ACT_NKINDS] = { 0, 0, 6, 16, 2, 20, 2, 3, 3, 1, 1, 4, 10, 0, 0 };
    static const unsigned w_up[ACT_NKINDS] = { 0, 10, 0, 0, 0, 0, 0, 2, 2, 1, 1, 0, 0, 0, 0 };
    static const unsigned w_down[ACT_NKINDS] = { 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    return state == MP_LOADED ? w_loaded : state == MP_UP ? w_up : w_down;
}

/* An (action, process) pair drawn by the weights; the action returned,
 * the process in *proc. */
static enum act_kind pick_action(const struct model *m, uint64_t *s, int nprocs, int *proc)
{
    unsigned total = 0;
    for (int q = 0; q < nprocs; q++) {
        const unsigned *w = action_weights(m->proc[q]);
        for (int k = 0; k < ACT_NKINDS; k++) total += w[k];
    }
    unsigned r = below(s, total);
    int q = 0, k = 0;
    for (q = 0; q < nprocs; q++) {
        const unsigned *w = action_weights(m->proc[q]);
        for (k = 0; k < ACT_NKINDS; k++) { if (r < w[k]) break; r -= w[k]; }
        if (k < ACT_NKINDS) break;
    }
    *proc = q;
    return (enum act_kind)k;
}

/* One action of process q, with its arguments drawn. */
static void push_action(struct prog *p, struct model *m, uint64_t *s, int q, enum act_kind k)
{
    struct act *a = push(p, k, q);
    switch (a->kind) {
    case ACT_LOAD: model_load(m, q); break;
    case ACT_UNLOAD: model_unload(m, q); break;
    case ACT_SET:
        a->len = pick_length(s);
        a->text = xmalloc((a->len ? a->len : 1) * sizeof *a->text);
        fill_random_text(s, a->text, a->len);
        model_set(m, q, a->text, a->len);
        break;
    case ACT_GET: a->cch = pick_cch(s, m->len); break;
    case ACT_GET_NULL: { static const uint32_t c[] = { 0, 1, 100, 4096 }; a->cch = c[below(s, 4)]; break; }
    case ACT_EXIT: case ACT_KILL: case ACT_CRASH: model_end(m, q); break;
    case ACT_THREADS: {
        /* ... and the same process reads at once: a DLL that a thread's
         * end broke shows there. */
        static const uint32_t n[] = { 1, 2, 8 };
        a->cch = n[below(s, 3)];
        push(p, ACT_GET, q)->cch = 4096;
        break;
    }
    case ACT_SLEEP: {
        /* Time changes nothing in the contract; a DLL that does something
         * late (a clear 300 ms after the first attach) shows. */
        static const uint32_t ms[] = { 10, 100, 350 };
        a->cch = ms[below(s, 3)];
        break;
    }
    default: break;
    }
}

void prog_generate(struct prog *p, uint64_t seed, const struct gen_opts *o)
{
    uint64_t s = seed;
    struct model m;
    model_init(&m);
    memset(p, 0, sizeof *p);
    /* Mostly 2 or 3 processes: the block's lifetime ends only when every
     * holder has let go, which few processes do more often. */
    unsigned np = below(&s, 10);
    int nprocs = np < 4 ? 2 : np < 7 ? 3 : 4 + (int)below(&s, PROG_MAX_PROCS - 3);
    int first = 1 + (int)below(&s, (unsigned)nprocs);
    for (int i = 0; i < first; i++) push_start(p, &m, &s, i, o);
    int steps = 4 + (int)below(&s, (unsigned)(o->max_steps > 4 ? o->max_steps - 3 : 1));
    for (int step = 0; step < steps; step++) {
        if (model_holders(&m) && below(&s, 10) == 0) {
            push_all_let_go(p, &m, &s, nprocs, o);
            continue;
        }
        int q;
        enum act_kind k = pick_action(&m, &s, nprocs, &q);
        if (k == ACT_START) push_start(p, &m, &s, q, o);
        else if (k == ACT_PHASE) push_phase(p, &m, &s, q, nprocs);
        else push_action(p, &m, &s, q, k);
    }
}

/* ---- editing ------------------------------------------------------------- */

static void act_copy(struct act *d, const struct act *a)
{
    *d = *a;
    if (a->text) {
        d->text = xmalloc((a->len ? a->len : 1) * sizeof *d->text);
        memcpy(d->text, a->text, a->len * sizeof *d->text);
    }
}

void prog_copy(struct prog *d, const struct prog *s)
{
    d->n = s->n;
    d->a = xcalloc(s->n ? s->n : 1, sizeof *d->a);
    for (size_t i = 0; i < s->n; i++) act_copy(&d->a[i], &s->a[i]);
}

void prog_free(struct prog *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->a[i].text);
    free(p->a);
    p->a = NULL;
    p->n = 0;
}

void prog_remove(struct prog *p, size_t from, size_t count)
{
    if (from >= p->n) return;
    if (count > p->n - from) count = p->n - from;
    for (size_t i = from; i < from + count; i++) free(p->a[i].text);
    memmove(&p->a[from], &p->a[from + count], (p->n - from - count) * sizeof *p->a);
    p->n -= count;
}

int prog_equal(const struct prog *x, const struct prog *y)
{
    if (x->n != y->n) return 0;
    for (size_t i = 0; i < x->n; i++) {
        const struct act *a = &x->a[i], *b = &y->a[i];
        if (a->kind != b->kind || a->proc != b->proc || a->noload != b->noload || a->arch != b->arch
            || a->cch != b->cch || a->role != b->role || a->units != b->units || a->die != b->die
            || a->other != b->other || a->len != b->len || (a->len && memcmp(a->text, b->text, a->len * sizeof *a->text)))
            return 0;
    }
    return 1;
}

/* Applies a to the model; -1 (model unchanged) when its state forbids it. */
static int apply(struct model *m, const struct act *a)
{
    switch (a->kind) {
    case ACT_START: return model_start(m, a->proc, !a->noload);
    case ACT_LOAD: return model_load(m, a->proc);
    case ACT_UNLOAD: return model_unload(m, a->proc);
    case ACT_SET: return model_set(m, a->proc, a->text, a->len);
    case ACT_SET_NULL: return model_set(m, a->proc, NULL, 0);
    case ACT_GET: case ACT_GET_NULL: case ACT_THREADS: return m->proc[a->proc] == MP_LOADED ? 0 : -1;
    case ACT_SWEEP: return m->proc[a->proc] == MP_UP && !model_holders(m) ? 0 : -1;
    case ACT_RACE: {
        static const uint16_t race[] = { 'l', 'o', 'a', 'd', ' ', 'r', 'a', 'c', 'e' };
        if (a->other == a->proc || m->proc[a->proc] != MP_UP || m->proc[a->other] != MP_UP || model_holders(m))
            return -1;
        model_load(m, a->proc);
        model_load(m, a->other);
        return model_set(m, a->other, race, sizeof race / sizeof race[0]);
    }
    case ACT_PHASE:
        if (m->proc[a->proc] != MP_LOADED) return -1;
        return a->die ? model_end(m, a->proc) : 0;
    case ACT_EXIT: case ACT_KILL: case ACT_CRASH: return model_end(m, a->proc);
    case ACT_SLEEP: return m->proc[a->proc] != MP_DOWN ? 0 : -1;
    default: return -1;
    }
}

static size_t phase_end(const struct prog *p, size_t i, const struct model *m);

/* Whether anyone reads in the phase p->a[i..end]: one nobody reads in says
 * nothing (the generator never makes one), and a shrinker's run of it is a
 * wasted one. */
static int phase_read(const struct prog *p, size_t i, size_t end)
{
    for (; i <= end; i++)
        if (p->a[i].role != ROLE_WRITER) return 1;
    return 0;
}

void prog_normalize(struct prog *p)
{
    struct model m;
    model_init(&m);
    size_t in_phase = 0;   /* the actions up to here are of a phase already read in */
    for (size_t i = 0; i < p->n; ) {
        if (p->a[i].kind == ACT_PHASE && i >= in_phase && m.proc[p->a[i].proc] == MP_LOADED) {
            size_t end = phase_end(p, i, &m);
            if (!phase_read(p, i, end)) { prog_remove(p, i, end - i + 1); continue; }
            in_phase = end + 1;
        }
        if (apply(&m, &p->a[i])) { prog_remove(p, i, 1); if (in_phase > i) in_phase--; } else i++;
    }
}

void prog_compact_procs(struct prog *p)
{
    int map[PROG_MAX_PROCS], next = 0;
    for (int i = 0; i < PROG_MAX_PROCS; i++) map[i] = -1;
    for (size_t i = 0; i < p->n; i++) {
        int *m = &map[p->a[i].proc];
        if (*m < 0) *m = next++;
        p->a[i].proc = *m;
        if (p->a[i].kind == ACT_RACE) {
            int *o = &map[p->a[i].other];
            if (*o < 0) *o = next++;
            p->a[i].other = *o;
        }
    }
}

/* ---- rendering ----------------------------------------------------------- */

static int uniform_alnum(const uint16_t *u, size_t n)
{
    if (n < 4 || u[0] > 0x7e || !isalnum(u[0])) return 0;  /* "ab" reads better than a*2 */
    for (size_t i = 1; i < n; i++) if (u[i] != u[0]) return 0;
    return 1;
}

/* C*N when that says it, else a literal with \uXXXX escapes. */
static void put_text(struct sb *sb, const uint16_t *u, size_t n)
{
    if (uniform_alnum(u, n)) { sb_printf(sb, "%c*%lu", (char)u[0], (unsigned long)n); return; }
    sb_puts(sb, "\"");
    for (size_t i = 0; i < n; i++) {
        if (u[i] == '"' || u[i] == '\\') sb_printf(sb, "\\%c", (char)u[i]);
        else if (u[i] >= 0x20 && u[i] <= 0x7e) sb_printf(sb, "%c", (char)u[i]);
        else sb_printf(sb, "\\u%04x", u[i]);
    }
    sb_puts(sb, "\"");
}


static void set_line(struct rendered *r, int line, int act)
{
    if (line >= r->nlines) {
        r->line_act = xrealloc(r->line_act, (size_t)(line + 1) * sizeof *r->line_act);
        for (int i = r->nlines; i <= line; i++) r->line_act[i] = -1;
        r->nlines = line + 1;
    }
    if (act >= 0) r->line_act[line] = act;
}

/* The phase that starts at p->a[i]: the following ACT_PHASE actions of
 * distinct processes holding the DLL; returns its last action's index. */
static size_t phase_end(const struct prog *p, size_t i, const struct model *m)
{
    int in[PROG_MAX_PROCS] = { 0 };
    size_t j = i;
    in[p->a[i].proc] = 1;
    while (j + 1 < p->n && p->a[j + 1].kind == ACT_PHASE && !in[p->a[j + 1].proc]
           && m->proc[p->a[j + 1].proc] == MP_LOADED)
        in[p->a[++j].proc] = 1;
    return j;
}

static void phase_value(uint16_t *u, size_t *n, unsigned long w, unsigned long seq)
{
    char head[40];
    int k = snprintf(head, sizeof head, "%lu.%lu.24:", w, seq);
    /* the padding the agent's history command expects of W.SEQ */
    for (int c = 0; c < 24; c++) u[c] = c < k ? (uint16_t)head[c] : (uint16_t)('a' + (w + seq) % 26);
    *n = 24;
}

/* A phase, as the agent's history commands (harness/PROTOCOL.md,
 * "Histories"): the value before it is set first (0.K, K the phase's
 * number), every role runs in the background, the waits, the check, the
 * kills of the writers that died, and a set by a survivor (the value after
 * a phase is any of its writes: the model knows it again from there).
 * Every line is the phase's last action's: a failure keeps the phase whole. */
static size_t render_phase(const struct prog *p, size_t i, struct model *m, struct sb *sb, struct rendered *r, int *line)
{
    size_t last = phase_end(p, i, m), k = i + 1;
    uint16_t v[24];
    size_t vn;
    int writers = 0, survivor = -1;
    char *names = xstrdup("");
    phase_value(v, &vn, 0, (unsigned long)k);
    model_set(m, p->a[i].proc, v, vn);
    sb_printf(sb, "%c: set ", 'a' + p->a[i].proc);
    put_text(sb, v, vn);
    sb_puts(sb, "\n");
    set_line(r, ++*line, (int)last);
    for (size_t j = i; j <= last; j++) {
        const struct act *a = &p->a[j];
        char c = (char)('a' + a->proc);
        sb_printf(sb, "%c: history %lu h%lu%c ", c, (unsigned long)a->cch, (unsigned long)k, c);
        if (a->role == ROLE_WRITER)
            sb_printf(sb, "writer %lu %lu%s &\n", (unsigned long)(j + 1), (unsigned long)a->units, a->die ? " die" : "");
        else sb_printf(sb, "%s &\n", a->role == ROLE_READER ? "reader" : "threads");
        set_line(r, ++*line, (int)last);
        writers += a->role == ROLE_WRITER;
        if (!a->die) survivor = a->proc;
        char *more = xasprintf("%s h%lu%c", names, (unsigned long)k, c);
        free(names);
        names = more;
        r->nactions++;
    }
    for (size_t j = i; j <= last; j++) {
        sb_printf(sb, "wait %c\n", 'a' + p->a[j].proc);
        set_line(r, ++*line, (int)last);
    }
    sb_printf(sb, "check-history init=0.%lu%s\n", (unsigned long)k, names);
    set_line(r, ++*line, (int)last);
    free(names);
    for (size_t j = i; j <= last; j++)
        if (p->a[j].die) {
            sb_printf(sb, "kill %c\n", 'a' + p->a[j].proc);
            set_line(r, ++*line, (int)last);
            model_end(m, p->a[j].proc);
        }
    for (int q = 0; survivor < 0 && q < PROG_MAX_PROCS; q++)
        if (m->proc[q] == MP_LOADED) survivor = q;   /* every writer died: someone else sets */
    if (writers && survivor >= 0) {
        static const char after[] = "after the phase";
        for (vn = 0; after[vn]; vn++) v[vn] = (uint16_t)after[vn];
        model_set(m, survivor, v, vn);
        sb_printf(sb, "%c: set \"%s\"\n", 'a' + survivor, after);
        set_line(r, ++*line, (int)last);
    }
    return last;
}

static void render_comments(const char *comments, struct sb *sb, struct rendered *r, int *line)
{
    for (const char *c = comments; *c; ) {
        size_t n = strcspn(c, "\n");
        sb_printf(sb, "# %.*s\n", (int)n, c);
        set_line(r, ++*line, -1);
        c += n + (c[n] == '\n');
    }
}

/* Starts in a row with the same options share a line: they start at
 * once, so their start-up costs overlap.  Returns the last one's index. */
static size_t render_starts(const struct prog *p, size_t i, struct model *m, struct sb *sb, struct rendered *r)
{
    const struct act *a = &p->a[i];
    sb_printf(sb, "start %c", (char)('a' + a->proc));
    while (i + 1 < p->n && p->a[i + 1].kind == ACT_START && p->a[i + 1].noload == a->noload
           && p->a[i + 1].arch == a->arch && model_start(m, p->a[i + 1].proc, !a->noload) == 0) {
        sb_printf(sb, " %c", (char)('a' + p->a[++i].proc));
        r->nactions++;
    }
    sb_printf(sb, "%s%s%s\n", a->arch == ARCH_ANY ? "" : " ", a->arch == ARCH_ANY ? "" : arch_word(a->arch),
              a->noload ? " noload" : "");
    return i;
}

/* The lines of action i (already applied to m), the first one numbered
 * *line; *line ends on the last. */
static void render_act(const struct prog *p, size_t i, const struct model *m, struct sb *sb, struct rendered *r, int *line)
{
    const struct act *a = &p->a[i];
    char name = (char)('a' + a->proc);
    switch (a->kind) {
    case ACT_LOAD: sb_printf(sb, "%c: load\n", name); break;
    case ACT_UNLOAD: sb_printf(sb, "%c: unload\n", name); break;
    case ACT_SET:
        sb_printf(sb, "%c: set ", name);
        if (a->len) put_text(sb, a->text, a->len); else sb_puts(sb, "\"\"");
        sb_puts(sb, "\n");
        break;
    case ACT_SET_NULL: sb_printf(sb, "%c: set null\n", name); break;
    case ACT_GET: {
        const uint16_t *t;
        long k = model_get(m, a->proc, a->cch, &t);
        sb_printf(sb, "%c: get %lu -> ", name, (unsigned long)a->cch);
        if (k < 0) sb_puts(sb, "len == -1, touched == 0\n");
        else if (k == 0) sb_puts(sb, "empty\n");
        else { put_text(sb, t, (size_t)k); sb_puts(sb, "\n"); }
        break;
    }
    case ACT_GET_NULL: sb_printf(sb, "%c: get-null %lu\n", name, (unsigned long)a->cch); break;
    case ACT_SLEEP: sb_printf(sb, "%c: sleep %lu\n", name, (unsigned long)a->cch); break;
    case ACT_THREADS: sb_printf(sb, "%c: threads %lu\n", name, (unsigned long)a->cch); break;
    /* (not cases > 0: a DLL with no call to sweep is no defect) */
    case ACT_SWEEP: sb_printf(sb, "%c: sweep -> crashed == 0, hung == 0, harmful == 0\n", name); break;
    case ACT_RACE: {
        /* name creates the block (a head start of 20 ms), other attaches
         * while name may still be in its DllMain, and writes. */
        char o = (char)('a' + a->other);
        sb_printf(sb, "%c: load &\n%c: sleep 20\n%c: load\n%c: set \"load race\"\nwait %c\n%c: get 100 -> \"load race\"\n",
                  name, o, o, o, name, name);
        for (int k = 0; k < 5; k++) set_line(r, (*line)++, (int)i);
        break;
    }
    case ACT_EXIT: sb_printf(sb, "exit %c -> code 0\n", name); break;
    case ACT_KILL: sb_printf(sb, "kill %c\n", name); break;
    case ACT_CRASH:
        /* The kill after it only frees the name for a later start. */
        sb_printf(sb, "%c: crash -> crash\nkill %c\n", name, name);
        set_line(r, (*line)++, (int)i);
        break;
    default: break;
    }
}

#define SWEEP_STEP_MS 120000

void prog_render(const struct prog *p, const char *title, const char *comments, struct rendered *r)
{
    struct sb sb;
    struct model m;
    int line = 0;
    memset(r, 0, sizeof *r);
    sb_init(&sb);
    model_init(&m);
    if (comments) render_comments(comments, &sb, r, &line);
    sb_printf(&sb, "title: %s\n", title);
    set_line(r, ++line, -1);
    for (size_t i = 0; i < p->n; i++)
        if (p->a[i].kind == ACT_SWEEP) {
            /* An attach sweep starts a child per Win32 call and failure:
             * its own scenario's step time (scenarios/attach-sweep.scn),
             * so that a loaded machine never makes it a timeout. */
            sb_printf(&sb, "timeout: %d\n", SWEEP_STEP_MS);
            set_line(r, ++line, -1);
            break;
        }
    for (size_t i = 0; i < p->n; i++) {
        const struct act *a = &p->a[i];
        if (a->kind == ACT_PHASE && m.proc[a->proc] == MP_LOADED) {
            i = render_phase(p, i, &m, &sb, r, &line);
            continue;
        }
        if (apply(&m, a)) continue;
        r->nactions++;
        line++;
        if (a->kind == ACT_START) i = render_starts(p, i, &m, &sb, r);
        else render_act(p, i, &m, &sb, r, &line);
        set_line(r, line, (int)i);
    }
    r->text = sb_steal(&sb);
}

void rendered_free(struct rendered *r)
{
    free(r->text);
    free(r->line_act);
    memset(r, 0, sizeof *r);
}

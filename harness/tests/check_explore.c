/* Unit tests for the explorer's pure parts: the model of the contract
 * (every rule of the README's table, each one a test that a wrong model
 * fails), program generation and rendering (every rendered program parses
 * and predicts what the model says), and the shrinker against simulated
 * defective DLLs. */
#include "explore_fail.h"
#include "explore_prog.h"
#include "model.h"
#include "scenario.h"
#include "shrink.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static uint16_t xs[5000];

static void fill(uint16_t c) { for (size_t i = 0; i < 5000; i++) xs[i] = c; }

/* ---- the model ----------------------------------------------------------- */

START_TEST(model_empty_when_created)
{
    struct model m;
    const uint16_t *t;
    model_init(&m);
    ck_assert_int_eq(model_start(&m, 0, 1), 0);
    ck_assert_int_eq(model_get(&m, 0, 100, &t), 0);
    ck_assert_int_eq(model_start(&m, 0, 1), -1);          /* already running */
}
END_TEST

START_TEST(model_truncates_at_2047)
{
    static const size_t len[] = { 0, 1, 2046, 2047, 2048, 5000 };
    static const long want[] = { 0, 1, 2046, 2047, 2047, 2047 };
    struct model m;
    const uint16_t *t;
    fill('w');
    model_init(&m);
    model_start(&m, 0, 1);
    for (size_t i = 0; i < sizeof len / sizeof len[0]; i++) {
        ck_assert_int_eq(model_set(&m, 0, xs, len[i]), 0);
        ck_assert_int_eq(model_get(&m, 0, 4096, &t), want[i]);
    }
    ck_assert_int_eq(t[2046], 'w');
}
END_TEST

START_TEST(model_get_sizes)
{
    struct model m;
    const uint16_t *t;
    fill('v');
    model_init(&m);
    model_start(&m, 0, 1);
    model_set(&m, 0, xs, 10);
    ck_assert_int_eq(model_get(&m, 0, 0, &t), -1);    /* nothing written */
    ck_assert_int_eq(model_get(&m, 0, 1, &t), 0);     /* the terminator only */
    ck_assert_int_eq(model_get(&m, 0, 2, &t), 1);
    ck_assert_int_eq(model_get(&m, 0, 10, &t), 9);    /* one short */
    ck_assert_int_eq(model_get(&m, 0, 11, &t), 10);   /* exactly */
    ck_assert_int_eq(model_get(&m, 0, 4096, &t), 10);
    ck_assert_int_eq(model_get(&m, 1, 4096, &t), -2); /* not a holder */
}
END_TEST

START_TEST(model_null_changes_nothing)
{
    struct model m;
    const uint16_t *t;
    fill('n');
    model_init(&m);
    model_start(&m, 0, 1);
    model_set(&m, 0, xs, 6);
    ck_assert_int_eq(model_set(&m, 0, NULL, 0), 0);
    ck_assert_int_eq(model_get(&m, 0, 100, &t), 6);
}
END_TEST

START_TEST(model_lifetime)
{
    struct model m;
    const uint16_t *t;
    fill('k');
    model_init(&m);
    model_start(&m, 0, 1);
    model_start(&m, 1, 1);
    model_start(&m, 2, 0);                               /* noload: holds nothing */
    model_set(&m, 0, xs, 4);
    ck_assert_int_eq(model_holders(&m), 2);
    ck_assert_int_eq(model_unload(&m, 0), 0);
    ck_assert_int_eq(model_unload(&m, 0), -1);
    ck_assert_int_eq(model_get(&m, 1, 100, &t), 4);      /* kept by b */
    ck_assert_int_eq(model_load(&m, 0), 0);
    ck_assert_int_eq(model_get(&m, 0, 100, &t), 4);      /* reattached: the same register */
    ck_assert_int_eq(model_end(&m, 0), 0);               /* exit, kill, crash alike */
    ck_assert_int_eq(model_end(&m, 1), 0);
    ck_assert_int_eq(model_holders(&m), 0);
    ck_assert_int_eq(model_load(&m, 2), 0);              /* a new register */
    ck_assert_int_eq(model_get(&m, 2, 100, &t), 0);
    ck_assert_int_eq(model_end(&m, 5), -1);              /* never started */
}
END_TEST

/* ---- programs ------------------------------------------------------------ */

static struct act *add(struct prog *p, enum act_kind k, int proc)
{
    p->a = realloc(p->a, (p->n + 1) * sizeof *p->a);
    struct act *a = &p->a[p->n++];
    memset(a, 0, sizeof *a);
    a->arch = ARCH_ANY;
    a->kind = k;
    a->proc = proc;
    return a;
}

/* The rendered program parsed back, as the explorer does; it must parse. */
static struct scenario *parse_rendered(const struct rendered *r)
{
    char err[256];
    struct scenario *s = scenario_parse("dir/x.scn", r->text, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    return s;
}

/* failure_of for a run of s that ended with outcome o at the step on line,
 * failing check k (field: CHECK_FIELD's), as run.c records it. */
static int failure_for(const struct scenario *s, const struct rendered *r, const struct prog *p, enum outcome o,
                       int line, enum check_kind k, const char *field, struct failure *f)
{
    struct verdict res;
    memset(&res, 0, sizeof res);
    res.outcome = o;
    res.step_line = line;
    res.check = k;
    res.field = (char *)field;
    return failure_of(&res, s, r, p, f);
}

static void add_set(struct prog *p, int proc, const uint16_t *u, size_t n)
{
    struct act *a = add(p, ACT_SET, proc);
    a->text = malloc((n ? n : 1) * sizeof *u);
    memcpy(a->text, u, n * sizeof *u);
    a->len = n;
}

START_TEST(render_exact)
{
    struct prog p = { NULL, 0 };
    static const uint16_t he[] = { 'h', 0xe9, '"', 0xd83d, 0xde00 };
    fill('z');
    add(&p, ACT_START, 0);
    add(&p, ACT_START, 1);
    add_set(&p, 0, he, 5);
    add(&p, ACT_GET, 1)->cch = 3;
    add(&p, ACT_GET, 1)->cch = 0;
    add(&p, ACT_GET, 1)->cch = 1;
    add(&p, ACT_LOAD, 1);                                /* loaded already: left out */
    add(&p, ACT_CRASH, 0);
    add(&p, ACT_SET, 0);                                 /* a is gone: left out */
    add(&p, ACT_START, 0)->noload = 1;
    add(&p, ACT_LOAD, 0);
    add_set(&p, 0, xs, 2048);
    add(&p, ACT_GET, 1)->cch = 4096;
    add(&p, ACT_SET_NULL, 1);
    add(&p, ACT_GET_NULL, 1)->cch = 7;
    add(&p, ACT_SLEEP, 1)->cch = 350;
    add(&p, ACT_EXIT, 1);
    add(&p, ACT_KILL, 0);
    struct rendered r;
    prog_render(&p, "t", "one\ntwo", &r);
    ck_assert_str_eq(r.text,
        "# one\n# two\ntitle: t\n"
        "start a b\n"
        "a: set \"h\\u00e9\\\"\\ud83d\\ude00\"\n"
        "b: get 3 -> \"h\\u00e9\"\n"
        "b: get 0 -> len == -1, touched == 0\n"
        "b: get 1 -> empty\n"
        "a: crash -> crash\nkill a\n"
        "start a noload\n"
        "a: load\n"
        "a: set z*2048\n"
        "b: get 4096 -> z*2047\n"
        "b: set null\n"
        "b: get-null 7\n"
        "b: sleep 350\n"
        "exit b -> code 0\n"
        "kill a\n");
    ck_assert_uint_eq(r.nactions, 16);
    ck_assert_int_eq(r.line_act[4], 1);                  /* start a b: its last action */
    ck_assert_int_eq(r.line_act[9], 7);                  /* kill a after the crash */
    ck_assert_int_eq(r.line_act[19], 17);
    char err[256];
    struct scenario *s = scenario_parse("t.scn", r.text, err, sizeof err);
    ck_assert_msg(s != NULL, "%s", err);
    ck_assert_uint_eq(s->steps[11].expect.text_len, 2047);
    scenario_free(s);
    rendered_free(&r);
    prog_normalize(&p);
    ck_assert_uint_eq(p.n, 16);
    prog_free(&p);
}
END_TEST

/* Every generated program renders into a scenario the parser accepts, the
 * same seed gives the same program, and the edges come up. */
START_TEST(generate_many)
{
    struct gen_opts o = { 24, _i & 1 };
    int seen_long = 0, seen_pair = 0, seen_zero = 0, seen_kinds[ACT_NKINDS] = { 0 };
    for (uint64_t seed = 0; seed < 300; seed++) {
        struct prog p, q;
        prog_generate(&p, seed, &o);
        prog_generate(&q, seed, &o);
        ck_assert(prog_equal(&p, &q));
        struct prog c;
        prog_copy(&c, &p);
        prog_normalize(&c);
        ck_assert_msg(prog_equal(&c, &p), "seed %llu: a generated action is not valid", (unsigned long long)seed);
        for (size_t i = 0; i < p.n; i++) {
            seen_kinds[p.a[i].kind] = 1;
            if (p.a[i].kind == ACT_SET && p.a[i].len >= 2048) seen_long = 1;
            if (p.a[i].kind == ACT_GET && p.a[i].cch == 0) seen_zero = 1;
            for (size_t k = 0; p.a[i].kind == ACT_SET && k + 1 < p.a[i].len; k++)
                if (p.a[i].text[k] >= 0xd800 && p.a[i].text[k] < 0xdc00 && p.a[i].text[k + 1] >= 0xdc00) seen_pair = 1;
        }
        struct rendered r;
        prog_render(&p, "t", NULL, &r);
        char err[256];
        struct scenario *s = scenario_parse("t.scn", r.text, err, sizeof err);
        ck_assert_msg(s != NULL, "seed %llu: %s\n%s", (unsigned long long)seed, err, r.text);
        ck_assert_int_le(s->nprocs, PROG_MAX_PROCS);
        scenario_free(s);
        rendered_free(&r);
        prog_free(&p);
        prog_free(&q);
        prog_free(&c);
    }
    ck_assert(seen_long && seen_pair && seen_zero);
    for (int k = 0; k < ACT_NKINDS; k++) ck_assert_msg(seen_kinds[k], "no %s generated", act_name(k));
}
END_TEST

/* ---- failures: which action, which check ----------------------------------- */

/* A concurrent phase renders as the agent's history commands: the value
 * before it, the roles in the background, the waits, the check, the kill
 * of the writer that died, and a set by a survivor that the model then
 * predicts; a failure of its check is the phase's, as a torn read. */
START_TEST(render_phase)
{
    struct prog p = { NULL, 0 };
    add(&p, ACT_START, 0);
    add(&p, ACT_START, 1);
    add(&p, ACT_START, 2);
    struct act *w = add(&p, ACT_PHASE, 0);
    w->role = ROLE_WRITER; w->units = 300; w->cch = 50; w->die = 1;
    add(&p, ACT_PHASE, 1)->role = ROLE_READER;
    p.a[4].cch = 50;
    add(&p, ACT_PHASE, 2)->role = ROLE_THREADS;
    p.a[5].cch = 50;
    add(&p, ACT_GET, 2)->cch = 100;
    add(&p, ACT_THREADS, 1)->cch = 2;
    struct rendered r;
    prog_render(&p, "t", NULL, &r);
    static const char want[] =
        "title: t\n"
        "start a b c\n"
        "a: set \"0.4.24:eeeeeeeeeeeeeeeee\"\n"
        "a: history 50 h4a writer 4 300 die &\n"
        "b: history 50 h4b reader &\n"
        "c: history 50 h4c threads &\n"
        "wait a\nwait b\nwait c\n"
        "check-history init=0.4 h4a h4b h4c\n"
        "kill a\n"
        "c: set \"after the phase\"\n"
        "c: get 100 -> \"after the phase\"\n"
        "b: threads 2\n";
    ck_assert_str_eq(r.text, want);
    struct scenario *s = parse_rendered(&r);
    struct failure f;
    ck_assert_int_eq(failure_for(s, &r, &p, OUT_FAIL, 10, CHECK_TORN, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_TORN);
    ck_assert_int_eq(f.kind, ACT_PHASE);
    ck_assert_int_eq(f.act, 5);            /* the phase's last action: shrinking keeps it whole */
    ck_assert_int_eq(failure_for(s, &r, &p, OUT_FAIL, 10, CHECK_HIST_ORDER, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_HIST_ORDER);
    scenario_free(s);
    rendered_free(&r);
    /* A phase of one process that does not hold the DLL is left out. */
    prog_normalize(&p);
    ck_assert_uint_eq(p.n, 8);
    prog_free(&p);
}
END_TEST

/* A load race renders as a background load, a later load and write by the
 * other process, and a read the model predicts; its lines are the race's. */
START_TEST(render_race)
{
    struct prog p = { NULL, 0 };
    add(&p, ACT_START, 0)->noload = 1;
    add(&p, ACT_START, 1)->noload = 1;
    add(&p, ACT_RACE, 0)->other = 1;
    add(&p, ACT_GET, 1)->cch = 100;
    struct rendered r;
    prog_render(&p, "t", NULL, &r);
    ck_assert_str_eq(r.text, "title: t\nstart a b noload\na: load &\nb: sleep 20\nb: load\nb: set \"load race\"\n"
                             "wait a\na: get 100 -> \"load race\"\nb: get 100 -> \"load race\"\n");
    for (int line = 3; line <= 8; line++) ck_assert_int_eq(r.line_act[line], 2);
    ck_assert_int_eq(r.line_act[9], 3);
    struct scenario *s = parse_rendered(&r);
    struct failure f;
    ck_assert_int_eq(failure_for(s, &r, &p, OUT_FAIL, 8, CHECK_TEXT, NULL, &f), 0);
    ck_assert_int_eq(f.kind, ACT_RACE);
    char *what = failure_describe(&f);
    ck_assert_msg(strstr(what, "while another process was loading"), "%s", what);
    free(what);
    scenario_free(s);
    rendered_free(&r);
    /* Not while someone holds the DLL: nobody would be the first attacher. */
    p.a[0].noload = 0;
    prog_normalize(&p);
    ck_assert_uint_eq(p.n, 2);   /* the starts: b's get goes with the race */
    prog_free(&p);
}
END_TEST

/* An attach sweep gets its own scenario's step time (a child per Win32 call
 * outlasts 10 s on a loaded machine), and its line is still its action's. */
START_TEST(render_sweep_time)
{
    struct prog p = { NULL, 0 };
    add(&p, ACT_START, 0)->noload = 1;
    add(&p, ACT_SWEEP, 0);
    struct rendered r;
    prog_render(&p, "t", NULL, &r);
    ck_assert_str_eq(r.text, "title: t\ntimeout: 120000\nstart a noload\na: sweep -> crashed == 0, hung == 0, harmful == 0\n");
    ck_assert_int_eq(r.line_act[4], 1);
    struct scenario *s = parse_rendered(&r);
    ck_assert_uint_eq(s->timeout_ms, 120000);
    struct failure f;
    ck_assert_int_eq(failure_for(s, &r, &p, OUT_FAIL, 4, CHECK_FIELD, "crashed", &f), 0);
    ck_assert_int_eq(f.kind, ACT_SWEEP);
    scenario_free(s);
    rendered_free(&r);
    /* Without a sweep, the default step time. */
    p.n = 1;
    prog_render(&p, "t", NULL, &r);
    ck_assert_ptr_null(strstr(r.text, "timeout:"));
    rendered_free(&r);
    prog_free(&p);
}
END_TEST

/* A program of every kind of step, rendered and parsed as the explorer does;
 * a failure at a line with a check, as run.c records it. */
static int classify_at(enum outcome o, int line, enum check_kind k, const char *field, struct failure *f)
{
    struct prog p = { NULL, 0 };
    fill('q');
    add(&p, ACT_START, 0);                       /* line 2 */
    add_set(&p, 0, xs, 3000);                    /* 3: a: set q*3000 */
    add(&p, ACT_GET, 0)->cch = 4096;             /* 4: a: get 4096 -> q*2047 */
    add(&p, ACT_GET, 0)->cch = 0;                /* 5: a: get 0 -> len == -1, touched == 0 */
    add(&p, ACT_GET_NULL, 0)->cch = 5;           /* 6 */
    add(&p, ACT_EXIT, 0);                        /* 7: exit a -> code 0 */
    struct rendered r;
    prog_render(&p, "t", NULL, &r);
    struct scenario *s = parse_rendered(&r);
    int rc = failure_for(s, &r, &p, o, line, k, field, f);
    scenario_free(s);
    rendered_free(&r);
    prog_free(&p);
    return rc;
}

START_TEST(failure_classes)
{
    struct failure f;
    /* a cut text still counts as a text check */
    ck_assert_int_eq(classify_at(OUT_FAIL, 4, CHECK_CUT, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_TEXT);
    ck_assert_int_eq(f.kind, ACT_GET);
    ck_assert_int_eq(f.act, 2);
    ck_assert_int_eq(classify_at(OUT_FAIL, 4, CHECK_OVERFLOW, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_OVERFLOW);
    ck_assert_int_eq(classify_at(OUT_FAIL, 5, CHECK_FIELD, "touched", &f), 0);
    ck_assert_int_eq(f.check, CHECK_FIELD);
    ck_assert_str_eq(f.field, "touched");
    ck_assert_int_eq(classify_at(OUT_FAIL, 3, CHECK_REPLY, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_REPLY);
    ck_assert_int_eq(f.kind, ACT_SET);
    ck_assert_int_eq(classify_at(OUT_CRASH, 6, CHECK_CRASH, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_CRASH);
    ck_assert_int_eq(f.kind, ACT_GET_NULL);
    char *d = failure_describe(&f);
    ck_assert_str_eq(d, "get-null crashed the process");
    free(d);
    ck_assert_int_eq(classify_at(OUT_TIMEOUT, 3, CHECK_HUNG, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_HUNG);
    ck_assert_int_eq(classify_at(OUT_FAIL, 7, CHECK_EXIT_CODE, NULL, &f), 0);
    ck_assert_int_eq(f.check, CHECK_EXIT_CODE);
    ck_assert_int_eq(f.kind, ACT_EXIT);
    /* the same check on the same kind of step, or not */
    struct failure g;
    classify_at(OUT_CRASH, 6, CHECK_CRASH, NULL, &f);
    classify_at(OUT_CRASH, 3, CHECK_CRASH, NULL, &g);
    ck_assert(!same_failure(&f, &g));
    classify_at(OUT_FAIL, 4, CHECK_TEXT, NULL, &f);
    classify_at(OUT_FAIL, 4, CHECK_OVERFLOW, NULL, &g);
    ck_assert(!same_failure(&f, &g));
    classify_at(OUT_FAIL, 4, CHECK_CUT, NULL, &g);
    ck_assert(same_failure(&f, &g));
    classify_at(OUT_FAIL, 5, CHECK_FIELD, "touched", &f);
    classify_at(OUT_FAIL, 5, CHECK_FIELD, "len", &g);
    ck_assert(!same_failure(&f, &g));
    /* its kind, as --ignore takes it, whole or in part */
    char kind[96];
    failure_kind(&f, kind, sizeof kind);
    ck_assert_str_eq(kind, "get:field:touched");
    ck_assert(failure_is(&f, "get:field:touched") && failure_is(&f, "get:field") && failure_is(&f, "field"));
    ck_assert(!failure_is(&f, "get:field:len") && !failure_is(&f, "set:field"));
    classify_at(OUT_CRASH, 6, CHECK_CRASH, NULL, &g);
    failure_kind(&g, kind, sizeof kind);
    ck_assert_str_eq(kind, "get-null:crash");
    /* nothing to attribute: a pass, no failing step, a line without a step */
    ck_assert_int_eq(classify_at(OUT_PASS, 0, CHECK_NONE, NULL, &f), -1);
    ck_assert_int_eq(classify_at(OUT_FAIL, 0, CHECK_TEXT, NULL, &f), -1);
    ck_assert_int_eq(classify_at(OUT_FAIL, 1, CHECK_TEXT, NULL, &f), -1);
}
END_TEST

/* ---- the shrinker, against simulated defective DLLs ---------------------- */

struct fake { int no_truncate, leak, calls; };

/* Runs cand on the model and on a simulated DLL with one defect; fails at
 * the first get whose text differs. */
static int fake_test(const struct prog *c, void *ctx, size_t *fail)
{
    struct fake *f = ctx;
    struct model m;
    static uint16_t val[6000];   /* the longest Set is 5001 units */
    size_t len = 0;
    unsigned leaked = 0;   /* processes whose FreeLibrary left the section open: it lives as long as they do */
    f->calls++;
    model_init(&m);
    for (size_t i = 0; i < c->n; i++) {
        const struct act *a = &c->a[i];
        int before = model_holders(&m);
        unsigned kept = f->leak ? leaked : 0;
        switch (a->kind) {
        case ACT_START: model_start(&m, a->proc, !a->noload); break;
        case ACT_LOAD: model_load(&m, a->proc); break;
        case ACT_UNLOAD: if (model_unload(&m, a->proc) == 0) leaked |= 1u << a->proc; break;
        case ACT_EXIT: case ACT_KILL: case ACT_CRASH: model_end(&m, a->proc); leaked &= ~(1u << a->proc); break;
        case ACT_SET: {
            model_set(&m, a->proc, a->text, a->len);
            size_t n = a->len > 2047 && !f->no_truncate ? 2047 : a->len;
            memcpy(val, a->text, n * sizeof *val);
            len = n;
            break;
        }
        case ACT_RACE: {
            static const uint16_t race[] = { 'l', 'o', 'a', 'd', ' ', 'r', 'a', 'c', 'e' };
            if (model_holders(&m) || model_load(&m, a->proc) || model_load(&m, a->other)) break;
            len = 0;   /* a new block */
            before = 1;
            model_set(&m, a->other, race, 9);
            memcpy(val, race, sizeof race);
            len = 9;
            break;
        }
        case ACT_PHASE:
            return 0;   /* the value after a phase is any of its writes: the fake stops there */
        case ACT_GET: {
            const uint16_t *t;
            long k = model_get(&m, a->proc, a->cch, &t);
            long fk = a->cch ? (long)(len < a->cch - 1 ? len : a->cch - 1) : -1;
            if (k != fk || (k > 0 && memcmp(t, val, (size_t)k * sizeof *t))) { *fail = i; return 1; }
            break;
        }
        default: break;
        }
        if (!before && !kept && model_holders(&m)) len = 0;   /* a new block */
    }
    return 0;
}

static void shrink_fake(struct fake *f, size_t want_max, enum act_kind want_last)
{
    struct gen_opts o = { 24, 0 };
    int found = 0;
    for (uint64_t seed = 0; seed < 400 && found < 5; seed++) {
        struct prog p;
        size_t fail;
        prog_generate(&p, seed, &o);
        if (!fake_test(&p, f, &fail)) { prog_free(&p); continue; }
        found++;
        struct shrink_stats st;
        shrink(&p, fail, fake_test, f, 300, &st);
        ck_assert_msg(fake_test(&p, f, &fail) && fail == p.n - 1, "seed %llu: the shrunk program does not fail at its end",
                      (unsigned long long)seed);
        ck_assert_msg(p.n <= want_max, "seed %llu: shrunk to %zu actions, expected at most %zu",
                      (unsigned long long)seed, p.n, want_max);
        ck_assert_int_eq(p.a[p.n - 1].kind, want_last);
        ck_assert_int_eq(p.a[0].proc, 0);                 /* renamed: a first */
        prog_free(&p);
    }
    ck_assert_int_eq(found, 5);
}

START_TEST(shrink_no_truncate)
{
    struct fake f = { 1, 0, 0 };
    shrink_fake(&f, 3, ACT_GET);                          /* start a, set x*2048, get 2049+ */
}
END_TEST

START_TEST(shrink_leak)
{
    struct fake f = { 0, 1, 0 };
    /* start a, set, unload, load, get; or 7 where a second process's
     * unload leaked and the first exits: a local minimum, no single edit
     * of the shrinker's makes it smaller */
    shrink_fake(&f, 7, ACT_GET);
}
END_TEST

/* The generator reaches what the defects need often enough: a block that
 * outlives its last holder, a Set of 2048 units or more read back whole. */
START_TEST(generate_finds_simulated_defects)
{
    struct gen_opts o = { 24, 0 };
    int leak = 0, trunc = 0;
    for (uint64_t seed = 0; seed < 1000; seed++) {
        struct prog p;
        size_t fail;
        struct fake fl = { 0, 1, 0 }, ft = { 1, 0, 0 };
        prog_generate(&p, seed, &o);
        leak += fake_test(&p, &fl, &fail);
        trunc += fake_test(&p, &ft, &fail);
        prog_free(&p);
    }
    ck_assert_int_ge(leak, 100);    /* 26.4% when written; 13.1% with threads, phases, sweeps and races (the fake stops at a phase) */
    ck_assert_int_ge(trunc, 25);    /* 3.7% */
}
END_TEST

/* A phase nobody reads in says nothing: normalizing drops it, and the
 * writer's death with it (the process lives on and is killed later). */
START_TEST(normalize_drops_unread_phase)
{
    struct prog p = { NULL, 0 };
    add(&p, ACT_START, 0);
    add(&p, ACT_START, 1);
    struct act *w = add(&p, ACT_PHASE, 0);
    w->role = ROLE_WRITER; w->units = 300; w->cch = 50; w->die = 1;
    add(&p, ACT_PHASE, 1)->role = ROLE_WRITER;
    add(&p, ACT_KILL, 0);
    prog_normalize(&p);
    ck_assert_uint_eq(p.n, 3);
    ck_assert_int_eq(p.a[2].kind, ACT_KILL);
    /* with a reader in it, it stays */
    prog_free(&p);
    add(&p, ACT_START, 0);
    add(&p, ACT_START, 1);
    add(&p, ACT_PHASE, 0)->role = ROLE_WRITER;
    add(&p, ACT_PHASE, 1)->role = ROLE_READER;
    prog_normalize(&p);
    ck_assert_uint_eq(p.n, 4);
    prog_free(&p);
}
END_TEST

/* The shrinker never runs a candidate without an action of the failing
 * one's kind: it cannot fail the same way. */
static int phase_test(const struct prog *c, void *ctx, size_t *fail)
{
    (*(int *)ctx)++;
    int has = 0;
    for (size_t i = 0; i < c->n; i++) if (c->a[i].kind == ACT_PHASE) { has = 1; *fail = i; }
    ck_assert_msg(has, "a candidate without a phase was run");
    return 0;
}

START_TEST(shrink_keeps_failing_kind)
{
    struct prog p = { NULL, 0 };
    add(&p, ACT_START, 0);
    add(&p, ACT_START, 1);
    add(&p, ACT_SET_NULL, 0);
    add(&p, ACT_PHASE, 0)->role = ROLE_WRITER;
    add(&p, ACT_PHASE, 1)->role = ROLE_READER;
    int calls = 0;
    struct shrink_stats st;
    shrink(&p, 4, phase_test, &calls, 50, &st);
    ck_assert_int_gt(calls, 0);            /* some candidates kept the phase and ran */
    prog_free(&p);
}
END_TEST

/* The budget of tries is kept. */
START_TEST(shrink_budget)
{
    struct fake f = { 1, 0, 0 };
    struct gen_opts o = { 24, 0 };
    for (uint64_t seed = 0; seed < 400; seed++) {
        struct prog p;
        size_t fail;
        prog_generate(&p, seed, &o);
        if (!fake_test(&p, &f, &fail)) { prog_free(&p); continue; }
        struct shrink_stats st;
        f.calls = 0;
        shrink(&p, fail, fake_test, &f, 4, &st);
        ck_assert_int_le(f.calls, 4);
        ck_assert_uint_le(st.tries, 4);
        prog_free(&p);
        return;
    }
    ck_abort_msg("no failing program");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("explore");
    TCase *t = tcase_create("model");
    tcase_add_test(t, model_empty_when_created);
    tcase_add_test(t, model_truncates_at_2047);
    tcase_add_test(t, model_get_sizes);
    tcase_add_test(t, model_null_changes_nothing);
    tcase_add_test(t, model_lifetime);
    suite_add_tcase(s, t);
    t = tcase_create("programs");
    tcase_add_test(t, render_exact);
    tcase_add_test(t, render_phase);
    tcase_add_test(t, render_race);
    tcase_add_test(t, render_sweep_time);
    tcase_add_loop_test(t, generate_many, 0, 2);
    suite_add_tcase(s, t);
    t = tcase_create("failures");
    tcase_add_test(t, failure_classes);
    suite_add_tcase(s, t);
    t = tcase_create("shrink");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, shrink_no_truncate);
    tcase_add_test(t, shrink_leak);
    tcase_add_test(t, shrink_budget);
    tcase_add_test(t, shrink_keeps_failing_kind);
    tcase_add_test(t, normalize_drops_unread_phase);
    tcase_add_test(t, generate_finds_simulated_defects);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

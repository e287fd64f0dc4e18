/*
 * load.c - read "dllshm-results/1" files (harness/RESULTS.md) and merge
 * them into one rs_set of struct verdict; the only part that knows jansson.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report.h"

void *rs_grow(void *p, size_t n, size_t size)
{
    return xrealloc(p, (n ? n : 1) * size);
}

enum role rs_role_of(const rs_set *set, const char *impl)
{
    for (size_t i = 0; i < set->n; i++)
        if (!strcmp(set->r[i].impl, impl))
            return set->r[i].role;
    return ROLE_UNKNOWN;
}

int rs_runner_index(const rs_set *set, const char *name)
{
    for (size_t i = 0; i < set->nrunners; i++)
        if (strcmp(set->runners[i].name, name) == 0)
            return (int)i;
    return -1;
}

void rs_provenance_free(rs_provenance *p)
{
    free(p->host); free(p->os); free(p->wine); free(p->commit); free(p->date);
    memset(p, 0, sizeof *p);
}

int rs_runner_ran(const rs_set *set, const rs_runner *runner)
{
    if (runner->available == 0)
        return 0;
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->r[i].runner, runner->name) == 0)
            return 1;
    return 0;
}

/* NAME (malloc'd) with SUFFIX appended, freeing NAME. */
static char *suffixed(char *name, const char *suffix)
{
    if (!name || !suffix || !*suffix)
        return name;
    size_t a = strlen(name), b = strlen(suffix);
    char *r = xrealloc(name, a + b + 1);
    memcpy(r + a, suffix, b + 1);
    return r;
}

/* --- reading fields ---------------------------------------------------- */

typedef struct loader {
    const char *file;
    FILE *err;
    char where[64];                /* "results[3]" */
} loader;

static int bad(loader *l, const char *key, const char *what)
{
    fprintf(l->err, "dllshm-report: %s: %s%s%s: %s\n"
            "  this is not a valid results file (format \"" RESULTS_FORMAT "\", see "
            "harness/RESULTS.md): regenerate it with dllshm-conform --json, "
            "or leave it out\n",
            l->file, l->where, *l->where && key ? "." : "", key ? key : "", what);
    return -1;
}

/* An optional string member: 0 and *out (copied, or NULL), -1 on a wrong type. */
static int opt_str(loader *l, json_t *obj, const char *key, char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(l, key, "must be a string");
    *out = xstrdup(json_string_value(v));
    return 0;
}

static int req_str(loader *l, json_t *obj, const char *key, char **out)
{
    if (opt_str(l, obj, key, out) < 0)
        return -1;
    if (!*out || !**out) {
        free(*out);
        *out = NULL;
        return bad(l, key, "missing or empty (required)");
    }
    return 0;
}

static int opt_int(loader *l, json_t *obj, const char *key, long long *out)
{
    json_t *v = json_object_get(obj, key);
    *out = -1;
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v))
        *out = (long long)json_integer_value(v);
    else if (json_is_real(v))
        *out = (long long)json_real_value(v);
    else
        return bad(l, key, "must be a number");
    return 0;
}

/* --- merging ----------------------------------------------------------- */

struct verdict *rs_find(const rs_set *set, const char *scenario,
                       const char *impl, const char *runner)
{
    for (size_t i = 0; i < set->n; i++) {
        struct verdict *r = &set->r[i];
        if (strcmp(r->scenario, scenario) == 0 && strcmp(r->runner, runner) == 0
            && strcmp(r->impl, impl) == 0)
            return r;
    }
    return NULL;
}

static int class_rank(enum result r)
{
    switch (result_class(r)) {
    case CLASS_FAILED: case CLASS_ERROR: return 2;
    case CLASS_PASSED: return 1;
    default: return 0;
    }
}

static void copy_provenance(rs_provenance *to, const rs_provenance *from)
{
    rs_provenance_free(to);
    *to = (rs_provenance){xstrdup(from->host), xstrdup(from->os), xstrdup(from->wine),
                          xstrdup(from->commit), xstrdup(from->date)};
}

/* Add or update runner NAME; SRC is where this file says it comes from. */
static void add_runner(rs_set *set, const char *name, int available, int error, const char *reason,
                       const rs_provenance *src)
{
    int i = rs_runner_index(set, name);
    if (i < 0) {
        set->runners = xrealloc(set->runners, (set->nrunners + 1) * sizeof *set->runners);
        rs_runner *r = &set->runners[set->nrunners++];
        *r = (rs_runner){xstrdup(name), available, error && !available, xstrdup(reason), {0}};
        copy_provenance(&r->src, src);
        return;
    }
    rs_runner *r = &set->runners[i];
    r->error |= error && !available;
    /* Available anywhere wins (and so does the provenance of the file it
     * ran in); keep the first reason it was not. */
    if (available == 1 || r->available < 0) {
        if (available == 1 && r->available != 1)
            copy_provenance(&r->src, src);
        r->available = available;
        if (available == 1) {
            free(r->reason);
            r->reason = NULL;
            r->error = 0;
        }
    }
    if (r->available == 0 && !r->reason && reason)
        r->reason = xstrdup(reason);
}

/* Add REC to SET (taking its strings); a second result for the same key
 * keeps the worse one (failed over passed over skipped). */
static void merge_rec(rs_set *set, struct verdict *rec, const rs_provenance *src, FILE *err)
{
    struct verdict *old = rs_find(set, rec->scenario, rec->impl, rec->runner);
    if (old) {
        set->duplicates++;
        int keep_new = class_rank(rec->result) >= class_rank(old->result);
        fprintf(err, "dllshm-report: warning: %s/%s/%s appears in %s (%s) and %s (%s); "
                "keeping the %s one\n", rec->scenario, rec->impl, rec->runner,
                old->source, result_name(old->result), rec->source,
                result_name(rec->result), keep_new ? "second" : "first");
        if (keep_new) {
            verdict_free(old);
            *old = *rec;
        } else {
            verdict_free(rec);
        }
        return;
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 64;
        set->r = xrealloc(set->r, set->cap * sizeof *set->r);
    }
    set->r[set->n++] = *rec;
    add_runner(set, rec->runner, -1, 0, NULL, src);
}

/* An optional member naming one of a vocabulary (verdict.h): its index,
 * DEFLT when absent, -2 (said) when it names none of them. */
static int opt_word(loader *l, json_t *obj, const char *key, int (*parse)(const char *),
                    const char *(*name)(int), int count, int deflt)
{
    char *word;
    if (opt_str(l, obj, key, &word) < 0)
        return -2;
    if (!word)
        return deflt;
    int v = parse(word);
    if (v < 0) {
        char msg[300], names[200] = "";
        for (int i = 0; i < count; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", name(i));
        snprintf(msg, sizeof msg, "unknown value \"%.40s\" (one of %s)", word, names);
        bad(l, key, msg);
        v = -2;
    }
    free(word);
    return v;
}

static const char *result_word(int i) { return result_name((enum result)i); }
static const char *outcome_word(int i) { return outcome_name((enum outcome)i); }
static const char *expected_word(int i) { return expected_name((enum expected)i); }
static const char *role_word(int i) { return role_name((enum role)i); }
static const char *check_word(int i) { return check_name((enum check_kind)i); }
static const char *level_word(int i) { return level_name(i); }

/* What happened, for a file that says only the result. */
static enum outcome outcome_of_result(enum result r)
{
    switch (r) {
    case RES_PASS: case RES_XPASS: return OUT_PASS;
    case RES_FAIL: case RES_XFAIL: return OUT_FAIL;
    case RES_CRASH: return OUT_CRASH;
    case RES_TIMEOUT: return OUT_TIMEOUT;
    case RES_ERROR: return OUT_ERROR;
    default: return OUT_SKIP;
    }
}

/* "step": {"line": N, "text": "..."}, optional. */
static int load_step(loader *l, json_t *o, struct verdict *rec)
{
    json_t *st = json_object_get(o, "step");
    long long line;
    if (!st || json_is_null(st))
        return 0;
    if (!json_is_object(st))
        return bad(l, "step", "must be an object");
    if (opt_int(l, st, "line", &line) < 0 || opt_str(l, st, "text", &rec->step) < 0)
        return -1;
    rec->step_line = line > 0 ? (int)line : 0;
    return 0;
}

static int load_result(loader *l, rs_set *set, json_t *o, const char *file,
                       const rs_provenance *src)
{
    struct verdict rec;
    long long ms;
    memset(&rec, 0, sizeof rec);
    if (!json_is_object(o))
        return bad(l, NULL, "must be an object");
    rec.source = xstrdup(file);
    int result = -2, outcome = -2, expected = -2, role = -2, check = -2, level = -2;
    if (req_str(l, o, "scenario", &rec.scenario) < 0
        || req_str(l, o, "implementation", &rec.impl) < 0
        || req_str(l, o, "runner", &rec.runner) < 0
        || (result = opt_word(l, o, "result", result_parse, result_word, RES_COUNT, -1)) == -2
        || (outcome = opt_word(l, o, "outcome", outcome_parse, outcome_word, OUT_COUNT, -1)) == -2
        || (expected = opt_word(l, o, "expected", expected_parse, expected_word, EXPECT_COUNT, -1)) == -2
        || (role = opt_word(l, o, "role", role_parse, role_word, ROLE_COUNT - 1, ROLE_UNKNOWN)) == -2
        || (check = opt_word(l, o, "check", check_parse, check_word, CHECK_COUNT, CHECK_NONE)) == -2
        || (level = opt_word(l, o, "level", level_parse, level_word, LEVEL_COUNT, LEVEL_UNKNOWN)) == -2
        || opt_str(l, o, "title", &rec.title) < 0
        || opt_str(l, o, "reason", &rec.reason) < 0
        || opt_str(l, o, "output", &rec.output) < 0
        || opt_str(l, o, "table", &rec.table) < 0
        || opt_str(l, o, "file", &rec.file) < 0
        || opt_str(l, o, "field", &rec.field) < 0
        || opt_str(l, o, "message", &rec.message) < 0
        || opt_str(l, o, "promise", &rec.promise) < 0
        || opt_str(l, o, "cause", &rec.cause) < 0
        || opt_str(l, o, "same_as", &rec.same_as) < 0
        || opt_str(l, o, "note", &rec.note) < 0
        || load_step(l, o, &rec) < 0
        || opt_int(l, o, "duration_ms", &ms) < 0)
        goto fail;
    if (result < 0) {
        bad(l, "result", "missing (required)");
        goto fail;
    }
    rec.result = (enum result)result;
    rec.outcome = outcome >= 0 ? (enum outcome)outcome : outcome_of_result(rec.result);
    rec.expected = expected >= 0 ? (enum expected)expected
                 : rec.result == RES_XFAIL || rec.result == RES_XPASS ? EXPECT_FAIL : EXPECT_PASS;
    rec.role = (enum role)role;
    rec.check = (enum check_kind)check;
    rec.level = level;
    rec.duration_ms = (long)ms;
    rec.runner = suffixed(rec.runner, set->runner_suffix);
    merge_rec(set, &rec, src, l->err);
    return 0;
fail:
    verdict_free(&rec);
    return -1;
}

static int load_host(loader *l, rs_source *src, json_t *root)
{
    json_t *h = json_object_get(root, "host");
    if (!h || json_is_null(h))
        return 0;
    if (!json_is_object(h))
        return bad(l, "host", "must be an object");
    snprintf(l->where, sizeof l->where, "host");
    int rc = (opt_str(l, h, "os", &src->os) < 0
              || opt_str(l, h, "conductor_arch", &src->arch) < 0
              || opt_str(l, h, "wine", &src->wine) < 0
              || opt_str(l, h, "cc", &src->cc) < 0
              || opt_str(l, h, "cross_cc", &src->cross_cc) < 0
              || opt_str(l, h, "hostname", &src->hostname) < 0
              || opt_str(l, h, "commit", &src->commit) < 0) ? -1 : 0;
    l->where[0] = 0;
    return rc;
}

/* A file's own provenance, for the runners it lists or has results of
 * (borrowed strings: add_runner copies them). */
static rs_provenance file_provenance(const rs_source *s)
{
    return (rs_provenance){s->hostname, s->os, s->wine, s->commit, s->started};
}

/* runners[i].source, written by --update-baseline (RESULTS.md). */
static int load_runner_source(loader *l, json_t *o, rs_provenance *p)
{
    json_t *so = json_object_get(o, "source");
    memset(p, 0, sizeof *p);
    if (!so || json_is_null(so))
        return 0;
    if (!json_is_object(so))
        return bad(l, "source", "must be an object");
    strncat(l->where, ".source", sizeof l->where - strlen(l->where) - 1);
    if (opt_str(l, so, "host", &p->host) < 0 || opt_str(l, so, "os", &p->os) < 0
        || opt_str(l, so, "wine", &p->wine) < 0 || opt_str(l, so, "commit", &p->commit) < 0
        || opt_str(l, so, "date", &p->date) < 0) {
        rs_provenance_free(p);
        return -1;
    }
    return 1;
}

static int load_runners(loader *l, rs_set *set, json_t *root, const rs_source *file_src)
{
    json_t *rs = json_object_get(root, "runners"), *o;
    size_t i;
    if (!rs || json_is_null(rs))
        return 0;
    if (!json_is_array(rs))
        return bad(l, "runners", "must be an array");
    json_array_foreach(rs, i, o) {
        char *name = NULL, *reason = NULL;
        json_t *av = json_object_get(o, "available"), *er = json_object_get(o, "error");
        snprintf(l->where, sizeof l->where, "runners[%zu]", i);
        if (!json_is_object(o))
            return bad(l, NULL, "must be an object");
        if (req_str(l, o, "name", &name) < 0)
            return -1;
        name = suffixed(name, set->runner_suffix);
        if (opt_str(l, o, "reason", &reason) < 0) {
            free(name);
            return -1;
        }
        if ((av && !json_is_boolean(av)) || (er && !json_is_boolean(er))) {
            free(name);
            free(reason);
            return bad(l, av && !json_is_boolean(av) ? "available" : "error", "must be true or false");
        }
        rs_provenance own, from_file = file_provenance(file_src);
        int has_own = load_runner_source(l, o, &own);
        if (has_own >= 0)
            add_runner(set, name, av ? json_is_true(av) : 1, er && json_is_true(er), reason,
                       has_own ? &own : &from_file);
        rs_provenance_free(&own);
        free(name);
        free(reason);
        if (has_own < 0)
            return -1;
    }
    l->where[0] = 0;
    return 0;
}

int rs_load_file(rs_set *set, const char *file, FILE *err)
{
    loader l = {file, err, ""};
    json_error_t je;
    FILE *f = fopen(file, "rb");
    if (!f) {
        fprintf(err, "dllshm-report: %s: cannot open: %s\n"
                "  check the path (CI: did the job that writes it upload its artifact?)\n",
                file, strerror(errno));
        return -1;
    }
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    if (!root) {
        fprintf(err, "dllshm-report: %s:%d:%d: error: %s\n"
                "  the file is not valid JSON (truncated or corrupt; a run that was killed?): "
                "regenerate it with dllshm-conform --json, or leave it out\n",
                file, je.line, je.column, je.text);
        return -1;
    }
    int rc = -1;
    size_t i;
    json_t *fmt = json_object_get(root, "format"), *results, *o;
    if (!json_is_object(root)) {
        bad(&l, NULL, "the top level must be an object");
        goto out;
    }
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), RESULTS_FORMAT) != 0) {
        bad(&l, "format", json_is_string(fmt)
            ? "unsupported format (this tool reads \"" RESULTS_FORMAT "\")"
            : "missing (expected \"" RESULTS_FORMAT "\")");
        goto out;
    }
    set->sources = xrealloc(set->sources, (set->nsources + 1) * sizeof *set->sources);
    rs_source *src = &set->sources[set->nsources++];
    memset(src, 0, sizeof *src);
    src->file = xstrdup(file);
    if (opt_str(&l, root, "tool", &src->tool) < 0
        || opt_str(&l, root, "started", &src->started) < 0
        || opt_int(&l, root, "wall_ms", &src->wall_ms) < 0
        || load_host(&l, src, root) < 0
        || load_runners(&l, set, root, src) < 0)
        goto out;
    results = json_object_get(root, "results");
    if (!json_is_array(results)) {
        bad(&l, "results", "missing or not an array");
        goto out;
    }
    rs_provenance from_file = file_provenance(src);
    json_array_foreach(results, i, o) {
        snprintf(l.where, sizeof l.where, "results[%zu]", i);
        if (load_result(&l, set, o, src->file, &from_file) < 0)
            goto out;
    }
    src->nresults = json_array_size(results);
    rc = 0;
out:
    json_decref(root);
    return rc;
}

void rs_free(rs_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        verdict_free(&set->r[i]);
    for (size_t i = 0; i < set->nrunners; i++) {
        free(set->runners[i].name);
        free(set->runners[i].reason);
        rs_provenance_free(&set->runners[i].src);
    }
    for (size_t i = 0; i < set->nsources; i++) {
        rs_source *s = &set->sources[i];
        free(s->file); free(s->tool); free(s->started); free(s->os);
        free(s->arch); free(s->wine); free(s->cc); free(s->cross_cc);
        free(s->hostname); free(s->commit);
    }
    free(set->r);
    free(set->runners);
    free(set->sources);
    memset(set, 0, sizeof *set);
}

/* --- order ------------------------------------------------------------- */

static const rs_set *sort_set;

static int rec_cmp(const void *pa, const void *pb)
{
    const struct verdict *a = pa, *b = pb;
    int c = strcmp(a->scenario, b->scenario);
    if (!c)
        c = impl_order(a->role, a->impl, b->role, b->impl);
    if (!c)
        c = rs_runner_index(sort_set, a->runner) - rs_runner_index(sort_set, b->runner);
    return c;
}

void rs_sort(rs_set *set)
{
    sort_set = set;
    qsort(set->r, set->n, sizeof *set->r, rec_cmp);
    sort_set = NULL;
}

/*
 * load.c - read "dllshm-results/1" files (harness/RESULTS.md) and merge
 * them into one rs_set; the results vocabulary.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "results.h"
#include "vocab.h"

void *rs_grow(void *p, size_t n, size_t size)
{
    void *q = realloc(p, (n ? n : 1) * size);
    if (!q) {
        fputs("dllshm-report: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

_Static_assert((int)RS_PASS == (int)VR_PASS && (int)RS_XFAIL == (int)VR_XFAIL && (int)RS_SKIP == (int)VR_SKIP
               && (int)RS_NRESULTS == (int)VR_COUNT, "rs_result follows harness/common/vocab.h");

const char *rs_result_name(enum rs_result r)
{
    return (unsigned)r < RS_NRESULTS ? vocab_result_names[r] : "?";
}

int rs_result_parse(const char *s, enum rs_result *out)
{
    int r = vocab_result_parse(s);
    if (r < 0)
        return -1;
    *out = (enum rs_result)r;
    return 0;
}

enum rs_class rs_class_of(enum rs_result r)
{
    return vocab_result_passed((int)r) ? RS_PASSED : vocab_result_failed((int)r) ? RS_FAILED : RS_SKIPPED;
}

const char *rs_outcome_of(const rs_result_rec *r)
{
    if (r->outcome)
        return r->outcome;
    switch (r->result) {
    case RS_PASS: case RS_XPASS: return "pass";
    case RS_FAIL: case RS_XFAIL: return "fail";
    case RS_CRASH: return "crash";
    case RS_TIMEOUT: return "timeout";
    default: return "skip";
    }
}

int rs_is_fixture(const char *impl)
{
    return vocab_is_fixture(impl);
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

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("dllshm-report: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
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
            "  this is not a valid results file (format \"" RS_FORMAT "\", see "
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

void rs_result_free(rs_result_rec *r)
{
    free(r->scenario); free(r->title); free(r->implementation); free(r->runner); free(r->level);
    free(r->outcome); free(r->expected); free(r->reason); free(r->output);
    free(r->table);
}

rs_result_rec *rs_find(const rs_set *set, const char *scenario,
                       const char *impl, const char *runner)
{
    for (size_t i = 0; i < set->n; i++) {
        rs_result_rec *r = &set->r[i];
        if (strcmp(r->scenario, scenario) == 0 && strcmp(r->runner, runner) == 0
            && strcmp(r->implementation, impl) == 0)
            return r;
    }
    return NULL;
}

static int class_rank(enum rs_result r)
{
    switch (rs_class_of(r)) {
    case RS_FAILED: return 2;
    case RS_PASSED: return 1;
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
static void merge_rec(rs_set *set, rs_result_rec *rec, const rs_provenance *src, FILE *err)
{
    rs_result_rec *old = rs_find(set, rec->scenario, rec->implementation, rec->runner);
    if (old) {
        set->duplicates++;
        int keep_new = class_rank(rec->result) >= class_rank(old->result);
        fprintf(err, "dllshm-report: warning: %s/%s/%s appears in %s (%s) and %s (%s); "
                "keeping the %s one\n", rec->scenario, rec->implementation, rec->runner,
                old->file, rs_result_name(old->result), rec->file,
                rs_result_name(rec->result), keep_new ? "second" : "first");
        if (keep_new) {
            rs_result_free(old);
            *old = *rec;
        } else {
            rs_result_free(rec);
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

static int load_result(loader *l, rs_set *set, json_t *o, const char *file,
                       const rs_provenance *src)
{
    rs_result_rec rec;
    char *result = NULL;
    memset(&rec, 0, sizeof rec);
    rec.file = file;
    if (!json_is_object(o))
        return bad(l, NULL, "must be an object");
    if (req_str(l, o, "scenario", &rec.scenario) < 0
        || req_str(l, o, "implementation", &rec.implementation) < 0
        || req_str(l, o, "runner", &rec.runner) < 0
        || req_str(l, o, "result", &result) < 0
        || opt_str(l, o, "title", &rec.title) < 0
        || opt_str(l, o, "outcome", &rec.outcome) < 0
        || opt_str(l, o, "expected", &rec.expected) < 0
        || opt_str(l, o, "reason", &rec.reason) < 0
        || opt_str(l, o, "output", &rec.output) < 0
        || opt_str(l, o, "level", &rec.level) < 0
        || opt_str(l, o, "table", &rec.table) < 0
        || opt_int(l, o, "duration_ms", &rec.duration_ms) < 0)
        goto fail;
    rec.runner = suffixed(rec.runner, set->runner_suffix);
    if (rs_result_parse(result, &rec.result) < 0) {
        char msg[200], names[120] = "";
        for (int i = 0; i < VR_COUNT; i++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "", vocab_result_names[i]);
        snprintf(msg, sizeof msg, "unknown value \"%.40s\" (one of %s)", result, names);
        bad(l, "result", msg);
        goto fail;
    }
    free(result);
    merge_rec(set, &rec, src, l->err);
    return 0;
fail:
    free(result);
    rs_result_free(&rec);
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
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), RS_FORMAT) != 0) {
        bad(&l, "format", json_is_string(fmt)
            ? "unsupported format (this tool reads \"" RS_FORMAT "\")"
            : "missing (expected \"" RS_FORMAT "\")");
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
        rs_result_free(&set->r[i]);
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

static int impl_rank(const char *impl)
{
    if (strcmp(impl, "dllshm") == 0) return 0;
    if (strcmp(impl, "sample") == 0) return 2;
    if (vocab_is_fault_fixture(impl)) return 3;
    return 1;
}

int rs_impl_cmp(const char *a, const char *b)
{
    int ra = impl_rank(a), rb = impl_rank(b);
    return ra != rb ? ra - rb : strcmp(a, b);
}

static const rs_set *sort_set;

static int rec_cmp(const void *pa, const void *pb)
{
    const rs_result_rec *a = pa, *b = pb;
    int c = strcmp(a->scenario, b->scenario);
    if (!c)
        c = rs_impl_cmp(a->implementation, b->implementation);
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

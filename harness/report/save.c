/*
 * save.c - write merged results back as one "dllshm-results/1" file: the
 * baseline (`dllshm-report --update-baseline FILE ...`).  The agents'
 * output and the scenario titles are left out, and each result is one
 * line, so the baseline stays small and reads well in a diff; everything
 * the comparison reads is kept, and each runner's provenance ("source").
 * Written to FILE.tmp, then renamed.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "results.h"

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v)
        json_object_set_new(o, key, json_string(v));
}

static json_t *host_of(const rs_source *s)
{
    json_t *h = json_object();
    set_str(h, "os", s->os);
    set_str(h, "conductor_arch", s->arch);
    set_str(h, "wine", s->wine);
    set_str(h, "cc", s->cc);
    set_str(h, "cross_cc", s->cross_cc);
    return h;
}

/* Where a runner's results came from; one line in the baseline's diff. */
static json_t *source_of(const rs_provenance *p)
{
    json_t *o = json_object();
    set_str(o, "host", p->host);
    set_str(o, "os", p->os);
    set_str(o, "wine", p->wine);
    set_str(o, "commit", p->commit);
    set_str(o, "date", p->date);
    return o;
}

static json_t *to_json(const rs_set *set)
{
    json_t *root = json_object(), *runners = json_array(), *results = json_array(),
           *from = json_array(), *summary = json_object();
    const char *started = NULL;
    rs_totals t;

    json_object_set_new(root, "format", json_string(RS_FORMAT));
    json_object_set_new(root, "tool", json_string("dllshm-report " PACKAGE_VERSION));
    for (size_t i = 0; i < set->nsources; i++) {
        const rs_source *s = &set->sources[i];
        json_t *o = json_object();
        if (s->started && (!started || strcmp(s->started, started) < 0))
            started = s->started;
        set_str(o, "file", s->file);
        set_str(o, "tool", s->tool);
        set_str(o, "started", s->started);
        json_object_set_new(o, "host", host_of(s));
        json_array_append_new(from, o);
    }
    /* No top-level "host" (nor "wall_ms"): the runners may come from
     * different machines and runs, so each says where it came from
     * ("source"); "started" is the oldest of their dates. */
    for (size_t i = 0; i < set->nrunners; i++) {
        const char *date = set->runners[i].src.date;
        if (date && (!started || strcmp(date, started) < 0))
            started = date;
    }
    set_str(root, "started", started);
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *r = &set->runners[i];
        json_t *o = json_object();
        set_str(o, "name", r->name);
        json_object_set_new(o, "available", json_boolean(r->available != 0));
        set_str(o, "reason", r->reason);
        json_object_set_new(o, "source", source_of(&r->src));
        json_array_append_new(runners, o);
    }
    json_object_set_new(root, "runners", runners);
    for (size_t i = 0; i < set->n; i++) {
        const rs_result_rec *r = &set->r[i];
        json_t *o = json_object();
        set_str(o, "scenario", r->scenario);
        set_str(o, "implementation", r->implementation);
        set_str(o, "runner", r->runner);
        set_str(o, "level", r->level);
        set_str(o, "result", rs_result_name(r->result));
        set_str(o, "outcome", r->outcome);
        set_str(o, "expected", r->expected);
        if (r->duration_ms >= 0)
            json_object_set_new(o, "duration_ms", json_integer(r->duration_ms));
        set_str(o, "reason", r->reason);
        json_array_append_new(results, o);
    }
    json_object_set_new(root, "results", results);
    rs_totals_of(set, NULL, &t);
    json_object_set_new(summary, "total", json_integer((json_int_t)t.total));
    for (int c = 0; c < RS_NRESULTS; c++)
        json_object_set_new(summary, rs_result_name((enum rs_result)c),
                            json_integer((json_int_t)t.count[c]));
    json_object_set_new(root, "summary", summary);
    json_object_set_new(root, "merged_from", from);
    return root;
}

/* ROOT with each element of its arrays on a line of its own. */
static int dump(FILE *f, json_t *root)
{
    const char *key;
    json_t *v;
    int first = 1;
    fputs("{", f);
    json_object_foreach(root, key, v) {
        fprintf(f, "%s\n  ", first ? "" : ",");
        first = 0;
        json_t *ks = json_string(key);
        char *kd = json_dumps(ks, JSON_ENCODE_ANY);
        json_decref(ks);
        if (!kd)
            return -1;
        fprintf(f, "%s: ", kd);
        free(kd);
        if (json_is_array(v) && json_array_size(v)) {
            size_t i;
            json_t *e;
            fputs("[", f);
            json_array_foreach(v, i, e) {
                char *ed = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
                if (!ed)
                    return -1;
                fprintf(f, "%s\n    %s", i ? "," : "", ed);
                free(ed);
            }
            fputs("\n  ]", f);
        } else {
            char *vd = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
            if (!vd)
                return -1;
            fputs(vd, f);
            free(vd);
        }
    }
    fputs("\n}\n", f);
    return ferror(f) ? -1 : 0;
}

int rs_save(const rs_set *set, const char *file, FILE *err)
{
    size_t n = strlen(file);
    char *tmp = malloc(n + 5);
    json_t *root = to_json(set);
    FILE *f = NULL;
    int rc = -1;
    if (!tmp || !root)
        goto out;
    memcpy(tmp, file, n);
    memcpy(tmp + n, ".tmp", 5);
    f = fopen(tmp, "wb");  /* LF on every host: a baseline written on Windows diffs clean */
    if (!f) {
        fprintf(err, "dllshm-report: %s: cannot write the baseline: %s\n", tmp, strerror(errno));
        goto out;
    }
    int bad = dump(f, root) < 0;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(err, "dllshm-report: %s: write error\n", tmp);
        remove(tmp);
        goto out;
    }
    remove(file);  /* rename() does not replace a file on Windows */
    if (rename(tmp, file) != 0) {
        fprintf(err, "dllshm-report: %s: cannot rename %s to it: %s\n", file, tmp,
                strerror(errno));
        remove(tmp);
        goto out;
    }
    rc = 0;
out:
    json_decref(root);
    free(tmp);
    return rc;
}

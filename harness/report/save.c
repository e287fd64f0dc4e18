/*
 * save.c - write merged results back as one "dllshm-results/1" file: the
 * baseline (`dllshm-report --update-baseline FILE ...`).  The agents'
 * output and the scenario titles are left out, and each result is one
 * line, so the baseline stays small and reads well in a diff; everything
 * the comparison reads is kept, and each runner's provenance ("source").
 * The same writer of a result as the conductor's (verdict_json).
 * Written to FILE.tmp, then renamed.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void member_str(struct json_w *w, const char *key, const char *v)
{
    if (v)
        json_member_str(w, key, v);
}

static void host_of(struct json_w *w, const rs_source *s)
{
    json_open(w, "host", '{', JSON_LINE);
    member_str(w, "os", s->os);
    member_str(w, "conductor_arch", s->arch);
    member_str(w, "wine", s->wine);
    member_str(w, "cc", s->cc);
    member_str(w, "cross_cc", s->cross_cc);
    json_close(w);
}

/* Where a runner's results came from; one line in the baseline's diff. */
static void source_of(struct json_w *w, const rs_provenance *p)
{
    json_open(w, "source", '{', JSON_LINE);
    member_str(w, "host", p->host);
    member_str(w, "os", p->os);
    member_str(w, "wine", p->wine);
    member_str(w, "commit", p->commit);
    member_str(w, "date", p->date);
    json_close(w);
}

/* No top-level "host" (nor "wall_ms"): the runners may come from
 * different machines and runs, so each says where it came from
 * ("source"); "started" is the oldest of their dates. */
static const char *oldest_date(const rs_set *set)
{
    const char *started = NULL;
    for (size_t i = 0; i < set->nsources; i++) {
        const char *d = set->sources[i].started;
        if (d && (!started || strcmp(d, started) < 0))
            started = d;
    }
    for (size_t i = 0; i < set->nrunners; i++) {
        const char *d = set->runners[i].src.date;
        if (d && (!started || strcmp(d, started) < 0))
            started = d;
    }
    return started;
}

static void runners_json(struct json_w *w, const rs_set *set)
{
    json_open(w, "runners", '[', JSON_BLOCK);
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *r = &set->runners[i];
        json_open(w, NULL, '{', JSON_LINE);
        json_member_str(w, "name", r->name);
        json_member(w, "available");
        sb_puts(w->sb, r->available != 0 ? "true" : "false");
        if (r->error) {
            json_member(w, "error");
            sb_puts(w->sb, "true");
        }
        member_str(w, "reason", r->reason);
        source_of(w, &r->src);
        json_close(w);
    }
    json_close(w);
}

static void merged_from(struct json_w *w, const rs_set *set)
{
    json_open(w, "merged_from", '[', JSON_BLOCK);
    for (size_t i = 0; i < set->nsources; i++) {
        const rs_source *s = &set->sources[i];
        json_open(w, NULL, '{', JSON_LINE);
        member_str(w, "file", s->file);
        member_str(w, "tool", s->tool);
        member_str(w, "started", s->started);
        host_of(w, s);
        json_close(w);
    }
    json_close(w);
}

/* SET as a results file: one result a line (verdict_json, the conductor's
 * writer of a result), without titles and transcripts. */
static void render(struct sb *sb, const rs_set *set)
{
    struct json_w w;
    struct tally t = { { 0 }, 0 };
    json_begin(&w, sb);
    json_open(&w, NULL, '{', JSON_BLOCK);
    json_member_str(&w, "format", RESULTS_FORMAT);
    json_member_str(&w, "tool", "dllshm-report " PACKAGE_VERSION);
    member_str(&w, "started", oldest_date(set));
    runners_json(&w, set);
    json_open(&w, "results", '[', JSON_BLOCK);
    for (size_t i = 0; i < set->n; i++) {
        verdict_json(&w, &set->r[i], 0);
        tally_add(&t, set->r[i].result);
    }
    json_close(&w);
    tally_json(&w, &t);
    merged_from(&w, set);
    json_close(&w);
    json_end(&w);
}

int rs_save(const rs_set *set, const char *file, FILE *err)
{
    size_t n = strlen(file);
    char *tmp = malloc(n + 5);
    struct sb text;
    FILE *f = NULL;
    int rc = -1;
    sb_init(&text);
    render(&text, set);
    if (!tmp)
        goto out;
    memcpy(tmp, file, n);
    memcpy(tmp + n, ".tmp", 5);
    f = fopen(tmp, "wb");  /* LF on every host: a baseline written on Windows diffs clean */
    if (!f) {
        fprintf(err, "dllshm-report: %s: cannot write the baseline: %s\n", tmp, strerror(errno));
        goto out;
    }
    int bad = fwrite(text.buf, 1, text.len, f) != text.len;
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
    sb_free(&text);
    free(tmp);
    return rc;
}

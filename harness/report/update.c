/*
 * update.c - the new baseline from the new results and the old baseline:
 * a runner that ran now replaces its old entry; any other runner of the
 * old baseline (skipped now, or not in this run) is kept with its results
 * and provenance.  A machine that cannot run a runner must not wipe the
 * real results that another machine recorded for it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

static size_t count_results(const rs_set *set, const char *runner)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)   /* moved results have no runner */
        n += set->r[i].runner && strcmp(set->r[i].runner, runner) == 0;
    return n;
}

/* Drop NOW's results of RUNNER (its skips: the old ones replace them). */
static void drop_results(rs_set *now, const char *runner)
{
    size_t k = 0;
    for (size_t i = 0; i < now->n; i++) {
        if (strcmp(now->r[i].runner, runner) == 0)
            verdict_free(&now->r[i]);
        else
            now->r[k++] = now->r[i];
    }
    now->n = k;
}

/* Move OLD's results of RUNNER into NOW (OLD keeps empty shells). */
static void move_results(rs_set *now, rs_set *old, const char *runner, const char *file)
{
    for (size_t i = 0; i < old->n; i++) {
        struct verdict *r = &old->r[i];
        if (!r->runner || strcmp(r->runner, runner) != 0)
            continue;
        if (now->n == now->cap) {
            now->cap = now->cap ? now->cap * 2 : 64;
            now->r = rs_grow(now->r, now->cap, sizeof *now->r);
        }
        now->r[now->n] = *r;
        free(now->r[now->n].source);
        now->r[now->n++].source = xstrdup(file);
        memset(r, 0, sizeof *r);
    }
}

/* Move OLD's runner entry into NOW, over NOW's entry of that name if any. */
static void move_runner(rs_set *now, rs_runner *old_runner)
{
    int i = rs_runner_index(now, old_runner->name);
    if (i < 0) {
        now->runners = rs_grow(now->runners, now->nrunners + 1, sizeof *now->runners);
        i = (int)now->nrunners++;
    } else {
        free(now->runners[i].name);
        free(now->runners[i].reason);
        rs_provenance_free(&now->runners[i].src);
    }
    now->runners[i] = *old_runner;
    memset(old_runner, 0, sizeof *old_runner);
}

static void say_provenance(FILE *log, const rs_provenance *p)
{
    fprintf(log, "host %s, Wine %s, commit %s, %s", p->host ? p->host : "unknown",
            p->wine ? p->wine : "none", p->commit ? p->commit : "unknown",
            p->date ? p->date : "date unknown");
}

void rs_update_baseline(rs_set *now, rs_set *old, const char *old_file, FILE *log)
{
    /* What ran is decided before anything moves. */
    int *ran = calloc(now->nrunners + 1, sizeof *ran);
    if (!ran) {
        fputs("dllshm-report: out of memory\n", stderr);
        exit(2);
    }
    for (size_t i = 0; i < now->nrunners; i++)
        ran[i] = rs_runner_ran(now, &now->runners[i]);
    size_t nnow = now->nrunners;
    for (size_t i = 0; i < nnow; i++) {
        const rs_runner *r = &now->runners[i];
        int in_old = old && rs_runner_index(old, r->name) >= 0;
        if (ran[i]) {
            fprintf(log, "dllshm-report: baseline: %s %s: %zu results from this run (",
                    in_old ? "replaced" : "added", r->name, count_results(now, r->name));
            say_provenance(log, &r->src);
            fputs(")\n", log);
        } else if (!in_old) {
            fprintf(log, "dllshm-report: baseline: added %s as skipped (%s): no baseline "
                    "had results for it\n", r->name, r->reason ? r->reason : "no results");
        }
    }
    for (size_t i = 0; old && i < old->nrunners; i++) {
        rs_runner *o = &old->runners[i];
        int j = rs_runner_index(now, o->name);
        if (j >= 0 && (size_t)j < nnow && ran[j])
            continue;
        fprintf(log, "dllshm-report: baseline: kept %s from %s: %zu results (", o->name,
                old_file, count_results(old, o->name));
        say_provenance(log, &o->src);
        if (o->available == 0)
            fprintf(log, "; skipped there too: %s", o->reason ? o->reason : "no reason given");
        if (j < 0)
            fputs("); not in this run\n", log);
        else
            fprintf(log, "); skipped in this run: %s\n",
                    now->runners[j].reason ? now->runners[j].reason : "no results");
        drop_results(now, o->name);
        move_results(now, old, o->name, old_file);
        move_runner(now, o);
    }
    free(ran);
    rs_sort(now);
}

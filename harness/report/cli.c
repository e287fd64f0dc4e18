/*
 * cli.c - the dllshm-report command line: load, compare, write, exit
 * status (0 nothing failed, 1 something failed, 2 bad input or usage).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char usage[] =
"usage: dllshm-report [OPTION]... RESULTS.json...\n"
"Merge result files of dllshm-conform (harness/RESULTS.md) from any number\n"
"of runners and jobs, compare them with a baseline, write reports.\n"
"\n"
"  --markdown FILE         short Markdown report (for a GitHub step summary);\n"
"                          '-' for standard output\n"
"  --html FILE             one self-contained HTML page: the full matrix\n"
"  --baseline FILE         compare with FILE (a results file, same format)\n"
"  --update-baseline FILE  write the new baseline to FILE: the runners that ran\n"
"                          in RESULTS.json (available, with results) replace\n"
"                          their entries in FILE; every other runner of FILE\n"
"                          (skipped now, or not in this run) is kept with its\n"
"                          results and provenance; it says which it replaced\n"
"                          and which it kept (this accepts every change of the\n"
"                          runners that ran: review the diff)\n"
"  --max-list N            Markdown: list at most N items per change (30)\n"
"  --runner-suffix SUFFIX  append SUFFIX to the runner names of the result\n"
"                          files that follow it (up to the next\n"
"                          --runner-suffix; '' ends it): tells apart two\n"
"                          builds run on the same runner, e.g.\n"
"                          windows-x86_64 from UCRT64 and from CLANG64\n"
"  -h, --help              this help;  --version  the version\n"
"\n"
"A result fails when it is fail, unexpected-pass, crash or timeout.  A\n"
"regression is a (scenario, implementation, runner) that passed in the\n"
"baseline (pass or expected-fail) and fails now; a new failure fails now\n"
"where the baseline has skip or nothing.  A runner the baseline has never\n"
"seen (not even as skipped) is new: its results, failures too, are listed\n"
"as such and not counted against the baseline (--update-baseline accepts\n"
"it).  The report leads with what failed, per runner, then the new\n"
"failures and the regressions.\n"
"\n"
"Exit status:\n"
"  0  nothing failed (no regression, no new failure, no failure at all),\n"
"     but on new runners\n"
"  1  something failed: regressions, new failures, or failures that the\n"
"     baseline has too (all are listed; the report says which is which),\n"
"     or a runner's probe failed (an error of the run: nothing ran there)\n"
"  2  unreadable or invalid input (a results file or the baseline), or a\n"
"     usage error\n"
"With --update-baseline: 0 when the baseline was written (whatever failed),\n"
"2 when it could not be (an unreadable existing FILE is never replaced:\n"
"fix it, or remove it to start a new baseline).\n";

static FILE *open_out(const char *file, FILE *err)
{
    if (strcmp(file, "-") == 0)
        return stdout;
    /* Binary: the same bytes on every host (no CRLF on Windows). */
    FILE *f = fopen(file, "wb");
    if (!f)
        fprintf(err, "dllshm-report: %s: cannot write: %s\n", file, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *file, FILE *err)
{
    int bad = ferror(f);
    if (f == stdout)
        bad |= fflush(f) != 0;
    else
        bad |= fclose(f) != 0;
    if (bad)
        fprintf(err, "dllshm-report: %s: write error\n", file);
    return bad ? -1 : 0;
}

typedef int (*writer)(FILE *, const rs_set *, const rs_diff *, const rs_report_opts *);

static int write_to(const char *file, writer w, const rs_set *set, const rs_diff *d,
                    const rs_report_opts *o)
{
    FILE *f = open_out(file, stderr);
    if (!f)
        return -1;
    int rc = w(f, set, d, o);
    return close_out(f, file, stderr) < 0 ? -1 : rc;
}

/* One line per runner that failed or was skipped: what a log reader needs
 * first (the same words as the report's headline). */
static void say_runners(const rs_set *set, const rs_diff *d)
{
    for (size_t i = 0; i < set->nrunners; i++) {
        const rs_runner *rn = &set->runners[i];
        rs_totals t;
        char buf[512];
        rs_totals_of(set, rn->name, &t);
        if (rs_runner_is_new(d, rn->name) && rn->available != 0)
            fprintf(stderr, "NEW RUNNER: %s (not in the baseline, not counted against it): %s\n",
                    rn->name, t.failed || t.errors ? rs_failed_phrase(&t, buf, sizeof buf) : "nothing failed");
        else if (t.failed || t.errors)
            fprintf(stderr, "FAILED: %s: %s\n", rn->name, rs_failed_phrase(&t, buf, sizeof buf));
        if (rn->available == 0)
            fprintf(stderr, "%s: %s\n", rn->name, rs_runner_status(set, rn, buf, sizeof buf));
    }
}

/* --update-baseline FILE: NOW becomes the new baseline, keeping FILE's
 * runners that did not run now (a missing FILE starts a new baseline). */
static int update_baseline(rs_set *now, const char *file)
{
    rs_set old = {0};
    FILE *probe = fopen(file, "rb");
    int have_old = probe != NULL;
    if (probe)
        fclose(probe);
    if (have_old && rs_load_file(&old, file, stderr) < 0) {
        fprintf(stderr, "  (that is the baseline to update: it is left as it is; fix it, or "
                "remove it to start a new one)\n");
        rs_free(&old);
        return -1;
    }
    if (!have_old)
        fprintf(stderr, "dllshm-report: baseline: %s does not exist: starting a new one\n", file);
    rs_update_baseline(now, have_old ? &old : NULL, file, stderr);
    int rc = rs_save(now, file, stderr);
    rs_free(&old);
    return rc;
}

/* The command line: the options, and the results files each with the
 * --runner-suffix given before it. */
struct cli {
    const char *md, *html, *base_file, *update;
    rs_report_opts opts;
    char **files;
    const char **suffix;
    int nfiles;
};

/* 0: go on; 1: done (--help, --version); 2: a usage error, said. */
static int parse_args(int argc, char **argv, struct cli *c)
{
    const char *cur_suffix = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return 1;
        }
        if (!strcmp(a, "--version")) {
            puts("dllshm-report " PACKAGE_VERSION);
            return 1;
        }
        if (!strcmp(a, "--markdown")) slot = &c->md;
        else if (!strcmp(a, "--html")) slot = &c->html;
        else if (!strcmp(a, "--baseline")) slot = &c->base_file;
        else if (!strcmp(a, "--update-baseline")) slot = &c->update;
        else if (!strcmp(a, "--runner-suffix")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dllshm-report: --runner-suffix needs a value\n%s", usage);
                return 2;
            }
            cur_suffix = argv[++i];
            continue;
        } else if (!strcmp(a, "--max-list")) {
            char *end;
            if (i + 1 >= argc || (c->opts.max_list = strtoul(argv[i + 1], &end, 10), *end)) {
                fprintf(stderr, "dllshm-report: --max-list needs a number\n%s", usage);
                return 2;
            }
            i++;
            continue;
        } else if (!strcmp(a, "--")) {
            while (++i < argc) {
                c->suffix[c->nfiles] = cur_suffix;
                c->files[c->nfiles++] = argv[i];
            }
            break;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dllshm-report: unknown option %s\n%s", a, usage);
            return 2;
        } else {
            c->suffix[c->nfiles] = cur_suffix;
            c->files[c->nfiles++] = argv[i];
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "dllshm-report: %s needs a file name\n%s", a, usage);
            return 2;
        }
        *slot = argv[++i];
    }
    if (!c->nfiles) {
        fprintf(stderr, "dllshm-report: no results file given\n%s", usage);
        return 2;
    }
    return 0;
}

/* The closing lines on stderr: the totals, the runners, and each
 * regression and new failure against the baseline. */
static void say_summary(const rs_set *now, const rs_totals *t, const rs_diff *d, const struct cli *c)
{
    fprintf(stderr, "dllshm-report: %zu results from %d file%s: %zu passed, %zu failed, "
            "%zu skipped", t->total, c->nfiles, c->nfiles == 1 ? "" : "s", t->passed, t->failed,
            t->skipped);
    if (d)
        fprintf(stderr, "; against %s: new failures: %zu, regressions: %zu, fixes: %zu, "
                "new: %zu, missing: %zu, other changes: %zu, results of new runners: %zu",
                c->base_file, d->count[RS_NEW_FAILURE], d->count[RS_REGRESSION],
                d->count[RS_FIX], d->count[RS_NEW], d->count[RS_MISSING], d->count[RS_CHANGED],
                d->count[RS_NEW_RUNNER]);
    fputs("\n", stderr);
    say_runners(now, d);
    for (size_t i = 0; d && i < d->n; i++) {
        const rs_diff_item *it = &d->items[i];
        if (it->kind != RS_REGRESSION && it->kind != RS_NEW_FAILURE)
            continue;
        fprintf(stderr, "%s: %s / %s / %s: %s -> %s%s%s\n",
                it->kind == RS_REGRESSION ? "REGRESSION" : "NEW FAILURE", it->now->scenario,
                it->now->impl, it->now->runner,
                it->was ? result_name(it->was->result) : "(not in the baseline)",
                result_name(it->now->result), it->now->reason ? ": " : "",
                it->now->reason ? it->now->reason : "");
    }
}

/* Loads, compares, writes what was asked, says how it went: 0, 1 when a
 * result failed (on a runner the baseline knows), 2 on bad input. */
static int report_files(struct cli *c)
{
    rs_set now = {0}, base = {0};
    rs_diff diff, *d = NULL;
    int rc = 2;
    for (int i = 0; i < c->nfiles; i++) {
        now.runner_suffix = c->suffix[i];
        if (rs_load_file(&now, c->files[i], stderr) < 0)
            goto out;
    }
    now.runner_suffix = NULL;
    rs_sort(&now);
    if (c->base_file) {
        if (rs_load_file(&base, c->base_file, stderr) < 0) {
            fputs("  (that is the baseline: fix it, or regenerate it with "
                  "dllshm-report --update-baseline FILE RESULTS.json...)\n", stderr);
            goto out;
        }
        rs_sort(&base);
        rs_compare(&base, &now, &diff);
        d = &diff;
        c->opts.baseline_file = c->base_file;
        c->opts.baseline = &base;
    }
    if (c->md && write_to(c->md, rs_write_markdown, &now, d, &c->opts) < 0)
        goto out;
    if (c->html && write_to(c->html, rs_write_html, &now, d, &c->opts) < 0)
        goto out;

    rs_totals t;
    rs_totals_of(&now, NULL, &t);
    say_summary(&now, &t, d, c);
    if (c->update) {
        if (update_baseline(&now, c->update) < 0)
            goto out;
        fprintf(stderr, "dllshm-report: wrote the new baseline %s (%zu results)%s\n", c->update,
                now.n, t.failed
                ? "; its failures are now accepted: review the diff before committing"
                : "");
        rc = 0;
    } else {
        rc = rs_counted_failures(&now, d) || rs_error_runners(&now) ? 1 : 0;
    }
out:
    if (d)
        rs_diff_free(d);
    rs_free(&now);
    rs_free(&base);
    return rc;
}

static void out_of_memory(void)
{
    fputs("dllshm-report: out of memory\n", stderr);
    exit(2);
}

int report_main(int argc, char **argv)
{
    x_out_of_memory = out_of_memory;
    struct cli c = {NULL, NULL, NULL, NULL, {NULL, NULL, 30}, NULL, NULL, 0};
    c.files = calloc((size_t)argc + 1, sizeof *c.files);
    c.suffix = calloc((size_t)argc + 1, sizeof *c.suffix);
    int rc = 2;
    if (c.files && c.suffix) {
        rc = parse_args(argc, argv, &c);
        rc = rc == 1 ? 0 : rc == 0 ? report_files(&c) : 2;
    }
    free(c.files);
    free(c.suffix);
    return rc;
}

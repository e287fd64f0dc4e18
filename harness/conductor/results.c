#include "results.h"
#include "vocab.h"
#include "scenario.h"
#include "util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

_Static_assert((int)RES_PASS == (int)VR_PASS && (int)RES_XFAIL == (int)VR_XFAIL && (int)RES_SKIP == (int)VR_SKIP
               && (int)RES_COUNT == (int)VR_COUNT, "enum result follows harness/common/vocab.h");
_Static_assert((int)OUT_PASS == (int)VO_PASS && (int)OUT_CRASH == (int)VO_CRASH && (int)OUT_SKIP == (int)VO_SKIP,
               "enum outcome too");

enum result classify(enum outcome o, enum expected e)
{
    if (o == OUT_SKIP) return RES_SKIP;
    switch (e) {
    case EXPECT_SKIP: return RES_SKIP;
    case EXPECT_PASS:
        return o == OUT_PASS ? RES_PASS : o == OUT_FAIL ? RES_FAIL : o == OUT_CRASH ? RES_CRASH : RES_TIMEOUT;
    case EXPECT_FAIL:   /* a fixture that crashes or hangs fails too */
        return o == OUT_PASS ? RES_XPASS : RES_XFAIL;
    case EXPECT_FLAKY:
        return o == OUT_PASS ? RES_PASS : RES_XFAIL;
    }
    return RES_FAIL;
}

const char *outcome_name(enum outcome o) { return vocab_outcome_names[o]; }
const char *result_name(enum result r) { return vocab_result_names[r]; }
int result_failed(enum result r) { return vocab_result_failed((int)r); }
int result_passed(enum result r) { return vocab_result_passed((int)r); }

void summary_add(struct summary *s, enum result r) { s->n[r]++; s->total++; }
unsigned summary_passed(const struct summary *s) { return s->n[RES_PASS] + s->n[RES_XFAIL]; }
unsigned summary_failed(const struct summary *s)
{
    return s->n[RES_FAIL] + s->n[RES_XPASS] + s->n[RES_CRASH] + s->n[RES_TIMEOUT];
}

void summary_line(const struct summary *s, char *buf, size_t len)
{
    snprintf(buf, len, "%u passed, %u failed, %u skipped", summary_passed(s), summary_failed(s), s->n[RES_SKIP]);
}

void progress_line(const struct result_rec *r, unsigned index, unsigned total, char *buf, size_t len)
{
    static const char *const tag[RES_COUNT] = { "PASS ", "FAIL ", "XFAIL", "XPASS", "CRASH", "TIME ", "SKIP " };
    int w = snprintf(NULL, 0, "%u", total);
    snprintf(buf, len, "[%*u/%u] %s  %s  %s  %s  (%u ms)%s%s", w, index, total, tag[r->result], r->runner,
             r->impl, r->scenario, r->duration_ms,
             r->result == RES_PASS || !r->reason ? "" : ": ", r->result == RES_PASS || !r->reason ? "" : r->reason);
}

void result_free(struct result_rec *r)
{
    free(r->scenario); free(r->title); free(r->impl); free(r->runner); free(r->reason); free(r->output);
    free(r->table); free(r->file);
}

/* Distinct values of one column, in order of first appearance. */
static size_t distinct(const struct result_rec *v, size_t n, size_t off, const char ***out)
{
    const char **d = xcalloc(n + 1, sizeof *d);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = *(char *const *)((const char *)&v[i] + off);
        size_t j;
        for (j = 0; j < k; j++) if (!strcmp(d[j], s)) break;
        if (j == k) d[k++] = s;
    }
    *out = d;
    return k;
}

static const char *cell_tag(enum result r)
{
    static const char *const t[RES_COUNT] = { "pass", "FAIL", "xfail", "XPASS", "CRASH", "TIMEOUT", "skip" };
    return t[r];
}

void print_table(FILE *f, const struct result_rec *v, size_t n)
{
    const char **sc, **im, **ru;
    size_t ns = distinct(v, n, offsetof(struct result_rec, scenario), &sc);
    size_t ni = distinct(v, n, offsetof(struct result_rec, impl), &im);
    size_t nr = distinct(v, n, offsetof(struct result_rec, runner), &ru);
    size_t w0 = strlen("scenario");
    for (size_t i = 0; i < ns; i++) if (strlen(sc[i]) > w0) w0 = strlen(sc[i]);
    size_t *wi = xcalloc(ni, sizeof *wi);
    for (size_t j = 0; j < ni; j++) {
        wi[j] = strlen(im[j]);
        if (wi[j] < nr * 8 - 1) wi[j] = nr * 8 - 1;  /* "TIMEOUT/" per runner */
    }
    fprintf(f, "| %-*s |", (int)w0, "scenario");
    for (size_t j = 0; j < ni; j++) fprintf(f, " %-*s |", (int)wi[j], im[j]);
    fputs("\n|", f);
    for (size_t k = 0; k < w0 + 2; k++) fputc('-', f);
    fputc('|', f);
    for (size_t j = 0; j < ni; j++) { for (size_t k = 0; k < wi[j] + 2; k++) fputc('-', f); fputc('|', f); }
    fputc('\n', f);
    for (size_t i = 0; i < ns; i++) {
        fprintf(f, "| %-*s |", (int)w0, sc[i]);
        for (size_t j = 0; j < ni; j++) {
            struct sb cell;
            sb_init(&cell);
            for (size_t r = 0; r < nr; r++) {
                const char *tag = "-";
                for (size_t x = 0; x < n; x++)
                    if (!strcmp(v[x].scenario, sc[i]) && !strcmp(v[x].impl, im[j]) && !strcmp(v[x].runner, ru[r]))
                        tag = cell_tag(v[x].result);
                sb_printf(&cell, "%s%s", r ? "/" : "", tag);
            }
            fprintf(f, " %-*s |", (int)wi[j], cell.buf);
            sb_free(&cell);
        }
        fputc('\n', f);
    }
    if (nr > 1) {
        fprintf(f, "(cells: ");
        for (size_t r = 0; r < nr; r++) fprintf(f, "%s%s", r ? "/" : "", ru[r]);
        fprintf(f, ")\n");
    }
    free(sc); free(im); free(ru); free(wi);
}

unsigned prove_check(FILE *f, const struct result_rec *v, size_t n, int (*is_fixture)(const char *))
{
    const char **sc;
    size_t ns = distinct(v, n, offsetof(struct result_rec, scenario), &sc);
    unsigned bad = 0;
    for (size_t i = 0; i < ns; i++) {
        int ran = 0, failed = 0;
        for (size_t x = 0; x < n; x++) {
            if (strcmp(v[x].scenario, sc[i]) || v[x].outcome == OUT_SKIP) continue;
            ran = 1;
            if (is_fixture(v[x].impl) && v[x].outcome != OUT_PASS) failed = 1;
        }
        if (ran && !failed) {
            fprintf(f, "scenario %s fails no fixture: it cannot fail\n", sc[i]);
            bad++;
        }
    }
    free(sc);
    return bad;
}

int level_reached(const struct result_rec *v, size_t n, const char *impl, const char *runner)
{
    int passed[LEVEL_COUNT] = { 0 }, failed[LEVEL_COUNT] = { 0 }, ran = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].impl, impl) || strcmp(v[i].runner, runner)) continue;
        ran |= v[i].outcome != OUT_SKIP;
        if (v[i].level < 0 || v[i].level >= LEVEL_COUNT) continue;
        /* What happened counts, not what was expected: a fixture's
         * expected-fail does not pass its level. */
        if (v[i].outcome == OUT_PASS) passed[v[i].level] = 1;
        else if (v[i].outcome != OUT_SKIP) failed[v[i].level] = 1;
    }
    if (!ran) return LEVEL_NOT_RUN;
    int reached = LEVEL_NONE;
    for (int l = 0; l < LEVEL_COUNT && passed[l] && !failed[l]; l++) reached = l;
    return reached;
}

const char *level_label(int level)
{
    return level == LEVEL_NOT_RUN ? "not run" : level == LEVEL_NONE ? "none" : scn_level_name((enum scn_level)level);
}

const char *level_not_run_reason(const struct result_rec *v, size_t n, const char *impl, const char *runner)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].impl, impl) && !strcmp(v[i].runner, runner) && v[i].reason) return v[i].reason;
    return "nothing was selected";
}

void print_levels(FILE *f, const struct result_rec *v, size_t n)
{
    const char **im, **ru;
    size_t ni = distinct(v, n, offsetof(struct result_rec, impl), &im);
    size_t nr = distinct(v, n, offsetof(struct result_rec, runner), &ru);
    fprintf(f, "highest contract level fully passed (documented < hardened < dllshm; not run: every "
               "scenario skipped there):\n");
    for (size_t j = 0; j < ni; j++) {
        fprintf(f, "  %-24s", im[j]);
        for (size_t r = 0; r < nr; r++)
            fprintf(f, "%s%s", r ? "/" : " ", level_label(level_reached(v, n, im[j], ru[r])));
        fputc('\n', f);
    }
    free(im); free(ru);
}

#include "table.h"
#include "util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>


void progress_line(const struct verdict *r, unsigned index, unsigned total, char *buf, size_t len)
{
    static const char *const tag[RES_COUNT] = { "PASS ", "FAIL ", "XFAIL", "XPASS", "CRASH", "TIME ", "ERROR", "SKIP " };
    int w = snprintf(NULL, 0, "%u", total);
    int k = index ? snprintf(buf, len, "[%*u/%u] ", w, index, total) : 0;
    if (k < 0 || (size_t)k >= len) return;
    int quiet = r->result == RES_PASS || !r->reason;
    snprintf(buf + k, len - (size_t)k, "%s  %s  %s  %s  (%ld ms)%s%s", tag[r->result], r->runner, r->impl,
             r->scenario, r->duration_ms, quiet ? "" : ": ", quiet ? "" : r->reason);
}

static int counts(const struct verdict *r) { return result_failed(r->result) || r->result == RES_ERROR; }

void print_failures(FILE *f, const struct verdict *v, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (!counts(&v[i])) continue;
        if (!any++) fputs("failed:\n", f);
        if (v[i].same_as) {
            struct verdict short_one = v[i];
            char why[400];
            snprintf(why, sizeof why, "same cause as %s (%s)", v[i].same_as, v[i].cause);
            short_one.reason = why;
            char pl[1024];
            progress_line(&short_one, 0, 0, pl, sizeof pl);
            fprintf(f, "  %s\n", pl);
            continue;
        }
        char pl[1024];
        progress_line(&v[i], 0, 0, pl, sizeof pl);   /* no counter: it means nothing here */
        fprintf(f, "  %s\n", pl);
    }
}

void print_causes(FILE *f, const struct verdict *v, size_t n)
{
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        if (!counts(&v[i]) || !v[i].cause || v[i].same_as) continue;
        if (!any++) fputs("root causes (one defect, one diagnosis; each with the scenarios it broke):\n", f);
        fprintf(f, "  %s on %s: %s: %s", v[i].impl, v[i].runner, v[i].cause, v[i].scenario);
        for (size_t j = i + 1; j < n; j++)
            if (counts(&v[j]) && v[j].same_as && !strcmp(v[j].same_as, v[i].scenario) && !strcmp(v[j].impl, v[i].impl)
                && !strcmp(v[j].runner, v[i].runner))
                fprintf(f, ", %s", v[j].scenario);
        fputc('\n', f);
    }
}

/* Distinct values of one column, in order of first appearance. */
static size_t distinct(const struct verdict *v, size_t n, size_t off, const char ***out)
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
    static const char *const t[RES_COUNT] = { "pass", "FAIL", "xfail", "XPASS", "CRASH", "TIMEOUT", "ERROR", "skip" };
    return t[r];
}

void print_table(FILE *f, const struct verdict *v, size_t n)
{
    const char **sc, **im, **ru;
    size_t ns = distinct(v, n, offsetof(struct verdict, scenario), &sc);
    size_t ni = distinct(v, n, offsetof(struct verdict, impl), &im);
    size_t nr = distinct(v, n, offsetof(struct verdict, runner), &ru);
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

unsigned prove_check(FILE *f, const struct verdict *v, size_t n)
{
    const char **sc;
    size_t ns = distinct(v, n, offsetof(struct verdict, scenario), &sc);
    unsigned bad = 0;
    for (size_t i = 0; i < ns; i++) {
        int ran = 0, failed = 0;
        for (size_t x = 0; x < n; x++) {
            if (strcmp(v[x].scenario, sc[i]) || v[x].outcome == OUT_SKIP) continue;
            ran = 1;
            if (v[x].role == ROLE_FIXTURE && v[x].outcome != OUT_PASS) failed = 1;
        }
        if (ran && !failed) {
            fprintf(f, "scenario %s fails no fixture: it cannot fail\n", sc[i]);
            bad++;
        }
    }
    free(sc);
    return bad;
}

void print_levels(FILE *f, const struct verdict *v, size_t n)
{
    const char **im, **ru;
    size_t ni = distinct(v, n, offsetof(struct verdict, impl), &im);
    size_t nr = distinct(v, n, offsetof(struct verdict, runner), &ru);
    fprintf(f, "highest contract level fully passed (documented < hardened < dllshm; not run: every "
               "scenario skipped there):\n");
    for (size_t j = 0; j < ni; j++) {
        fprintf(f, "  %-24s", im[j]);
        for (size_t r = 0; r < nr; r++)
            fprintf(f, "%s%s", r ? "/" : " ", level_name(level_reached(v, n, im[j], ru[r])));
        fputc('\n', f);
    }
    free(im); free(ru);
}

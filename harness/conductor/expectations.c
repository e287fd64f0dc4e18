#include "expectations.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fnmatch() without FNM flags, which MinGW lacks. */
int glob_match(const char *p, const char *s)
{
    const char *star = NULL, *resume = NULL;
    while (*s) {
        if (*p == '*') { star = ++p; resume = s; continue; }
        if (*p == '?' || *p == *s) { p++; s++; continue; }
        if (!star) return 0;
        p = star; s = ++resume;
    }
    while (*p == '*') p++;
    return !*p;
}

static const char *skip_ws(const char *p) { while (*p == ' ' || *p == '\t') p++; return p; }

int rules_parse(struct rules *r, const char *path, const char *text, char *err, size_t errlen)
{
    static const char *const what[] = { "a scenario name or glob", "an implementation name or glob",
                                        "a runner name or glob" };
    size_t cap = 0;
    int lineno = 0;
    memset(r, 0, sizeof *r);
    r->path = xstrdup(path);
    for (const char *p = text; *p; ) {
        size_t n = strcspn(p, "\n");
        char *line = xstrndup(p, n);
        p += n + (p[n] == '\n');
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        rtrim(line);
        const char *q = skip_ws(line);
        if (!*q) { free(line); continue; }
        struct rule ru = { 0 };
        char **fields[3] = { &ru.scenario, &ru.impl, &ru.runner };
        for (int i = 0; i < 3; i++) {
            q = skip_ws(q);
            size_t w = strcspn(q, " \t");
            if (!w) {
                snprintf(err, errlen, "%s:%d:%d: expected %s", path, lineno, (int)(q - line) + 1, what[i]);
                goto fail;
            }
            *fields[i] = xstrndup(q, w);
            q += w;
        }
        q = skip_ws(q);
        size_t w = strcspn(q, " \t");
        static const char *const names[] = { "pass", "fail", "flaky", "skip" };
        int k;
        for (k = 0; k < 4; k++)
            if (strlen(names[k]) == w && !strncmp(q, names[k], w)) break;
        if (k == 4) {
            snprintf(err, errlen, "%s:%d:%d: expected pass, fail, flaky or skip", path, lineno, (int)(q - line) + 1);
            goto fail;
        }
        ru.expected = (enum expected)k;
        q = skip_ws(q + w);
        if (ru.expected == EXPECT_SKIP && !*q) {
            snprintf(err, errlen, "%s:%d:%d: expected a reason after skip", path, lineno, (int)(q - line) + 1);
            goto fail;
        }
        ru.reason = xstrdup(q);
        ru.line = lineno;
        if (r->n == cap) { cap = cap ? cap * 2 : 16; r->v = xrealloc(r->v, cap * sizeof *r->v); }
        r->v[r->n++] = ru;
        free(line);
        continue;
    fail:
        free(ru.scenario); free(ru.impl); free(ru.runner);
        free(line);
        rules_free(r);
        return -1;
    }
    return 0;
}

int rules_load(struct rules *r, const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        if (errno == ENOENT) { memset(r, 0, sizeof *r); r->path = xstrdup(path); return 0; }
        snprintf(err, errlen, "%s:0:0: expected a readable expectations file (%s)", path, strerror(errno));
        return -1;
    }
    int rc = rules_parse(r, path, text, err, errlen);
    free(text);
    return rc;
}

void rules_free(struct rules *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].scenario); free(r->v[i].impl); free(r->v[i].runner); free(r->v[i].reason);
    }
    free(r->v); free(r->path);
    memset(r, 0, sizeof *r);
}

const struct rule *rules_match(const struct rules *r, const char *scenario, const char *impl, const char *runner)
{
    for (size_t i = 0; i < r->n; i++)
        if (glob_match(r->v[i].scenario, scenario) && (impl ? glob_match(r->v[i].impl, impl) : !strcmp(r->v[i].impl, "*"))
            && glob_match(r->v[i].runner, runner))
            return &r->v[i];
    return NULL;
}

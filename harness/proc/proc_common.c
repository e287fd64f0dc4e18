/* proc_common.c - what the process layer builds on its own primitives, the
 * same for every OS: running a program to completion for its output. */
#include "proc.h"

#include <stdlib.h>
#include <string.h>

static char *xstrdup_or_null(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

int proc_run(const struct proc_opts *o, char **out, unsigned timeout_ms)
{
    char err[512];
    struct proc_opts m = *o;
    m.merge_stderr = 1;
    *out = NULL;
    proc_t *p = proc_spawn(&m, err, sizeof err);
    if (!p) { *out = xstrdup_or_null(err); return -1; }
    proc_close_stdin(p);
    uint64_t deadline = proc_now_ms() + timeout_ms;
    size_t len = 0;
    char *acc = calloc(1, 1);
    const char *line;
    int r;
    while ((r = proc_read_line(p, &line, deadline)) == PROC_LINE) {
        size_t n = strlen(line);
        if (len + n + 2 > 65536) continue;
        char *a = realloc(acc, len + n + 2);
        if (!a) break;
        acc = a;
        memcpy(acc + len, line, n);
        len += n;
        acc[len++] = '\n';
        acc[len] = '\0';
    }
    int code = -2;
    if (r != PROC_EOF || proc_wait(p, deadline, &code)) code = -2;
    proc_free(p);
    *out = acc;
    return code;
}

/* session.c - the agent session, a program run to its end, and Wine's
 * start-up collision (session.h says what each is). */
#include "session.h"
#include "wine_facts.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void note(session_log_fn *log, void *ctx, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(session_log_fn *log, void *ctx, const char *fmt, ...)
{
    char line[800];   /* an event: a few words and an error of proc_spawn's */
    va_list ap;
    if (!log) return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    log(ctx, '!', line);
}

/* A Windows program under Wine sees the collision as CreateProcess's
 * ERROR_INTERNAL_ERROR; proc_win32.c words it so.  Never on Windows
 * itself, nor on POSIX (proc_host_wine: 0). */
static int spawn_spoilt(const char *err)
{
    return proc_host_wine() && strstr(err, "CreateProcess error 1359") != NULL;
}

/* proc_spawn, again while the collision stopped CreateProcess itself. */
static proc_t *spawn(const struct proc_opts *o, int *attempt, struct start_count *count, char *err, size_t errlen,
                     session_log_fn *log, void *ctx)
{
    for (;;) {
        proc_t *p = proc_spawn(o, err, errlen);
        if (count) count->starts++;
        if (p || *attempt >= WINE_START_ATTEMPTS || !spawn_spoilt(err)) return p;
        ++*attempt;
        if (count) count->restarts++;
        note(log, ctx, "%s: Wine did not start it; starting it again (attempt %d of %d)", err, *attempt,
             WINE_START_ATTEMPTS);
    }
}

static char **strv_copy(const char *const *v)
{
    size_t n = 0;
    while (v && v[n]) n++;
    char **c = xcalloc(n + 1, sizeof *c);
    for (size_t i = 0; i < n; i++) c[i] = xstrdup(v[i]);
    return c;
}

static void strv_free(char **v)
{
    for (size_t i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

static struct proc_opts kept_opts(const struct session *se)
{
    struct proc_opts o = { (const char *const *)se->argv, (const char *const *)se->env, se->cwd, se->merge_stderr,
                           se->console };
    return o;
}

void session_init(struct session *se, struct start_count *count, session_log_fn *log, void *log_ctx)
{
    memset(se, 0, sizeof *se);
    se->count = count;
    se->log = log;
    se->log_ctx = log_ctx;
}

static int respawn(struct session *se)
{
    struct proc_opts o = kept_opts(se);
    se->started = se->attach_wait = 0;
    se->p = spawn(&o, &se->attempt, se->count, se->err, sizeof se->err, se->log, se->log_ctx);
    return se->p ? 0 : -1;
}

int session_start(struct session *se, const struct proc_opts *o)
{
    strv_free(se->argv);
    strv_free(se->env);
    free(se->cwd);
    se->argv = strv_copy(o->argv);
    se->env = o->env ? strv_copy(o->env) : NULL;
    se->cwd = xstrdup(o->cwd);
    se->merge_stderr = o->merge_stderr;
    se->console = o->console;
    se->attempt = 1;
    return respawn(se);
}

/* The line's first word is one of words (NUL-separated, "" ends them). */
static int first_word_in(const char *line, const char *words)
{
    size_t n = strcspn(line, " ");
    for (const char *w = words; *w; w += strlen(w) + 1)
        if (strlen(w) == n && !strncmp(line, w, n)) return 1;
    return 0;
}

/* Lines up to one whose first word is in words; `started` and `note
 * attach-wait` are noted on the way. */
static int read_until(struct session *se, uint64_t deadline, const char **line, const char *words)
{
    for (;;) {
        int r = proc_read_line(se->p, line, deadline);
        if (r != PROC_LINE) return r;
        int wanted = 0, ours = 1;   /* ours: a line of the protocol, not a stray one */
        if (!strncmp(*line, "started ", 8)) se->started = 1;
        else if (!strncmp(*line, "note attach-wait ", 17)) se->attach_wait = 1;
        else ours = wanted = first_word_in(*line, words);
        if (se->log) se->log(se->log_ctx, ours ? '<' : '?', *line);
        if (wanted) return PROC_LINE;
    }
}

/* An agent that ended before `started` for a reason its caller knows (a
 * loader that cannot run that arch): starting it again would only say so
 * twice more. */
static int failure_known(struct session *se)
{
    if (!se->known) return 0;
    char *text = proc_stderr(se->p);
    int known = se->known(se->known_ctx, text ? text : "");
    free(text);
    return known;
}

int session_ready(struct session *se, uint64_t deadline_ms, const char **line)
{
    for (;;) {
        int r = read_until(se, deadline_ms, line, "ready\0crash\0");
        if (r != PROC_EOF || se->started || se->attempt >= WINE_START_ATTEMPTS || failure_known(se)) return r;
        int code = session_end(se, 2000, 0, NULL);
        se->attempt++;
        if (se->count) se->count->restarts++;
        note(se->log, se->log_ctx, "ended before its `started` line (exit code %d): Wine did not start it; "
             "starting it again (attempt %d of %d)", code, se->attempt, WINE_START_ATTEMPTS);
        if (respawn(se)) return -1;
    }
}

int session_read(struct session *se, uint64_t deadline_ms, const char **line)
{
    return read_until(se, deadline_ms, line, "ok\0error\0crash\0");
}

int session_send(struct session *se, const char *cmd)
{
    if (se->log) se->log(se->log_ctx, '>', cmd);
    char *c = xasprintf("%s\n", cmd);
    int w = se->p ? proc_write(se->p, c, strlen(c)) : -1;
    free(c);
    return w;
}

int session_ask(struct session *se, const char *cmd, uint64_t deadline_ms, const char **line)
{
    return session_send(se, cmd) ? PROC_EOF : session_read(se, deadline_ms, line);
}

int session_end(struct session *se, unsigned grace_ms, int kill_now, char **stderr_text)
{
    int code = -1;
    if (stderr_text) *stderr_text = NULL;
    if (!se->p) return -1;
    if (kill_now) proc_kill(se->p);
    else proc_close_stdin(se->p);
    if (proc_wait(se->p, proc_now_ms() + grace_ms, &code)) {
        proc_kill(se->p);
        proc_wait(se->p, UINT64_MAX, NULL);
        note(se->log, se->log_ctx, "killed after %u ms", grace_ms);
        code = -1;
    }
    if (stderr_text) *stderr_text = proc_stderr(se->p);
    proc_free(se->p);
    se->p = NULL;
    return code;
}

void session_free(struct session *se)
{
    if (se->p) session_end(se, 0, 1, NULL);
    strv_free(se->argv);
    strv_free(se->env);
    free(se->cwd);
    se->argv = se->env = NULL;
    se->cwd = NULL;
}

/* One scripted run: 0 when it ran (its output in out), -1 when it could not start. */
static int script_once(struct session *se, const char *input, uint64_t deadline, struct sb *out, int *code, int *hung)
{
    const char *line;
    int r;
    proc_write(se->p, input, strlen(input));   /* a few short lines: they fit the pipe */
    proc_close_stdin(se->p);
    while ((r = proc_read_line(se->p, &line, deadline)) == PROC_LINE) {
        if (!strncmp(line, "started ", 8)) se->started = 1;
        sb_printf(out, "%s\n", line);
    }
    *hung = r == PROC_TIMEOUT;
    *code = session_end(se, *hung ? 0 : 5000, *hung, NULL);
    return 0;
}

int session_script(struct session *se, const struct proc_opts *o, const char *input, uint64_t ms, struct sb *out,
                   int *code, int *hung)
{
    if (session_start(se, o)) return -1;
    for (;;) {
        out->len = 0;
        sb_add(out, "", 0);
        script_once(se, input, proc_now_ms() + ms, out, code, hung);
        if (se->started || *hung || se->attempt >= WINE_START_ATTEMPTS) return 0;
        se->attempt++;
        if (se->count) se->count->restarts++;
        note(se->log, se->log_ctx, "ended before its `started` line: Wine did not start it; starting it again");
        if (respawn(se)) return -1;
    }
}

/* One run of pg's program to its end; *collided: Wine's line on its stderr. */
static void program_once(const struct program *pg, int *attempt, struct program_end *e, int *collided)
{
    memset(e, 0, sizeof *e);
    e->code = -1;
    *collided = 0;
    if (pg->on_line) pg->on_line(pg->ctx, NULL);
    proc_t *p = spawn(pg->opts, attempt, pg->count, e->err, sizeof e->err, pg->log, pg->ctx);
    if (!p) return;
    e->started = 1;
    uint64_t deadline = proc_now_ms() + pg->ms;
    const char *line;
    int r;
    while ((r = proc_read_line(p, &line, deadline)) == PROC_LINE)
        if (pg->on_line) pg->on_line(pg->ctx, line);
    if (r == PROC_TIMEOUT || proc_wait(p, deadline, &e->code)) {
        proc_kill(p);
        e->code = -1;
        e->timed_out = 1;
    }
    /* The line may come from the program or from a process it started
     * (the child inherits stderr and WINEDEBUG). */
    char *text = proc_stderr(p);
    *collided = text && strstr(text, WINE_START_COLLISION);
    if (pg->on_stderr && text && *text) pg->on_stderr(pg->ctx, text);
    free(text);
    proc_free(p);
    note(pg->log, pg->ctx, "exited with code %d", e->code);
}

void program_run(const struct program *pg, struct program_end *e)
{
    for (int attempt = 1;; attempt++) {
        int collided;
        program_once(pg, &attempt, e, &collided);
        if (e->timed_out || attempt >= WINE_START_ATTEMPTS || !collided || !pg->wrong(pg->ctx, e)) return;
        if (pg->count) pg->count->restarts++;
        note(pg->log, pg->ctx, "Wine did not start a process of it: running it again (attempt %d of %d)",
             attempt + 1, WINE_START_ATTEMPTS);
    }
}

/* Running one scenario against one implementation on one runner: start
 * the agents its steps name, drive them in lockstep, check each reply, and
 * end every agent whatever happens.  The first failing step decides the
 * outcome (fail, crash, timeout); the agents' transcripts then go into the
 * result's output. */
#include "conductor.h"
#include "linearize.h"
#include "proc.h"
#include "reply.h"
#include "sched.h"
#include "session.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_CAP (64 * 1024)

struct agent {
    struct session se;   /* se.p NULL: not running; se.attach_wait: its DllMain
                            waited for something (a serialised attach, or a
                            deadlock when it never returns) */
    int arch;
    int up;              /* started and not yet killed or exited */
    int pending;         /* a background command awaits its reply */
    int wine_failed;     /* its stderr holds WINE_LOADER_CRASH: Wine's process failed, not the DLL */
    struct sb log;       /* transcript: > sent, < received, ! events */
};

struct run {
    const struct run_ctx *ctx;
    const struct scenario *s;
    const struct impl *im;
    const struct runner *r;
    struct agent ag[SCN_MAX_PROCS];
    int nstarted;        /* for the mixed runner's x64, x86, x64, ... */
    char name_env[320];  /* DLLSHM_NAME=... */
    char *tmpdir;        /* the scenario's private directory: the agents' and
                            programs' working directory, removed after */
    char *archdir[ARCH_COUNT]; /* run steps: ARCH:PROGRAM copies, one dir per arch */
    struct sb runlog;
    struct sb checklog;  /* check-history: what each history said */
    unsigned histories, inconclusive;
    char *silent_why;          /* why the first inconclusive phase said nothing */
    struct start_count count;   /* processes started; those Wine spoilt, made again */
    int serialised;      /* an attach waited inside its DllMain and then completed */
    int seen;            /* a run step's program printed the expected line */
    uint64_t step_ms, ready_ms;
    /* The first failure: what happened, at which step, which check. */
    enum outcome outcome;
    const struct step *failed_step;
    enum check_kind check;
    char field[32];
    char *message;
    char *cause;         /* its root cause, when other steps would fail on it too */
    char *table;         /* the first reply's table= (sweep), kept for the results */
};

static void logf_(struct sb *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(struct sb *log, const char *fmt, ...)
{
    if (log->len > LOG_CAP) return;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(log, fmt, ap);
    va_end(ap);
    if (log->len > LOG_CAP) sb_puts(log, "\n[transcript truncated]\n");
}

/* Log one protocol line, shortened: replies may be 40 KiB. */
static void log_line(struct sb *log, char dir, const char *line)
{
    size_t n = strlen(line);
    if (n > 400) logf_(log, "%c %.400s... (%lu bytes)\n", dir, line, (unsigned long)n);
    else logf_(log, "%c %s\n", dir, line);
}

/* The arch of a start or run step, the nth (from 0) of its scenario: the
 * one it names, or the runner's; a mixed runner alternates x64, x86, ...
 * in start order.  The run and run_skip_reason both ask here. */
static int arch_of(const struct step *st, int arches, int nth)
{
    if (st->arch != ARCH_ANY) return st->arch;
    if (arches == (1 << ARCH_I686)) return ARCH_I686;
    if (arches == (1 << ARCH_X86_64)) return ARCH_X86_64;
    return nth % 2 ? ARCH_I686 : ARCH_X86_64;   /* mixed */
}

static int step_arch(struct run *ru, const struct step *st) { return arch_of(st, ru->r->arches, ru->nstarted); }

/* The first failure decides (its step, its check, its words); later ones
 * only go to the transcript. */
static void set_outcome(struct run *ru, const struct step *st, enum outcome o, enum check_kind k, const char *field,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void set_outcome(struct run *ru, const struct step *st, enum outcome o, enum check_kind k, const char *field,
                        const char *fmt, ...)
{
    if (ru->outcome != OUT_PASS) return;
    struct sb sb;
    sb_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    ru->outcome = o;
    ru->failed_step = st;
    ru->check = k;
    snprintf(ru->field, sizeof ru->field, "%s", field ? field : "");
    /* One instrument failing the same way is one error of the harness. */
    if (o == OUT_ERROR) ru->cause = xasprintf("an error of the harness: %.120s", sb.buf);
    ru->message = sb_steal(&sb);
}

/* The root cause of the failure just set at st (taken); dropped when st's
 * failure was not the first. */
static void set_cause(struct run *ru, const struct step *st, char *cause)
{
    if (ru->failed_step == st && !ru->cause) ru->cause = cause;
    else free(cause);
}

/* The failure in the result: its parts, and the sentence that joins them,
 * "FILE:LINE: STEP: MESSAGE. Broken promise: ...", whose promise is the one
 * the failing check keeps (its own, or else the scenario's). */
static void put_failure(struct run *ru, struct verdict *out)
{
    const struct step *st = ru->failed_step;
    if (!st) return;
    const char *promise = check_promise(ru->check) ? check_promise(ru->check) : ru->s->contract;
    const char *base = strrchr(ru->s->path, '/');
    out->step_line = st->line;
    out->step = xstrdup(st->text);
    out->check = ru->check;
    out->field = ru->field[0] ? xstrdup(ru->field) : NULL;
    out->message = ru->message;
    out->cause = ru->cause;
    out->promise = xstrdup(promise);
    out->reason = promise ? xasprintf("%s:%d: %s: %s. Broken promise: %s", base ? base + 1 : ru->s->path, st->line,
                                      st->text, ru->message, promise)
                          : xasprintf("%s:%d: %s: %s", base ? base + 1 : ru->s->path, st->line, st->text, ru->message);
    ru->message = NULL;
    ru->cause = NULL;
}

static const char *pname(struct run *ru, const struct step *st) { return ru->s->procs[st->proc]; }

/* Reap an agent that is going away; its exit code, or -1 if it had to be killed. */
static int agent_end(struct agent *a, unsigned grace_ms, int kill_now)
{
    char *err;
    if (!a->se.p) return -1;
    int code = session_end(&a->se, grace_ms, kill_now, &err);
    if (err && *err) logf_(&a->log, "[stderr]\n%s%s", err, err[strlen(err) - 1] == '\n' ? "" : "\n");
    a->wine_failed = err && strstr(err, WINE_LOADER_CRASH);
    free(err);
    a->up = a->pending = 0;
    return code;
}

/* The session's transcript goes into the agent's. */
static void agent_log(void *ctx, char dir, const char *line)
{
    log_line(&((struct agent *)ctx)->log, dir, line);
}

static void agent_crashed(struct run *ru, const struct step *st, struct agent *a, const char *line)
{
    struct reply rp;
    char *cause = NULL;
    reply_parse(line, &rp);
    char *words = reply_crash_words(&rp, &cause);
    char *guard = reply_str(&rp, "guard");
    agent_end(a, 2000, 0);
    if (guard && !strcmp(guard, "source")) {   /* the page after the caller's string (agent: cmd_set) */
        set_outcome(ru, st, OUT_CRASH, CHECK_OVERREAD, NULL, "agent %s crashed: SetSharedMem read past the end of the "
                    "caller's string (its terminator is the last unit before an unreadable page): %s", pname(ru, st), words);
        free(cause);
        cause = xstrdup("SetSharedMem reads past the end of the caller's string");
    } else
        set_outcome(ru, st, OUT_CRASH, CHECK_CRASH, NULL, "agent %s crashed: %s", pname(ru, st), words);
    set_cause(ru, st, cause);
    free(guard);
    free(words);
}

/* Wine's own process failed as the agent ended (agent_end saw its line). */
static int wine_failed(struct run *ru, const struct step *st, struct agent *a, int code)
{
    if (!a->wine_failed) return 0;
    set_outcome(ru, st, OUT_ERROR, CHECK_WINE, NULL, "agent %s: Wine's own process failed as it ended (exit code %d, "
                "\"%s\" on its stderr): not the DLL's doing", pname(ru, st), code, WINE_LOADER_CRASH);
    return 1;
}

static void agent_gone(struct run *ru, const struct step *st, struct agent *a, const char *waiting_for)
{
    int code = agent_end(a, 2000, 0);
    if (wine_failed(ru, st, a, code)) return;
    set_outcome(ru, st, OUT_CRASH, CHECK_GONE, NULL, "agent %s exited without %s (exit code %d%s)", pname(ru, st), waiting_for,
                code, code == -1 ? ": killed" : "");
}

static void agent_hung(struct run *ru, const struct step *st, struct agent *a, uint64_t ms, const char *what)
{
    logf_(&a->log, "! no %s within %llu ms: killing\n", what, (unsigned long long)ms);
    int in_attach = a->se.attach_wait;
    agent_end(a, 2000, 1);
    if (in_attach)   /* any pause of the harness ended when it began to wait (attach.c) */
        set_outcome(ru, st, OUT_TIMEOUT, CHECK_DEADLOCK, NULL,
                    "agent %s: no %s within %llu ms: its DllMain waits and never returns, also with no other process "
                    "paused by the harness (a deadlock in DllMain)", pname(ru, st), what, (unsigned long long)ms);
    if (in_attach) set_cause(ru, st, xstrdup("its DllMain waits for ever (a deadlock in DllMain)"));
    else
        set_outcome(ru, st, OUT_TIMEOUT, CHECK_HUNG, NULL, "agent %s: no %s within %llu ms", pname(ru, st), what,
                    (unsigned long long)ms);
}

/* A load (or ready line) whose DllMain waited, and then returned: the
 * design serialises its attach, and the harness let it. */
static void note_attach_waits(struct run *ru, const struct reply *rp)
{
    long long waits = 0;
    if (reply_num(rp, "attach_waits", &waits) == 0 && waits > 0) ru->serialised = 1;
}

/* Check a reply (or its absence) against the step's expectation. */
static void expect_reply(struct run *ru, const struct step *st, struct agent *a, uint64_t ms)
{
    const char *line;
    int r = session_read(&a->se, proc_now_ms() + ms, &line);
    int want_crash = st->expect.kind == EXP_CRASH;
    if (r == PROC_TIMEOUT) { agent_hung(ru, st, a, ms, "reply"); return; }
    if (r != PROC_LINE) {
        if (want_crash) { logf_(&a->log, "! exited (a crash was expected)\n"); agent_end(a, 2000, 0); return; }
        agent_gone(ru, st, a, "a reply");
        return;
    }
    struct reply rp;
    reply_parse(line, &rp);
    note_attach_waits(ru, &rp);
    for (int i = 0; i < rp.nf && !ru->table; i++)
        if (!strcmp(rp.f[i].key, "table")) ru->table = xstrndup(rp.f[i].val, rp.f[i].len);
    if (rp.kind == REPLY_CRASH && !want_crash) { agent_crashed(ru, st, a, line); return; }
    struct check_out co;
    int narrow = ru->ctx->cfg->ansi && ru->im->role == ROLE_USER;
    if (reply_check(line, &rp, &st->expect, narrow, &co) != CHECK_NONE) {
        /* An agent that cannot do what it was asked (a rule it cannot
         * apply, a thread it cannot start) says nothing of the DLL. */
        int instrument = rp.kind == REPLY_ERROR && reply_instrument_error(&rp);
        set_outcome(ru, st, instrument ? OUT_ERROR : OUT_FAIL, instrument ? CHECK_INSTRUMENT : co.kind, co.field, "%s",
                    co.msg);
        set_cause(ru, st, co.cause[0] ? xstrdup(co.cause) : NULL);
        return;
    }
    if (rp.kind == REPLY_CRASH) agent_end(a, 2000, 0);  /* expected: it is gone */
}

/* Starts the agent of a start step for arch; returns 0, or -1 with the
 * outcome set. */
static int spawn_agent(struct run *ru, const struct step *st, int arch)
{
    struct agent *a = &ru->ag[st->proc];
    const struct config *cfg = ru->ctx->cfg;
    char *agent;
    const char *argv[16];
    int k = agent_argv(ru->r, cfg, arch, ru->im, argv, &agent);
    if (st->noload) argv[k++] = "--no-load";
    argv[k++] = "--tag";
    argv[k++] = pname(ru, st);
    argv[k++] = "--watch-waits";   /* a serialised attach is seen, never a hang (agent/attach.c) */
    argv[k] = NULL;
    char **env = wine_env_new(ru->ctx->prefix, NULL, ru->name_env);
    /* A DLL may write files where it runs: never in the user's directory. */
    struct proc_opts o = { .argv = argv, .env = (const char *const *)env, .cwd = ru->tmpdir };
    if (!a->log.buf) sb_init(&a->log);
    struct sb cmd;
    sb_init(&cmd);
    for (int i = 0; argv[i]; i++) sb_printf(&cmd, "%s%s", i ? " " : "", argv[i]);
    logf_(&a->log, "! start (%s): %s\n", arch_word(arch), cmd.buf);
    sb_free(&cmd);
    session_free(&a->se);
    session_init(&a->se, &ru->count, agent_log, a);
    int rc = session_start(&a->se, &o);
    env_free(env);
    free(agent);
    a->arch = arch;
    if (rc) {
        logf_(&a->log, "! %s\n", a->se.err);
        set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "agent %s could not start: %s", pname(ru, st), a->se.err);
        return -1;
    }
    a->up = 1;
    return 0;
}

/* The agent's ready line (the session starts again an agent Wine did not
 * start: it printed nothing before it ended). */
static void await_ready(struct run *ru, const struct step *st)
{
    struct agent *a = &ru->ag[st->proc];
    const char *line;
    int r = session_ready(&a->se, proc_now_ms() + ru->ready_ms, &line);
    if (r == -1) {
        set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "agent %s could not start: %s", pname(ru, st), a->se.err);
        return;
    }
    if (r == PROC_TIMEOUT) { agent_hung(ru, st, a, ru->ready_ms, "ready line"); return; }
    if (r != PROC_LINE) { agent_gone(ru, st, a, "its ready line"); return; }
    if (!strncmp(line, "crash", 5)) { agent_crashed(ru, st, a, line); return; }
    struct reply rp;
    reply_parse(line, &rp);
    note_attach_waits(ru, &rp);
}

/* A start step and the ones begun with it (start a b c): spawn them all,
 * then await each ready line, so their start-up costs overlap.  Returns
 * the number of steps consumed. */
static size_t do_start(struct run *ru, const struct step *st)
{
    size_t n = 1;
    while (st[n - 1].with_next) n++;
    size_t spawned = 0;
    while (spawned < n && spawn_agent(ru, &st[spawned], step_arch(ru, &st[spawned])) == 0) {
        ru->nstarted++;  /* the mixed runner alternates by start order */
        spawned++;
    }
    for (size_t i = 0; i < spawned && ru->outcome == OUT_PASS; i++) await_ready(ru, &st[i]);
    return n;
}

static void do_send(struct run *ru, const struct step *st)
{
    struct agent *a = &ru->ag[st->proc];
    if (session_send(&a->se, st->command)) { agent_gone(ru, st, a, "reading its command"); return; }
    if (st->background) { a->pending = 1; return; }
    expect_reply(ru, st, a, ru->step_ms);
}

static void do_exit(struct run *ru, const struct step *st)
{
    struct agent *a = &ru->ag[st->proc];
    char cmd[32];
    /* With a code, the agent exits with it: anything else means its exit
     * path (DLL_PROCESS_DETACH) went wrong. */
    if (st->expect.has_exit) snprintf(cmd, sizeof cmd, "exit %d", st->expect.exit_code);
    else snprintf(cmd, sizeof cmd, "exit");
    const char *line;
    int r = session_ask(&a->se, cmd, proc_now_ms() + ru->step_ms, &line);
    if (r == PROC_TIMEOUT) { agent_hung(ru, st, a, ru->step_ms, "reply to exit"); return; }
    if (r != PROC_LINE) { agent_gone(ru, st, a, "replying ok to exit"); return; }
    if (!strncmp(line, "crash", 5)) { agent_crashed(ru, st, a, line); return; }
    if (strcmp(line, "ok")) {
        set_outcome(ru, st, OUT_FAIL, CHECK_REPLY, NULL, "expected ok to exit, got '%.200s'", line);
        agent_end(a, 2000, 1);
        return;
    }
    int code;
    if (proc_wait(a->se.p, proc_now_ms() + ru->step_ms, &code)) {
        agent_hung(ru, st, a, ru->step_ms, "exit after 'ok'");
        return;
    }
    logf_(&a->log, "! exited with code %d\n", code);
    agent_end(a, 2000, 0);
    if (st->expect.has_exit && code != st->expect.exit_code && wine_failed(ru, st, a, code)) return;
    if (st->expect.has_exit && code != st->expect.exit_code)
        set_outcome(ru, st, OUT_FAIL, CHECK_EXIT_CODE, NULL, "expected exit code %d, got %d", st->expect.exit_code, code);
}

/* A run step's word "x86:NAME" / "x64:NAME": that arch (and *name, NAME),
 * else ARCH_ANY. */
static int arch_prefix(const char *w, const char **name)
{
    const char *colon = strchr(w, ':');
    int a = colon ? arch_from_word(w, (size_t)(colon - w)) : ARCH_ANY;
    if (a != ARCH_ANY && name) *name = colon + 1;
    return a;
}

/* Copies the programs (NULL-terminated) of arch into dir, beside the
 * implementation's DLL of that arch as dllshm.dll (what they import);
 * 0, or -1 with the outcome set. */
static int stage(struct run *ru, const struct step *st, const char *dir, int arch, const char *const *programs)
{
    const struct config *cfg = ru->ctx->cfg;
    int rc = 0;
    for (const char *const *p = programs; *p && !rc; p++) {
        char *src = xasprintf("%s/%s/%s", cfg->pe_dir, arch_dir(arch), *p);
        char *dst = xasprintf("%s/%s", dir, *p);
        if ((rc = copy_file(src, dst))) set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "cannot copy %s", src);
        free(src);
        free(dst);
    }
    char *dll = xasprintf("%s/dllshm.dll", dir);
    if (!rc && (rc = copy_file(ru->im->path[arch], dll))) set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "cannot copy %s", ru->im->path[arch]);
    free(dll);
    return rc ? -1 : 0;
}

/* PROGRAM of arch, staged in a directory of its own (one per arch): its
 * path as Windows programs see it, or NULL with the outcome set. */
static char *stage_arch_program(struct run *ru, const struct step *st, int arch, const char *program)
{
    const char *const one[] = { program, NULL };
    if (!ru->archdir[arch] && !(ru->archdir[arch] = proc_temp_dir("dllshm-run"))) {
        set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "cannot make a temp directory");
        return NULL;
    }
    if (stage(ru, st, ru->archdir[arch], arch, one)) return NULL;
    char *dst = xasprintf("%s/%s", ru->archdir[arch], program);
    char *win = runner_windows_path(ru->r, dst);
    free(dst);
    return win;
}

/* A run step's command line: the loader, the program staged in the
 * scenario's directory, its words; "x86:child.exe" names that arch's
 * program, staged beside that arch's DLL, by its Windows path (a mixed
 * 32/64-bit pairing).  NULL with the outcome set; free with free_run_argv. */
struct run_argv { const char **argv; char **owned; int nowned; char *prog; };

static void free_run_argv(struct run_argv *ra)
{
    for (int i = 0; i < ra->nowned; i++) free(ra->owned[i]);
    free(ra->owned);
    free(ra->argv);
    free(ra->prog);
}

static int run_argv(struct run *ru, const struct step *st, int arch, struct run_argv *ra)
{
    const char *loader, *w0 = st->words[0];
    size_t n0 = strlen(w0);
    int k = 0;
    ra->argv = xcalloc(st->nwords + 2, sizeof *ra->argv);
    ra->owned = xcalloc(st->nwords + 1, sizeof *ra->owned);
    ra->nowned = 0;
    if (runner_loader(ru->r, ru->ctx->cfg, arch, &loader)) ra->argv[k++] = loader;
    ra->prog = xasprintf("%s/%s%s", ru->tmpdir, w0, n0 > 4 && !strcmp(w0 + n0 - 4, ".exe") ? "" : ".exe");
    ra->argv[k++] = ra->prog;
    for (int i = 1; i < st->nwords; i++) {
        const char *name;
        int other = arch_prefix(st->words[i], &name);
        if (other == ARCH_ANY) { ra->argv[k++] = st->words[i]; continue; }
        char *path = stage_arch_program(ru, st, other, name);
        if (!path) return -1;
        ra->argv[k++] = ra->owned[ra->nowned++] = path;
    }
    return 0;
}

/* A run step's program, to program_run: its lines, its stderr, and
 * which of its ends are wrong. */
struct run_step { struct run *ru; const struct step *st; };

static void run_step_line(void *ctx, const char *line)
{
    struct run_step *rs = ctx;
    if (!line) { rs->ru->seen = 0; return; }   /* a run (again) begins */
    log_line(&rs->ru->runlog, '<', line);
    if (rs->st->expect.output && !strcmp(line, rs->st->expect.output)) rs->ru->seen = 1;
}

static void run_step_stderr(void *ctx, const char *text)
{
    struct run_step *rs = ctx;
    logf_(&rs->ru->runlog, "[stderr of %s]\n%s\n", pname(rs->ru, rs->st), text);
}

static void run_step_log(void *ctx, char dir, const char *line)
{
    log_line(&((struct run_step *)ctx)->ru->runlog, dir, line);
}

static int run_step_bad_code(const struct step *st, const struct program_end *e)
{
    int want = st->expect.has_exit ? st->expect.exit_code : 0;
    return (st->expect.has_exit || !st->expect.output) && e->code != want;
}

static int run_step_wrong(void *ctx, const struct program_end *e)
{
    struct run_step *rs = ctx;
    return run_step_bad_code(rs->st, e) || (rs->st->expect.output && !rs->ru->seen);
}

/* The sample's parent and child (run steps), to their end: the exit code
 * and the output line the step expects (program_run runs again a run
 * that Wine's start-up collision spoilt). */
static void do_run(struct run *ru, const struct step *st)
{
    int arch = step_arch(ru, st);
    ru->nstarted++;
    static const char *const programs[] = { "parent.exe", "child.exe", NULL };
    struct run_argv ra = { NULL, NULL, 0, NULL };
    if (stage(ru, st, ru->tmpdir, arch, programs) || run_argv(ru, st, arch, &ra)) { free_run_argv(&ra); return; }
    char **env = wine_env_new(ru->ctx->prefix, NULL, ru->name_env);
    wine_env_show_start_errors(env);  /* the programs print nothing of their own first */
    struct proc_opts o = { .argv = ra.argv, .env = (const char *const *)env, .cwd = ru->tmpdir, .console = 1 };
    if (!ru->runlog.buf) sb_init(&ru->runlog);
    /* The directory is a fresh temporary one (removed after): its name says nothing. */
    logf_(&ru->runlog, "! run %s (%s): %s in a private directory\n", pname(ru, st), arch_word(arch), st->command);
    struct run_step rs = { ru, st };
    struct program pg = { &o, ru->step_ms, run_step_line, run_step_stderr, run_step_wrong, &rs, &ru->count,
                          run_step_log };
    struct program_end e;
    program_run(&pg, &e);
    int want = st->expect.has_exit ? st->expect.exit_code : 0;
    if (!e.started) {
        logf_(&ru->runlog, "! %s\n", e.err);
        /* err names argv[0]: the program itself when no loader runs it */
        if (ra.argv[0] == ra.prog) set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "%s", e.err);
        else set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "cannot run %s: %s", ra.prog, e.err);
    } else if (e.timed_out)
        set_outcome(ru, st, OUT_TIMEOUT, CHECK_HUNG, NULL, "%s did not finish within %llu ms", pname(ru, st),
                    (unsigned long long)ru->step_ms);
    else if (run_step_bad_code(st, &e))
        set_outcome(ru, st, e.code > 255 || e.code < 0 ? OUT_CRASH : OUT_FAIL,
                    e.code > 255 || e.code < 0 ? CHECK_CRASH : CHECK_EXIT_CODE, NULL, "expected exit code %d, got %d",
                    want, e.code);
    else if (st->expect.output && !ru->seen)
        set_outcome(ru, st, OUT_FAIL, CHECK_OUTPUT, NULL, "expected the output line \"%s\"", st->expect.output);
    env_free(env);
    free_run_argv(&ra);
}

/* check-history: the files the phase's agents wrote, merged into one
 * history and checked for linearizability (linearize.h).  An inconclusive
 * history (no read overlapped a write) is logged and counted, never a
 * failure and never a pass of the check. */
static void do_check_history(struct run *ru, const struct step *st)
{
    struct history h;
    char err[400];
    history_init(&h, (uint32_t)st->init_w, (uint32_t)st->init_seq, HIST_SLACK_US);
    int ok = 1;
    for (int i = 0; i < st->nwords && ok; i++) {
        const char *f = st->words[i];
        char *path = xasprintf("%s/%s", ru->tmpdir, f);
        size_t len;
        char *text = read_file(path, &len);
        if (!text) {
            set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "no history %s: its agent's history command did not write it", f);
            ok = 0;
        } else if (history_add(&h, f, text, err, sizeof err)) {
            set_outcome(ru, st, OUT_ERROR, CHECK_INSTRUMENT, NULL, "%s", err);
            ok = 0;
        }
        free(text);
        free(path);
    }
    if (ok) {
        struct hist_result r;
        history_check(&h, &r);
        if (!ru->checklog.buf) sb_init(&ru->checklog);
        logf_(&ru->checklog, "! line %d: %lu reads, %lu writes, %lu reads overlapped a write: %s\n", st->line,
              (unsigned long)r.reads, (unsigned long)r.writes, (unsigned long)r.overlapping,
              r.verdict == HIST_LINEARIZABLE ? "linearizable" : r.why);
        ru->histories++;
        if (r.verdict == HIST_INCONCLUSIVE && !ru->inconclusive++) ru->silent_why = xasprintf("line %d: %s", st->line, r.why);
        if (r.verdict == HIST_NOT_LINEARIZABLE) set_outcome(ru, st, OUT_FAIL, r.kind, NULL, "%s", r.why);
        free(r.why);
    }
    history_free(&h);
}

char *run_skip_reason(const struct scenario *s, const struct impl *im, const struct runner *r,
                      const struct config *cfg)
{
    if (!r->available) return xstrdup(r->reason ? r->reason : "runner unavailable");
    int both = (1 << ARCH_I686) | (1 << ARCH_X86_64);
    if (s->needs_mixed && r->arches != both) return xasprintf("needs a mixed 32/64-bit runner");
    if (s->uses_block_name && !im->honours_name && !im->block_name)
        return im->role == ROLE_USER && !im->loaded_by_preflight
             ? xasprintf("needs the DLL's block name (await-block, block-exists, squat): the preflight could not load "
                         "%s here to learn it (give it with --block-name NAME)", im->name)
             : xasprintf("needs the DLL's block name (await-block, block-exists, squat): %s creates no named section "
                         "when it loads (give it with --block-name NAME)", im->name);
    if (s->needs_programs && im->role == ROLE_USER && (cfg->ansi || cfg->exports))
        return xasprintf("the documentation's programs call SetSharedMem(LPWSTR) and GetSharedMem by those names: "
                         "not a declared variant's (--strings ansi, --exports)");
    if ((s->needs_ex_api || s->level == LEVEL_DLLSHM) && !im->honours_name)
        return xasprintf("a dllshm-level scenario: needs the Dllshm* exports, which %s does not have", im->name);
    /* Which arches will this scenario's processes use here? */
    int used = 0, n = 0;
    for (size_t i = 0; i < s->nsteps; i++) {
        const struct step *st = &s->steps[i];
        if (st->kind != STEP_START && st->kind != STEP_RUN) continue;
        int a = arch_of(st, r->arches, n++);
        if (st->arch != ARCH_ANY && !(r->arches & ARCH_BIT(a)))
            return xasprintf("needs %s processes; %s does not run them", arch_word(a), r->name);
        used |= 1 << a;
        if (st->kind == STEP_RUN)  /* x86:child.exe and the like */
            for (int w = 1; w < st->nwords; w++) {
                int other = arch_prefix(st->words[w], NULL);
                if (other == ARCH_ANY) continue;
                if (!(r->arches & (1 << other)))
                    return xasprintf("needs %s processes; %s does not run them", arch_word(other), r->name);
                used |= 1 << other;
            }
    }
    for (int a = 0; a < ARCH_COUNT; a++) {
        if (!(used & (1 << a))) continue;
        if (!im->path[a]) return xasprintf("%s is not built for %s", im->name, arch_dir(a));
        if (s->needs_programs) {
            char *p = xasprintf("%s/%s/parent.exe", cfg->pe_dir, arch_dir(a));
            FILE *f = fopen(p, "rb");
            if (f) fclose(f);
            char *why = f ? NULL : xasprintf("the sample's programs are not built (%s)", p);
            free(p);
            if (why) return why;
        }
    }
    return NULL;
}

void run_scenario(const struct run_ctx *ctx, const struct scenario *s, const struct impl *im,
                  const struct runner *r, struct verdict *out)
{
    struct run ru;
    memset(&ru, 0, sizeof ru);
    ru.ctx = ctx; ru.s = s; ru.im = im; ru.r = r;
    ru.step_ms = (uint64_t)(s->timeout_ms * ctx->cfg->timeout_scale);
    ru.ready_ms = ru.step_ms > 20000 * ctx->cfg->timeout_scale ? ru.step_ms : (uint64_t)(20000 * ctx->cfg->timeout_scale);
    /* The block's name, for the DLL and for the agent's own uses of it
     * (squat, await-block): a fresh one per scenario, or the fixed name of
     * a DLL that ignores DLLSHM_NAME (the sample's; a user's, found by the
     * preflight). */
    if (im->honours_name)
        snprintf(ru.name_env, sizeof ru.name_env, "DLLSHM_NAME=dllshm-%ld-%lu", ctx->pid, ctx->serial);
    else
        snprintf(ru.name_env, sizeof ru.name_env, "DLLSHM_NAME=%s", im->block_name ? im->block_name : "dllmemfilemap");
    uint64_t t0 = proc_now_ms();
    if (!(ru.tmpdir = proc_temp_dir("dllshm-scn")) && s->nsteps)
        set_outcome(&ru, &s->steps[0], OUT_ERROR, CHECK_INSTRUMENT, NULL, "cannot make a private temp directory (check TMPDIR)");

    for (size_t i = 0; i < s->nsteps && ru.outcome == OUT_PASS; i++) {
        const struct step *st = &s->steps[i];
        struct agent *a = &ru.ag[st->proc];
        if (ctx->cfg->verbose > 1)
            fprintf(stderr, "  %6llu ms  %s:%d: %s\n", (unsigned long long)(proc_now_ms() - t0), s->name, st->line, st->text);
        /* An agent that is already gone (crash expected earlier) cannot
         * take a command. */
        if ((st->kind == STEP_SEND || st->kind == STEP_WAIT || st->kind == STEP_EXIT) && !a->se.p) {
            set_outcome(&ru, st, OUT_FAIL, CHECK_GONE, NULL, "agent %s is not running", s->procs[st->proc]);
            break;
        }
        switch (st->kind) {
        case STEP_START: i += do_start(&ru, st) - 1; break;
        case STEP_SEND: do_send(&ru, st); break;
        case STEP_WAIT: a->pending = 0; expect_reply(&ru, st, a, ru.step_ms); break;
        case STEP_KILL:
            if (a->se.p) { logf_(&a->log, "! kill\n"); agent_end(a, 5000, 1); }
            break;
        case STEP_EXIT: do_exit(&ru, st); break;
        case STEP_RUN: do_run(&ru, st); break;
        case STEP_HISTORY: do_check_history(&ru, st); break;
        }
    }
    /* End every agent: EOF on stdin (they exit 0), all at once, then reap. */
    for (int i = 0; i < s->nprocs; i++)
        if (ru.ag[i].se.p) proc_close_stdin(ru.ag[i].se.p);
    for (int i = 0; i < s->nprocs; i++) {
        if (ru.ag[i].se.p) agent_end(&ru.ag[i], ru.ag[i].pending ? 0 : 2000, ru.ag[i].pending);
        session_free(&ru.ag[i].se);
    }
    if (ru.tmpdir) { remove_tree(ru.tmpdir); free(ru.tmpdir); }
    for (int a = 0; a < ARCH_COUNT; a++)
        if (ru.archdir[a]) { remove_tree(ru.archdir[a]); free(ru.archdir[a]); }
    if (ctx->cfg->verbose > 1)
        fprintf(stderr, "  %6llu ms  %s: all agents ended\n", (unsigned long long)(proc_now_ms() - t0), s->name);

    result_begin(out, s->name, s->title, (int)s->level, im, r);
    out->outcome = ru.outcome;
    put_failure(&ru, out);
    if (ru.serialised)
        out->note = xstrdup("a serialised attach: a DllMain waited for another process's attach, which the harness had "
                            "paused; that pause ended when the wait began (harness/PROTOCOL.md, Interposition)");
    out->duration_ms = (long)(proc_now_ms() - t0);
    out->agent_restarts = ru.count.restarts;
    out->process_starts = ru.count.starts;
    out->table = ru.table;
    struct sb all;
    sb_init(&all);
    for (int i = 0; i < s->nprocs; i++)
        if (ru.ag[i].log.buf) {
            sb_printf(&all, "--- agent %s ---\n%s", s->procs[i], ru.ag[i].log.buf);
            sb_free(&ru.ag[i].log);
        }
    if (ru.runlog.buf) { sb_printf(&all, "--- programs ---\n%s", ru.runlog.buf); sb_free(&ru.runlog); }
    if (ru.checklog.buf) { sb_printf(&all, "--- histories ---\n%s", ru.checklog.buf); sb_free(&ru.checklog); }
    out->histories = ru.histories;
    out->inconclusive = ru.inconclusive;
    if (ru.outcome == OUT_PASS && ru.silent_why) out->message = ru.silent_why;   /* for run_scenario_judged */
    else free(ru.silent_why);
    if (ru.outcome != OUT_PASS || ctx->cfg->verbose) out->output = sb_steal(&all);
    else sb_free(&all);
}

void run_scenario_retried(const struct run_ctx *ctx, const struct scenario *s, const struct impl *im,
                          const struct runner *r, struct verdict *out)
{
    for (unsigned wine = 0;; verdict_free(out)) {
        run_scenario(ctx, s, im, r, out);
        out->wine_reruns = wine;
        if (out->outcome != OUT_ERROR || out->check != CHECK_WINE || ++wine == WINE_RUN_ATTEMPTS) return;
    }
}

void run_scenario_judged(const struct run_ctx *ctx, const struct scenario *s, const struct impl *im,
                         const struct runner *r, struct verdict *out)
{
    unsigned silent = 0;
    for (;;) {
        run_scenario_retried(ctx, s, im, r, out);
        out->history_reruns = silent;
        if (out->outcome == OUT_PASS && out->inconclusive) {
            if (++silent == HISTORY_ATTEMPTS) {
                out->outcome = OUT_ERROR;
                out->check = CHECK_INSTRUMENT;
                free(out->reason);
                out->reason = xasprintf("not judged: %u of its %u check-history phases said nothing in each of %d "
                                        "runs (the last run's first, %s); its other checks passed", out->inconclusive,
                                        out->histories, HISTORY_ATTEMPTS, out->message ? out->message : "?");
                return;
            }
        } else
            return;
        verdict_free(out);
    }
}

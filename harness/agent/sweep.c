/*
 * sweep.c - `sweep`: every failure path of the DLL's attach, each in a
 * fresh process (harness/PROTOCOL.md, "The attach sweep").
 *
 * A first child agent loads the DLL with `--record` and reports the calls
 * its attach made.  Then, for every recorded function F that can fail and
 * every n up to the number of its calls, a fresh child agent loads the DLL
 * with `--fault F:n:CODE` and is asked to set, get, info and rules.  Each
 * child is alone with the block (this agent has no DLL loaded), so each is
 * the first attacher.  Children are this very agent.exe, so the sweep needs
 * no help from the conductor and works for any DLL.
 */
#include "agent.h"
#include "interpose.h"
#include "session.h"
#include "utf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define CHILD_MS 10000u /* a child that takes longer is hung */
#define MAX_FUNCS 64

struct child {
    struct sb out; /* stdout and stderr, NUL-terminated */
    int exit_code; /* -1: killed */
    int hung;
};

/* This sweep's child agents: started, and started again when Wine did not
 * start them (its rare start-up collision; said in the reply as restarts=,
 * never hidden).  Why the last one could not start. */
static struct start_count g_children;
static char g_child_err[600];

/* Runs this agent.exe for the DLL with extra options (may be NULL, or the
 * option and its value), feeding input; collects its output until it ends,
 * or kills it after CHILD_MS.  0, or -1 (g_child_err says why). */
static int run_agent(const char *option, const char *value, const char *input, struct child *c)
{
    const char *argv[16];
    char *self = proc_self_exe(), *dll = utf16_to_utf8(g_dll_path, wcslen(g_dll_path), NULL);
    int k = 0;
    argv[k++] = self;
    argv[k++] = "--dll";
    argv[k++] = dll;
    argv[k++] = "--tag";
    argv[k++] = "sweep";
    k += dut_variant_argv(argv + k);
    if (option)
        argv[k++] = option;
    if (value)
        argv[k++] = value;
    argv[k] = NULL;

    struct proc_opts o = { .argv = argv, .merge_stderr = 1 };
    struct session se;
    memset(c, 0, sizeof(*c));
    session_init(&se, &g_children, NULL, NULL);
    int rc = self && dll ? session_script(&se, &o, input, CHILD_MS, &c->out, &c->exit_code, &c->hung)
                         : -1;
    snprintf(g_child_err, sizeof(g_child_err), "%s", self && dll ? se.err : "its own path is unknown");
    session_free(&se);
    free(self);
    free(dll);
    return rc;
}

/* The line of out that starts with prefix, or NULL. */
static const char *find_line(const char *out, const char *prefix)
{
    size_t n = strlen(prefix);

    for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (strncmp(p, prefix, n) == 0)
            return p;
    return NULL;
}

/* KEY=NUMBER on line (up to its end), or def. */
static long long field(const char *line, const char *key, long long def)
{
    char pat[40];
    const char *p, *eol;

    if (!line)
        return def;
    eol = strchr(line, '\n');
    snprintf(pat, sizeof(pat), " %s=", key);
    p = strstr(line, pat);
    if (!p || (eol && p > eol))
        return def;
    return strtoll(p + strlen(pat), NULL, 0);
}

/* A fitting error for each kind of function. */
static DWORD code_for(const char *f)
{
    if (strstr(f, "alloc") || strstr(f, "Alloc") || strstr(f, "MapView") || strstr(f, "Heap"))
        return ERROR_NOT_ENOUGH_MEMORY;
    if (strstr(f, "Token") || strstr(f, "Security") || strstr(f, "Sid") || strstr(f, "Acl") ||
        strstr(f, "Ace") || strstr(f, "FileMapping"))
        return ERROR_ACCESS_DENIED;
    return ERROR_INVALID_HANDLE;
}

struct func {
    char name[64];
    unsigned calls;
};

/* What a sweep fails: the calls of the attach, or those of a Set that finds
 * the writer lock held by a dead thread (dllshm's slow path: the liveness
 * check and the takeover; `dead-owner` makes that owner). */
struct sweep_kind {
    const char *name;
    const char *record_option;          /* the recording child's start option, or NULL */
    const char *record_script;
    const char *case_before_rule;       /* a case child's script: this, the rule, then case_after */
    int rule_as_command;                /* 0: the rule is a start option (before the attach) */
};

static const char CASE_AFTER[] = "set \"sweep\"\nget 100\ninfo\nrules\ncalls 0 0\nexit\n";

static const struct sweep_kind KINDS[] = {
    {"attach", "--record", "calls 0 8192\nexit\n", "", 0},
    {"contended", NULL, "dead-owner handle\nrecord\nset \"sweep\"\nget 100\ncalls 0 8192\nexit\n",
     "dead-owner handle\n", 1},
};

/* The recorded calls from the recording child: functions in order of first
 * call, with their counts.  Returns how many; -1 when the sweep could not
 * be made (why says so), -2 when the DLL fails even without any fault. */
static int record_calls(const struct sweep_kind *k, struct func *f, struct sb *why)
{
    struct child c;
    const char *ready, *calls, *p;
    int nf = 0;

    if (run_agent(k->record_option, NULL, k->record_script, &c) != 0) {
        sb_printf(why, "cannot start a child agent: %s", g_child_err);
        return -1;
    }
    ready = find_line(c.out.buf, "ready ");
    calls = find_line(c.out.buf, "ok count=");
    if (!ready || field(ready, "loaded", 0) != 1) {
        sb_printf(why, "the DLL does not load without faults (exit %lu)", (unsigned long)c.exit_code);
        sb_free(&c.out);
        return -2;
    }
    if (k->rule_as_command) { /* the slow path must work without faults first */
        const char *owner = find_line(c.out.buf, "ok tries="), *get = find_line(c.out.buf, "ok len=");
        if (!owner || !get || !strstr(get, "text=\"sweep\"")) {
            const char *err = find_line(c.out.buf, "error ");
            if (!owner)
                sb_printf(why, "no dead lock owner: %.*s", err ? (int)strcspn(err, "\r\n") : 0, err ? err : "");
            else
                sb_printf(why, "without any fault, the Set after a dead lock owner did not land (the Get after it: "
                               "len=%ld, not \"sweep\")", (long)field(get, "len", -1));
            sb_free(&c.out);
            return owner ? -2 : -1;
        }
    }
    if (!calls || !(p = strstr(calls, "calls="))) {
        sb_printf(why, "the recording child reported no calls (exit %lu)", (unsigned long)c.exit_code);
        sb_free(&c.out);
        return -1;
    }
    for (p += 6; *p && *p != '\n' && *p != '\r';) {
        size_t n = strcspn(p, ":,\r\n");
        int i;
        if (n && n < sizeof(f[0].name) && p[n] == ':') {
            for (i = 0; i < nf && (strlen(f[i].name) != n || strncmp(f[i].name, p, n) != 0); i++)
                ;
            if (i == nf && nf < MAX_FUNCS) {
                memcpy(f[nf].name, p, n);
                f[nf].name[n] = 0;
                f[nf++].calls = 0;
            }
            if (i < nf)
                f[i].calls++;
        }
        p += strcspn(p, ",\r\n");
        if (*p == ',')
            p++;
    }
    sb_free(&c.out);
    return nf;
}

struct tally {
    unsigned cases, crashed, hung, harmful, lost, unreached, refused, undiagnosed;
};

/* One case's outcome, from its child's output, into what; counts it. */
static void classify_case(const struct sweep_kind *k, const struct child *c, struct tally *t, char *what, size_t size)
{
    const char *out = c->out.buf;
    const char *ready = find_line(out, "ready "), *get = find_line(out, "ok len="), *rules = find_line(out, "ok rules=");
    const char *info = find_line(out, "ok counter="), *crash = find_line(out, "crash ");

    t->cases++;
    if (crash) {
        t->crashed++;
        snprintf(what, size, "crash/0x%08lx", (unsigned long)field(crash, "code", 0));
    } else if (ready && field(ready, "exception", 0)) {
        t->crashed++; /* inside DllMain: the loader caught it and failed the load */
        snprintf(what, size, "crash-in-dllmain/0x%08lx/load-error=%lu", (unsigned long)field(ready, "exception", 0),
                 (unsigned long)field(ready, "error", 0));
    } else if (c->hung) {
        t->hung++;
        snprintf(what, size, "hung");
    } else if (c->exit_code != 0 || !ready) {
        t->crashed++;
        snprintf(what, size, "died/exit=%lu", (unsigned long)c->exit_code);
    } else if (get && (field(get, "overflow", 1) != 0 || field(get, "len", -1) < 0)) {
        t->harmful++;
        snprintf(what, size, "harmful-get");
    } else if (field(ready, "loaded", 0) != 1) {
        t->refused++;
        snprintf(what, size, "load-failed/%lu", (unsigned long)field(ready, "error", 0));
    } else if (k->rule_as_command && !find_line(out, "ok tries=")) {
        t->unreached++;
        snprintf(what, size, "no-dead-owner");
        return;
    } else if (k->rule_as_command && (!get || !strstr(get, "text=\"sweep\""))) {
        t->lost++; /* the Set gave up behind a dead owner: the write is gone */
        snprintf(what, size, "lost/len=%ld", (long)field(get, "len", -1));
    } else if (info) {
        const char *st = strstr(info, "step=");
        long lines = (long)field(find_line(out, "ok count="), "debug_lines", -1);
        /* DllshmGetInfo names a failed step: one debug-output line must say it too */
        if (st && strncmp(st + 5, "none", 4) != 0 && lines != 1)
            t->undiagnosed++;
        snprintf(what, size, "loaded/step=%.*s/win32=%ld/debug_lines=%ld", st ? (int)strcspn(st + 5, " \r\n") : 1,
                 st ? st + 5 : "?", (long)field(info, "win32", -1), lines);
    } else {
        snprintf(what, size, "loaded");
    }
    if (rules && field(rules, "fired", 0) == 0) {
        t->unreached++;
        strncat(what, "/unreached", size - strlen(what) - 1);
    }
}

static unsigned bad_count(const struct tally *t)
{
    return t->crashed + t->hung + t->harmful + t->lost + t->undiagnosed;
}

/* "" names the first kind. */
static const struct sweep_kind *find_kind(const char *name)
{
    for (size_t i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        if (strcmp(name, KINDS[i].name) == 0 || (!*name && i == 0))
            return &KINDS[i];
    return NULL;
}

/* One case: a child agent whose call n of func fails, classified into t;
 * its word added to table, and to bad when it is a defect.  Nonzero when
 * no child could start. */
static int sweep_case(const struct sweep_kind *k, const char *func, unsigned n, struct tally *t, struct sb *table,
                      struct sb *bad)
{
    char rule[128], what[96];
    struct sb script = {0};
    struct child c;
    snprintf(rule, sizeof(rule), "%s:%u:%lu", func, n, (unsigned long)code_for(func));
    if (k->rule_as_command)
        sb_printf(&script, "%sfault %s\n%s", k->case_before_rule, rule, CASE_AFTER);
    else
        sb_printf(&script, "%s%s", k->case_before_rule, CASE_AFTER);
    int rc = run_agent(k->rule_as_command ? NULL : "--fault", k->rule_as_command ? NULL : rule, script.buf, &c);
    sb_free(&script);
    if (rc != 0)
        return rc;
    unsigned bad_before = bad_count(t);
    classify_case(k, &c, t, what, sizeof(what));
    sb_printf(table, "%s%s:%u:%s", table->len ? "," : "", func, n, what);
    if (bad_before != bad_count(t)) /* named first: lines get cut */
        sb_printf(bad, "%s%s:%u:%s", bad->len ? "," : "", func, n, what);
    sb_free(&c.out);
    return 0;
}

static void reply_sweep(const struct sweep_kind *k, const struct tally *t, DWORD ms, const struct sb *bad,
                        const struct sb *table)
{
    struct sb sb = {0};
    sb_printf(&sb, "ok cases=%u crashed=%u hung=%u harmful=%u ", t->cases, t->crashed, t->hung, t->harmful);
    if (k->rule_as_command)
        sb_printf(&sb, "lost=%u ", t->lost);
    sb_printf(&sb, "load_failed=%u unreached=%u undiagnosed=%u ms=%lu ", t->refused, t->unreached, t->undiagnosed,
              (unsigned long)ms);
    if (g_children.restarts)
        sb_printf(&sb, "restarts=%u ", g_children.restarts);
    sb_add(&sb, "bad=", 4);
    if (bad->len)
        sb_add(&sb, bad->buf, bad->len);
    else
        sb_add(&sb, "none", 4);
    sb_add(&sb, " table=", 7);
    if (table->len)
        sb_add(&sb, table->buf, table->len);
    sb_send(&sb);
    sb_free(&sb);
}

/* "" or "attach": the attach's calls; "contended": a Set's behind a dead owner. */
void cmd_sweep(char *args)
{
    struct func f[MAX_FUNCS];
    struct sb why = {0}, table = {0}, bad = {0};
    struct tally t = {0};
    const struct sweep_kind *k = find_kind(args);
    DWORD start = GetTickCount();

    memset(&g_children, 0, sizeof(g_children)); /* this sweep's, not the agent's */
    if (!k) {
        reply("error usage sweep [attach|contended]");
        return;
    }
    if (!g_dll_path || g_dut.module) {
        reply("error usage sweep (needs --dll, and no DLL loaded in this agent)");
        return;
    }
    int nf = record_calls(k, f, &why);
    if (nf < 0) {
        /* sweep: the harness could not sweep; sweep-unfaulted: the DLL fails
         * without any fault (harness/PROTOCOL.md, "Errors of the harness"). */
        reply("error %s %s", nf == -2 ? "sweep-unfaulted" : "sweep", why.buf);
        sb_free(&why);
        return;
    }
    for (int i = 0; i < nf; i++) {
        int h = -1;
        for (unsigned j = 0; j < g_nhooks; j++)
            if (strcmp(g_hooks[j].name, f[i].name) == 0)
                h = (int)j;
        if (h < 0 || g_hooks[h].fail == FK_NONE)
            continue; /* free, Sleep, LocalFree: nothing to fail with */
        for (unsigned n = 1; n <= f[i].calls; n++)
            if (sweep_case(k, f[i].name, n, &t, &table, &bad) != 0) {
                reply("error sweep cannot start a child agent: %s", g_child_err);
                goto out;
            }
    }
    reply_sweep(k, &t, GetTickCount() - start, &bad, &table);
out:
    sb_free(&table);
    sb_free(&bad);
    sb_free(&why);
}

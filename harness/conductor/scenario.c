/* The scenario parser: one line at a time, every error as
 * "FILE:LINE:COL: expected ...", never a silent skip.  After parsing, the
 * unrolled steps are walked once more to catch misuse of process names
 * (a command to an agent never started, a second command while a background
 * one is pending, ...) before anything runs. */
#include "scenario.h"
#include "commands.h"
#include "spec.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Protocol commands a scenario may send (harness/PROTOCOL.md), with the
 * lowest contract level whose scenarios may use them: a documented-level
 * scenario judges a DLL through SetSharedMem/GetSharedMem alone. */
/* The commands and their levels: harness/common/commands.h. */
_Static_assert(LEVEL_DOCUMENTED == 0 && LEVEL_HARDENED == 1 && LEVEL_DLLSHM == 2, "commands.h numbers the levels so");


struct parser {
    const char *path;
    int line;
    const char *bol;      /* start of the current line */
    char *err;
    size_t errlen;
    int failed;
};

static int fail_at(struct parser *ps, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_at(struct parser *ps, const char *at, const char *fmt, ...)
{
    if (ps->failed) return -1;
    int n = snprintf(ps->err, ps->errlen, "%s:%d:%d: ", ps->path, ps->line,
                     (int)(at - ps->bol) + 1);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < ps->errlen) vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    ps->failed = 1;
    return -1;
}

static const char *skip_ws(const char *p) { while (*p == ' ' || *p == '\t') p++; return p; }

static size_t ident_len(const char *p)
{
    size_t n = 0;
    if (!islower((unsigned char)p[0])) return 0;
    while (islower((unsigned char)p[n]) || isdigit((unsigned char)p[n]) || p[n] == '_') n++;
    return n;
}

/* Scan a quoted string from *p (at the opening quote) to after its close. */
static const char *end_of_quoted(const char *p)
{
    for (p++; *p && *p != '"'; p++)
        if (*p == '\\' && p[1]) p++;
    return *p == '"' ? p + 1 : NULL;
}

/* The end of the line's meaningful part: a '#' outside quotes, or NUL. */
static const char *strip_comment(const char *p)
{
    while (*p) {
        if (*p == '"') { const char *q = end_of_quoted(p); if (!q) return p + strlen(p); p = q; continue; }
        if (*p == '#') return p;
        p++;
    }
    return p;
}

/* ---- expectations after "->" ------------------------------------------ */

static int parse_number(struct parser *ps, const char **pp, long long *v, const char *what)
{
    const char *p = *pp;
    char *end;
    errno = 0;
    *v = strtoll(p, &end, 0);
    if (end == p || errno || (*end && *end != ' ' && *end != '\t' && *end != ','))
        return fail_at(ps, p, "expected %s", what);
    *pp = end;
    return 0;
}

static int parse_check(struct parser *ps, const char **pp, struct expect *e)
{
    const char *p = *pp;
    size_t n = 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '-') n++;
    if (!n || !isalpha((unsigned char)p[0]) || n >= sizeof e->checks[0].field)
        return fail_at(ps, p, "expected \"text\", C*N, empty, ok, error, crash or FIELD OP VALUE");
    if (e->nchecks == SCN_MAX_CHECKS)
        return fail_at(ps, p, "expected at most %d field comparisons", SCN_MAX_CHECKS);
    struct field_check *c = &e->checks[e->nchecks];
    memcpy(c->field, p, n);
    c->field[n] = '\0';
    p = skip_ws(p + n);
    static const struct { const char *s; enum cmp_op op; } ops[] = {
        { "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT }
    };
    size_t i;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strncmp(p, ops[i].s, strlen(ops[i].s))) break;
    if (i == sizeof ops / sizeof ops[0])
        return fail_at(ps, p, "expected a comparison (== != < <= > >=) after '%s'", c->field);
    c->op = ops[i].op;
    p = skip_ws(p + strlen(ops[i].s));
    if (parse_number(ps, &p, &c->value, "a number")) return -1;
    e->nchecks++;
    *pp = p;
    return 0;
}

static int word_is(const char *p, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(p, w, n) && (!p[n] || p[n] == ' ' || p[n] == '\t' || p[n] == ',');
}

/* p: the NUL-terminated text after "->", inside the line buffer (so the
 * columns of errors stay right).  kind: which step it belongs to. */
static int parse_expect(struct parser *ps, const char *p, enum step_kind kind, struct expect *e)
{
    const char *q = skip_ws(p);
    int first = 1;
    e->source = xstrdup(q);
    rtrim(e->source);
    e->kind = EXP_ANY_OK;
    if (!*q) return fail_at(ps, q, "expected an expectation after '->'");
    while (*q) {
        if (kind == STEP_EXIT) {
            long long v;
            if (!word_is(q, "code")) return fail_at(ps, q, "expected 'code N'");
            q = skip_ws(q + 4);
            if (parse_number(ps, &q, &v, "an exit code")) return -1;
            e->has_exit = 1; e->exit_code = (int)v;
        } else if (kind == STEP_RUN) {
            if (word_is(q, "exit")) {
                long long v;
                q = skip_ws(q + 4);
                if (parse_number(ps, &q, &v, "an exit code")) return -1;
                e->has_exit = 1; e->exit_code = (int)v;
            } else if (word_is(q, "output")) {
                uint16_t *u; size_t n; const char *what;
                q = skip_ws(q + 6);
                if (*q != '"') return fail_at(ps, q, "expected \"line\" after output");
                if (spec_parse_text(&q, &u, &n, &what)) return fail_at(ps, q, "expected %s", what);
                free(e->output);
                e->output = units_to_utf8(u, n);  /* programs print bytes */
                free(u);
            } else return fail_at(ps, q, "expected 'exit N' or 'output \"line\"'");
        } else if (first && (*q == '"' || (q[0] && q[0] != ' ' && q[1] == '*'))) {
            const char *what;
            if (spec_parse_text(&q, &e->text, &e->text_len, &what)) return fail_at(ps, q, "expected %s", what);
            e->kind = EXP_TEXT;
        } else if (first && word_is(q, "empty")) { e->kind = EXP_EMPTY; q += 5; }
        else if (first && word_is(q, "ok")) { e->kind = EXP_ANY_OK; q += 2; }
        else if (first && word_is(q, "crash")) { e->kind = EXP_CRASH; q += 5; }
        else if (first && word_is(q, "error")) {
            e->kind = EXP_ERROR;
            q = skip_ws(q + 5);
            size_t n = 0;
            while (q[n] && q[n] != ' ' && q[n] != ',' && q[n] != '\t') n++;
            if (n >= sizeof e->error_word) return fail_at(ps, q, "expected a shorter error word");
            memcpy(e->error_word, q, n);
            e->error_word[n] = '\0';
            q += n;
        } else if (parse_check(ps, &q, e)) return -1;
        if ((e->kind == EXP_CRASH || e->kind == EXP_ERROR) && e->nchecks)
            return fail_at(ps, p, "expected no field comparisons with %s", e->kind == EXP_CRASH ? "crash" : "error");
        first = 0;
        q = skip_ws(q);
        if (*q == ',') {
            q = skip_ws(q + 1);
            if (!*q) return fail_at(ps, q, "expected an expectation after ','");
            continue;
        }
        if (*q) return fail_at(ps, q, "expected ',' or the end of the line");
    }
    return 0;
}

/* ---- steps -------------------------------------------------------------- */

static int proc_index(struct scenario *s, struct parser *ps, const char *name, size_t n)
{
    for (int i = 0; i < s->nprocs; i++)
        if (strlen(s->procs[i]) == n && !strncmp(s->procs[i], name, n)) return i;
    if (s->nprocs == SCN_MAX_PROCS)
        return fail_at(ps, name, "expected at most %d process names", SCN_MAX_PROCS);
    s->procs[s->nprocs] = xstrndup(name, n);
    return s->nprocs++;
}

/* A process name at *pp followed by a word boundary. */
static int parse_name(struct scenario *s, struct parser *ps, const char **pp, int *col)
{
    const char *p = skip_ws(*pp);
    size_t n = ident_len(p);
    if (!n || (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != ':'))
        return fail_at(ps, p, "expected a process name ([a-z][a-z0-9_]*)");
    *col = (int)(p - ps->bol) + 1;
    int i = proc_index(s, ps, p, n);
    *pp = p + n;
    return i;
}

/* Split "... -> EXPECT" at the arrow outside quotes: returns the expectation
 * (and terminates the command part), or NULL. */
static char *split_arrow(char *p)
{
    while (*p) {
        if (*p == '"') { const char *q = end_of_quoted(p); if (!q) return NULL; p = (char *)q; continue; }
        if (p[0] == '-' && p[1] == '>') { *p = '\0'; return p + 2; }
        p++;
    }
    return NULL;
}

static struct step *add_step(struct scenario *s, size_t *cap)
{
    if (s->nsteps == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        s->steps = xrealloc(s->steps, *cap * sizeof *s->steps);
    }
    struct step *st = &s->steps[s->nsteps++];
    memset(st, 0, sizeof *st);
    st->arch = ARCH_ANY;
    return st;
}

static void expect_copy(struct expect *d, const struct expect *e)
{
    *d = *e;
    if (e->text) {
        d->text = xmalloc((e->text_len ? e->text_len : 1) * sizeof *d->text);
        memcpy(d->text, e->text, e->text_len * sizeof *d->text);
    }
    d->output = e->output ? xstrdup(e->output) : NULL;
    d->source = e->source ? xstrdup(e->source) : NULL;
}

/* st->words: s split at blanks (not strtok: scenarios run on several threads). */
static void split_words(struct step *st, const char *s)
{
    st->nwords = 0;
    st->words = NULL;
    for (const char *w = s + strspn(s, " \t"); *w; w += strspn(w, " \t")) {
        size_t n = strcspn(w, " \t");
        st->words = xrealloc(st->words, (st->nwords + 2) * sizeof *st->words);
        st->words[st->nwords++] = xstrndup(w, n);
        st->words[st->nwords] = NULL;
        w += n;
    }
}

static void step_copy(struct step *d, const struct step *st)
{
    *d = *st;
    d->command = st->command ? xstrdup(st->command) : NULL;
    d->words = NULL;
    d->nwords = 0;
    if (st->words) {
        d->words = xcalloc(st->nwords + 1, sizeof *d->words);
        for (d->nwords = 0; d->nwords < st->nwords; d->nwords++) d->words[d->nwords] = xstrdup(st->words[d->nwords]);
    }
    d->text = st->text ? xstrdup(st->text) : NULL;
    expect_copy(&d->expect, &st->expect);
}

static void step_clear(struct step *st)
{
    for (int i = 0; i < st->nwords; i++) free(st->words[i]);
    free(st->words);
    free(st->command); free(st->text);
    free(st->expect.text); free(st->expect.output); free(st->expect.source);
}

/* "expected a command (load, unload, ...)": the list from the table. */
static int fail_unknown_command(struct parser *ps, const char *at)
{
    struct sb list;
    sb_init(&list);
    for (size_t i = 0; i < command_count; i++)
        if (command_table[i].in_scenarios) sb_printf(&list, "%s%s", list.len ? ", " : "", command_table[i].name);
    int rc = fail_at(ps, at, "expected a command (%s)", list.buf);
    sb_free(&list);
    return rc;
}

static int is_header(const char *p)
{
    return word_is(p, "title:") || !strncmp(p, "title:", 6) || !strncmp(p, "catches:", 8)
        || !strncmp(p, "timeout:", 8) || !strncmp(p, "needs:", 6) || !strncmp(p, "level:", 6)
        || !strncmp(p, "contract:", 9);
}

static int parse_level(struct scenario *s, struct parser *ps, const char *p)
{
    const char *v = skip_ws(p + 6);
    size_t n = strcspn(v, " \t#");
    for (int l = 0; l < LEVEL_COUNT; l++)
        if (n == strlen(level_name(l)) && !strncmp(v, level_name(l), n)) {
            if (*skip_ws(v + n) && *skip_ws(v + n) != '#') return fail_at(ps, skip_ws(v + n), "expected the end of the line");
            s->level = (enum level)l;
            return 0;
        }
    return fail_at(ps, v, "expected documented, hardened or dllshm after 'level:'");
}

static int parse_header(struct scenario *s, struct parser *ps, const char *p)
{
    if (!strncmp(p, "level:", 6)) return parse_level(s, ps, p);
    if (!strncmp(p, "contract:", 9)) {
        const char *v = skip_ws(p + 9);
        if (!*v) return fail_at(ps, v, "expected the promise this scenario checks after 'contract:'");
        if (s->contract) return fail_at(ps, p, "expected one 'contract:' line only");
        s->contract = xstrdup(v);
        return 0;
    }
    if (!strncmp(p, "title:", 6) || !strncmp(p, "catches:", 8)) {
        int title = p[0] == 't';
        const char *v = skip_ws(p + (title ? 6 : 8));
        char **dst = title ? &s->title : &s->catches;
        if (!*v) return fail_at(ps, v, "expected text after '%s'", title ? "title:" : "catches:");
        if (title && s->title) return fail_at(ps, p, "expected one 'title:' line only");
        if (*dst) { /* several catches: lines add up */
            char *n = xmalloc(strlen(*dst) + strlen(v) + 3);
            sprintf(n, "%s; %s", *dst, v);
            free(*dst); *dst = n;
        } else *dst = xstrdup(v);
        return 0;
    }
    if (!strncmp(p, "timeout:", 8)) {
        const char *v = skip_ws(p + 8);
        long long ms;
        if (parse_number(ps, &v, &ms, "a timeout in milliseconds")) return -1;
        if (ms < 1 || ms > 600000) return fail_at(ps, skip_ws(p + 8), "expected a timeout in milliseconds (1..600000)");
        if (*skip_ws(v)) return fail_at(ps, skip_ws(v), "expected the end of the line");
        s->timeout_ms = (unsigned)ms;
        return 0;
    }
    const char *v = skip_ws(p + 6);
    if (!*v) return fail_at(ps, v, "expected ex-api, mixed or programs after 'needs:'");
    while (*v) {
        size_t n = strcspn(v, " \t,");
        if (n == 6 && !strncmp(v, "ex-api", 6)) s->needs_ex_api = 1;
        else if (n == 5 && !strncmp(v, "mixed", 5)) s->needs_mixed = 1;
        else if (n == 8 && !strncmp(v, "programs", 8)) s->needs_programs = 1;
        else return fail_at(ps, v, "expected ex-api, mixed or programs");
        v = skip_ws(v + n);
        if (*v == ',') v = skip_ws(v + 1);
    }
    return 0;
}

static int parse_arch_opts(struct parser *ps, const char **pp, struct step *st, int allow_noload)
{
    for (;;) {
        const char *p = skip_ws(*pp);
        int a = arch_from_word(p, strcspn(p, " \t"));
        if (a != ARCH_ANY) {
            if (st->arch != ARCH_ANY) return fail_at(ps, p, "expected one arch only");
            st->arch = a;
            *pp = p + strlen(arch_word(a));
        } else if (allow_noload && word_is(p, "noload")) { st->noload = 1; *pp = p + 6; }
        else return 0;
    }
}

/* NAME: COMMAND [&]: a line sent to that agent. */
static int parse_send(struct scenario *s, struct parser *ps, char *p, const char *arrow, size_t *cap, struct step **out)
{
    struct step *st;
    int col;
    const char *q = p;
    int idx = parse_name(s, ps, &q, &col);
    if (idx < 0) return -1;
    char *cmd = (char *)skip_ws(q + 1);
    rtrim(cmd);
    int bg = 0;
    size_t len = strlen(cmd);
    if (len && cmd[len - 1] == '&') { bg = 1; cmd[--len] = '\0'; rtrim(cmd); }
    size_t w = strcspn(cmd, " \t");
    const struct command_info *known = command_find(cmd, w);
    if (known && !known->in_scenarios) known = NULL;
    if (!known) {
        if (w == 4 && !strncmp(cmd, "exit", 4))
            return fail_at(ps, cmd, "expected 'exit %s' (a step) to end a process", s->procs[idx]);
        return fail_unknown_command(ps, cmd);
    }
    enum level level = (enum level)known->level;
    if (level > s->level)
        return fail_at(ps, cmd, "expected a command of the %s level: '%s' belongs to the %s level "
                       "(say 'level: %s' in the headers)", level_name(s->level), known->name,
                       level_name(level), level_name(level));
    if (bg && arrow)
        return fail_at(ps, arrow - 2, "expected no expectation on a background command: put it on 'wait %s'",
                       s->procs[idx]);
    st = add_step(s, cap);
    st->kind = STEP_SEND; st->proc = idx; st->background = bg;
    st->command = xstrdup(cmd);
    /* await-block, block-exists, and squat without a NAME, act on the DLL's block. */
    const char *arg2 = cmd + w + strspn(cmd + w, " \t");
    if ((w == 11 && !strncmp(cmd, "await-block", 11)) || (w == 12 && !strncmp(cmd, "block-exists", 12))
        || (w == 5 && !strncmp(cmd, "squat", 5) && !arg2[strcspn(arg2, " \t")]))
        s->uses_block_name = 1;
    *out = st;
    return 0;
}

/* start NAME [NAME ...] [x86|x64] [noload] */
static int parse_start(struct scenario *s, struct parser *ps, char *p, const char *arrow, size_t *cap, struct step **out)
{
    struct step *st;
    int col;
    /* start NAME [NAME ...] [x86|x64] [noload]: several names start at
     * once (spawned together, then each awaited), with the same options. */
    const char *q = p + 5;
    size_t first = s->nsteps;
    do {
        int idx = parse_name(s, ps, &q, &col);
        if (idx < 0) return -1;
        for (size_t i = first; i < s->nsteps; i++)
            if (s->steps[i].proc == idx) return fail_at(ps, q - strlen(s->procs[idx]), "expected each name once");
        st = add_step(s, cap);
        st->kind = STEP_START; st->proc = idx;
        q = skip_ws(q);
    } while (*q && arch_from_word(q, strcspn(q, " \t")) == ARCH_ANY && !word_is(q, "noload"));
    if (parse_arch_opts(ps, &q, st, 1)) return -1;
    if (*skip_ws(q)) return fail_at(ps, skip_ws(q), "expected x86, x64, noload or the end of the line");
    if (arrow) return fail_at(ps, arrow - 2, "expected no expectation after start");
    for (size_t i = first; i + 1 < s->nsteps; i++) {
        struct step *o = &s->steps[i];
        o->arch = st->arch; o->noload = st->noload; o->with_next = 1;
        o->line = ps->line;
        o->text = xasprintf("start %s", s->procs[o->proc]);
    }
    *out = st;
    return 0;
}

/* wait NAME, kill NAME, exit NAME */
static int parse_proc_step(struct scenario *s, struct parser *ps, char *p, const char *arrow, size_t *cap, struct step **out)
{
    struct step *st;
    int col;
    enum step_kind k = p[0] == 'w' ? STEP_WAIT : p[0] == 'k' ? STEP_KILL : STEP_EXIT;
    const char *q = p + 4;
    int idx = parse_name(s, ps, &q, &col);
    if (idx < 0) return -1;
    if (*skip_ws(q)) return fail_at(ps, skip_ws(q), "expected the end of the line%s",
                                     k == STEP_KILL ? "" : " or '->'");
    if (arrow && k == STEP_KILL) return fail_at(ps, arrow - 2, "expected no expectation after kill");
    st = add_step(s, cap);
    st->kind = k; st->proc = idx;
    *out = st;
    return 0;
}

/* check-history init=W.SEQ FILE... */
static int parse_history(struct scenario *s, struct parser *ps, char *p, const char *arrow, size_t *cap, struct step **out)
{
    struct step *st;
    /* check-history init=W.SEQ FILE [FILE ...]: the files the phase's
     * history commands wrote, checked for linearizability. */
    char *q = (char *)skip_ws(p + 13);
    unsigned long w, seq;
    int used = 0;
    if (sscanf(q, "init=%lu.%lu%n", &w, &seq, &used) != 2 || (q[used] != ' ' && q[used] != '\t'))
        return fail_at(ps, q, "expected init=W.SEQ (the value written before the phase) and the history files");
    for (const char *f = skip_ws(q + used); *f; f = skip_ws(f)) {
        size_t fn = strspn(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");
        if (!fn || (f[fn] && f[fn] != ' ' && f[fn] != '\t')) return fail_at(ps, f, "expected a file name (letters, digits, . _ -)");
        f += fn;
    }
    if (arrow) return fail_at(ps, arrow - 2, "expected no expectation after check-history: it passes when linearizable");
    st = add_step(s, cap);
    st->kind = STEP_HISTORY; st->proc = 0;
    rtrim(q);
    st->command = xstrdup(q);
    st->init_w = w; st->init_seq = seq;
    split_words(st, q + used);
    *out = st;
    return 0;
}

/* run NAME [x86|x64] PROGRAM ARGS...: the sample's parent or child */
static int parse_run(struct scenario *s, struct parser *ps, char *p, const char *arrow, size_t *cap, struct step **out)
{
    struct step *st;
    int col;
    const char *q = p + 3;
    int idx = parse_name(s, ps, &q, &col);
    if (idx < 0) return -1;
    st = add_step(s, cap);
    st->kind = STEP_RUN; st->proc = idx;
    if (parse_arch_opts(ps, &q, st, 0)) return -1;
    char *prog = (char *)skip_ws(q);
    rtrim(prog);
    size_t w = strcspn(prog, " \t");
    if (!((w == 6 && !strncmp(prog, "parent", 6)) || (w == 10 && !strncmp(prog, "parent.exe", 10))
          || (w == 5 && !strncmp(prog, "child", 5)) || (w == 9 && !strncmp(prog, "child.exe", 9))))
        return fail_at(ps, prog, "expected a program of the sample: parent or child");
    st->command = xstrdup(prog);
    split_words(st, prog);
    s->needs_programs = 1;
    *out = st;
    return 0;
}

static int parse_step(struct scenario *s, struct parser *ps, char *p, size_t *cap)
{
    struct step *st = NULL;
    char *arrow = split_arrow(p);
    size_t n = ident_len(p);
    int rc;

    if (n && p[n] == ':')
        rc = parse_send(s, ps, p, arrow, cap, &st);
    else if (word_is(p, "start"))
        rc = parse_start(s, ps, p, arrow, cap, &st);
    else if (word_is(p, "wait") || word_is(p, "kill") || word_is(p, "exit"))
        rc = parse_proc_step(s, ps, p, arrow, cap, &st);
    else if (word_is(p, "check-history"))
        rc = parse_history(s, ps, p, arrow, cap, &st);
    else if (word_is(p, "run"))
        rc = parse_run(s, ps, p, arrow, cap, &st);
    else
        return fail_at(ps, p, "expected a step: start, NAME: COMMAND, wait, kill, exit, run, check-history, repeat or end");
    if (rc) return -1;
    st->line = ps->line;
    st->has_expect = arrow != NULL;
    if (arrow && parse_expect(ps, arrow, st->kind, &st->expect)) return -1;
    if (!arrow) st->expect.kind = EXP_OK;
    return 0;
}

/* Walk the unrolled steps once: every name used as its state allows. */
static int check_usage(struct scenario *s, char *err, size_t errlen)
{
    enum { DOWN, UP, PENDING } state[SCN_MAX_PROCS] = { DOWN };
    for (size_t i = 0; i < s->nsteps; i++) {
        struct step *st = &s->steps[i];
        const char *name = s->procs[st->proc];
        const char *why = NULL;
        switch (st->kind) {
        case STEP_START:
            if (state[st->proc] != DOWN) why = "'kill %s' or 'exit %s' before starting it again";
            state[st->proc] = UP;
            break;
        case STEP_SEND:
            if (state[st->proc] == DOWN) why = "'start %s' before %s is used";
            else if (state[st->proc] == PENDING) why = "'wait %s' before %s gets another command";
            else if (st->background) state[st->proc] = PENDING;
            break;
        case STEP_WAIT:
            if (state[st->proc] != PENDING) why = "a background command ('%s: ... &') before this wait";
            else state[st->proc] = UP;
            break;
        case STEP_KILL:
            if (state[st->proc] == DOWN) why = "'start %s' before 'kill %s'";
            state[st->proc] = DOWN;
            break;
        case STEP_EXIT:
            if (state[st->proc] == DOWN) why = "'start %s' before 'exit %s'";
            else if (state[st->proc] == PENDING) why = "'wait %s' before 'exit %s'";
            state[st->proc] = DOWN;
            break;
        case STEP_RUN:
            if (state[st->proc] != DOWN) why = "a name not used by a running agent for 'run' (%s is one)";
            break;
        case STEP_HISTORY:
            break;
        }
        if (why) {
            char msg[256];
            snprintf(msg, sizeof msg, why, name, name);
            snprintf(err, errlen, "%s:%d:1: expected %s", s->path, st->line, msg);
            return -1;
        }
    }
    return 0;
}

static char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\') b = p + 1;
    char *n = xstrdup(b);
    size_t len = strlen(n);
    if (len > 4 && !strcmp(n + len - 4, ".scn")) n[len - 4] = '\0';
    return n;
}

/* line with {cap}, {cap+N} and {cap-N} written as numbers (a new string);
 * NULL with *bad at a malformed one. */
static char *expand_capacity(const char *line, long capacity, int *used, const char **bad)
{
    struct sb sb;
    sb_init(&sb);
    for (const char *p = line; *p; ) {
        const char *open = strstr(p, "{cap");
        if (!open) { sb_puts(&sb, p); break; }
        sb_add(&sb, p, (size_t)(open - p));
        const char *q = open + 4;
        long delta = 0;
        if (*q == '+' || *q == '-') {
            char *end;
            delta = strtol(q + 1, &end, 10);
            if (end == q + 1) { *bad = open; sb_free(&sb); return NULL; }
            if (*q == '-') delta = -delta;
            q = end;
        }
        if (*q != '}' || capacity + delta < 0) { *bad = open; sb_free(&sb); return NULL; }
        sb_printf(&sb, "%ld", capacity + delta);
        *used = 1;
        p = q + 1;
    }
    return sb_steal(&sb);
}

struct scenario *scenario_parse(const char *path, const char *text, char *err, size_t errlen)
{
    return scenario_parse_for(path, text, SCN_DOCUMENTED_CAPACITY, err, errlen);
}

struct scenario *scenario_for_capacity(struct scenario *s, long capacity, char *err, size_t errlen)
{
    if (!s->uses_capacity || capacity == s->capacity) return s;
    return scenario_parse_for(s->path, s->source, capacity, err, errlen);
}

/* An open 'repeat N' block: where it starts, for the error that it
 * never ends, and its body's first step. */
struct repeat_block { int open, line, col; long count; size_t body_start; };

static int open_repeat(struct scenario *s, struct parser *ps, const char *q, struct repeat_block *rb)
{
    const char *v = skip_ws(q + 6);
    long long cnt;
    if (rb->open) return fail_at(ps, q, "expected 'end' before another 'repeat' (repeat blocks do not nest)");
    if (parse_number(ps, &v, &cnt, "a repeat count")) return -1;
    if (cnt < 1 || cnt > 100000) return fail_at(ps, skip_ws(q + 6), "expected a repeat count (1..100000)");
    if (*skip_ws(v)) return fail_at(ps, skip_ws(v), "expected the end of the line");
    *rb = (struct repeat_block){ 1, ps->line, (int)(q - ps->bol) + 1, (long)cnt, s->nsteps };
    return 0;
}

/* 'end': the block's body unrolled to its count. */
static int close_repeat(struct scenario *s, struct parser *ps, const char *q, struct repeat_block *rb, size_t *cap)
{
    if (!rb->open) return fail_at(ps, q, "expected 'repeat N' before 'end'");
    if (*skip_ws(q + 3)) return fail_at(ps, skip_ws(q + 3), "expected the end of the line");
    size_t body = s->nsteps - rb->body_start;
    if ((size_t)rb->count * body + rb->body_start > 1000000)
        return fail_at(ps, q, "expected at most 1000000 steps after unrolling");
    for (long r = 1; r < rb->count; r++)
        for (size_t i = 0; i < body; i++) {
            struct step *d = add_step(s, cap);
            step_copy(d, &s->steps[rb->body_start + i]);
        }
    rb->open = 0;
    return 0;
}

/* One line that says something (q at its first word): a header, a
 * repeat block's start or end, or a step. */
static int parse_line(struct scenario *s, struct parser *ps, char *q, struct repeat_block *rb, size_t *cap)
{
    for (char *c = q; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\t') return fail_at(ps, c, "expected text (a control character is here)");
    if (is_header(q)) {
        if (s->nsteps || rb->open)
            return fail_at(ps, q, "expected headers (title:, catches:, timeout:, needs:, level:, contract:) before the first step");
        return parse_header(s, ps, q);
    }
    if (word_is(q, "repeat")) return open_repeat(s, ps, q, rb);
    if (word_is(q, "end")) return close_repeat(s, ps, q, rb, cap);
    char *orig = xstrdup(q);
    if (parse_step(s, ps, q, cap)) { free(orig); return -1; }
    s->steps[s->nsteps - 1].text = orig;  /* as written */
    return 0;
}

/* The n characters at p as a line to parse: {cap} written as a number,
 * no CR, no comment, no trailing blanks; ps->bol set to it.  NULL at a
 * malformed {cap}. */
static char *clean_line(struct scenario *s, struct parser *ps, const char *p, size_t n)
{
    char *raw = xstrndup(p, n);
    const char *bad = NULL;
    char *line = expand_capacity(raw, s->capacity, &s->uses_capacity, &bad);
    if (!line) {
        ps->bol = raw;
        fail_at(ps, bad, "expected {cap}, {cap+N} or {cap-N} (the DLL's capacity in characters)");
        free(raw);
        return NULL;
    }
    free(raw);
    ps->bol = line;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\r') line[len - 1] = '\0';
    *(char *)strip_comment(line) = '\0';
    rtrim(line);
    return line;
}

/* What a whole file must have: every repeat ended, a title, a step. */
static int check_complete(struct scenario *s, const struct parser *ps, const struct repeat_block *rb,
                          char *err, size_t errlen)
{
    int line = ps->line ? ps->line : 1;
    if (rb->open)
        snprintf(err, errlen, "%s:%d:%d: expected 'end' for this 'repeat'", s->path, rb->line, rb->col);
    else if (!s->title)
        snprintf(err, errlen, "%s:%d:1: expected a 'title:' line", s->path, line);
    else if (!s->nsteps)
        snprintf(err, errlen, "%s:%d:1: expected at least one step", s->path, line);
    else
        return check_usage(s, err, errlen);
    return -1;
}

struct scenario *scenario_parse_for(const char *path, const char *text, long capacity, char *err, size_t errlen)
{
    struct scenario *s = xcalloc(1, sizeof *s);
    struct parser ps = { path, 0, NULL, err, errlen, 0 };
    struct repeat_block rb = {0};
    size_t cap = 0;
    s->path = xstrdup(path);
    s->name = base_name(path);
    s->timeout_ms = 10000;
    s->capacity = capacity;
    s->source = xstrdup(text);

    for (const char *p = text; *p || !ps.line; ) {
        size_t n = strcspn(p, "\n");
        ps.line++;
        char *line = clean_line(s, &ps, p, n);
        p += n + (p[n] == '\n');
        if (!line) goto fail;
        char *q = (char *)skip_ws(line);
        int rc = *q ? parse_line(s, &ps, q, &rb, &cap) : 0;
        free(line);
        if (rc) goto fail;
        if (!*p) break;
    }
    if (check_complete(s, &ps, &rb, err, errlen)) goto fail;
    return s;
fail:
    scenario_free(s);
    return NULL;
}

struct scenario *scenario_load(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        snprintf(err, errlen, "%s:0:0: expected a readable scenario file (%s)", path, strerror(errno));
        return NULL;
    }
    if (strlen(text) != len) {
        /* a NUL byte: report its line and column */
        int line = 1, col = 1;
        for (size_t i = 0; text[i]; i++) { if (text[i] == '\n') { line++; col = 1; } else col++; }
        snprintf(err, errlen, "%s:%d:%d: expected text (a NUL byte is here)", path, line, col);
        free(text);
        return NULL;
    }
    struct scenario *s = scenario_parse(path, text, err, errlen);
    free(text);
    return s;
}

void scenario_free(struct scenario *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nsteps; i++) step_clear(&s->steps[i]);
    free(s->steps);
    for (int i = 0; i < s->nprocs; i++) free(s->procs[i]);
    free(s->path); free(s->name); free(s->title); free(s->catches); free(s->contract); free(s->source);
    free(s);
}

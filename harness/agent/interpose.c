/*
 * interpose.c - the rules, the call log, and what every replacement does
 * (icall_*).  patch.c puts the replacements into the DLL's import table.
 *
 * Everything that runs inside a replacement is lock-free (interlocked
 * counters, a log claimed slot by slot), because kill-writers terminates
 * threads anywhere, possibly inside a replacement.
 */
#include "agent.h"
#include "interpose.h"

#include <stdio.h>
#include <string.h>

/* ---- rules ---- */
struct rule {
    enum rule_kind kind;
    char pattern[64]; /* a function name, or a prefix ending in '*' */
    int after;        /* delay, pause: after the real call */
    uint32_t nth;     /* 1-based; 0: every call */
    uint32_t ms;      /* delay */
    DWORD code;       /* fault */
    int entry;        /* FUNCTION "entry": the DLL's entry point, not a call */
    volatile LONG calls; /* calls of the functions it matches */
    volatile LONG fired;
};

static struct rule rules[RULE_MAX];
static volatile LONG nrules;
static uint32_t hook_rules[128]; /* per hook: a bit per rule matching it */


static const char *const kind_names[] = {"fault", "delay", "pause"};

static int pattern_matches(const char *pattern, const char *name)
{
    size_t n = strlen(pattern);

    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, name, n - 1) == 0;
    return strcmp(pattern, name) == 0;
}

/* Splits "a:b:c" in place into at most max fields; returns how many. */
static int split_colons(char *s, char **f, int max)
{
    int n = 0;

    while (n < max) {
        f[n++] = s;
        s = strchr(s, ':');
        if (!s)
            break;
        *s++ = 0;
    }
    return s ? -1 : n; /* -1: more fields than max */
}

const char *rule_add(enum rule_kind kind, const char *spec, char *msg, size_t msglen)
{
    char buf[160], *f[4];
    struct rule r;
    int n, any = 0, failable = 0;

    if (_snprintf(buf, sizeof(buf), "%s", spec) < 0 || strlen(spec) >= sizeof(buf))
        return "the rule is too long";
    buf[sizeof(buf) - 1] = 0;
    memset(&r, 0, sizeof(r));
    r.kind = kind;
    n = split_colons(buf, f, 4);
    if (kind == RULE_FAULT) {
        if (n != 3)
            return "expected FUNCTION:NTH:CODE";
        if (strcmp(f[1], "*") != 0 && (parse_u32(f[1], 1000000, &r.nth) != 0 || r.nth == 0))
            return "expected NTH (1..1000000, or * for every call)";
        if (parse_u32(f[2], UINT32_MAX, (uint32_t *)&r.code) != 0 || r.code == 0)
            return "expected CODE, a Win32 error other than 0";
    } else {
        int k = 2;
        if (n < 2 || (strcmp(f[1], "before") != 0 && strcmp(f[1], "after") != 0))
            return kind == RULE_DELAY ? "expected FUNCTION:before|after:MS[:NTH]"
                                      : "expected FUNCTION:before|after[:NTH]";
        r.after = f[1][0] == 'a';
        if (kind == RULE_DELAY) {
            if (n < 3 || parse_u32(f[2], 60000, &r.ms) != 0)
                return "expected MS (0..60000) in FUNCTION:before|after:MS[:NTH]";
            k = 3;
        } else {
            r.nth = 1; /* a pause waits for one resume: once unless told */
        }
        if (n > k + 1)
            return "too many fields";
        if (n == k + 1 && (parse_u32(f[k], 1000000, &r.nth) != 0 || r.nth == 0))
            return "expected NTH (1..1000000)";
    }
    if (!f[0][0] || strlen(f[0]) >= sizeof(r.pattern) ||
        (strchr(f[0], '*') && strchr(f[0], '*') != f[0] + strlen(f[0]) - 1))
        return "expected FUNCTION (a name, or a prefix ending in *)";
    strcpy(r.pattern, f[0]);
    r.entry = strcmp(r.pattern, "entry") == 0;
    if (r.entry && (kind == RULE_FAULT || r.after))
        return "entry takes a pause or a delay before it (entry:before[:NTH]): it is no call that can fail";
    for (unsigned h = 0; h < g_nhooks && !r.entry; h++)
        if (pattern_matches(r.pattern, g_hooks[h].name)) {
            any = 1;
            failable |= g_hooks[h].fail != FK_NONE;
        }
    if (!any && !r.entry) {
        _snprintf(msg, msglen, "%s is not a function the agent can interpose (harness/agent/hooks.c)", r.pattern);
        msg[msglen - 1] = 0;
        return msg;
    }
    if (kind == RULE_FAULT && !failable) {
        _snprintf(msg, msglen, "%s cannot fail (it returns nothing to fail with)", r.pattern);
        msg[msglen - 1] = 0;
        return msg;
    }
    if (nrules == RULE_MAX)
        return "too many rules (at most 32)";
    rules[nrules] = r;
    for (unsigned h = 0; h < g_nhooks; h++)
        if (pattern_matches(r.pattern, g_hooks[h].name) && (kind != RULE_FAULT || g_hooks[h].fail != FK_NONE))
            hook_rules[h] |= 1u << nrules;
    InterlockedIncrement(&nrules);
    return NULL; /* the caller arms, once the rule is accepted */
}

void rule_drop_last(void)
{
    LONG i = nrules - 1;

    if (i < 0)
        return;
    for (unsigned h = 0; h < g_nhooks; h++)
        hook_rules[h] &= ~(1u << i);
    InterlockedDecrement(&nrules);
}

/* ---- the call log: slots claimed with one interlocked increment ---- */
#define LOG_MAX 8192
struct logent {
    uint16_t hook;
    uint8_t failed; /* by a fault rule */
    uint8_t done;   /* fully written */
    DWORD err;
    uintptr_t result;
};
static struct logent call_log[LOG_MAX];
static volatile LONG log_count;

static void log_call(unsigned hook, uintptr_t result, DWORD err, int failed)
{
    LONG i = InterlockedIncrement(&log_count) - 1;

    if (i >= LOG_MAX)
        return; /* counted, not kept */
    call_log[i].hook = (uint16_t)hook;
    call_log[i].failed = (uint8_t)failed;
    call_log[i].err = err;
    call_log[i].result = result;
    call_log[i].done = 1;
}

/* ---- inside the replacements ---- */
static void apply(struct rule *r, const char *what)
{
    InterlockedIncrement(&r->fired);
    if (r->kind == RULE_DELAY)
        Sleep(r->ms);
    else if (r->kind == RULE_PAUSE)
        pause_here(what, r->after);
}

void interpose_entry(void)
{
    DWORD saved = GetLastError();
    for (LONG i = 0; i < nrules; i++) {
        struct rule *r = &rules[i];
        LONG n;
        if (!r->entry)
            continue;
        n = InterlockedIncrement(&r->calls);
        if (!r->nth || (uint32_t)n == r->nth)
            apply(r, "the DLL's entry point");
    }
    SetLastError(saved);
}

int icall_enter(unsigned hook, struct icall *c)
{
    DWORD saved = GetLastError(); /* the DLL must see its own last error */
    uint32_t mask = hook_rules[hook];
    int fail = 0;

    c->hook = hook;
    c->code = 0;
    c->after = 0;
    for (int i = 0; mask; i++, mask >>= 1) {
        struct rule *r;
        LONG n;
        if (!(mask & 1))
            continue;
        r = &rules[i];
        n = InterlockedIncrement(&r->calls);
        if (r->nth && (uint32_t)n != r->nth)
            continue;
        if (r->kind == RULE_FAULT) {
            if (!fail) { /* the first fault wins; the others did not fire */
                InterlockedIncrement(&r->fired);
                fail = 1;
                c->code = r->code;
            }
        } else if (r->after) {
            c->after |= 1u << i;
        } else {
            apply(r, g_hooks[hook].name);
        }
    }
    SetLastError(saved);
    return fail;
}

static void after_rules(struct icall *c)
{
    for (int i = 0; c->after; i++, c->after >>= 1)
        if (c->after & 1)
            apply(&rules[i], g_hooks[c->hook].name);
}

uintptr_t icall_fail(struct icall *c)
{
    enum fail_kind k = g_hooks[c->hook].fail;
    uintptr_t v = k == FK_WAIT ? (uintptr_t)WAIT_FAILED : k == FK_CODE ? (uintptr_t)c->code : 0;

    log_call(c->hook, v, c->code, 1);
    after_rules(c);
    SetLastError(c->code);
    return v;
}

void icall_leave(struct icall *c, uintptr_t result)
{
    DWORD err = GetLastError();

    log_call(c->hook, result, err, 0);
    after_rules(c);
    SetLastError(err);
}

const char *rules_check_imports(const WCHAR *path, char *msg, size_t msglen)
{
    unsigned char imported[128] = {0};

    if (!nrules)
        return NULL;
    if (!path || pe_file_imports(path, imported) != 0) {
        _snprintf(msg, msglen, "cannot read the import table of the DLL (error %lu)", (unsigned long)GetLastError());
        msg[msglen - 1] = 0;
        return msg;
    }
    for (LONG i = 0; i < nrules; i++) {
        int found = rules[i].entry; /* every DLL has one */
        for (unsigned h = 0; h < g_nhooks; h++)
            if ((hook_rules[h] >> i & 1) && imported[h])
                found = 1;
        if (!found) {
            _snprintf(msg, msglen, "the DLL imports no function %s by name (a %s rule)", rules[i].pattern,
                      kind_names[rules[i].kind]);
            msg[msglen - 1] = 0;
            return msg;
        }
    }
    return NULL;
}

/* ---- replies ---- */
/* count= dropped= debug_lines= calls=F:RESULT:ERR[!],... (! marks a call a
 * fault failed) */
void interpose_calls(struct sb *sb, uint32_t first, uint32_t max)
{
    LONG n = log_count;
    uint32_t kept = n > LOG_MAX ? LOG_MAX : (uint32_t)n, shown = 0;

    sb_printf(sb, "ok count=%ld dropped=%ld debug_lines=%ld calls=", (long)n, (long)(n - (LONG)kept),
              interpose_debug_lines());
    for (uint32_t i = first; i < kept && shown < max; i++, shown++) {
        struct logent *e = &call_log[i];
        if (!e->done)
            sb_printf(sb, "%s?", shown ? "," : "");
        else
            sb_printf(sb, "%s%s:0x%llx:%lu%s", shown ? "," : "", g_hooks[e->hook].name,
                      (unsigned long long)e->result, (unsigned long)e->err, e->failed ? "!" : "");
    }
}

/* rules= fired= unfired= list=KIND:PATTERN:calls=C:fired=F,... */
void interpose_rules(struct sb *sb)
{
    LONG fired = 0;

    for (LONG i = 0; i < nrules; i++)
        fired += rules[i].fired != 0;
    sb_printf(sb, "ok rules=%ld fired=%ld unfired=%ld list=", (long)nrules, (long)fired, (long)(nrules - fired));
    for (LONG i = 0; i < nrules; i++)
        sb_printf(sb, "%s%s:%s:calls=%ld:fired=%ld", i ? "," : "", kind_names[rules[i].kind], rules[i].pattern,
                  (long)rules[i].calls, (long)rules[i].fired);
}

#include "reply.h"
#include "spec.h"
#include "strbuf.h"
#include "win32_words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void reply_parse(const char *line, struct reply *r)
{
    memset(r, 0, sizeof *r);
    size_t w = strcspn(line, " ");
    if (w == 2 && !strncmp(line, "ok", 2)) r->kind = REPLY_OK;
    else if (w == 5 && !strncmp(line, "error", 5)) r->kind = REPLY_ERROR;
    else if (w == 5 && !strncmp(line, "crash", 5)) r->kind = REPLY_CRASH;
    else if (w == 5 && !strncmp(line, "ready", 5)) r->kind = REPLY_READY;
    else { r->kind = REPLY_OTHER; return; }
    const char *p = line + w;
    if (r->kind == REPLY_ERROR) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        if (n < sizeof r->word2) { memcpy(r->word2, p, n); r->word2[n] = '\0'; }
        char *end;
        const char *q = p + n;
        while (*q == ' ') q++;
        r->code = strtoll(q, &end, 0);
        r->has_code = end != q && (*end == ' ' || !*end);
    }
    while (*p) {
        while (*p == ' ') p++;
        const char *key = p;
        size_t k = strcspn(p, "= ");
        if (p[k] != '=') { p += k; continue; }  /* a bare word */
        const char *v = p + k + 1;
        size_t vl;
        if (*v == '"') {  /* quoted: up to the unescaped closing quote */
            const char *q = ++v;
            while (*q && *q != '"') q += (*q == '\\' && q[1]) ? 2 : 1;
            vl = (size_t)(q - v);
            p = *q ? q + 1 : q;
        } else {
            vl = strcspn(v, " ");
            p = v + vl;
        }
        if (r->nf == REPLY_MAX_FIELDS || k >= sizeof r->f[0].key) continue;
        memcpy(r->f[r->nf].key, key, k);
        r->f[r->nf].key[k] = '\0';
        r->f[r->nf].val = v;
        r->f[r->nf].len = vl;
        if (!strcmp(r->f[r->nf].key, "text")) { r->text = v; r->text_len = vl; r->has_text = 1; }
        r->nf++;
    }
}

int reply_num(const struct reply *r, const char *key, long long *v)
{
    for (int i = 0; i < r->nf; i++) {
        if (strcmp(r->f[i].key, key)) continue;
        char buf[32], *end;
        if (r->f[i].len == 0 || r->f[i].len >= sizeof buf) return -1;
        memcpy(buf, r->f[i].val, r->f[i].len);
        buf[r->f[i].len] = '\0';
        *v = strtoll(buf, &end, 0);
        return *end ? -1 : 0;
    }
    return -1;
}

static int cmp(long long a, enum cmp_op op, long long b)
{
    switch (op) {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    }
    return 0;
}

static const char *op_name(enum cmp_op op)
{
    static const char *const n[] = { "==", "!=", "<", "<=", ">", ">=" };
    return n[op];
}

/* The reply, shortened for a message (they can be 40 KiB). */
static void shorten(char *dst, size_t size, const char *line)
{
    size_t n = strlen(line);
    if (n < size) { memcpy(dst, line, n + 1); return; }
    snprintf(dst, size, "%.*s... (%zu bytes)", (int)(size - 32), line, n);
}

char *reply_str(const struct reply *r, const char *key)
{
    for (int i = 0; i < r->nf; i++)
        if (!strcmp(r->f[i].key, key)) return xstrndup(r->f[i].val, r->f[i].len);
    return NULL;
}

char *reply_crash_words(const struct reply *r, char **cause)
{
    long long code = 0;
    reply_num(r, "code", &code);
    char *module = reply_str(r, "module"), *offset = reply_str(r, "offset"), *exp = reply_str(r, "export");
    char *access = reply_str(r, "access"), *target = reply_str(r, "target"), *address = reply_str(r, "address");
    const char *what = exception_name((unsigned long)code);
    struct sb sb;
    sb_init(&sb);
    sb_printf(&sb, "%s (0x%08llx)", what ? what : "an exception", code);
    if (access && target) sb_printf(&sb, " %s %s", !strcmp(access, "read") ? "reading" : !strcmp(access, "write")
                                                    ? "writing" : "executing", target);
    if (module && offset) {
        sb_printf(&sb, " at %s+%s", module, offset);
        if (exp) sb_printf(&sb, " (in or after its export %s)", exp);
        if (cause) *cause = xasprintf("a crash at %s+%s", module, offset);
    } else {
        if (address) sb_printf(&sb, " at %s, in no module (a jump into freed or unmapped memory?)", address);
        if (cause) *cause = xasprintf("a crash (0x%08llx) outside any module", code);
    }
    free(module); free(offset); free(exp); free(access); free(target); free(address);
    return sb_steal(&sb);
}

void reply_code_words(const struct reply *r, struct sb *sb)
{
    long long code = r->code;
    if (reply_num(r, "win32", &code) && !r->has_code) return;
    const char *name = win32_error_name((unsigned long)code), *meaning = win32_error_meaning((unsigned long)code);
    if (name) sb_printf(sb, " (%lld %s: %s)", code, name, meaning);
}

int reply_instrument_error(const struct reply *r)
{
    static const char *const words[] = {
        "usage", "unknown", "out-of-memory", "rule", "await-pause", "resume", "history", "threads", "kill-writers",
        "dead-owner", "sweep", "squat", "squat-peek", "crash", "not-recording",
    };
    if (r->kind != REPLY_ERROR) return 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(r->word2, words[i])) return 1;
    return 0;
}

/* The reply's kind against the expected one (crash, error WORD, ok). */
static enum check_kind check_kind_of_reply(const char *got, const struct reply *r, const struct expect *e,
                                           const char *want, struct check_out *o)
{
    if (e->kind == EXP_CRASH) {
        if (r->kind == REPLY_CRASH) return CHECK_NONE;
        snprintf(o->msg, sizeof o->msg, "expected a crash, got '%s'", got);
        return CHECK_NO_CRASH;
    }
    if (e->kind == EXP_ERROR) {
        if (r->kind == REPLY_ERROR && (!e->error_word[0] || !strcmp(e->error_word, r->word2))) return CHECK_NONE;
        snprintf(o->msg, sizeof o->msg, "expected %s, got '%s'", want, got);
        return CHECK_REPLY;
    }
    if (r->kind != REPLY_OK) {
        struct sb words = { 0 };
        reply_code_words(r, &words);   /* error load 998: and what 998 means */
        snprintf(o->msg, sizeof o->msg, "expected %s, got '%s'%s", e->kind == EXP_OK ? "ok" : want, got, words.buf ? words.buf : "");
        sb_free(&words);
        return CHECK_REPLY;
    }
    return CHECK_NONE;
}

/* The text a get returned: exactly the expected units, or its first n
 * units only (a length the DLL cuts at: a capacity, said so). */
/* The units an 8-bit variant can give back for text: Latin-1, else '?'. */
static uint16_t *narrowed(const uint16_t *u, size_t n)
{
    uint16_t *v = xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = u[i] <= 0xFF ? u[i] : '?';
    return v;
}

static enum check_kind check_text(const char *got, const struct reply *r, const struct expect *e, const char *want,
                                  int narrow, struct check_out *o)
{
    long long v;
    if ((e->kind == EXP_EMPTY || e->kind == EXP_TEXT) && reply_num(r, "len", &v) == 0 && v == -1) {
        snprintf(o->msg, sizeof o->msg, "expected %s, got no terminator within the buffer (len=-1): '%s'",
                 e->kind == EXP_EMPTY ? "empty" : want, got);
        snprintf(o->cause, sizeof o->cause, "GetSharedMem leaves the caller's buffer without a terminator");
        return CHECK_UNTERMINATED;
    }
    if (e->kind == EXP_EMPTY) {
        if (reply_num(r, "len", &v) || v != 0) {
            snprintf(o->msg, sizeof o->msg, "expected empty (len=0), got '%s'", got);
            return CHECK_EMPTY;
        }
        return CHECK_NONE;
    }
    if (e->kind != EXP_TEXT) return CHECK_NONE;
    uint16_t *u = NULL, *expected = narrow ? narrowed(e->text, e->text_len) : e->text;
    size_t n = 0;
    int undecoded = !r->has_text || spec_unescape(r->text, r->text_len, &u, &n);
    int bad = undecoded || n != e->text_len || (n && memcmp(u, expected, n * sizeof *u))
        || reply_num(r, "len", &v) || v != (long long)e->text_len;
    int cut = bad && !undecoded && n && n < e->text_len && !memcmp(u, expected, n * sizeof *u);
    free(u);
    if (narrow) free(expected);
    if (cut) {
        snprintf(o->msg, sizeof o->msg, "expected %s (%zu units), got only its first %zu: the value is cut at %zu characters "
                 "(a DLL that stores at most %zu characters): '%s'", want, e->text_len, n, n, n, got);
        snprintf(o->cause, sizeof o->cause, "it stores at most %zu characters", n);
        return CHECK_CUT;
    }
    if (bad) {
        snprintf(o->msg, sizeof o->msg, "expected %s (%zu units), got '%s'", want, e->text_len, got);
        return CHECK_TEXT;
    }
    return CHECK_NONE;
}

/* Why a field check failed, beyond the numbers: a watcher that saw no
 * change at all, or torn reads all cut at one length (a cap). */
static const char *field_hint(const struct reply *r, const struct field_check *c, long long v, char *buf, size_t len,
                              struct check_out *o)
{
    long long cut = 0, cut_len = 0;
    if (!strcmp(c->field, "changes") && v == 0)
        return " (the reader never saw a write: other processes' writes do not reach it)";
    if (!strcmp(c->field, "torn") && v > 0 && reply_num(r, "cut", &cut) == 0 && cut == v
        && reply_num(r, "cut_len", &cut_len) == 0 && cut_len > 0) {
        snprintf(buf, len, " (every one cut at %lld characters: this DLL stores at most %lld?)", cut_len, cut_len);
        snprintf(o->cause, sizeof o->cause, "it stores at most %lld characters", cut_len);
        return buf;
    }
    return "";
}

static enum check_kind check_fields(const char *got, const struct reply *r, const struct expect *e,
                                    struct check_out *o)
{
    for (int i = 0; i < e->nchecks; i++) {
        const struct field_check *c = &e->checks[i];
        long long v;
        snprintf(o->field, sizeof o->field, "%s", c->field);
        if (reply_num(r, c->field, &v)) {
            snprintf(o->msg, sizeof o->msg, "expected %s %s %lld, but the reply has no numeric '%s': '%s'",
                     c->field, op_name(c->op), c->value, c->field, got);
            return CHECK_FIELD;
        }
        if (!cmp(v, c->op, c->value)) {
            char hint[160];
            snprintf(o->msg, sizeof o->msg, "expected %s %s %lld, got %s=%lld%s: '%s'", c->field, op_name(c->op), c->value,
                     c->field, v, field_hint(r, c, v, hint, sizeof hint, o), got);
            /* Torn reads that are all one cut: a capacity, not a race. */
            return o->cause[0] ? CHECK_CUT : CHECK_FIELD;
        }
    }
    o->field[0] = '\0';
    return CHECK_NONE;
}

enum check_kind reply_check(const char *line, const struct reply *r, const struct expect *e, int narrow,
                            struct check_out *o)
{
    char got[240];
    long long v;
    shorten(got, sizeof got, line);
    const char *want = e->source ? e->source : "ok";
    memset(o, 0, sizeof *o);
    o->kind = check_kind_of_reply(got, r, e, want, o);
    if (o->kind != CHECK_NONE || r->kind != REPLY_OK) return o->kind;
    /* Always checked: the agent's guard units behind the caller's buffer. */
    if (reply_num(r, "overflow", &v) == 0 && v != 0) {
        snprintf(o->msg, sizeof o->msg, "wrote past the caller's buffer (overflow=1): '%s'", got);
        snprintf(o->cause, sizeof o->cause, "GetSharedMem writes past the caller's buffer");
        return o->kind = CHECK_OVERFLOW;
    }
    o->kind = check_text(got, r, e, want, narrow, o);
    if (o->kind == CHECK_NONE) o->kind = check_fields(got, r, e, o);
    return o->kind;
}

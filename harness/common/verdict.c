/* The verdict as data (verdict.h). */
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = { "dllshm", "fixture", "user", "unknown" };
static const char *const outcome_names[OUT_COUNT] = { "pass", "fail", "crash", "timeout", "error", "skip" };
static const char *const expected_names[EXPECT_COUNT] = { "pass", "fail", "flaky", "skip" };
static const char *const result_names[RES_COUNT] = {
    "pass", "fail", "expected-fail", "unexpected-pass", "crash", "timeout", "error", "skip"
};
static const char *const level_names[LEVEL_COUNT] = { "documented", "hardened", "dllshm" };

#define DLLSHM_CHECK_NAME(id, name, promise) name,
static const char *const check_names[CHECK_COUNT] = { DLLSHM_CHECKS(DLLSHM_CHECK_NAME) };
#undef DLLSHM_CHECK_NAME
#define DLLSHM_CHECK_PROMISE(id, name, promise) promise,
static const char *const check_promises[CHECK_COUNT] = { DLLSHM_CHECKS(DLLSHM_CHECK_PROMISE) };
#undef DLLSHM_CHECK_PROMISE

static const char *name_of(const char *const *names, int count, int i) { return i >= 0 && i < count ? names[i] : "?"; }

static int parse(const char *const *names, int count, const char *s)
{
    for (int i = 0; s && i < count; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

const char *role_name(enum role r) { return name_of(role_names, ROLE_COUNT, r); }
const char *outcome_name(enum outcome o) { return name_of(outcome_names, OUT_COUNT, o); }
const char *expected_name(enum expected e) { return name_of(expected_names, EXPECT_COUNT, e); }
const char *result_name(enum result r) { return name_of(result_names, RES_COUNT, r); }
const char *check_name(enum check_kind k) { return name_of(check_names, CHECK_COUNT, k); }
const char *check_promise(enum check_kind k) { return k >= 0 && k < CHECK_COUNT ? check_promises[k] : NULL; }
int role_parse(const char *s) { return parse(role_names, ROLE_COUNT, s); }
int outcome_parse(const char *s) { return parse(outcome_names, OUT_COUNT, s); }
int expected_parse(const char *s) { return parse(expected_names, EXPECT_COUNT, s); }
int result_parse(const char *s) { return parse(result_names, RES_COUNT, s); }
int check_parse(const char *s) { return parse(check_names, CHECK_COUNT, s); }
int level_parse(const char *s) { return parse(level_names, LEVEL_COUNT, s); }

const char *level_name(int level)
{
    switch (level) {
    case LEVEL_NONE: return "none";
    case LEVEL_NOT_RUN: return "not run";
    case LEVEL_UNKNOWN: return "unknown";
    default: return name_of(level_names, LEVEL_COUNT, level);
    }
}

enum result classify(enum outcome o, enum expected e)
{
    if (o == OUT_SKIP || e == EXPECT_SKIP) return RES_SKIP;
    if (o == OUT_ERROR) return RES_ERROR;
    switch (e) {
    case EXPECT_FAIL:   /* a fixture that crashes or hangs fails too */
        return o == OUT_PASS ? RES_XPASS : RES_XFAIL;
    case EXPECT_FLAKY:
        return o == OUT_PASS ? RES_PASS : RES_XFAIL;
    default:
        return o == OUT_PASS ? RES_PASS : o == OUT_FAIL ? RES_FAIL : o == OUT_CRASH ? RES_CRASH : RES_TIMEOUT;
    }
}

enum result_class result_class(enum result r)
{
    switch (r) {
    case RES_PASS: case RES_XFAIL: return CLASS_PASSED;
    case RES_ERROR: return CLASS_ERROR;
    case RES_SKIP: return CLASS_SKIPPED;
    default: return CLASS_FAILED;
    }
}

int result_failed(enum result r) { return result_class(r) == CLASS_FAILED; }
int result_passed(enum result r) { return result_class(r) == CLASS_PASSED; }

void verdict_free(struct verdict *v)
{
    free(v->scenario); free(v->title); free(v->impl); free(v->runner); free(v->step); free(v->field);
    free(v->message); free(v->promise); free(v->reason); free(v->cause); free(v->same_as); free(v->note); free(v->output);
    free(v->table); free(v->file); free(v->source);
}

int level_reached(const struct verdict *v, size_t n, const char *impl, const char *runner)
{
    int passed[LEVEL_COUNT] = { 0 }, failed[LEVEL_COUNT] = { 0 }, ran = 0, levelled = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].impl, impl) || strcmp(v[i].runner, runner)) continue;
        ran |= v[i].outcome != OUT_SKIP;
        if (v[i].level < 0 || v[i].level >= LEVEL_COUNT) continue;
        levelled = 1;
        /* What happened counts, not what was expected: a fixture's
         * expected-fail does not pass its level. */
        if (v[i].outcome == OUT_PASS) passed[v[i].level] = 1;
        else if (v[i].outcome != OUT_SKIP) failed[v[i].level] = 1;
    }
    if (!ran) return LEVEL_NOT_RUN;
    if (!levelled) return LEVEL_UNKNOWN;
    int reached = LEVEL_NONE;
    for (int l = 0; l < LEVEL_COUNT && passed[l] && !failed[l]; l++) reached = l;
    return reached;
}

const char *level_not_run_reason(const struct verdict *v, size_t n, const char *impl, const char *runner)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].impl, impl) && !strcmp(v[i].runner, runner) && v[i].reason) return v[i].reason;
    return "nothing was selected";
}

void verdicts_group_causes(struct verdict *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].same_as);
        v[i].same_as = NULL;
        if (!v[i].cause || v[i].outcome == OUT_PASS || v[i].outcome == OUT_SKIP) continue;
        for (size_t j = 0; j < i; j++)
            if (v[j].cause && !v[j].same_as && v[j].outcome != OUT_PASS && v[j].outcome != OUT_SKIP
                && !strcmp(v[j].cause, v[i].cause) && !strcmp(v[j].impl, v[i].impl) && !strcmp(v[j].runner, v[i].runner)) {
                v[i].same_as = xstrdup(v[j].scenario);
                break;
            }
    }
}

/* dllshm, users' DLLs, the sample, the other fixtures. */
static int rank(enum role r, const char *name)
{
    switch (r) {
    case ROLE_DLLSHM: return 0;
    case ROLE_USER: return 1;
    case ROLE_FIXTURE: return strcmp(name, "sample") ? 3 : 2;
    default: return 4;
    }
}

int impl_order(enum role ra, const char *a, enum role rb, const char *b)
{
    int d = rank(ra, a) - rank(rb, b);
    return d ? d : strcmp(a, b);
}

static void member_num(struct json_w *w, const char *key, long long n)
{
    json_member(w, key);
    sb_printf(w->sb, "%lld", n);
}

void verdict_json(struct json_w *w, const struct verdict *v, int with_output)
{
    json_open(w, NULL, '{', JSON_LINE);
    json_member_str(w, "scenario", v->scenario);
    if (with_output) json_member_str(w, "title", v->title);
    json_member_str(w, "implementation", v->impl);
    json_member_str(w, "role", role_name(v->role));
    json_member_str(w, "runner", v->runner);
    if (v->level != LEVEL_UNKNOWN) json_member_str(w, "level", level_name(v->level));
    json_member_str(w, "result", result_name(v->result));
    json_member_str(w, "outcome", outcome_name(v->outcome));
    json_member_str(w, "expected", expected_name(v->expected));
    if (v->duration_ms >= 0) member_num(w, "duration_ms", v->duration_ms);
    if (v->agent_restarts) member_num(w, "agent_restarts", v->agent_restarts);
    if (v->process_starts) member_num(w, "process_starts", v->process_starts);
    if (v->histories) {
        member_num(w, "histories", v->histories);
        member_num(w, "inconclusive", v->inconclusive);
    }
    if (v->history_reruns) member_num(w, "history_reruns", v->history_reruns);
    if (v->wine_reruns) member_num(w, "wine_reruns", v->wine_reruns);
    if (v->step_line) {
        json_open(w, "step", '{', JSON_LINE);
        member_num(w, "line", v->step_line);
        json_member_str(w, "text", v->step);
        json_close(w);
    }
    if (v->check != CHECK_NONE) json_member_str(w, "check", check_name(v->check));
    if (v->field) json_member_str(w, "field", v->field);
    if (v->message) json_member_str(w, "message", v->message);
    if (v->promise) json_member_str(w, "promise", v->promise);
    if (v->reason) json_member_str(w, "reason", v->reason);
    if (v->cause) json_member_str(w, "cause", v->cause);
    if (v->same_as) json_member_str(w, "same_as", v->same_as);
    if (v->note) json_member_str(w, "note", v->note);
    if (with_output && v->output) json_member_str(w, "output", v->output);
    if (v->table) json_member_str(w, "table", v->table);
    if (v->file) json_member_str(w, "file", v->file);
    json_close(w);
}

void tally_add(struct tally *t, enum result r) { t->n[r]++; t->total++; }
unsigned tally_passed(const struct tally *t) { return t->n[RES_PASS] + t->n[RES_XFAIL]; }
unsigned tally_failed(const struct tally *t)
{
    return t->n[RES_FAIL] + t->n[RES_XPASS] + t->n[RES_CRASH] + t->n[RES_TIMEOUT];
}
unsigned tally_errors(const struct tally *t) { return t->n[RES_ERROR]; }

void tally_line(const struct tally *t, char *buf, size_t len)
{
    int k = snprintf(buf, len, "%u passed, %u failed, %u skipped", tally_passed(t), tally_failed(t), t->n[RES_SKIP]);
    if (tally_errors(t) && k >= 0 && (size_t)k < len)
        snprintf(buf + k, len - (size_t)k, ", %u error%s of the harness", tally_errors(t), tally_errors(t) == 1 ? "" : "s");
}

void tally_json(struct json_w *w, const struct tally *t)
{
    json_open(w, "summary", '{', JSON_LINE);
    member_num(w, "total", t->total);
    for (int k = 0; k < RES_COUNT; k++) member_num(w, result_name((enum result)k), t->n[k]);
    json_close(w);
}

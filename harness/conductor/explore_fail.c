/* Where and how an explored program failed (explore_fail.h). */
#include "explore_fail.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The reason is "FILE:LINE: STEP: MESSAGE" (run.c); the line gives the
 * action, the message the check. */
int failure_of(const struct result_rec *res, const struct scenario *s, const struct rendered *r,
               const struct prog *p, struct failure *f)
{
    memset(f, 0, sizeof *f);
    f->outcome = res->outcome;
    f->act = -1;
    if (res->outcome == OUT_PASS || res->outcome == OUT_SKIP || !res->reason) return -1;
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    const char *msg = "";
    const struct step *st = NULL;
    if (!strncmp(res->reason, base, strlen(base)) && res->reason[strlen(base)] == ':') {
        char *end;
        long line = strtol(res->reason + strlen(base) + 1, &end, 10);
        if (line > 0 && line < r->nlines) f->act = r->line_act[line];
        for (size_t i = 0; i < s->nsteps && !st; i++)
            if (s->steps[i].line == line && !strncmp(end, ": ", 2) && !strncmp(end + 2, s->steps[i].text, strlen(s->steps[i].text))) {
                st = &s->steps[i];
                msg = end + 2 + strlen(st->text);
                if (!strncmp(msg, ": ", 2)) msg += 2;
            }
    }
    if (f->act < 0 || (size_t)f->act >= p->n || !st) return -1;
    f->kind = p->a[f->act].kind;
    /* The message may be cut short (a long expected text): the step's own
     * expectation says which check it was. */
    const char *got = strstr(msg, ", got '");
    if (res->outcome == OUT_CRASH) strcpy(f->cls, "crash");
    else if (res->outcome == OUT_TIMEOUT) strcpy(f->cls, "timeout");
    else if (!strncmp(msg, "wrote past the caller's buffer", 30)) strcpy(f->cls, "overflow");
    else if (got && !strncmp(got + 7, "error", 5)) strcpy(f->cls, "error");
    else if (st->kind == STEP_HISTORY)
        strcpy(f->cls, !strncmp(msg, "a read returned a write cut short", 33) ? "cut"
                       : strncmp(msg, "a read returned what no write wrote", 35) ? "order"
                       : strstr(msg, "len=0 nothing=0") ? "empty" : strstr(msg, "nothing=1") ? "nothing" : "torn");
    else if (st->kind == STEP_EXIT) strcpy(f->cls, !strncmp(msg, "expected exit code", 18) ? "exit-code" : "exit");
    else if (st->expect.kind == EXP_TEXT || st->expect.kind == EXP_EMPTY) strcpy(f->cls, "text");
    else if (st->expect.nchecks && !strncmp(msg, "expected ", 9)) {
        size_t n = strcspn(msg + 9, " ");
        snprintf(f->cls, sizeof f->cls, "field:%.*s", (int)(n < 30 ? n : 30), msg + 9);
    } else strcpy(f->cls, "error");   /* a plain step that did not answer ok */
    return 0;
}

int same_failure(const struct failure *a, const struct failure *b)
{
    return a->kind == b->kind && !strcmp(a->cls, b->cls);
}

/* What failed, in words for the title and the reason. */
char *failure_describe(const struct failure *f)
{
    const char *k = act_name(f->kind);
    if (f->kind == ACT_RACE && !strcmp(f->cls, "text"))
        return xasprintf("a write made while another process was loading the DLL was lost (the first attacher cleared "
                         "the block after its name was visible)");
    if (!strcmp(f->cls, "torn")) return xasprintf("a read beside concurrent writes returned what no write wrote (torn)");
    if (!strcmp(f->cls, "cut"))
        return xasprintf("a read beside concurrent writes returned a write cut short (stored or read back shorter than written)");
    if (!strcmp(f->cls, "empty"))
        return xasprintf("a read beside concurrent writes returned an empty string though a value was set (lost, or never shared)");
    if (!strcmp(f->cls, "nothing")) return xasprintf("a Get beside concurrent writes wrote nothing into the buffer");
    if (!strcmp(f->cls, "order"))
        return xasprintf("concurrent reads and writes fit no real-time order (a stale, lost or foreign value)");
    if (!strcmp(f->cls, "crash")) return xasprintf("%s crashed the process", k);
    if (!strcmp(f->cls, "timeout")) return xasprintf("%s never replied", k);
    if (!strcmp(f->cls, "overflow")) return xasprintf("get wrote past the caller's buffer");
    if (!strcmp(f->cls, "text")) return xasprintf("get returned other text than the contract says");
    if (f->kind == ACT_SWEEP && !strncmp(f->cls, "field:", 6))
        return xasprintf("a Win32 call failed during the DLL's attach was not survived (attach sweep: %s)", f->cls + 6);
    if (!strncmp(f->cls, "field:", 6)) return xasprintf("get with a zero-sized buffer wrote into it (%s)", f->cls + 6);
    if (!strcmp(f->cls, "error")) return xasprintf("%s answered an error", k);
    if (!strcmp(f->cls, "exit-code")) return xasprintf("exit ended with another exit code (DLL_PROCESS_DETACH went wrong)");
    return xasprintf("%s failed (%s)", k, f->cls);
}


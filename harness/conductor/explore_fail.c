/* Where and how an explored program failed (explore_fail.h): the failing
 * step's line gives the action, the result's check kind the check.  Nothing
 * here reads a message. */
#include "explore_fail.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int failure_of(const struct verdict *res, const struct scenario *s, const struct rendered *r,
               const struct prog *p, struct failure *f)
{
    memset(f, 0, sizeof *f);
    f->outcome = res->outcome;
    f->act = -1;
    if (res->outcome == OUT_PASS || res->outcome == OUT_SKIP || res->step_line <= 0) return -1;
    const struct step *st = NULL;
    for (size_t i = 0; i < s->nsteps && !st; i++)
        if (s->steps[i].line == res->step_line) st = &s->steps[i];
    if (!st || res->step_line >= r->nlines) return -1;
    f->act = r->line_act[res->step_line];
    if (f->act < 0 || (size_t)f->act >= p->n) return -1;
    f->kind = p->a[f->act].kind;
    /* A cut text and an unexpected empty one are a get that returned other
     * text than the contract says: one class for the shrinker. */
    f->check = res->check == CHECK_CUT || res->check == CHECK_EMPTY ? CHECK_TEXT
             : res->check == CHECK_GONE ? CHECK_CRASH : res->check;
    snprintf(f->field, sizeof f->field, "%s", res->check == CHECK_FIELD && res->field ? res->field : "");
    return 0;
}

/* An action's name as one word ("set null" -> "set-null"). */
static void action_word(enum act_kind k, char *buf, size_t len)
{
    snprintf(buf, len, "%s", act_name(k));
    for (char *c = buf; *c; c++) if (*c == ' ') *c = '-';
}

void failure_kind(const struct failure *f, char *buf, size_t len)
{
    char act[32];
    action_word(f->kind, act, sizeof act);
    snprintf(buf, len, "%s:%s%s%s", act, check_name(f->check), f->field[0] ? ":" : "", f->field);
}

int failure_is(const struct failure *f, const char *kind)
{
    char full[96], two[64], act[32];
    action_word(f->kind, act, sizeof act);
    failure_kind(f, full, sizeof full);
    snprintf(two, sizeof two, "%s:%s", act, check_name(f->check));
    return !strcmp(kind, full) || !strcmp(kind, two) || !strcmp(kind, check_name(f->check));
}

int same_failure(const struct failure *a, const struct failure *b)
{
    return a->kind == b->kind && a->check == b->check && !strcmp(a->field, b->field);
}

/* What failed, in words for the title and the reason. */
char *failure_describe(const struct failure *f)
{
    const char *k = act_name(f->kind);
    switch (f->check) {
    case CHECK_TEXT:
        if (f->kind == ACT_RACE)
            return xasprintf("a write made while another process was loading the DLL was lost (the first attacher "
                             "cleared the block after its name was visible)");
        return xasprintf("get returned other text than the contract says");
    case CHECK_TORN: return xasprintf("a read beside concurrent writes returned what no write wrote (torn)");
    case CHECK_HIST_CUT:
        return xasprintf("a read beside concurrent writes returned a write cut short (stored or read back shorter than written)");
    case CHECK_HIST_EMPTY:
        return xasprintf("a read beside concurrent writes returned an empty string though a value was set (lost, or never shared)");
    case CHECK_HIST_NOTHING: return xasprintf("a Get beside concurrent writes wrote nothing into the buffer");
    case CHECK_HIST_ORDER:
        return xasprintf("concurrent reads and writes fit no real-time order (a stale, lost or foreign value)");
    case CHECK_CRASH: return xasprintf("%s crashed the process", k);
    case CHECK_HUNG: return xasprintf("%s never replied", k);
    case CHECK_OVERFLOW: return xasprintf("get wrote past the caller's buffer");
    case CHECK_FIELD:
        if (f->kind == ACT_SWEEP)
            return xasprintf("a Win32 call failed during the DLL's attach was not survived (attach sweep: field:%s)", f->field);
        return xasprintf("get with a zero-sized buffer wrote into it (field:%s)", f->field);
    case CHECK_REPLY: return xasprintf("%s answered an error", k);
    case CHECK_EXIT_CODE: return xasprintf("exit ended with another exit code (DLL_PROCESS_DETACH went wrong)");
    default: return xasprintf("%s failed (%s)", k, check_name(f->check));
    }
}

/* An agent's reply line (harness/PROTOCOL.md) and checking it against a
 * step's expectation. */
#ifndef DLLSHM_REPLY_H
#define DLLSHM_REPLY_H

#include "scenario.h"

#define REPLY_MAX_FIELDS 24

enum reply_kind { REPLY_OK, REPLY_ERROR, REPLY_CRASH, REPLY_READY, REPLY_OTHER };

struct reply {
    enum reply_kind kind;
    char word2[32];                  /* error: its first word (load, usage, ...) */
    long long code;                  /* error: a number right after it (error load 998) */
    int has_code;
    struct { char key[32]; const char *val; size_t len; } f[REPLY_MAX_FIELDS];
    int nf;
    const char *text; size_t text_len; /* text="...", still escaped */
    int has_text;
};

/* Parse line (which must outlive r).  Never fails: odd lines are OTHER. */
void reply_parse(const char *line, struct reply *r);
/* A numeric field (decimal or 0x hex); 0 found, -1 absent or not a number. */
int reply_num(const struct reply *r, const char *key, long long *v);
/* A field's text (unescaped only of its quotes' span), or NULL; caller frees. */
char *reply_str(const struct reply *r, const char *key);
/* A crash reply in words: the exception by name, what it touched, and
 * where (module+offset, the nearest export before it): "access violation
 * (0xc0000005) writing 0x0 at dbj.dll+0x1a2f (in or after SetSharedMem)".
 * cause (may be NULL) gets the place, for grouping failures by root cause:
 * "a crash at dbj.dll+0x1a2f".  Caller frees. */
char *reply_crash_words(const struct reply *r, char **cause);
/* Win32 error numbers of a reply (error load N, win32=N) in words, as
 * " (998 ERROR_NOACCESS: ...)", appended to sb; nothing when it has none. */
struct sb;
void reply_code_words(const struct reply *r, struct sb *sb);
/* An error reply in which the agent says it could not do what it was
 * asked (harness/PROTOCOL.md, "Errors of the harness"): a rule it cannot
 * apply, a thread it cannot start, a usage error...  Says nothing of the
 * DLL under test. */
int reply_instrument_error(const struct reply *r);
/* What a failed check found: which check (verdict.h), the reply's field
 * of a CHECK_FIELD, the words, and the root cause when the reply shows one
 * that other steps would fail on too ("it stores at most 254 characters",
 * "GetSharedMem writes past the caller's buffer"; "" when none). */
struct check_out {
    enum check_kind kind;
    char field[32];
    char msg[600];
    char cause[96];
};
/* CHECK_NONE: the reply meets the expectation; else out says which check
 * it fails and why.  Crash replies are the caller's business unless the
 * expectation is crash. */
/* narrow: a declared 8-bit variant, whose expected text is what it can
 * store (a unit above 0xFF as '?'). */
enum check_kind reply_check(const char *line, const struct reply *r, const struct expect *e, int narrow,
                            struct check_out *out);

#endif

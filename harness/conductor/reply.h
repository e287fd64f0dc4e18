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
    struct { char key[32]; const char *val; size_t len; } f[REPLY_MAX_FIELDS];
    int nf;
    const char *text; size_t text_len; /* text="...", still escaped */
    int has_text;
};

/* Parse line (which must outlive r).  Never fails: odd lines are OTHER. */
void reply_parse(const char *line, struct reply *r);
/* A numeric field (decimal or 0x hex); 0 found, -1 absent or not a number. */
int reply_num(const struct reply *r, const char *key, long long *v);
/* An error reply in which the agent says it could not do what it was
 * asked (harness/PROTOCOL.md, "Errors of the harness"): a rule it cannot
 * apply, a thread it cannot start, a usage error...  Says nothing of the
 * DLL under test. */
int reply_instrument_error(const struct reply *r);
/* CHECK_NONE: the reply meets the expectation; else which check it fails
 * (verdict.h), msg says why and field names the reply's field of a
 * CHECK_FIELD.  Crash replies are the caller's business unless the
 * expectation is crash. */
enum check_kind reply_check(const char *line, const struct reply *r, const struct expect *e, char *msg, size_t msglen,
                            char *field, size_t fieldlen);

#endif

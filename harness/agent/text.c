/*
 * text.c - the protocol's small grammar on the agent's side: whole
 * arguments as string specs (harness/common/spec.c: "literal", C*N) or
 * null, strict decimal numbers, words, UTF-8 to UTF-16 (harness/common/utf.c).
 */
#include "agent.h"
#include "spec.h"
#include "utf.h"

#include <stdlib.h>
#include <string.h>

int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;

    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

char *next_word(char **cursor)
{
    char *w = *cursor, *sp;

    if (!w || !*w)
        return NULL;
    sp = strchr(w, ' ');
    if (sp) {
        *sp = 0;
        *cursor = sp + 1;
    } else {
        *cursor = w + strlen(w);
    }
    return w;
}

/* A whole argument: a spec (harness/common/spec.h, the grammar the
 * conductor's parser uses too) with nothing after it, or `null`. */
int spec_parse(const char *spec, struct wstr *out)
{
    const char *p = spec, *what;
    uint16_t *u;
    size_t n;

    out->p = NULL;
    out->len = 0;
    if (!spec || !*spec)
        return -1;
    if (strcmp(spec, "null") == 0)
        return 0;
    if (spec_parse_text(&p, &u, &n, &what) != 0)
        return -1;
    WCHAR *w = *p ? NULL : realloc(u, (n + 1) * sizeof(WCHAR));
    if (!w) {
        free(u);
        return -1;
    }
    w[n] = 0;
    out->p = w;
    out->len = n;
    return 0;
}

void wstr_free(struct wstr *w)
{
    free(w->p);
    w->p = NULL;
    w->len = 0;
}

WCHAR *utf8_to_wide(const char *s)
{
    return utf8_to_utf16(s, NULL);
}

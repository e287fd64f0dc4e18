/*
 * text.c - the protocol's small grammar: string specs ("literal", C*N,
 * null), strict decimal numbers, words, and UTF-8 to UTF-16.
 */
#include "agent.h"

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

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes one UTF-8 sequence at *s into a code point; -1 when invalid. */
static long utf8_next(const unsigned char **s)
{
    const unsigned char *p = *s;
    long cp;
    int more;

    if (p[0] < 0x80) {
        cp = p[0];
        more = 0;
    } else if ((p[0] & 0xe0) == 0xc0 && p[0] >= 0xc2) {
        cp = p[0] & 0x1f;
        more = 1;
    } else if ((p[0] & 0xf0) == 0xe0) {
        cp = p[0] & 0x0f;
        more = 2;
    } else if ((p[0] & 0xf8) == 0xf0 && p[0] <= 0xf4) {
        cp = p[0] & 0x07;
        more = 3;
    } else {
        return -1;
    }
    for (int i = 1; i <= more; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return -1;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((more == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (more == 3 && (cp < 0x10000 || cp > 0x10ffff)))
        return -1;
    *s = p + more + 1;
    return cp;
}

/* "literal": UTF-8 with \" \\ \n \t \uXXXX; nothing may follow the quote. */
static int parse_literal(const char *spec, struct wstr *out)
{
    const unsigned char *p = (const unsigned char *)spec + 1;
    WCHAR *w = malloc((strlen(spec) + 1) * sizeof(WCHAR)); /* never more units than bytes */
    size_t n = 0;

    if (!w)
        return -1;
    for (;;) {
        long cp;
        if (*p == 0)
            goto bad; /* no closing quote */
        if (*p == '"') {
            if (p[1] != 0)
                goto bad;
            break;
        }
        if (*p == '\\') {
            switch (p[1]) {
            case '"': w[n++] = '"'; p += 2; continue;
            case '\\': w[n++] = '\\'; p += 2; continue;
            case 'n': w[n++] = '\n'; p += 2; continue;
            case 't': w[n++] = '\t'; p += 2; continue;
            case 'u': {
                unsigned v = 0;
                for (int i = 2; i < 6; i++) {
                    int d = hex_digit((char)p[i]);
                    if (d < 0)
                        goto bad;
                    v = v * 16 + (unsigned)d;
                }
                w[n++] = (WCHAR)v;
                p += 6;
                continue;
            }
            default:
                goto bad;
            }
        }
        cp = utf8_next(&p);
        if (cp < 0)
            goto bad;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            w[n++] = (WCHAR)(0xd800 + (cp >> 10));
            w[n++] = (WCHAR)(0xdc00 + (cp & 0x3ff));
        } else {
            w[n++] = (WCHAR)cp;
        }
    }
    w[n] = 0;
    out->p = w;
    out->len = n;
    return 0;
bad:
    free(w);
    return -1;
}

/* C*N: the ASCII character C, N times. */
static int parse_repeat(const char *spec, struct wstr *out)
{
    uint32_t n;

    if ((unsigned char)spec[0] < 0x20 || (unsigned char)spec[0] > 0x7e || spec[1] != '*' ||
        parse_u32(spec + 2, SPEC_MAX_REPEAT, &n) != 0)
        return -1;
    out->p = malloc(((size_t)n + 1) * sizeof(WCHAR));
    if (!out->p)
        return -1;
    for (uint32_t i = 0; i < n; i++)
        out->p[i] = (WCHAR)spec[0];
    out->p[n] = 0;
    out->len = n;
    return 0;
}

int spec_parse(const char *spec, struct wstr *out)
{
    out->p = NULL;
    out->len = 0;
    if (!spec || !*spec)
        return -1;
    if (parse_repeat(spec, out) == 0)
        return 0;
    if (spec[0] == '"')
        return parse_literal(spec, out);
    if (strcmp(spec, "null") == 0)
        return 0;
    return -1;
}

void wstr_free(struct wstr *w)
{
    free(w->p);
    w->p = NULL;
    w->len = 0;
}

WCHAR *utf8_to_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    WCHAR *w;

    if (n <= 0)
        return NULL;
    w = malloc((size_t)n * sizeof(WCHAR));
    if (w && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n) != n) {
        free(w);
        w = NULL;
    }
    return w;
}

/* The protocol's string specs (spec.h). */
#include "spec.h"
#include "utf.h"

#include <stdlib.h>

struct units { uint16_t *u; size_t n, cap; };

static int push(struct units *b, uint16_t v)
{
    if (b->n == b->cap) {
        size_t c = b->cap ? b->cap * 2 : 16;
        uint16_t *nu = realloc(b->u, c * sizeof *nu);
        if (!nu) return -1;
        b->u = nu;
        b->cap = c;
    }
    b->u[b->n++] = v;
    return 0;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* \uXXXX at s (s[0] == 'u'): the unit, or -1 */
static long hex4(const char *s)
{
    long v = 0;
    for (int i = 1; i <= 4; i++) {
        int h = hexval((unsigned char)s[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

/* The one-character escapes, both ways of the pipe. */
static long escaped(char e)
{
    switch (e) {
    case '"': return '"';
    case '\\': return '\\';
    case 'n': return '\n';
    case 't': return '\t';
    default: return -1;
    }
}

static int fail(const char **pp, const char *at, const char **what, const char *msg, struct units *b)
{
    *pp = at;
    *what = msg;
    free(b->u);
    return -1;
}

static int parse_literal(const char **pp, uint16_t **units, size_t *n, const char **what)
{
    struct units b = { NULL, 0, 0 };
    const char *p = *pp + 1;
    while (*p != '"') {
        long cp;
        if (!*p) return fail(pp, p, what, "a closing '\"'", &b);
        if (*p == '\\' && p[1] == 'u') {
            if ((cp = hex4(p + 1)) < 0) return fail(pp, p, what, "4 hex digits after \\u", &b);
            p += 6;
            if (push(&b, (uint16_t)cp)) return fail(pp, p, what, "memory", &b);
            continue;   /* a unit as it is: lone surrogates too */
        }
        if (*p == '\\') {
            if ((cp = escaped(p[1])) < 0) return fail(pp, p, what, "an escape: \\\" \\\\ \\n \\t or \\uXXXX", &b);
            p += 2;
        } else {
            const unsigned char *u = (const unsigned char *)p;
            if ((cp = utf8_decode(&u)) < 0) return fail(pp, p, what, "UTF-8 text", &b);
            p = (const char *)u;
        }
        uint16_t two[2];
        size_t k = utf16_encode(cp, two);
        for (size_t i = 0; i < k; i++)
            if (push(&b, two[i])) return fail(pp, p, what, "memory", &b);
    }
    if (!b.u && !(b.u = malloc(sizeof *b.u))) return fail(pp, p, what, "memory", &b);
    *pp = p + 1;
    *units = b.u;
    *n = b.n;
    return 0;
}

/* C*N: C printable ASCII but the space and '"' (which opens a literal). */
static int parse_repeat(const char **pp, uint16_t **units, size_t *n, const char **what)
{
    struct units b = { NULL, 0, 0 };
    const char *p = *pp;
    if (*p <= ' ' || *p > '~' || *p == '"' || p[1] != '*' || p[2] < '0' || p[2] > '9')
        return fail(pp, p, what, "\"text\" or C*N", &b);
    unsigned long cnt = 0;
    const char *d = p + 2;
    for (; *d >= '0' && *d <= '9'; d++)
        if ((cnt = cnt * 10 + (unsigned long)(*d - '0')) > SPEC_MAX_REPEAT)
            return fail(pp, p + 2, what, "a count N of at most 1000000 in C*N", &b);
    if (!(b.u = malloc((cnt ? cnt : 1) * sizeof *b.u))) return fail(pp, p, what, "memory", &b);
    for (unsigned long i = 0; i < cnt; i++) b.u[i] = (uint16_t)(unsigned char)p[0];
    *pp = d;
    *units = b.u;
    *n = cnt;
    return 0;
}

int spec_parse_text(const char **pp, uint16_t **units, size_t *n, const char **what)
{
    *units = NULL;
    *n = 0;
    return **pp == '"' ? parse_literal(pp, units, n, what) : parse_repeat(pp, units, n, what);
}

int spec_unescape(const char *s, size_t len, uint16_t **units, size_t *n)
{
    struct units b = { NULL, 0, 0 };
    *units = NULL;
    *n = 0;
    for (size_t i = 0; i < len; i++) {
        long v = (unsigned char)s[i];
        if (s[i] == '\\') {
            if (i + 5 < len && s[i + 1] == 'u' && (v = hex4(s + i + 1)) >= 0)
                i += 5;   /* \uXXXX: the digits are s[i+2..i+5] */
            else if (i + 1 < len && (v = escaped(s[i + 1])) >= 0)
                i += 1;
            else { free(b.u); return -1; }
        }
        if (push(&b, (uint16_t)v)) { free(b.u); return -1; }
    }
    if (!b.u && !(b.u = malloc(sizeof *b.u))) return -1;
    *units = b.u;
    *n = b.n;
    return 0;
}

/* UTF-8 and UTF-16 (utf.h). */
#include "utf.h"

#include <stdlib.h>

long utf8_decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    long cp;
    int more;
    if (s[0] < 0x80) { *p = s + 1; return s[0]; }
    if ((s[0] & 0xe0) == 0xc0) { cp = s[0] & 0x1f; more = 1; }
    else if ((s[0] & 0xf0) == 0xe0) { cp = s[0] & 0x0f; more = 2; }
    else if ((s[0] & 0xf8) == 0xf0) { cp = s[0] & 0x07; more = 3; }
    else return -1;
    for (int i = 1; i <= more; i++) {
        if ((s[i] & 0xc0) != 0x80) return -1;   /* also stops at the NUL */
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    static const long least[4] = { 0, 0x80, 0x800, 0x10000 };   /* shorter forms are overlong */
    if (cp < least[more] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
    *p = s + more + 1;
    return cp;
}

size_t utf8_valid_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return *p && utf8_decode(&p) >= 0 ? (size_t)(p - (const unsigned char *)s) : 0;
}

size_t utf16_encode(long cp, uint16_t out[2])
{
    if (cp < 0x10000) { out[0] = (uint16_t)cp; return 1; }
    cp -= 0x10000;
    out[0] = (uint16_t)(0xd800 + (cp >> 10));
    out[1] = (uint16_t)(0xdc00 + (cp & 0x3ff));
    return 2;
}

uint16_t *utf8_to_utf16(const char *s, size_t *n)
{
    size_t len = 0;
    while (s[len]) len++;
    uint16_t *w = malloc((len + 1) * sizeof *w), *o = w;   /* never more units than bytes */
    if (!w) return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; ) {
        long cp = utf8_decode(&p);
        if (cp < 0) { free(w); return NULL; }
        o += utf16_encode(cp, o);
    }
    *o = 0;
    if (n) *n = (size_t)(o - w);
    return w;
}

char *utf16_to_utf8(const uint16_t *u, size_t n, size_t *len)
{
    char *out = malloc(n * 3 + 1), *o = out;   /* 3 bytes a unit at most (a pair: 4 for 2) */
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned long c = u[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && u[i + 1] >= 0xdc00 && u[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (u[++i] - 0xdc00u);
        if (c < 0x80) *o++ = (char)c;
        else if (c < 0x800) { *o++ = (char)(0xc0 | c >> 6); *o++ = (char)(0x80 | (c & 0x3f)); }
        else if (c < 0x10000) {
            *o++ = (char)(0xe0 | c >> 12); *o++ = (char)(0x80 | (c >> 6 & 0x3f)); *o++ = (char)(0x80 | (c & 0x3f));
        } else {
            *o++ = (char)(0xf0 | c >> 18); *o++ = (char)(0x80 | (c >> 12 & 0x3f));
            *o++ = (char)(0x80 | (c >> 6 & 0x3f)); *o++ = (char)(0x80 | (c & 0x3f));
        }
    }
    *o = '\0';
    if (len) *len = (size_t)(o - out);
    return out;
}

/* Allocation and a growable string (strbuf.h). */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void default_oom(void)
{
    fputs("out of memory\n", stderr);
    abort();
}
void (*x_out_of_memory)(void) = default_oom;

void *xmalloc(size_t n) { void *p = malloc(n ? n : 1); if (!p) x_out_of_memory(); return p; }
void *xcalloc(size_t n, size_t size) { void *p = calloc(n ? n : 1, size ? size : 1); if (!p) x_out_of_memory(); return p; }
void *xrealloc(void *p, size_t n) { p = realloc(p, n ? n : 1); if (!p) x_out_of_memory(); return p; }
char *xstrdup(const char *s) { return s ? xstrndup(s, strlen(s)) : NULL; }

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    struct sb sb;
    va_list ap;
    sb_init(&sb);
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    return sb.buf;
}

static void reserve(struct sb *sb, size_t more)
{
    if (sb->buf && sb->len + more + 1 <= sb->cap) return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (sb->len + more + 1 > cap) cap *= 2;
    sb->buf = xrealloc(sb->buf, cap);
    sb->cap = cap;
}

void sb_init(struct sb *sb)
{
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    reserve(sb, 0);
    sb->buf[0] = '\0';
}

void sb_add(struct sb *sb, const char *s, size_t n)
{
    reserve(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_puts(struct sb *sb, const char *s) { sb_add(sb, s, strlen(s)); }

/* Through a small buffer first: no vsnprintf(NULL, 0) (some C runtimes of
 * Windows answer -1 to it). */
void sb_vprintf(struct sb *sb, const char *fmt, va_list ap)
{
    char small[256];
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof small) sb_add(sb, small, (size_t)n);
    else if (n >= 0) {
        reserve(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, aq);
        sb->len += (size_t)n;
    }
    va_end(aq);
}

void sb_printf(struct sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *sb_steal(struct sb *sb) { char *b = sb->buf; sb->buf = NULL; sb->len = sb->cap = 0; return b; }
void sb_free(struct sb *sb) { free(sb->buf); sb->buf = NULL; sb->len = sb->cap = 0; }

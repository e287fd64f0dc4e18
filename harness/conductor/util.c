#include "util.h"
#include "utf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("dllshm-conform: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n) { void *p = malloc(n ? n : 1); if (!p) oom(); return p; }
void *xcalloc(size_t n, size_t size) { void *p = calloc(n ? n : 1, size ? size : 1); if (!p) oom(); return p; }
void *xrealloc(void *p, size_t n) { p = realloc(p, n ? n : 1); if (!p) oom(); return p; }
char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

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

char *units_to_utf8(const uint16_t *u, size_t n)
{
    char *s = utf16_to_utf8(u, n, NULL);
    if (!s) { fputs("dllshm-conform: out of memory\n", stderr); abort(); }
    return s;
}

void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
}

void sb_init(struct sb *sb) { sb->cap = 64; sb->len = 0; sb->buf = xmalloc(sb->cap); sb->buf[0] = '\0'; }

void sb_add(struct sb *sb, const char *s, size_t n)
{
    if (sb->len + n + 1 > sb->cap) {
        while (sb->len + n + 1 > sb->cap) sb->cap *= 2;
        sb->buf = xrealloc(sb->buf, sb->cap);
    }
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_puts(struct sb *sb, const char *s) { sb_add(sb, s, strlen(s)); }

void sb_vprintf(struct sb *sb, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0) return;
    if (sb->len + (size_t)n + 1 > sb->cap) {
        while (sb->len + (size_t)n + 1 > sb->cap) sb->cap *= 2;
        sb->buf = xrealloc(sb->buf, sb->cap);
    }
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_printf(struct sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *sb_steal(struct sb *sb) { char *b = sb->buf; sb->buf = NULL; sb->len = sb->cap = 0; return b; }
void sb_free(struct sb *sb) { free(sb->buf); sb->buf = NULL; }

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct sb sb;
    char chunk[8192];
    size_t n;
    sb_init(&sb);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sb_add(&sb, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) { sb_free(&sb); errno = EIO; return NULL; }
    if (len) *len = sb.len;
    return sb.buf;
}

int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(data, 1, len, f);
    int bad = fclose(f) != 0 || w != len;
    return bad ? -1 : 0;
}

int copy_file(const char *src, const char *dst)
{
    size_t len;
    char *data = read_file(src, &len);
    if (!data) return -1;
    int rc = write_file(dst, data, len);
    free(data);
    return rc;
}

/* Whatever a DLL under test left there too, subdirectories included. */
static void remove_tree_depth(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        if (unlink(path) != 0 && depth < 16) remove_tree_depth(path, depth + 1);  /* a directory */
        free(path);
    }
    if (d) closedir(d);
    rmdir(dir);
}

char *strip_bases(const char *s, const char *const *bases)
{
    if (!s) return NULL;
    struct sb sb;
    sb_init(&sb);
    const char *start = s;
    while (*s) {
        size_t skip = 0;
        /* Only where a path starts: "/x/work/main/pe" keeps its "/work/main". */
        int at_path_start = s == start || !(isalnum((unsigned char)s[-1]) || strchr("._-/\\", s[-1]));
        for (const char *const *b = bases; at_path_start && *b && !skip; b++) {
            size_t n = strlen(*b);
            if (n > 1 && !strncmp(s, *b, n) && s[n] == '/') skip = n + 1;
        }
        if (skip) s += skip;
        else sb_add(&sb, s++, 1);
    }
    return sb_steal(&sb);
}

void remove_tree(const char *dir) { remove_tree_depth(dir, 0); }

/* Small helpers: allocation that never returns NULL, a growable string,
 * files. */
#ifndef DLLSHM_UTIL_H
#define DLLSHM_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rtrim(char *s);
/* UTF-16 units (surrogate pairs joined) to UTF-8 (harness/common/utf.h);
 * never NULL. */
char *units_to_utf8(const uint16_t *u, size_t n);

/* A growable string; s.buf is always NUL-terminated (after sb_init). */
struct sb { char *buf; size_t len, cap; };
void sb_init(struct sb *sb);
void sb_add(struct sb *sb, const char *s, size_t n);
void sb_puts(struct sb *sb, const char *s);
void sb_printf(struct sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sb *sb, const char *fmt, va_list ap);
char *sb_steal(struct sb *sb);
void sb_free(struct sb *sb);

/* s with every "BASE/" of bases (NULL-terminated, longest first) removed,
 * so that results made in one build tree read the same in another; NULL
 * stays NULL.  Caller frees. */
char *strip_bases(const char *s, const char *const *bases);

/* Whole file, NUL-terminated (*len excludes it); NULL with errno set. */
char *read_file(const char *path, size_t *len);
int write_file(const char *path, const char *data, size_t len);
int copy_file(const char *src, const char *dst);
/* Remove a directory and everything in it (our per-scenario temp dirs). */
void remove_tree(const char *dir);

#endif

/* Allocation that never returns NULL, and a growable string: one for the
 * conductor, the agent and the bench alike.  Out of memory calls
 * x_out_of_memory (by default: a line on stderr, abort), which a program
 * sets to say it its own way (the agent replies `error out-of-memory`). */
#ifndef DLLSHM_STRBUF_H
#define DLLSHM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

extern void (*x_out_of_memory)(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);   /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable string, NUL-terminated after anything is added (and after
 * sb_init).  A zeroed struct sb is an empty one too. */
struct sb { char *buf; size_t len, cap; };
void sb_init(struct sb *sb);
void sb_add(struct sb *sb, const char *s, size_t n);   /* n == 0: makes buf "" at least */
void sb_puts(struct sb *sb, const char *s);
void sb_printf(struct sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sb *sb, const char *fmt, va_list ap);
char *sb_steal(struct sb *sb);
void sb_free(struct sb *sb);

#endif

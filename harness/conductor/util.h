/* Small helpers: files, trimming; allocation and the growable string are
 * harness/common/strbuf.h. */
#ifndef DLLSHM_UTIL_H
#define DLLSHM_UTIL_H

#include "strbuf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void rtrim(char *s);
/* UTF-16 units (surrogate pairs joined) to UTF-8 (harness/common/utf.h);
 * never NULL. */
char *units_to_utf8(const uint16_t *u, size_t n);

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

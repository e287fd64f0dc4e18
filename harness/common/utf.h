/* UTF-8 and UTF-16, strictly, the same on both sides of the pipe: the
 * conductor (native) and the agent (Windows) compile this one file.
 * Portable C: no windows.h. */
#ifndef DLLSHM_UTF_H
#define DLLSHM_UTF_H

#include <stddef.h>
#include <stdint.h>

/* One UTF-8 sequence at *p: its code point, *p moved past it; or -1 (and
 * *p unchanged) for a malformed sequence, an overlong form, a surrogate
 * (U+D800..U+DFFF) or a code point above U+10FFFF. */
long utf8_decode(const unsigned char **p);

/* The length of the strict UTF-8 sequence at s (utf8_decode), 0 when it is
 * malformed or s is at its NUL. */
size_t utf8_valid_len(const char *s);

/* Code point cp (0..0x10FFFF, not a surrogate) as UTF-16 into out[0..1]:
 * the number of units written (1 or 2). */
size_t utf16_encode(long cp, uint16_t out[2]);

/* A NUL-terminated UTF-8 string as UTF-16 units, NUL-terminated; malloc'd;
 * NULL when it is not strict UTF-8 (utf8_decode) or out of memory.  *n
 * (may be NULL): units, without the NUL. */
uint16_t *utf8_to_utf16(const char *s, size_t *n);

/* n UTF-16 units as UTF-8 (surrogate pairs joined; a lone surrogate is
 * written as its own 3-byte form, so nothing is lost), NUL-terminated;
 * malloc'd, NULL when out of memory.  *len (may be NULL): bytes, without
 * the NUL. */
char *utf16_to_utf8(const uint16_t *u, size_t n, size_t *len);

#endif

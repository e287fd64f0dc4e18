/* The protocol's string specs (harness/PROTOCOL.md): "literal" (UTF-8,
 * with the escapes \" \\ \n \t \uXXXX) or C*N (an ASCII character C,
 * N times), parsed by one function on both sides of the pipe: the
 * conductor's scenario parser and the agent.  Portable C: no windows.h. */
#ifndef DLLSHM_SPEC_H
#define DLLSHM_SPEC_H

#include <stddef.h>
#include <stdint.h>

#define SPEC_MAX_REPEAT 1000000u

/* The spec at *pp.  Returns 0 with *pp past it, *units (malloc'd, never
 * NULL) and *n; or -1 with *pp where it went wrong, *what saying what was
 * expected there ("a closing '\"'", "UTF-8 text", ...), *units NULL. */
int spec_parse_text(const char **pp, uint16_t **units, size_t *n, const char **what);

/* A reply's text="..." value (s, len bytes: ASCII with the same escapes)
 * to UTF-16 units; 0, or -1 when malformed. */
int spec_unescape(const char *s, size_t len, uint16_t **units, size_t *n);

#endif

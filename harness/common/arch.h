/* The two Windows arches of the pattern, spelt once: ARCH_I686 and
 * ARCH_X86_64 index every per-arch table of the harness; their names are
 * the build's directories (pe/i686, pe/x86_64) and the words of the agents
 * and the scenarios (x86, x64).  Portable C: no windows.h. */
#ifndef DLLSHM_ARCH_H
#define DLLSHM_ARCH_H

#include <stddef.h>

enum arch { ARCH_I686, ARCH_X86_64, ARCH_COUNT };
#define ARCH_ANY (-1)            /* a step that names no arch: the runner's */
#define ARCH_BIT(a) (1 << (a))   /* a runner's arches, as a set */

const char *arch_dir(int a);     /* "i686", "x86_64" */
const char *arch_word(int a);    /* "x86", "x64" */
/* The arch whose word is the n bytes at w, or ARCH_ANY. */
int arch_from_word(const char *w, size_t n);

#endif

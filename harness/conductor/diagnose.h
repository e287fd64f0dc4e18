/* What a preflight finding means, in words a DLL's author can act on: the
 * export table, LoadLibrary's error, the calling convention and the string
 * width measured by an agent.  Pure functions (unit-tested). */
#ifndef DLLSHM_DIAGNOSE_H
#define DLLSHM_DIAGNOSE_H

#include <stddef.h>

/* NULL when SetSharedMem and GetSharedMem are both exported, else what is
 * wrong (decorated, C++-mangled, misspelt, missing) and the fix; caller frees. */
char *diagnose_exports(char *const *names, size_t n, const char *set_name, const char *get_name);
/* LoadLibrary's Win32 error: its name and what it means for this DLL. */
char *diagnose_load_error(unsigned long code);
/* Whether an imported DLL is one of Windows' own (kernel32, msvcrt,
 * api-ms-win-*, ...): the others are what a machine may lack. */
int diagnose_is_system_dll(const char *name);
/* probe-convention (i686): bytes of arguments each callee popped itself.
 * NULL for __cdecl (0 and 0), else the message. */
char *diagnose_convention(long set_popped, long get_popped);
/* probe-width: the first units read back after writing L"ab" (wide) and
 * the bytes "ab" (narrow).  NULL unless they show 8-bit strings. */
char *diagnose_width(const unsigned *wide, const unsigned *narrow, size_t n);

#endif

/*
 * ansi.c - a declared 8-bit variant of the pattern (--strings ansi:
 * SetSharedMem(char*), GetSharedMem(char*, DWORD)), judged by its own
 * contract through the same commands as the pattern: the wrappers below
 * stand in for g_dut.set and g_dut.get.  Units go to bytes as Latin-1 (a
 * unit above 0xFF becomes '?', which the conductor expects too), bytes
 * come back as units; a Get's bytes beyond the caller's count are copied
 * beyond it too, so the agent's guard units still see an overflow.
 */
#include "agent.h"

#include <stdlib.h>
#include <string.h>

typedef VOID(__cdecl *nset_fn)(char *);
typedef VOID(__cdecl *nget_fn)(char *, DWORD);
static nset_fn narrow_set;
static nget_fn narrow_get;

#define ANSI_GUARD 64 /* bytes after the caller's count, as the agent's guard units */

static VOID __cdecl ansi_set(LPWSTR s)
{
    size_t n;
    char *b;

    if (!s) {
        narrow_set(NULL);
        return;
    }
    n = wcslen(s);
    b = malloc(n + 1);
    if (!b)
        return;
    for (size_t i = 0; i <= n; i++)
        b[i] = s[i] <= 0xFF ? (char)s[i] : '?';
    narrow_set(b);
    free(b);
}

static VOID __cdecl ansi_get(LPWSTR buf, DWORD cch)
{
    unsigned char *b;

    if (!buf) {
        narrow_get(NULL, cch);
        return;
    }
    b = malloc((size_t)cch + ANSI_GUARD);
    if (!b)
        return;
    memset(b, 0xFE, (size_t)cch + ANSI_GUARD);
    narrow_get((char *)b, cch);
    /* Only what the DLL wrote: untouched bytes leave the caller's units as
     * they were, so touched, len and overflow mean what they mean. */
    for (size_t i = 0; i < (size_t)cch + ANSI_GUARD; i++)
        if (b[i] != 0xFE)
            buf[i] = b[i];
    free(b);
}

void ansi_wrap(struct dut *d)
{
    narrow_set = (nset_fn)(void (*)(void))d->set;
    narrow_get = (nget_fn)(void (*)(void))d->get;
    d->set = ansi_set;
    d->get = ansi_get;
}

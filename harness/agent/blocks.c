/*
 * blocks.c - `open NAME` and `close`: a block other than the default one.
 *
 * While a block is open, exset, exget and info act on it (DllshmOpen's
 * handle) instead of the default block; `close` returns them to it.  The
 * sample's exports (set, get) always use the default block.
 */
#include "agent.h"

#include <stdlib.h>

typedef DLLSHM_HANDLE(__cdecl *open_fn)(LPCWSTR, DllshmInfo *);
typedef VOID(__cdecl *close_fn)(DLLSHM_HANDLE);

DLLSHM_HANDLE g_block; /* NULL: the default block */

static FARPROC export_of(const char *name)
{
    return g_dut.module ? GetProcAddress(g_dut.module, name) : NULL;
}

/* "open NAME" (NAME may be "" for the empty name, written as "") */
void cmd_open(char *args)
{
    open_fn open = (open_fn)(void (*)(void))export_of("DllshmOpen");
    struct wstr name;
    DllshmInfo info = {0};

    if (!g_dut.module) {
        reply("error not-loaded");
        return;
    }
    if (!open) {
        reply("error missing-export DllshmOpen");
        return;
    }
    if (g_block) {
        reply("error already-open");
        return;
    }
    info.cbSize = sizeof(info);
    if (spec_parse(args, &name) != 0) {
        reply("error usage open NAME (a string spec: \"name\", C*N or null)");
        return;
    }
    g_block = open(name.p, &info);
    wstr_free(&name);
    if (!g_block)
        reply("error open status=%ld win32=%lu", (long)info.status, (unsigned long)info.win32Error);
    else
        reply("ok status=%ld", (long)info.status);
}

void cmd_close(char *args)
{
    close_fn close = (close_fn)(void (*)(void))export_of("DllshmClose");

    (void)args;
    if (!g_block || !close) {
        reply("error not-open");
        return;
    }
    close(g_block);
    g_block = NULL;
    reply("ok");
}

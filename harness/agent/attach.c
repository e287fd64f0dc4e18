/*
 * attach.c - the DLL's attach, watched (harness/PROTOCOL.md, "Interposition"):
 * a wait inside its DllMain that would block, said before it is made.
 *
 * Why: a correct DLL may serialise its attach (a named mutex held from
 * CreateFileMapping to the end of its first-attach work).  When a scenario
 * pauses the first attacher inside its DllMain, a second attacher then
 * waits inside its own DllMain for what the paused one holds, and the
 * pause would never end.  The second attacher says so (the block's
 * attach-wait event), the paused one's pause ends on it (pause_here), and
 * the attach completes as that design promises; the conductor reads
 * `note attach-wait` and `attach_waits=N` and says the design was seen.  A
 * DLL whose DllMain then still never returns really deadlocks.
 */
#include "agent.h"
#include "interpose.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

int g_watch_waits;
static volatile LONG waits_taken;

int attach_watching(DWORD timeout)
{
    return g_watch_waits && timeout != 0 && interpose_loading();
}

HANDLE attach_wait_event(int create)
{
    WCHAR name[320], *owned;
    const WCHAR *block = agent_block_name(NULL, &owned);
    HANDLE h;

    _snwprintf(name, sizeof(name) / sizeof(name[0]), L"dllshm-agent-attach-wait.%ls", block);
    name[sizeof(name) / sizeof(name[0]) - 1] = 0;
    free(owned);
    /* Only a paused agent makes it: a wait with nobody paused ends nothing. */
    h = create ? CreateEventW(NULL, FALSE, FALSE, name) : OpenEventW(EVENT_MODIFY_STATE, FALSE, name);
    return h;
}

void attach_blocked(const char *function)
{
    char line[96];
    HANDLE h;
    int n = _snprintf(line, sizeof(line), "note attach-wait %s\n", function);

    InterlockedIncrement(&waits_taken);
    if (n > 0)
        write_stdout(line, (size_t)n);
    h = attach_wait_event(0);
    if (h) {
        SetEvent(h);
        CloseHandle(h);
    }
}

long attach_waits_taken(void)
{
    return InterlockedExchange(&waits_taken, 0);
}

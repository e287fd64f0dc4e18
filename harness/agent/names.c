/*
 * names.c - the default block's name, and `await-block [MS]`.
 *
 * The name is DLLSHM_NAME from the environment (the conductor gives every
 * scenario its own), else "dllmemfilemap", the sample's fixed name.
 *
 * `await-block` waits until an object under that name exists: a scenario
 * that needs "process A created the block" as a fact, not as a sleep that a
 * loaded machine overruns (first-attach-zeroing).
 */
#include "agent.h"

#include <stdlib.h>

const WCHAR *agent_block_name(const char *arg, WCHAR **owned)
{
    static WCHAR env_name[160];
    DWORD n;

    *owned = NULL;
    if (arg && *arg)
        return (*owned = utf8_to_wide(arg));
    n = GetEnvironmentVariableW(L"DLLSHM_NAME", env_name, sizeof(env_name) / sizeof(env_name[0]));
    return n && n < sizeof(env_name) / sizeof(env_name[0]) ? env_name : L"dllmemfilemap";
}

/* "await-block [MS]": poll every millisecond, for at most MS (default 5000). */
void cmd_await_block(char *args)
{
    char *w = next_word(&args);
    uint32_t limit = 5000;
    WCHAR *owned;
    const WCHAR *name;
    DWORD start = GetTickCount(), waited;

    if (w && parse_u32(w, 60000, &limit) != 0) {
        reply("error usage await-block [MS] (MS at most 60000)");
        return;
    }
    name = agent_block_name(NULL, &owned);
    for (;;) {
        /* Any object counts: a section the DLL made, or a squatter's. */
        HANDLE h = OpenFileMappingW(FILE_MAP_READ, FALSE, name);
        DWORD err = h ? 0 : GetLastError();
        waited = GetTickCount() - start;
        if (h)
            CloseHandle(h);
        if (h || (err != ERROR_FILE_NOT_FOUND && err != ERROR_PATH_NOT_FOUND)) {
            reply("ok waited=%lu", (unsigned long)waited);
            return;
        }
        if (waited >= limit) {
            reply("error await-block: nothing named after the block appeared within %lu ms", (unsigned long)limit);
            return;
        }
        Sleep(1);
    }
}

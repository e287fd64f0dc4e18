/*
 * names.c - the default block's name, and `await-block [MS]`.
 *
 * The name is DLLSHM_NAME from the environment (the conductor gives every
 * scenario its own), else "dllmemfilemap", the sample's fixed name.
 *
 * `await-block` waits until an object under that name exists: a scenario
 * that needs "process A created the block" as a fact, not as a sleep that a
 * loaded machine overruns (first-attach-zeroing).  `block-exists` says
 * whether one does now: after the last unload, the block must be gone, not
 * only empty (release-object).
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

/* Whether an object is named after the block (any type: a section, or a
 * squatter's): 1, 0 when the name is free. */
static int block_exists(const WCHAR *name, DWORD *err)
{
    HANDLE h = OpenFileMappingW(FILE_MAP_READ, FALSE, name);
    *err = h ? 0 : GetLastError();
    if (h)
        CloseHandle(h);
    return h || (*err != ERROR_FILE_NOT_FOUND && *err != ERROR_PATH_NOT_FOUND);
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
        DWORD err;
        /* Any object counts: a section the DLL made, or a squatter's. */
        int exists = block_exists(name, &err);
        waited = GetTickCount() - start;
        if (exists) {
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

/* "block-exists": ok exists=0|1 */
void cmd_block_exists(char *args)
{
    WCHAR *owned;
    DWORD err;

    if (*args) {
        reply("error usage block-exists");
        return;
    }
    int exists = block_exists(agent_block_name(NULL, &owned), &err);
    free(owned);
    reply("ok exists=%d error=%lu", exists, (unsigned long)err);
}

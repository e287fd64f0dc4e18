/*
 * threads.c - `threads N`: N threads start in this process, each calls
 * GetSharedMem once, and ends.  Every start and end runs the DLL's DllMain
 * (DLL_THREAD_ATTACH, DLL_THREAD_DETACH), which the documented pattern must
 * survive: a DLL that unmaps its view there crashes the next Set or Get.
 */
#include "agent.h"

#define MAX_THREADS 64u

static DWORD WINAPI reader(void *arg)
{
    WCHAR buf[64];
    (void)arg;
    g_dut.get(buf, sizeof(buf) / sizeof(buf[0]));
    return 0;
}

void cmd_threads(char *args)
{
    HANDLE t[MAX_THREADS];
    uint32_t n;

    if (parse_u32(args, MAX_THREADS, &n) != 0 || n == 0) {
        reply("error usage threads N (1..%u)", MAX_THREADS);
        return;
    }
    /* One at a time, so each thread's attach and detach both happen. */
    for (uint32_t i = 0; i < n; i++) {
        if (!(t[i] = CreateThread(NULL, 0, reader, NULL, 0, NULL))) {
            reply("error threads CreateThread %lu", (unsigned long)GetLastError());
            return;
        }
        WaitForSingleObject(t[i], INFINITE);
        CloseHandle(t[i]);
    }
    reply("ok threads=%lu", (unsigned long)n);
}

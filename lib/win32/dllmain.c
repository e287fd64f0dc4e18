/*
 * dllmain.c - attach and detach of the default block.
 *
 * LoadLibrary never fails because of the block: a setup failure (squatted
 * name, foreign section, access denied) leaves the DLL loaded with the block
 * unusable.  SetSharedMem then changes nothing, GetSharedMem returns an empty
 * string, the Ex functions return DLLSHM_E_NOTREADY, and DllshmGetInfo and a
 * debug-output line say which step failed with which Win32 error.  That is
 * diagnosable; a failed LoadLibrary (the sample) is not.
 */
#include "block.h"
#include "faults.h"

struct DllshmBlock g_default_block;

/* The fault this build carries, readable in the file (lib/tests/fault-leak.test). */
__attribute__((used)) static const char fault_mark[] = DLLSHM_FAULT_MARK;

static void open_default_block(void)
{
    WCHAR name[160];
    DWORD n = GetEnvironmentVariableW(DLLSHM_NAME_ENV, name, sizeof(name) / sizeof(name[0]));

    if (n == 0 || n >= sizeof(name) / sizeof(name[0]))
        lstrcpyW(name, n ? L"" : DLLSHM_DEFAULT_NAME); /* too long: reported by block_open */
    block_open(&g_default_block, name);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        if (!fault_point(thread_unmap))
            DisableThreadLibraryCalls(instance);
        writer_tokens_init();
        open_default_block();
        break;
    case DLL_THREAD_DETACH: /* only with thread_unmap: any thread's end unmaps the process's view */
        if (fault_point(thread_unmap))
            block_close(&g_default_block);
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit (reserved != NULL) the system releases everything. */
        if (!reserved) {
            block_close(&g_default_block);
            writer_tokens_free();
        }
        break;
    }
    return TRUE;
}

/*
 * parent.c - the documentation sample's parent process, done right.
 *
 *   parent.exe CHILD-COMMAND-LINE
 *
 * Writes L"This is a test string" to the shared memory of dllshm.dll
 * (loaded implicitly, from beside the program, as in the sample), starts
 * the child with the rest of its own command line, waits for it and exits
 * with the child's exit code.
 *
 * What the sample got wrong and this does not: it went on after "Please
 * specify an input file"; it printed `CreateProcess failed (%)` (a broken
 * format) and then waited on a NULL handle; it took argv[1] only, so a child
 * command line with arguments lost them; it never said why anything failed
 * and always exited 0.  Here a missing argument is a usage error (exit 2),
 * and every failure names the call and its GetLastError() code (exit 1).
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "dllshm.h"
#include "block_status.h"

/* The command line after the program name, by the C runtime's rules for
 * argv[0]: quotes toggle, and the name ends at the first unquoted blank. */
static const WCHAR *after_program_name(const WCHAR *cl)
{
    int quoted = 0;

    for (; *cl && (quoted || (*cl != L' ' && *cl != L'\t')); cl++)
        if (*cl == L'"')
            quoted = !quoted;
    while (*cl == L' ' || *cl == L'\t')
        cl++;
    return cl;
}


static int fail(const char *what)
{
    fprintf(stderr, "parent: %s failed (error %lu)\n", what, (unsigned long)GetLastError());
    return 1;
}

/* Starts the child; returns its process handle, or NULL (reported). */
static HANDLE start_child(const WCHAR *cmdline)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR *buf;
    size_t n = wcslen(cmdline) + 1;
    BOOL ok;

    buf = HeapAlloc(GetProcessHeap(), 0, n * sizeof(WCHAR)); /* CreateProcessW may write to it */
    if (!buf) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        fail("HeapAlloc");
        return NULL;
    }
    memcpy(buf, cmdline, n * sizeof(WCHAR));
    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    ZeroMemory(&pi, sizeof(pi));
    fflush(stdout); /* our lines before the child's */
    ok = CreateProcessW(NULL, buf, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    if (!ok)
        fail("CreateProcess");
    HeapFree(GetProcessHeap(), 0, buf);
    if (!ok)
        return NULL;
    CloseHandle(pi.hThread);
    return pi.hProcess;
}

int main(void)
{
    WCHAR text[] = L"This is a test string";
    const WCHAR *child = after_program_name(GetCommandLineW());
    DllshmInfo info;
    HANDLE process;
    DWORD code;

    if (!*child) {
        fputs("usage: parent.exe CHILD-COMMAND-LINE\n"
              "Writes \"This is a test string\" to the shared memory of dllshm.dll, runs the child\n"
              "command line and exits with the child's exit code.\n",
              stderr);
        return 2;
    }

    printf("Process is writing to shared memory...\n");
    SetSharedMem(text);
    /* SetSharedMem cannot fail visibly; the DLL says whether its block works. */
    if (block_unusable(&info)) {
        fprintf(stderr, "parent: the shared memory is not usable: %ls\n", info.message);
        SetLastError(info.win32Error);
        return fail("dllshm setup");
    }

    process = start_child(child);
    if (!process)
        return 1;
    if (WaitForSingleObject(process, INFINITE) != WAIT_OBJECT_0)
        return fail("WaitForSingleObject");
    if (!GetExitCodeProcess(process, &code))
        return fail("GetExitCodeProcess");
    CloseHandle(process);
    return (int)code;
}

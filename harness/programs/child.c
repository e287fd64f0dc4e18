/*
 * child.c - the documentation sample's child process, done right.
 *
 * Reads the shared memory of dllshm.dll (loaded implicitly, from beside the
 * program) and prints
 *
 *   Child process read from shared memory: <text>
 *
 * The sample read into a MAX_PATH buffer (cutting longer text) and printed
 * with %S, which loses every character outside the C locale.  Here the
 * buffer holds the block's whole capacity and the text is written as
 * UTF-16 to a console and as UTF-8 anywhere else.  When the DLL reports its
 * block unusable, the child says why on stderr and exits 1.
 */
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "dllshm.h"
#include "block_status.h"


static void print_line(const WCHAR *prefix, const WCHAR *text)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode, done;

    if (GetConsoleMode(out, &mode)) {
        WriteConsoleW(out, prefix, (DWORD)wcslen(prefix), &done, NULL);
        WriteConsoleW(out, text, (DWORD)wcslen(text), &done, NULL);
        WriteConsoleW(out, L"\r\n", 2, &done, NULL);
        return;
    }
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    char *utf8 = n > 0 ? HeapAlloc(GetProcessHeap(), 0, (size_t)n) : NULL;
    if (utf8)
        WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, n, NULL, NULL);
    printf("%ls%s\n", prefix, utf8 ? utf8 : "");
    fflush(stdout);
    if (utf8)
        HeapFree(GetProcessHeap(), 0, utf8);
}

int main(void)
{
    static WCHAR cBuf[DLLSHM_CAPACITY_CHARS];
    DllshmInfo info;

    if (block_unusable(&info)) {
        fprintf(stderr, "child: the shared memory is not usable: %ls\n", info.message);
        return 1;
    }
    GetSharedMem(cBuf, DLLSHM_CAPACITY_CHARS);
    print_line(L"Child process read from shared memory: ", cBuf);
    return 0;
}

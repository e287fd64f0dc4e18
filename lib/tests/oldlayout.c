/*
 * oldlayout.c - a block that a dllshm of another layout made is refused,
 * and the refusal says so: which layout the block has, which the DLL reads.
 *
 * usage: oldlayout.exe DLL
 * Opens a block of its own through the DLL (DllshmOpen), then stamps into
 * it the version a layout-2 dllshm writes and opens it again by name, as a
 * process with the newer DLL would: refused at the header check, with
 * ERROR_INVALID_DATA and a message naming both layouts.  The control: with
 * the version put back, the same open succeeds.
 * Exit 0: as expected; 1: not.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#include "dllshm.h"
#include "shm_core.h"

typedef DLLSHM_HANDLE(__cdecl *open_fn)(LPCWSTR, DllshmInfo *);
typedef VOID(__cdecl *close_fn)(DLLSHM_HANDLE);

static open_fn g_open;

/* Opens name again; prints and returns whether it opened, *info filled. */
static int open_again(const WCHAR *name, DllshmInfo *info, const char *label)
{
    info->cbSize = sizeof(*info);
    DLLSHM_HANDLE h = g_open(name, info);
    printf("%s: %s, status %ld step %lu win32 %lu: %ls\n", label, h ? "opened" : "refused", (long)info->status,
           (unsigned long)info->step, (unsigned long)info->win32Error, info->message);
    return h != NULL;
}

int wmain(int argc, wchar_t **argv)
{
    WCHAR name[64], want[64];
    DllshmInfo info;
    if (argc < 2) {
        fprintf(stderr, "usage: oldlayout.exe DLL\n");
        return 1;
    }
    HMODULE dll = LoadLibraryW(argv[1]);
    g_open = dll ? (open_fn)(void (*)(void))GetProcAddress(dll, "DllshmOpen") : NULL;
    _snwprintf(name, 64, L"dllshm-oldlayout-%lu", GetCurrentProcessId());
    DLLSHM_HANDLE first = g_open ? g_open(name, NULL) : NULL;
    HANDLE map = first ? OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, name) : NULL;
    shm_block *b = map ? MapViewOfFile(map, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!b) {
        fprintf(stderr, "oldlayout: cannot load %ls or open block %ls (error %lu)\n", argv[1], name, GetLastError());
        return 1;
    }

    int status = 0;
    atomic_store(&b->h.version, 2); /* what a layout-2 dllshm stamps */
    status |= open_again(name, &info, "layout 2");
    _snwprintf(want, 64, L"layout 2, this DLL's is %u", SHM_LAYOUT_VERSION);
    if (info.status != DLLSHM_E_NOTREADY || info.step != DLLSHM_STEP_HEADER || info.win32Error != ERROR_INVALID_DATA ||
        !wcsstr(info.message, want)) {
        printf("FAIL: expected a refusal at the header check naming \"%ls\"\n", want);
        status = 1;
    }
    atomic_store(&b->h.version, SHM_LAYOUT_VERSION);
    if (!open_again(name, &info, "layout put back")) {
        printf("FAIL: the control did not open\n");
        status = 1;
    }
    return status;
}

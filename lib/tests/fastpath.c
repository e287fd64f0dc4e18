/*
 * fastpath.c - proves that uncontended SetSharedMem/GetSharedMem make no
 * kernel (wineserver) call.  Run under Wine with a fresh wineserver started
 * with WINEDEBUG=+server: the server traces every request, and
 * lib/tests/fastpath.test counts the requests this thread makes between the
 * two named marker events.  A positive control (named-mutex calls between
 * two other markers) proves the count would see server calls if there were
 * any.
 *
 *   fastpath.exe DLL [CALLS]
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

typedef VOID(__cdecl *set_fn)(LPWSTR);
typedef VOID(__cdecl *get_fn)(LPWSTR, DWORD);

/* A marker is a named event that stays open, so closing it adds no request. */
static HANDLE marker(const wchar_t *name)
{
    return CreateEventW(NULL, FALSE, FALSE, name);
}

int main(int argc, char **argv)
{
    static WCHAR text[2048], out[2048];
    int calls = argc > 2 ? atoi(argv[2]) : 1000;

    if (argc < 2) {
        fprintf(stderr, "usage: fastpath.exe DLL [CALLS]\n");
        return 2;
    }
    HMODULE dll = LoadLibraryA(argv[1]);
    if (!dll) {
        fprintf(stderr, "fastpath: LoadLibrary(%s) failed (error %lu)\n", argv[1], GetLastError());
        return 1;
    }
    set_fn set = (set_fn)(void (*)(void))GetProcAddress(dll, "SetSharedMem");
    get_fn get = (get_fn)(void (*)(void))GetProcAddress(dll, "GetSharedMem");
    if (!set || !get) {
        fprintf(stderr, "fastpath: %s lacks SetSharedMem/GetSharedMem\n", argv[1]);
        return 1;
    }
    for (int i = 0; i < 2047; i++)
        text[i] = L'a' + i % 26;
    set(text); /* first call outside the window: nothing lazy is counted */
    get(out, 2048);

    HANDLE begin = marker(L"dllshm-fastpath-begin");
    for (int i = 0; i < calls; i++) {
        set(text);
        get(out, 2048);
    }
    HANDLE end = marker(L"dllshm-fastpath-end");

    HANDLE mutex = CreateMutexW(NULL, FALSE, L"dllshm-fastpath-control-mutex");
    HANDLE cbegin = marker(L"dllshm-fastpath-control-begin");
    for (int i = 0; i < 100; i++) {
        WaitForSingleObject(mutex, INFINITE);
        ReleaseMutex(mutex);
    }
    HANDLE cend = marker(L"dllshm-fastpath-control-end");

    int same = out[0] == text[0] && out[2046] == text[2046] && out[2047] == 0;
    printf("fastpath: %d Set/Get pairs, value %s\n", calls, same ? "intact" : "WRONG");
    CloseHandle(begin);
    CloseHandle(end);
    CloseHandle(cbegin);
    CloseHandle(cend);
    CloseHandle(mutex);
    FreeLibrary(dll);
    printf("done\n");
    return same ? 0 : 1;
}

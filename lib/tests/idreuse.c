/*
 * idreuse.c - a dead lock owner is recognised as dead even when a live
 * thread has taken its thread id (Windows and Wine reuse ids).
 *
 * usage: idreuse.exe DLL   (DLLSHM_NAME names the block)
 * It plants owners in the block's lock word (the layout of lib/core) and
 * calls SetSharedMem:
 *   dead:   the dead thread's id and creation time, its id now reused by a
 *           live thread: Set must take the lock over at once;
 *   live:   the live thread's own id and creation time: Set must give up;
 *   idonly: the id without a creation time (as layout 1 held it): Set must
 *           give up too, which is what made a reused id look alive.
 * The last two prove that the check can see a Set that did nothing.
 * Exit 0: as expected; 1: not; 77: no id was reused within the threads tried.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#include "shm_core.h"

typedef void(__cdecl *set_fn)(LPWSTR);
typedef void(__cdecl *get_fn)(LPWSTR, DWORD);

static DWORD g_target;
static HANDLE g_hold;

/* Exits at once, unless it got the id we are waiting for. */
static DWORD WINAPI candidate(LPVOID p)
{
    (void)p;
    if (GetCurrentThreadId() == g_target)
        WaitForSingleObject(g_hold, INFINITE);
    return 0;
}

static uint32_t creation_token(HANDLE t)
{
    FILETIME c, e, k, u;
    return GetThreadTimes(t, &c, &e, &k, &u) ? (c.dwLowDateTime | 1u) : 0;
}

/* Plants owner (id, token), calls Set(text); 1 when the value changed. */
static int try_set(shm_block *b, set_fn set, get_fn get, uint32_t id, uint32_t token,
                   const wchar_t *text, double *ms)
{
    WCHAR buf[64], copy[64];
    LARGE_INTEGER f, t0, t1;
    atomic_store(&b->h.writer, (uint64_t)token << 32 | id);
    wcscpy(copy, text);
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t0);
    set(copy);
    QueryPerformanceCounter(&t1);
    *ms = (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart;
    atomic_store(&b->h.writer, 0);
    get(buf, 64);
    return wcscmp(buf, text) == 0;
}

int wmain(int argc, wchar_t **argv)
{
    WCHAR name[160], first[] = L"first";
    if (argc < 2 || !GetEnvironmentVariableW(L"DLLSHM_NAME", name, 160)) {
        fprintf(stderr, "usage: DLLSHM_NAME=block idreuse.exe DLL\n");
        return 1;
    }
    HMODULE dll = LoadLibraryW(argv[1]);
    set_fn set = dll ? (set_fn)(void (*)(void))GetProcAddress(dll, "SetSharedMem") : NULL;
    get_fn get = dll ? (get_fn)(void (*)(void))GetProcAddress(dll, "GetSharedMem") : NULL;
    HANDLE map = OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, name);
    shm_block *b = map ? MapViewOfFile(map, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!set || !get || !b) {
        fprintf(stderr, "idreuse: cannot load %ls or open block %ls (error %lu)\n", argv[1], name, GetLastError());
        return 1;
    }
    set(first); /* this thread's token is taken outside what we time */

    /* A thread that has died: its id and creation time. */
    DWORD dead_id;
    HANDLE dead = CreateThread(NULL, 0, candidate, NULL, 0, &dead_id);
    WaitForSingleObject(dead, INFINITE);
    uint32_t dead_token = creation_token(dead);
    CloseHandle(dead);

    /* Threads come and go until one gets the dead thread's id; it stays. */
    g_target = dead_id;
    g_hold = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE reborn = NULL;
    int tried;
    for (tried = 1; tried <= 20000 && !reborn; tried++) {
        DWORD id;
        HANDLE t = CreateThread(NULL, 0, candidate, NULL, 0, &id);
        if (id == dead_id)
            reborn = t;
        else {
            WaitForSingleObject(t, INFINITE);
            CloseHandle(t);
        }
    }
    if (!reborn) {
        printf("SKIP: thread id %lu not reused within %d threads\n", dead_id, tried - 1);
        return 77;
    }
    uint32_t reborn_token = creation_token(reborn);
    printf("thread id %lu reused after %d threads (creation tokens %08x, then %08x)\n", dead_id, tried - 1,
           dead_token, reborn_token);

    int status = 0;
    double ms;
    int ok = try_set(b, set, get, dead_id, dead_token, L"dead", &ms);
    printf("dead: %s in %.1f ms\n", ok ? "taken over" : "NOT taken over", ms);
    status |= !ok || ms > 200;
    ok = try_set(b, set, get, dead_id, reborn_token, L"live", &ms);
    printf("live: %s after %.1f ms\n", ok ? "TAKEN (wrong)" : "kept", ms);
    status |= ok;
    ok = try_set(b, set, get, dead_id, 0, L"idonly", &ms);
    printf("idonly: %s after %.1f ms\n", ok ? "TAKEN (wrong)" : "kept", ms);
    status |= ok;

    SetEvent(g_hold);
    WaitForSingleObject(reborn, INFINITE);
    return status;
}

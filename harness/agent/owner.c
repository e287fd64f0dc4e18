/*
 * owner.c - `dead-owner`: dllshm's writer lock held by a thread that is
 * dead, so the next Set takes dllshm's slow path (the liveness check and
 * the takeover) every time, not only when a random kill happens to land in
 * the critical section (kill-writers).
 *
 * A writer thread loops Set; it is suspended again and again until dllshm's
 * lock word, read through a read-only view of the block's section, names
 * it; then it is terminated there.  With `handle`, this agent keeps a
 * handle of the dead thread, so OpenThread still finds it (exited) and the
 * check takes its longer path.  The lock's owner is what DllshmGetInfo
 * says (writerThread): a dllshm-level command.
 */
#include "agent.h"

#include <string.h>

#define TRIES 200000u
#define GIVE_UP_MS 5000u /* a DLL whose lock word never names the thread */

static WCHAR g_text[DLLSHM_CAPACITY_CHARS];

static WCHAR *const g_texts[] = {g_text};
static struct loop_writer g_writer = {g_texts, 1, 0};

/* Lets the resumed writer finish a Set (so each try stops it somewhere
 * new, never only in its start-up), at most 100 ms. */
static void await_progress(void)
{
    LONG seen = g_writer.writes;
    DWORD start = GetTickCount();
    while (g_writer.writes == seen && GetTickCount() - start < 100)
        SwitchToThread();
}

/* The thread holding the block's writer lock, 0 when free (or unknown). */
static DWORD lock_owner(void)
{
    DllshmInfo info = {.cbSize = sizeof(info)};
    return g_dut.get_info(g_block, &info) == DLLSHM_OK ? info.writerThread : 0;
}

/* A handle of each dead owner kept with `handle` (the thread then exists,
 * exited, and the liveness check asks it so); never closed. */
static HANDLE g_kept[64];
static unsigned g_nkept;

/* "" or "handle" */
void cmd_dead_owner(char *args)
{
    HANDLE t;
    DWORD tid = 0;
    unsigned tries;
    int caught = 0;
    int keep = strcmp(args, "handle") == 0;

    if ((*args && !keep) || (keep && g_nkept == sizeof(g_kept) / sizeof(g_kept[0]))) {
        reply("error usage dead-owner [handle]");
        return;
    }
    if (!g_dut.get_info) {
        reply("error missing-export DllshmGetInfo");
        return;
    }
    for (unsigned i = 0; i < DLLSHM_CAPACITY_CHARS - 1; i++)
        g_text[i] = (WCHAR)(L'a' + i % 26);
    g_text[DLLSHM_CAPACITY_CHARS - 1] = 0;
    t = CreateThread(NULL, 0, loop_writer_main, &g_writer, 0, &tid);
    if (!t) {
        reply("error dead-owner CreateThread %lu", (unsigned long)GetLastError());
        return;
    }
    DWORD start = GetTickCount();
    for (tries = 1; tries <= TRIES && GetTickCount() - start < GIVE_UP_MS; tries++) {
        CONTEXT ctx = {.ContextFlags = CONTEXT_CONTROL};
        SuspendThread(t);
        GetThreadContext(t, &ctx); /* returns once the thread has really stopped */
        if (lock_owner() == tid) {
            TerminateThread(t, 0xdead);
            caught = 1;
            break;
        }
        ResumeThread(t);
        await_progress();
    }
    if (!caught)
        TerminateThread(t, 0xdead); /* never caught inside: not a DLL that keeps its lock there */
    WaitForSingleObject(t, INFINITE);
    if (keep)
        g_kept[g_nkept++] = t;
    else
        CloseHandle(t); /* no handle left: the id is free for reuse, as after a process kill */
    if (!caught)
        reply("error dead-owner the writer was never seen holding dllshm's lock (%u tries)", tries);
    else
        reply("ok tries=%u owner=%lu", tries, (unsigned long)tid);
}

/*
 * exports.c - the sample's two exports and the Ex API, as thin wrappers
 * over the core.  The uncontended path makes no system call: the writer id
 * is the thread id (read from the TEB), and only a contended writer asks
 * the kernel whether the lock's owner still lives.
 */
#include "block.h"

#include <string.h>

extern struct DllshmBlock g_default_block;

/* A writer's token: its thread's creation time (the low 32 bits, in 100 ns,
 * never 0).  Windows reuses thread ids within milliseconds; a later thread
 * with the same id repeats the token only if created a multiple of 429.5 s
 * later to the 100 ns.  Cached per thread in a TLS slot: the first Set of
 * a thread makes one kernel call, the others none. */
static DWORD g_token_slot = TLS_OUT_OF_INDEXES;

void writer_tokens_init(void) { g_token_slot = TlsAlloc(); }
void writer_tokens_free(void)
{
    if (g_token_slot != TLS_OUT_OF_INDEXES)
        TlsFree(g_token_slot);
}

static uint32_t creation_token(HANDLE thread)
{
    FILETIME created, exited, kernel, user;
    if (!GetThreadTimes(thread, &created, &exited, &kernel, &user))
        return 0;
    return created.dwLowDateTime | 1u;
}

static uint32_t self_token(void)
{
    if (g_token_slot == TLS_OUT_OF_INDEXES)
        return 0; /* no slot: the owner is known by its id alone */
    uint32_t t = (uint32_t)(uintptr_t)TlsGetValue(g_token_slot);
    if (!t) {
        t = creation_token(GetCurrentThread());
        TlsSetValue(g_token_slot, (void *)(uintptr_t)t);
    }
    return t;
}

/* A dead thread cannot release the lock, so its lock may be taken over:
 * no thread with that id, an exited one, or one created at another time
 * (the id reused). */
static int thread_alive(uint32_t owner, uint32_t token, void *ctx)
{
    (void)ctx;
    HANDLE t = OpenThread(SYNCHRONIZE | THREAD_QUERY_LIMITED_INFORMATION, FALSE, owner);
    if (!t)
        return GetLastError() != ERROR_INVALID_PARAMETER; /* no such thread: dead */
    int exited = WaitForSingleObject(t, 0) == WAIT_OBJECT_0;
    uint32_t now = !exited && token ? creation_token(t) : 0;
    CloseHandle(t);
    if (exited)
        return 0;
    return !now || now == token; /* unknown (token 0, or no query right): alive */
}

static void backoff(unsigned round, void *ctx)
{
    (void)ctx;
    if (round < 32)
        YieldProcessor();
    else if (round < 128)
        SwitchToThread();
    else
        Sleep(1);
}

void block_env(shm_env *env, int writing)
{
    env->self = GetCurrentThreadId();
    env->token = writing ? self_token() : 0;
    env->owner_alive = thread_alive;
    env->pause = backoff;
    env->ctx = NULL;
    env->lock_rounds = 128 + 1000; /* about 1 s of 1 ms sleeps behind a live writer */
    env->read_rounds = 128 + 1000;
}

static struct DllshmBlock *resolve(DLLSHM_HANDLE block)
{
    return block ? block : &g_default_block;
}

static LONG status_of(int rc)
{
    switch (rc) {
    case SHM_OK: return DLLSHM_OK;
    case SHM_TRUNCATED: return DLLSHM_TRUNCATED;
    case SHM_E_INVALIDARG: return DLLSHM_E_INVALIDARG;
    case SHM_E_BUSY: return DLLSHM_E_BUSY;
    default: return DLLSHM_E_NOTREADY;
    }
}

LONG __cdecl DllshmSetEx(DLLSHM_HANDLE block, LPCWSTR text, DWORD *pcchWritten)
{
    struct DllshmBlock *blk = resolve(block);
    shm_env env;
    uint32_t written = 0;

    if (pcchWritten)
        *pcchWritten = 0;
    if (!text && !fault_point(null_crash))
        return DLLSHM_E_INVALIDARG;
    if (blk->status != DLLSHM_OK || !blk->view)
        return DLLSHM_E_NOTREADY;
    block_env(&env, 1);
    int rc = shm_write(blk->view, &env, (const shm_char *)text, &written);
    if (pcchWritten)
        *pcchWritten = written;
    return status_of(rc);
}

LONG __cdecl DllshmGetEx(DLLSHM_HANDLE block, LPWSTR buf, DWORD cchSize, DWORD *pcchRequired)
{
    struct DllshmBlock *blk = resolve(block);
    shm_env env;
    uint32_t required = 0;

    if (pcchRequired)
        *pcchRequired = 0;
    if (blk->status != DLLSHM_OK || !blk->view) {
        if (buf && cchSize)
            buf[0] = 0;
        return DLLSHM_E_NOTREADY;
    }
    block_env(&env, 0);
    int rc = shm_read(blk->view, &env, (shm_char *)buf, buf ? cchSize : 0, &required);
    if (pcchRequired)
        *pcchRequired = required;
    return status_of(rc);
}

/* Only with mutex_per_call: what users of the peer libraries write, correct
 * but a kernel round trip (a wineserver request under Wine) on every call. */
static HANDLE call_lock(void)
{
    if (!fault_point(mutex_per_call))
        return NULL;
    HANDLE m = CreateMutexW(NULL, FALSE, L"dllshm-fx-mutex");
    WaitForSingleObject(m, INFINITE);
    return m;
}

static void call_unlock(HANDLE m)
{
    if (m) {
        ReleaseMutex(m);
        CloseHandle(m);
    }
}

VOID __cdecl SetSharedMem(LPWSTR lpszBuf)
{
    HANDLE m = call_lock();
    DllshmSetEx(NULL, lpszBuf, NULL);
    call_unlock(m);
}

VOID __cdecl GetSharedMem(LPWSTR lpszBuf, DWORD cchSize)
{
    if (fault_point(null_crash))
        *(volatile WCHAR *)lpszBuf = *(volatile WCHAR *)lpszBuf; /* the sample's defect: no NULL check */
    HANDLE m = call_lock();
    DllshmGetEx(NULL, lpszBuf, cchSize, NULL);
    call_unlock(m);
}

/* Gives the caller as much of all as its cbSize holds (an older caller's
 * smaller DllshmInfo, see dllshm.h); 0 when that is too small to be one. */
static BOOL info_give(DllshmInfo *info, DllshmInfo *all)
{
    if (!info || info->cbSize < DLLSHM_INFO_SIZE_V1)
        return FALSE;
    DWORD size = info->cbSize < sizeof(*all) ? info->cbSize : sizeof(*all);
    if (fault_point(info_full_size))
        size = sizeof(*all);
    all->cbSize = size;
    memcpy(info, all, size);
    return TRUE;
}

LONG __cdecl DllshmGetInfo(DLLSHM_HANDLE block, DllshmInfo *info)
{
    struct DllshmBlock *blk = resolve(block);
    DllshmInfo all;

    ZeroMemory(&all, sizeof(all));
    all.status = blk->status;
    all.step = blk->step;
    all.win32Error = blk->win32Error;
    all.capacityChars = DLLSHM_CAPACITY_CHARS;
    all.changeCounter = blk->view ? shm_generation(blk->view) : 0;
    memcpy(all.name, blk->name, sizeof(all.name));
    memcpy(all.message, blk->message, sizeof(all.message));
    all.writerThread = blk->view ? shm_writer_thread(blk->view) : 0;
    if (blk->view) {
        shm_counts c;
        shm_count(blk->view, &c);
        all.readRetries = c.read_retries;
        all.readHolds = c.read_holds;
        all.holdPauses = c.hold_pauses;
    }
    return info_give(info, &all) ? DLLSHM_OK : DLLSHM_E_INVALIDARG;
}

DLLSHM_HANDLE __cdecl DllshmOpen(LPCWSTR name, DllshmInfo *info)
{
    struct DllshmBlock *blk = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*blk));

    if (!blk) {
        DllshmInfo all = {.status = DLLSHM_E_WIN32, .win32Error = ERROR_NOT_ENOUGH_MEMORY};
        info_give(info, &all);
        return NULL;
    }
    block_open(blk, name);
    if (info)
        DllshmGetInfo(blk, info);
    if (blk->status != DLLSHM_OK) {
        HeapFree(GetProcessHeap(), 0, blk);
        return NULL;
    }
    return blk;
}

VOID __cdecl DllshmClose(DLLSHM_HANDLE block)
{
    if (!block)
        return; /* the default block lives as long as the DLL */
    block_close(block);
    HeapFree(GetProcessHeap(), 0, block);
}

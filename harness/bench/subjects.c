/*
 * subjects.c - the implementations under test, behind impl.set / impl.get:
 *   memcpy  the floor: a plain copy of the same bytes into a named section,
 *           with no protocol at all; under a writer process its reads tear,
 *           and what they cost is what moving the bytes between cores costs
 *   mutex   the same copy into a section of its own, under a named mutex taken
 *           and released on every call (what users of the peer libraries write)
 *   dllshm  dllshm.dll, loaded by path, through SetSharedMem/GetSharedMem
 *   sample  the documented sample DLL as written (block "dllmemfilemap")
 * The DLLs are reached only through LoadLibraryW + GetProcAddress.
 */
#include "bench.h"
#include "dllshm.h"

#include <string.h>

/* The length word, then the text at the offset of a dllshm slot (128 bytes
 * into a page, behind its header), so every copy sees the same alignment. */
#define DATA_OFFSET 128u
#define REGION_BYTES (DATA_OFFSET + BENCH_CAPACITY * sizeof(WCHAR))

static const char *const names[IMPL_COUNT] = {"memcpy", "mutex", "dllshm", "sample"};

const char *impl_name(int kind)
{
    return kind >= 0 && kind < IMPL_COUNT ? names[kind] : "?";
}

int impl_kind(const char *name)
{
    for (int k = 0; k < IMPL_COUNT; k++)
        if (!strcmp(name, names[k]))
            return k;
    return -1;
}

static void copy_in(impl *im, const WCHAR *text, size_t len)
{
    memcpy(im->data, text, (len + 1) * sizeof(WCHAR));
    *im->stored_len = (uint32_t)len;
}

static void copy_out(impl *im, WCHAR *buf, DWORD cch)
{
    uint32_t n = *im->stored_len;
    if (!cch)
        return;
    if (n > cch - 1)
        n = cch - 1;
    memcpy(buf, im->data, n * sizeof(WCHAR));
    buf[n] = 0;
}

static void memcpy_set(impl *im, const WCHAR *text, size_t len) { copy_in(im, text, len); }
static void memcpy_get(impl *im, WCHAR *buf, DWORD cch) { copy_out(im, buf, cch); }

static void mutex_set(impl *im, const WCHAR *text, size_t len)
{
    WaitForSingleObject(im->mutex, INFINITE);
    copy_in(im, text, len);
    ReleaseMutex(im->mutex);
}

static void mutex_get(impl *im, WCHAR *buf, DWORD cch)
{
    WaitForSingleObject(im->mutex, INFINITE);
    copy_out(im, buf, cch);
    ReleaseMutex(im->mutex);
}

static void dll_set(impl *im, const WCHAR *text, size_t len)
{
    (void)len; /* the DLL finds the length itself */
    im->dll_set((LPWSTR)text);
}

static void dll_get(impl *im, WCHAR *buf, DWORD cch)
{
    im->dll_get(buf, cch);
}

static void fail(impl *im, const char *what, DWORD err)
{
    im->available = 0;
    snprintf(im->reason, sizeof(im->reason), "%s (error %lu)", what, (unsigned long)err);
}

/* Maps the section Local\\<block>-bench-<tag>, made if new: the length
 * word, then the text. */
static int open_region(impl *im, const bench_paths *paths, const WCHAR *tag)
{
    WCHAR name[128];
    unsigned char *mem;

    _snwprintf(name, 128, L"Local\\%ls-bench-%ls", paths->block, tag);
    name[127] = 0;
    im->section = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, REGION_BYTES, name);
    if (!im->section) {
        fail(im, "CreateFileMappingW failed", GetLastError());
        return 0;
    }
    mem = MapViewOfFile(im->section, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0);
    if (!mem) {
        fail(im, "MapViewOfFile failed", GetLastError());
        return 0;
    }
    im->stored_len = (uint32_t *)mem;
    im->data = (WCHAR *)(mem + DATA_OFFSET);
    return 1;
}

static void open_floor(impl *im, const bench_paths *paths)
{
    if (!open_region(im, paths, L"floor"))
        return;
    im->set = memcpy_set;
    im->get = memcpy_get;
    im->available = 1;
}

static void open_mutex(impl *im, const bench_paths *paths)
{
    WCHAR name[128];

    if (!open_region(im, paths, L"copy"))
        return;
    _snwprintf(name, 128, L"Local\\%ls-bench-lock", paths->block);
    name[127] = 0;
    im->mutex = CreateMutexW(NULL, FALSE, name);
    if (!im->mutex) {
        fail(im, "CreateMutexW failed", GetLastError());
        return;
    }
    im->set = mutex_set;
    im->get = mutex_get;
    im->available = 1;
}

static void open_dll(impl *im, const WCHAR *path, int is_dllshm)
{
    snprintf(im->path, sizeof(im->path), "%ls", path);
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        snprintf(im->reason, sizeof(im->reason), "missing: %ls not found", path);
        return;
    }
    im->dll = LoadLibraryW(path);
    if (!im->dll) {
        fail(im, "LoadLibraryW failed", GetLastError());
        return;
    }
    im->dll_set = (void(__cdecl *)(LPWSTR))(void (*)(void))GetProcAddress(im->dll, "SetSharedMem");
    im->dll_get = (void(__cdecl *)(LPWSTR, DWORD))(void (*)(void))GetProcAddress(im->dll, "GetSharedMem");
    im->dll_info = (LONG(__cdecl *)(void *, void *))(void (*)(void))GetProcAddress(im->dll, "DllshmGetInfo");
    if (!im->dll_set || !im->dll_get) {
        fail(im, "no SetSharedMem/GetSharedMem export", GetLastError());
        return;
    }
    if (is_dllshm) {
        DllshmInfo info = {.cbSize = sizeof(info)};
        if (!im->dll_info || im->dll_info(NULL, &info) != DLLSHM_OK) {
            fail(im, "no DllshmGetInfo export", 0);
            return;
        }
        if (info.status != DLLSHM_OK) {
            snprintf(im->reason, sizeof(im->reason), "block not ready: %ls", info.message);
            return;
        }
    }
    im->set = dll_set;
    im->get = dll_get;
    im->available = 1;
}

void impl_open(impl *im, int kind, const bench_paths *paths)
{
    memset(im, 0, sizeof(*im));
    im->name = impl_name(kind);
    switch (kind) {
    case IMPL_MEMCPY:
        im->what = "plain memcpy of the same bytes, no protocol (the floor; torn under a writer)";
        open_floor(im, paths);
        break;
    case IMPL_MUTEX:
        im->what = "memcpy under a named mutex (Wait/Release per call)";
        open_mutex(im, paths);
        break;
    case IMPL_DLLSHM:
        im->what = "dllshm.dll SetSharedMem/GetSharedMem";
        open_dll(im, paths->dllshm, 1);
        break;
    case IMPL_SAMPLE:
        im->what = "the documented sample DLL as written";
        open_dll(im, paths->sample, 0);
        break;
    default:
        snprintf(im->reason, sizeof(im->reason), "unknown implementation");
    }
}

void impl_close(impl *im)
{
    if (im->mutex)
        CloseHandle(im->mutex);
    if (im->stored_len)
        UnmapViewOfFile(im->stored_len);
    if (im->section)
        CloseHandle(im->section);
    if (im->dll)
        FreeLibrary(im->dll);
    memset(im, 0, sizeof(*im));
}

void impl_counts(impl *im, dll_counts *c)
{
    DllshmInfo info = {.cbSize = sizeof(info)};
    memset(c, 0, sizeof(*c));
    if (!im->available || !im->dll_info || im->dll_info(NULL, &info) != DLLSHM_OK)
        return;
    c->changes = info.changeCounter;
    /* A DLL gives no more than it knows: cbSize says how much that was. */
    if (info.cbSize < offsetof(DllshmInfo, holdPauses) + sizeof(info.holdPauses))
        return;
    c->counted = 1;
    c->retries = info.readRetries;
    c->holds = info.readHolds;
    c->hold_pauses = info.holdPauses;
}

/*
 * block.c - open a named section for the core, step by step, and say which
 * step failed and why (an error query and a debug-output line), instead of
 * the sample's silent LoadLibrary failure.
 */
#include "block.h"
#include "faults.h"

#include <stdio.h>
#include <wchar.h>

static const wchar_t *step_name(DWORD step)
{
    switch (step) {
    case DLLSHM_STEP_NAME: return L"name";
    case DLLSHM_STEP_SECURITY: return L"security descriptor";
    case DLLSHM_STEP_CREATE: return L"CreateFileMappingW";
    case DLLSHM_STEP_OWNER: return L"owner/DACL check";
    case DLLSHM_STEP_MAP: return L"MapViewOfFile";
    case DLLSHM_STEP_SIZE: return L"size check";
    case DLLSHM_STEP_HEADER: return L"header check";
    default: return L"none";
    }
}

/* Unmaps the view and closes the section blk holds, if any. */
static void release(struct DllshmBlock *blk)
{
    if (blk->view)
        UnmapViewOfFile(blk->view);
    if (blk->mapping)
        CloseHandle(blk->mapping);
    blk->view = NULL;
    blk->mapping = NULL;
}

/* Records the failure, writes the debug-output line, releases everything. */
static void fail(struct DllshmBlock *blk, DWORD step, DWORD err, const wchar_t *what)
{
    WCHAR sys[160] = L"";
    if (err && FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0, sys,
                              sizeof(sys) / sizeof(sys[0]), NULL)) {
        size_t n = wcslen(sys); /* one line: no CR/LF, no trailing blanks */
        for (WCHAR *p = sys; *p; p++)
            if (*p == L'\r' || *p == L'\n')
                *p = L' ';
        while (n && (sys[n - 1] == L' ' || sys[n - 1] == L'.'))
            sys[--n] = 0;
    }
    blk->status = DLLSHM_E_NOTREADY;
    blk->step = step;
    blk->win32Error = err;
    _snwprintf(blk->message, sizeof(blk->message) / sizeof(blk->message[0]),
               L"dllshm: block \"%ls\": %ls failed: %ls (error %lu%ls%ls)", blk->name, step_name(step), what,
               (unsigned long)err, sys[0] ? L": " : L"", sys);
    blk->message[sizeof(blk->message) / sizeof(blk->message[0]) - 1] = 0;
    WCHAR line[sizeof(blk->message) / sizeof(blk->message[0]) + 2];
    _snwprintf(line, sizeof(line) / sizeof(line[0]), L"%ls\n", blk->message);
    line[sizeof(line) / sizeof(line[0]) - 1] = 0;
    if (!fault_point(silent_failure))
        OutputDebugStringW(line); /* one line, so debuggers and Wine's trace keep it whole */
    release(blk);
}

/* Creates or opens the section, owner-only; one made first by someone else
 * is used only if it is ours (same user, owner-only).  0 once failed. */
static int open_section(struct DllshmBlock *blk, LPCWSTR name, BOOL *existed)
{
    SECURITY_ATTRIBUTES sa;
    PSECURITY_DESCRIPTOR sd = NULL;
    DWORD err;

    if (!security_owner_only(&sa, &sd)) {
        fail(blk, DLLSHM_STEP_SECURITY, GetLastError(), L"building the owner-only DACL");
        return 0;
    }
    blk->mapping = CreateFileMappingW(INVALID_HANDLE_VALUE, &sa, PAGE_READWRITE, 0, SHM_BLOCK_BYTES, name);
    err = GetLastError();
    LocalFree(sd);
    if (!blk->mapping) {
        fail(blk, DLLSHM_STEP_CREATE, err,
             err == ERROR_INVALID_HANDLE ? L"the name is taken by an object of another type"
             : err == ERROR_ACCESS_DENIED ? L"the existing section denies this user"
                                          : L"cannot create or open the section");
        return 0;
    }
    *existed = err == ERROR_ALREADY_EXISTS;
    if (*existed && !fault_point(no_header_check)) {
        err = security_check_existing(blk->mapping);
        if (err != ERROR_SUCCESS) {
            fail(blk, DLLSHM_STEP_OWNER, err, L"the existing section is not owner-only for this user (squatted?)");
            return 0;
        }
    }
    return 1;
}

/* Maps the view and checks it holds a whole block.  0 once failed. */
static int map_view(struct DllshmBlock *blk)
{
    MEMORY_BASIC_INFORMATION mbi;

    /* (copy_on_write: writes stay in this process's pages) */
    blk->view = MapViewOfFile(blk->mapping, fault_point(copy_on_write) ? FILE_MAP_COPY
                                                                       : FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0);
    if (fault_point(unchecked_map)) {
        /* The view used unchecked, as by a DLL that trusts MapViewOfFile: a
         * failed map faults here, inside DllMain. */
        (void)atomic_load(&blk->view->h.generation);
    } else if (!blk->view) {
        fail(blk, DLLSHM_STEP_MAP, GetLastError(), L"cannot map the section");
        return 0;
    }
    if (fault_point(no_header_check))
        return 1;
    if (!VirtualQuery(blk->view, &mbi, sizeof(mbi))) {
        fail(blk, DLLSHM_STEP_SIZE, GetLastError(), L"cannot query the size of the view");
        return 0;
    }
    if (mbi.RegionSize < SHM_BLOCK_BYTES) {
        fail(blk, DLLSHM_STEP_SIZE, ERROR_INSUFFICIENT_BUFFER, L"the existing section is smaller than a block");
        return 0;
    }
    return 1;
}

/* The core's header check: a new block is initialised, an existing one
 * must be a dllshm block of this layout.  0 once failed. */
static int attach_header(struct DllshmBlock *blk)
{
    int attached = shm_attach(blk->view, SHM_BLOCK_BYTES);
    if (attached == SHM_E_LAYOUT) {
        WCHAR what[160];
        _snwprintf(what, sizeof(what) / sizeof(what[0]),
                   L"the section is a dllshm block of layout %lu, this DLL's is %u (a dllshm.dll of another "
                   L"layout has it open)",
                   (unsigned long)shm_layout_of(blk->view), SHM_LAYOUT_VERSION);
        what[sizeof(what) / sizeof(what[0]) - 1] = 0;
        fail(blk, DLLSHM_STEP_HEADER, ERROR_INVALID_DATA, what);
        return 0;
    }
    if (attached != SHM_OK) {
        fail(blk, DLLSHM_STEP_HEADER, ERROR_INVALID_DATA, L"the section holds a foreign header (wrong magic or size)");
        return 0;
    }
    return 1;
}

void block_open(struct DllshmBlock *blk, LPCWSTR name)
{
    BOOL existed = FALSE;

    ZeroMemory(blk, sizeof(*blk));
    if (!name || !name[0] || wcslen(name) >= sizeof(blk->name) / sizeof(blk->name[0])) {
        wcscpy(blk->name, L"(invalid)");
        fail(blk, DLLSHM_STEP_NAME, ERROR_INVALID_NAME, L"the name is empty or longer than 127 characters");
        return;
    }
    wcscpy(blk->name, name);
    if (!open_section(blk, name, &existed) || !map_view(blk) || !attach_header(blk))
        return;
    if (fault_point(late_memset) && !existed) {
        /* The sample's defect, widened: the creator clears the block after its
         * name is visible, wiping what a second process wrote meanwhile. */
        Sleep(300);
        memset(blk->view->data, 0, sizeof(blk->view->data));
        memset((void *)blk->view->h.slot, 0, sizeof(blk->view->h.slot));
        atomic_store(&blk->view->h.generation, 0);
    }
    blk->status = DLLSHM_OK;
}

void block_close(struct DllshmBlock *blk)
{
    if (fault_point(leak_handle)) { /* forgotten, never released */
        blk->view = NULL;
        blk->mapping = NULL;
    }
    release(blk);
    blk->status = DLLSHM_E_NOTREADY;
}

/*
 * patch.c - the replacements (hooks.c) put into the import address table
 * of the DLL under test, and what the agent watches while it loads.
 *
 * Why the import table, patched from an LdrRegisterDllNotification
 * callback: the loader calls it with the DLL mapped and its imports bound
 * but before its entry point (the CRT start-up and DllMain) runs, on
 * Windows and under Wine, x86_64 and i686 alike (measured:
 * /work/shared/measured/feasibility.md).  Rewriting the DLL's own table
 * changes only the calls that DLL makes; the agent, Wine and every other
 * module keep calling Windows directly.  What it cannot reach: calls through
 * GetProcAddress, delay-loaded imports, direct system calls, and what the
 * called functions do inside themselves (imports of imports).
 */
#include "agent.h"
#include "interpose.h"

#include <string.h>
#include <wchar.h>

static int armed;
static const WCHAR *expect_name; /* file name of the DLL being loaded */
static HMODULE patched_module;

/* ---- import tables ---- */
static int hook_index(const char *name)
{
    for (unsigned h = 0; h < g_nhooks; h++)
        if (strcmp(g_hooks[h].name, name) == 0)
            return (int)h;
    return -1;
}

/* Walks base's import descriptors (an image laid out at its RVAs: a loaded
 * module, or a SEC_IMAGE view).  imported[h] is set for every table
 * function it imports by name; with patch, the entries are redirected. */
static void walk_imports(BYTE *base, int patch, unsigned char *imported)
{
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)base;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    IMAGE_IMPORT_DESCRIPTOR *d;

    if (dos->e_magic != IMAGE_DOS_SIGNATURE || nt->Signature != IMAGE_NT_SIGNATURE || !dir->VirtualAddress)
        return;
    for (d = (IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress); d->Name; d++) {
        /* Names come from the lookup table; a bound image without one
         * keeps only addresses in its IAT, which name nothing. */
        IMAGE_THUNK_DATA *names =
            (IMAGE_THUNK_DATA *)(base + (d->OriginalFirstThunk ? d->OriginalFirstThunk : d->FirstThunk));
        IMAGE_THUNK_DATA *iat = (IMAGE_THUNK_DATA *)(base + d->FirstThunk);
        if (patch && !d->OriginalFirstThunk)
            continue;
        for (; names->u1.AddressOfData; names++, iat++) {
            IMAGE_IMPORT_BY_NAME *ibn;
            DWORD old;
            int h;
            if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal))
                continue;
            ibn = (IMAGE_IMPORT_BY_NAME *)(base + names->u1.AddressOfData);
            h = hook_index((const char *)ibn->Name);
            if (h < 0)
                continue;
            imported[h] = 1;
            if (!patch || (void *)iat->u1.Function == g_hooks[h].replacement)
                continue;
            if (!g_hooks[h].real)
                g_hooks[h].real = (void *)iat->u1.Function;
            if (VirtualProtect(&iat->u1.Function, sizeof(iat->u1.Function), PAGE_READWRITE, &old)) {
                iat->u1.Function = (ULONG_PTR)g_hooks[h].replacement;
                VirtualProtect(&iat->u1.Function, sizeof(iat->u1.Function), old, &old);
            }
        }
    }
}

static unsigned char patched_imports[128];

static void patch_module(HMODULE m)
{
    if (m == patched_module)
        return;
    memset(patched_imports, 0, sizeof(patched_imports));
    walk_imports((BYTE *)m, 1, patched_imports);
    patched_module = m;
}

/* The DLL's imports without loading it: a SEC_IMAGE view of the file lays
 * it out at its RVAs, and nothing of it runs. */
int pe_file_imports(const WCHAR *path, unsigned char *imported)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    HANDLE s;
    void *v = NULL;

    if (f == INVALID_HANDLE_VALUE)
        return -1;
    s = CreateFileMappingW(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL);
    CloseHandle(f);
    if (s) {
        v = MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0);
        CloseHandle(s);
    }
    if (!v)
        return -1;
    walk_imports(v, 0, imported);
    UnmapViewOfFile(v);
    return 0;
}

/* ---- faults inside a load ----
 * Wine's loader (and Windows', for some exceptions) catches an exception in
 * DllMain and fails LoadLibrary (ERROR_NOACCESS for an access violation):
 * a DLL that crashes while attaching would look like one that refused to
 * load.  A vectored handler that only looks (it always continues the
 * search, so the DLL's own SEH works as before) notes the first system
 * exception raised while the DLL under test is being loaded. */
static volatile LONG loading, load_exceptions;
static DWORD load_exception_code;

/* OutputDebugString lines are exceptions too (the W form first, then,
 * unhandled, the A form): counted so the sweep can ask whether a DLL said
 * what failed.  The agent itself writes none. */
static volatile LONG debug_wide, debug_ansi;

static LONG CALLBACK on_exception(EXCEPTION_POINTERS *ep)
{
    DWORD code = ep->ExceptionRecord->ExceptionCode;

    if (code == 0x4001000Au) /* DBG_PRINTEXCEPTION_WIDE_C */
        InterlockedIncrement(&debug_wide);
    else if (code == 0x40010006u) /* DBG_PRINTEXCEPTION_C */
        InterlockedIncrement(&debug_ansi);

    if (loading && (code & 0xF0000000u) == 0xC0000000u && InterlockedIncrement(&load_exceptions) == 1)
        load_exception_code = code;
    return EXCEPTION_CONTINUE_SEARCH;
}

DWORD interpose_load_exception(void)
{
    return load_exceptions ? load_exception_code : 0;
}

long interpose_debug_lines(void)
{
    return debug_wide ? debug_wide : debug_ansi;
}

/* ---- the loader notification ---- */
typedef struct {
    USHORT Length, MaximumLength; /* bytes */
    PWSTR Buffer;
} ustring;
typedef struct {
    ULONG Flags;
    const ustring *FullDllName;
    const ustring *BaseDllName;
    PVOID DllBase;
    ULONG SizeOfImage;
} dll_notification;
typedef VOID(CALLBACK *notification_fn)(ULONG, const dll_notification *, PVOID);
typedef LONG(NTAPI *register_fn)(ULONG, notification_fn, PVOID, PVOID *);
#define NOTIFY_LOADED 1

static VOID CALLBACK on_dll(ULONG reason, const dll_notification *d, PVOID ctx)
{
    const ustring *b = d->BaseDllName;

    (void)ctx;
    if (reason != NOTIFY_LOADED || !expect_name || !b)
        return;
    if (wcslen(expect_name) * sizeof(WCHAR) == b->Length && _wcsnicmp(b->Buffer, expect_name, b->Length / 2) == 0) {
        patch_module((HMODULE)d->DllBase);
        interpose_entry(); /* its image is mapped; its entry point has not run */
    }
}

static int recording;

void interpose_arm(void)
{
    recording = 1;
    interpose_patch();
}

int interpose_recording(void)
{
    return recording;
}

void interpose_patch(void)
{
    static PVOID cookie;
    register_fn reg;

    if (armed)
        return;
    armed = 1;
    reg = (register_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "LdrRegisterDllNotification");
    if (!reg || reg(0, on_dll, NULL, &cookie) != 0)
        diag("LdrRegisterDllNotification unavailable: imports are patched after DllMain only");
    AddVectoredExceptionHandler(1, on_exception);
    if (g_dut.module)
        patch_module(g_dut.module);
}

int interpose_armed(void)
{
    return armed;
}

int interpose_loading(void)
{
    return loading != 0;
}

void interpose_expect(const WCHAR *path)
{
    const WCHAR *base = path;

    if (!armed)
        return;
    load_exceptions = 0;
    loading = 1;
    if (!path) {
        expect_name = NULL;
        return;
    }
    for (const WCHAR *p = path; *p; p++)
        if (*p == L'/' || *p == L'\\')
            base = p + 1;
    expect_name = base;
}

void interpose_loaded(HMODULE m)
{
    expect_name = NULL;
    loading = 0;
    if (armed && m)
        patch_module(m);
    else if (!m)
        patched_module = NULL;
}

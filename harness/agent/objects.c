/*
 * objects.c - `probe-names`: which named objects the DLL under test creates
 * when it loads.  The session's object directory is listed (NT's
 * NtQueryDirectoryObject, the one way to see every named object), the DLL
 * loaded, the directory listed again; what is new is the DLL's (or its
 * runtime's: the conductor's runner layer knows which names those are).
 * The conductor runs it alone in its prefix, so nothing else is creating
 * objects meanwhile.
 */
#include "agent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef LONG NTSTATUS_;
typedef struct { USHORT Length, MaximumLength; PWSTR Buffer; } ustr_t;
typedef struct { ULONG Length; HANDLE RootDirectory; ustr_t *ObjectName; ULONG Attributes;
                 PVOID SecurityDescriptor, SecurityQualityOfService; } objattr_t;
typedef struct { ustr_t Name, TypeName; } dirinfo_t;
typedef NTSTATUS_(NTAPI *open_dir_fn)(HANDLE *, ACCESS_MASK, objattr_t *);
typedef NTSTATUS_(NTAPI *query_dir_fn)(HANDLE, PVOID, ULONG, BOOLEAN, BOOLEAN, ULONG *, ULONG *);

#define DIR_QUERY_TRAVERSE 0x0003 /* DIRECTORY_QUERY | DIRECTORY_TRAVERSE */
#define MAX_OBJECTS 4096
#define NAMES_SHOWN 16

struct listing {
    WCHAR *name[MAX_OBJECTS];
    int section[MAX_OBJECTS];
    int n;
};

static void list_dir(const WCHAR *path, const WCHAR *prefix, struct listing *l)
{
    HMODULE nt = GetModuleHandleW(L"ntdll.dll");
    open_dir_fn open_dir = (open_dir_fn)(void (*)(void))GetProcAddress(nt, "NtOpenDirectoryObject");
    query_dir_fn query_dir = (query_dir_fn)(void (*)(void))GetProcAddress(nt, "NtQueryDirectoryObject");
    ustr_t us = {(USHORT)(wcslen(path) * sizeof(WCHAR)), (USHORT)(wcslen(path) * sizeof(WCHAR)), (PWSTR)path};
    objattr_t oa = {sizeof(oa), NULL, &us, 0x40 /* OBJ_CASE_INSENSITIVE */, NULL, NULL};
    HANDLE dir;
    ULONG ctx = 0, len;
    union { dirinfo_t d; BYTE b[4096]; } buf;

    if (!open_dir || !query_dir || open_dir(&dir, DIR_QUERY_TRAVERSE, &oa) != 0)
        return;
    /* One entry at a time, until STATUS_NO_MORE_ENTRIES (or any error). */
    while (l->n < MAX_OBJECTS && query_dir(dir, &buf, sizeof(buf), TRUE, ctx == 0, &ctx, &len) == 0) {
        size_t pl = wcslen(prefix), nl = buf.d.Name.Length / sizeof(WCHAR);
        WCHAR *name = malloc((pl + nl + 1) * sizeof(WCHAR));
        if (!name)
            break;
        memcpy(name, prefix, pl * sizeof(WCHAR));
        memcpy(name + pl, buf.d.Name.Buffer, nl * sizeof(WCHAR));
        name[pl + nl] = 0;
        l->section[l->n] = buf.d.TypeName.Length == 7 * sizeof(WCHAR)
                           && !memcmp(buf.d.TypeName.Buffer, L"Section", 7 * sizeof(WCHAR));
        l->name[l->n++] = name;
    }
    CloseHandle(dir);
}

/* The session's objects, and the global ones as Global\NAME. */
static void list_objects(struct listing *l)
{
    DWORD session = 0;
    WCHAR path[64];

    l->n = 0;
    ProcessIdToSessionId(GetCurrentProcessId(), &session);
    if (session) {
        _snwprintf(path, 64, L"\\Sessions\\%lu\\BaseNamedObjects", (unsigned long)session);
        path[63] = 0;
        list_dir(path, L"", l);
        list_dir(L"\\BaseNamedObjects", L"Global\\", l);
    } else {
        list_dir(L"\\BaseNamedObjects", L"", l);
    }
}

static int listed(const struct listing *l, const WCHAR *name)
{
    for (int i = 0; i < l->n; i++)
        if (!wcscmp(l->name[i], name))
            return 1;
    return 0;
}

/* A section's size in bytes (NtQuerySection, SectionBasicInformation), or
 * -1 when it cannot be opened or asked. */
typedef struct { PVOID BaseAddress; ULONG Attributes; LARGE_INTEGER Size; } section_basic_t;
typedef NTSTATUS_(NTAPI *query_section_fn)(HANDLE, int, PVOID, SIZE_T, SIZE_T *);

static long long section_size(const WCHAR *name)
{
    query_section_fn query = (query_section_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"ntdll.dll"),
                                                                              "NtQuerySection");
    HANDLE h = OpenFileMappingW(FILE_MAP_READ | 0x0001 /* SECTION_QUERY */, FALSE, name);
    section_basic_t info;
    long long size = -1;

    if (h && query && query(h, 0 /* SectionBasicInformation */, &info, sizeof(info), NULL) == 0)
        size = info.Size.QuadPart;
    if (h)
        CloseHandle(h);
    return size;
}

static void listing_free(struct listing *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->name[i]);
    l->n = 0;
}

/* "probe-names": loads the DLL (it must not be loaded yet) between two
 * listings; replies with the sections that appeared, then the others. */
void cmd_probe_names(char *args)
{
    static struct listing before, after;
    const char *missing;
    DWORD err;
    struct sb sb = {0};
    int sections = 0, others = 0;

    if (*args) {
        reply("error usage probe-names");
        return;
    }
    if (g_dut.module) {
        reply("error already-loaded (start the agent with --no-load)");
        return;
    }
    list_objects(&before);
    err = dut_load(g_dll_path, &missing);
    list_objects(&after);
    if (missing)
        reply("error missing-export %s", missing);
    else if (err)
        reply("error load %lu", (unsigned long)err);
    if (missing || err) {
        listing_free(&before);
        listing_free(&after);
        return;
    }
    for (int i = 0; i < after.n; i++)
        if (!listed(&before, after.name[i]))
            after.section[i] ? sections++ : others++;
    sb_printf(&sb, "ok sections=%d others=%d", sections, others);
    /* Sections first: the block is among them. */
    for (int pass = 1, shown = 0; pass >= 0; pass--, shown = 0)
        for (int i = 0; i < after.n && shown < NAMES_SHOWN; i++)
            if (after.section[i] == pass && !listed(&before, after.name[i])) {
                sb_add(&sb, " ", 1);
                sb_quoted(&sb, pass ? "section" : "other", after.name[i], wcslen(after.name[i]));
                if (pass)
                    sb_printf(&sb, " size=%lld", section_size(after.name[i]));
                shown++;
            }
    sb_send(&sb);
    sb_free(&sb);
    listing_free(&before);
    listing_free(&after);
}

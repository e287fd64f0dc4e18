/*
 * squat.c - `squat KIND [NAME]`: create the block's name first, the way a
 * hostile or careless process would, and keep it open until the agent exits.
 *
 *   event     an event object under the name (wrong object type)
 *   small     a 4096-byte section, owner-only (too small for a dllshm block)
 *   foreign   a full-size section, owner-only, whose header is not dllshm's
 *   everyone  a full-size section whose DACL lets Everyone in
 *   default   a full-size section with the default security descriptor
 *   denied    a full-size section whose DACL grants nobody anything
 *
 * NAME defaults to the block's name (names.c).  The owner-only descriptor
 * is dllshm's own (lib/win32/security.c), so "small" and "foreign" get past
 * the owner check and exercise the size and header checks behind it.
 */
#include "agent.h"
#include "block.h" /* security_owner_only, SHM_BLOCK_BYTES */

#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static HANDLE section(SECURITY_ATTRIBUTES *sa, DWORD bytes, const WCHAR *name)
{
    return CreateFileMappingW(INVALID_HANDLE_VALUE, sa, PAGE_READWRITE, 0, bytes, name);
}

static HANDLE section_sddl(const WCHAR *sddl, const WCHAR *name)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, FALSE};
    PSECURITY_DESCRIPTOR sd = NULL;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
        return NULL;
    sa.lpSecurityDescriptor = sd;
    HANDLE h = section(&sa, SHM_BLOCK_BYTES, name);
    DWORD err = GetLastError();
    LocalFree(sd);
    SetLastError(err);
    return h;
}

/* Owned by this user (so only the DACL is wrong), open to Everyone. */
static HANDLE section_everyone(const WCHAR *name)
{
    PSID user = security_user_sid();
    LPWSTR user_str = NULL;
    WCHAR sddl[200];
    HANDLE h = NULL;

    if (user && ConvertSidToStringSidW(user, &user_str)) {
        _snwprintf(sddl, sizeof(sddl) / sizeof(sddl[0]), L"O:%lsD:(A;;GA;;;WD)", user_str);
        sddl[sizeof(sddl) / sizeof(sddl[0]) - 1] = 0;
        h = section_sddl(sddl, name);
    }
    DWORD err = GetLastError();
    if (user_str)
        LocalFree(user_str);
    if (user)
        LocalFree(user);
    SetLastError(err);
    return h;
}

static HANDLE section_owner_only(DWORD bytes, const WCHAR *name)
{
    SECURITY_ATTRIBUTES sa;
    PSECURITY_DESCRIPTOR sd;
    if (!security_owner_only(&sa, &sd))
        return NULL;
    HANDLE h = section(&sa, bytes, name);
    DWORD err = GetLastError();
    LocalFree(sd);
    SetLastError(err);
    return h;
}

/* Fills the header of a full-size section with bytes that are not dllshm's. */
static BOOL scribble_header(HANDLE h)
{
    void *view = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    if (!view)
        return FALSE;
    memset(view, 'A', SHM_HEADER_BYTES);
    UnmapViewOfFile(view);
    return TRUE;
}

void cmd_squat(char *args)
{
    char *kind = next_word(&args);
    char *name_arg = next_word(&args);
    WCHAR *owned = NULL;
    const WCHAR *name;
    HANDLE h = NULL;

    if (!kind || !*kind) {
        reply("error usage squat KIND [NAME]");
        return;
    }
    if (!(name = agent_block_name(name_arg, &owned))) {
        reply("error usage squat: NAME is not UTF-8");
        return;
    }

    if (!strcmp(kind, "event"))
        h = CreateEventW(NULL, TRUE, FALSE, name);
    else if (!strcmp(kind, "small"))
        h = section_owner_only(4096, name);
    else if (!strcmp(kind, "foreign")) {
        h = section_owner_only(SHM_BLOCK_BYTES, name);
        if (h && !scribble_header(h)) {
            CloseHandle(h);
            h = NULL;
        }
    } else if (!strcmp(kind, "everyone"))
        h = section_everyone(name);
    else if (!strcmp(kind, "default"))
        h = section(NULL, SHM_BLOCK_BYTES, name);
    else if (!strcmp(kind, "denied"))
        h = section_sddl(L"D:P", name);
    else {
        reply("error usage squat: KIND is event, small, foreign, everyone, default or denied");
        free(owned);
        return;
    }
    DWORD err = GetLastError();
    free(owned);
    if (!h) {
        reply("error squat %lu", (unsigned long)err);
        return;
    }
    /* The handle stays open on purpose: the squat lasts as long as the agent. */
    reply("ok kind=%s existed=%d", kind, err == ERROR_ALREADY_EXISTS);
}

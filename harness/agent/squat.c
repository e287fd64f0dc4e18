/*
 * squat.c - `squat KIND [NAME]`: create the block's name first, the way a
 * hostile or careless process would, and keep it open until the agent exits;
 * `squat-peek`: did anything the DLL under test wrote land in it?
 *
 *   event     an event object under the name (wrong object type)
 *   small     a 4096-byte section (the sample's size), owner-only
 *   foreign   a large section, owner-only, full of bytes of another program
 *   everyone  a large section whose DACL lets Everyone in
 *   default   a large section with the default security descriptor
 *   denied    a large section whose DACL grants nobody anything
 *
 * Sections are seeded (a marker string, or 'A' bytes for foreign) and a copy
 * kept, so that a DLL which trusts the squatter is seen through its exports
 * alone: its Get returns the seed, or its Set changes the squatter's bytes.
 * "Large" is larger than any block of this pattern (dllshm's is 8320 bytes),
 * so no DLL refuses it for its size.  The descriptors are written here in
 * SDDL, independently of the DLL's own security code: a bug there must not
 * be mirrored in the test.  NAME defaults to the block's name (names.c).
 */
#include "agent.h"

#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_BYTES 4096u
#define LARGE_BYTES 65536u

static const WCHAR seed_text[] = L"squatter's data";

static struct {
    HANDLE h;        /* kept open: the squat lasts as long as the agent */
    BYTE *seed;      /* what the section held right after the squat */
    DWORD bytes;     /* 0 for an event */
    int existed;     /* the name was there before: nothing of ours to compare */
} g_squat;

/* This user's SID as a string (LocalFree it), read from the token. */
static LPWSTR user_sid_string(void)
{
    HANDLE token;
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD len = 0;
    LPWSTR str = NULL;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    if (GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len))
        ConvertSidToStringSidW(((TOKEN_USER *)buf)->User.Sid, &str);
    CloseHandle(token);
    return str;
}

/* A section of bytes under name with the descriptor sddl (NULL: default);
 * %ls in sddl stands for this user's SID. */
static HANDLE section(const WCHAR *sddl, DWORD bytes, const WCHAR *name)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, FALSE};
    PSECURITY_DESCRIPTOR sd = NULL;
    LPWSTR user = NULL;
    WCHAR text[256];
    HANDLE h = NULL;

    if (sddl) {
        if (!(user = user_sid_string()))
            return NULL;
        _snwprintf(text, sizeof(text) / sizeof(text[0]), sddl, user, user);
        text[sizeof(text) / sizeof(text[0]) - 1] = 0;
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(text, SDDL_REVISION_1, &sd, NULL))
            goto out;
        sa.lpSecurityDescriptor = sd;
    }
    h = CreateFileMappingW(INVALID_HANDLE_VALUE, sddl ? &sa : NULL, PAGE_READWRITE, 0, bytes, name);
out:;
    DWORD err = GetLastError();
    if (sd)
        LocalFree(sd);
    if (user)
        LocalFree(user);
    SetLastError(err);
    return h;
}

/* Owner: this user; protected DACL: this user and SYSTEM. */
#define OWNER_ONLY L"O:%lsD:P(A;;GA;;;%ls)(A;;GA;;;SY)"
/* Owned by this user (so only the DACL is wrong), open to Everyone. */
#define EVERYONE L"O:%lsD:(A;;GA;;;WD)"
/* A protected, empty DACL: nobody is granted anything. */
#define DENIED L"D:P"

/* Seed the section and keep a copy of what it holds. */
static BOOL seed(HANDLE h, DWORD bytes, int foreign)
{
    BYTE *view = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    if (!view)
        return FALSE;
    if (foreign)
        memset(view, 'A', bytes);
    else
        memcpy(view, seed_text, sizeof(seed_text));
    g_squat.seed = malloc(bytes);
    if (g_squat.seed)
        memcpy(g_squat.seed, view, bytes);
    UnmapViewOfFile(view);
    g_squat.bytes = bytes;
    return g_squat.seed != NULL;
}

void cmd_squat(char *args)
{
    char *kind = next_word(&args);
    char *name_arg = next_word(&args);
    WCHAR *owned = NULL;
    const WCHAR *name;
    HANDLE h = NULL;
    DWORD bytes = LARGE_BYTES;

    if (!kind || !*kind) {
        reply("error usage squat KIND [NAME]");
        return;
    }
    if (g_squat.h) {
        reply("error usage squat: this agent squats already (one squat per agent)");
        return;
    }
    if (!(name = agent_block_name(name_arg, &owned))) {
        reply("error usage squat: NAME is not UTF-8");
        return;
    }

    if (!strcmp(kind, "event")) {
        h = CreateEventW(NULL, TRUE, FALSE, name);
        bytes = 0;
    } else if (!strcmp(kind, "small"))
        h = section(OWNER_ONLY, bytes = SMALL_BYTES, name);
    else if (!strcmp(kind, "foreign"))
        h = section(OWNER_ONLY, bytes, name);
    else if (!strcmp(kind, "everyone"))
        h = section(EVERYONE, bytes, name);
    else if (!strcmp(kind, "default"))
        h = section(NULL, bytes, name);
    else if (!strcmp(kind, "denied"))
        h = section(DENIED, bytes, name);
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
    int existed = err == ERROR_ALREADY_EXISTS;
    /* The creator's handle has full access whatever the DACL says. */
    if (bytes && !existed && !seed(h, bytes, !strcmp(kind, "foreign"))) {
        err = GetLastError();
        CloseHandle(h);
        reply("error squat seed %lu", (unsigned long)err);
        return;
    }
    g_squat.h = h;
    g_squat.existed = existed;
    reply("ok kind=%s existed=%d", kind, existed);
}

/* `squat-peek`: changed=1 when the squatted section no longer holds what
 * this agent put there: somebody's write landed in the squatter's object. */
void cmd_squat_peek(char *args)
{
    (void)args;
    if (!g_squat.h) {
        reply("error usage squat-peek: no squat in this agent");
        return;
    }
    if (g_squat.existed) {
        reply("error squat-peek: the name existed before the squat; nothing of ours to compare");
        return;
    }
    if (!g_squat.bytes) { /* an event holds no bytes to write into */
        reply("ok changed=0 bytes=0");
        return;
    }
    BYTE *view = MapViewOfFile(g_squat.h, FILE_MAP_READ, 0, 0, 0);
    if (!view) {
        reply("error squat-peek %lu", (unsigned long)GetLastError());
        return;
    }
    int changed = memcmp(view, g_squat.seed, g_squat.bytes) != 0;
    UnmapViewOfFile(view);
    reply("ok changed=%d bytes=%lu", changed, (unsigned long)g_squat.bytes);
}

/*
 * security.c - owner-only sections, and refusing sections made by others.
 *
 * The sample created its section with the default DACL under a fixed name,
 * so any process could create it first ("squat") and read or feed every
 * user of the DLL.  dllshm creates it with a protected DACL that grants the
 * current user and SYSTEM only, owned by the current user, and refuses to
 * use an existing section whose owner is someone else or whose DACL lets
 * anyone else in.
 */
#include "block.h"

#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>

PSID security_user_sid(void)
{
    HANDLE token;
    BYTE buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD len = 0;
    PSID copy = NULL;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return NULL;
    if (GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len)) {
        PSID sid = ((TOKEN_USER *)buf)->User.Sid;
        DWORD n = GetLengthSid(sid);
        copy = LocalAlloc(LMEM_FIXED, n);
        if (copy && !CopySid(n, copy, sid)) {
            LocalFree(copy);
            copy = NULL;
        }
    }
    CloseHandle(token);
    return copy;
}

BOOL security_owner_only(SECURITY_ATTRIBUTES *sa, PSECURITY_DESCRIPTOR *to_free)
{
    PSID user = security_user_sid();
    LPWSTR user_str = NULL;
    WCHAR sddl[256];
    BOOL ok = FALSE;

    *to_free = NULL;
    if (user && ConvertSidToStringSidW(user, &user_str)) {
        /* Owner: the user.  Protected DACL: all access for the user and SYSTEM. */
        _snwprintf(sddl, sizeof(sddl) / sizeof(sddl[0]), L"O:%lsD:P(A;;GA;;;%ls)(A;;GA;;;SY)",
                   user_str, user_str);
        sddl[sizeof(sddl) / sizeof(sddl[0]) - 1] = 0;
        ok = ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, to_free, NULL);
    }
    if (ok) {
        sa->nLength = sizeof(*sa);
        sa->lpSecurityDescriptor = *to_free;
        sa->bInheritHandle = FALSE;
    }
    DWORD err = GetLastError();
    if (user_str)
        LocalFree(user_str);
    if (user)
        LocalFree(user);
    SetLastError(ok ? 0 : (err ? err : ERROR_INVALID_SECURITY_DESCR));
    return ok;
}

static BOOL sid_is(PSID sid, PSID user)
{
    return EqualSid(sid, user);
}

DWORD security_check_existing(HANDLE section)
{
    PSID owner = NULL, user = security_user_sid(), system = NULL;
    PACL dacl = NULL;
    PSECURITY_DESCRIPTOR sd = NULL;
    DWORD rc;
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};

    if (!user)
        return GetLastError() ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
    rc = GetSecurityInfo(section, SE_KERNEL_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                         &owner, NULL, &dacl, NULL, &sd);
    if (rc == ERROR_SUCCESS && !AllocateAndInitializeSid(&nt, 1, SECURITY_LOCAL_SYSTEM_RID, 0, 0, 0, 0, 0, 0,
                                                          0, &system))
        rc = GetLastError();
    if (rc == ERROR_SUCCESS) {
        if (!owner || !sid_is(owner, user)) {
            rc = ERROR_INVALID_OWNER;
        } else if (!dacl) {
            rc = ERROR_INVALID_SECURITY_DESCR; /* a NULL DACL lets everyone in */
        } else {
            for (DWORD i = 0; i < dacl->AceCount && rc == ERROR_SUCCESS; i++) {
                ACE_HEADER *ace;
                if (!GetAce(dacl, i, (void **)&ace))
                    continue;
                if (ace->AceType != ACCESS_ALLOWED_ACE_TYPE)
                    continue; /* deny ACEs only narrow access */
                PSID sid = (PSID)&((ACCESS_ALLOWED_ACE *)ace)->SidStart;
                if (!sid_is(sid, user) && !sid_is(sid, system))
                    rc = ERROR_INVALID_SECURITY_DESCR;
            }
        }
    }
    if (system)
        FreeSid(system);
    if (sd)
        LocalFree(sd);
    LocalFree(user);
    return rc;
}

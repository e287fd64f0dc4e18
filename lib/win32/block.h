/*
 * block.h - the Win32 glue around the portable core: opening a named
 * section safely, and the diagnostics of every setup step.
 */
#ifndef DLLSHM_BLOCK_H
#define DLLSHM_BLOCK_H

#include <windows.h>
#include "dllshm.h"
#include "shm_core.h"

struct DllshmBlock {
    HANDLE mapping;
    shm_block *view;
    LONG status;          /* DLLSHM_OK when usable */
    DWORD step;           /* DllshmStep of the first failure */
    DWORD win32Error;
    WCHAR name[128];
    WCHAR message[256];
};

/* Opens (creating if needed) the section called name, owner-only, and
 * checks it; on failure blk->status/step/win32Error/message say why, one
 * debug-output line was written, and blk holds no handle. */
void block_open(struct DllshmBlock *blk, LPCWSTR name);
void block_close(struct DllshmBlock *blk);

/* security.c: an owner-only security descriptor (current user + SYSTEM),
 * and the check that an existing section was made the same way. */
BOOL security_owner_only(SECURITY_ATTRIBUTES *sa, PSECURITY_DESCRIPTOR *to_free);
DWORD security_check_existing(HANDLE section); /* ERROR_SUCCESS or why not */
PSID security_user_sid(void);                  /* the current user's SID (LocalFree it), or NULL */

/* exports.c: the core's environment for the calling thread. */
void block_env(shm_env *env, int writing);
/* The TLS slot of the writers' tokens (exports.c), made and freed by DllMain. */
void writer_tokens_init(void);
void writer_tokens_free(void);

#endif /* DLLSHM_BLOCK_H */

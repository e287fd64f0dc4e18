/*
 * dllshm.h - shared memory in a DLL, done right.
 *
 * A drop-in for the "shared memory in a DLL" sample of the Windows
 * documentation: the same two exports with the same meaning, plus
 * status-returning functions.  Every process that loads dllshm.dll sees one
 * block of 4096 bytes of UTF-16 text (2047 characters and a terminator).
 *
 * Contract (see README.md):
 *  - SetSharedMem copies at most 2047 characters and always terminates;
 *    NULL changes nothing.
 *  - GetSharedMem writes at most cchSize characters including the
 *    terminator; cchSize == 0 or a NULL buffer writes nothing.
 *  - Readers never see a mixture of two writes; a writer killed at any
 *    instant leaves the last complete value readable.
 *  - The block lives while one process has it open; then it is empty again.
 *
 * The block name is "dllmemfilemap" (the sample's), in the session-local
 * namespace, unless the environment variable DLLSHM_NAME names another
 * when the DLL is loaded.  DllshmOpen opens further blocks by name.
 */
#ifndef DLLSHM_H
#define DLLSHM_H

#include <stddef.h>
#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef DLLSHM_BUILDING
#define DLLSHM_API __declspec(dllexport)
#else
#define DLLSHM_API __declspec(dllimport)
#endif

/* Capacity of a block, in UTF-16 units including the terminator. */
#define DLLSHM_CAPACITY_CHARS 2048u
#define DLLSHM_STORAGE_BYTES 4096u

/* The default block name and the variable that overrides it. */
#define DLLSHM_DEFAULT_NAME L"dllmemfilemap"
#define DLLSHM_NAME_ENV L"DLLSHM_NAME"

/* Status codes of the Ex functions.  Zero and positive: success. */
typedef enum DllshmStatus {
    DLLSHM_OK = 0,
    DLLSHM_TRUNCATED = 1,        /* success, but the text was cut to fit */
    DLLSHM_E_INVALIDARG = -1,    /* NULL where a pointer is needed */
    DLLSHM_E_NOTREADY = -2,      /* the block could not be set up; see DllshmGetInfo */
    DLLSHM_E_BUSY = -3,          /* a read kept racing writers past its retry bound */
    DLLSHM_E_WIN32 = -4          /* a Win32 call failed; see DllshmGetInfo */
} DllshmStatus;

/* Setup steps, for diagnostics: which step failed. */
typedef enum DllshmStep {
    DLLSHM_STEP_NONE = 0,
    DLLSHM_STEP_NAME,            /* reading DLLSHM_NAME / validating the name */
    DLLSHM_STEP_SECURITY,        /* building the owner-only security descriptor */
    DLLSHM_STEP_CREATE,          /* CreateFileMappingW */
    DLLSHM_STEP_OWNER,           /* an existing section not owned by this user */
    DLLSHM_STEP_MAP,             /* MapViewOfFile */
    DLLSHM_STEP_SIZE,            /* an existing section that is too small */
    DLLSHM_STEP_HEADER           /* an existing section with a foreign header */
} DllshmStep;

typedef struct DllshmInfo {
    DWORD cbSize;                /* set to sizeof(DllshmInfo) before the call */
    LONG status;                 /* DLLSHM_OK when the block is usable */
    DWORD step;                  /* DllshmStep of the first failure */
    DWORD win32Error;            /* GetLastError() of that step, or 0 */
    DWORD capacityChars;         /* DLLSHM_CAPACITY_CHARS */
    DWORD changeCounter;         /* completed writes since the block was created */
    WCHAR name[128];             /* the block's name (truncated if longer) */
    WCHAR message[256];          /* one line, e.g. "CreateFileMappingW: ..." */
    /* Fields added later come after; a caller built before them passes its
     * smaller cbSize and gets only the fields it knows (at least
     * DLLSHM_INFO_SIZE_V1 bytes). */
    DWORD writerThread;          /* thread id holding the block's writer lock, 0 when free */
    /* Contention the block has seen since it was created, in every process
     * (each wraps): reads that had to go round again, holds such a retrying
     * reader took, and pauses writers made to let a holder finish. */
    DWORD readRetries;
    DWORD readHolds;
    DWORD holdPauses;
} DllshmInfo;
#define DLLSHM_INFO_SIZE_V1 offsetof(DllshmInfo, writerThread)

typedef struct DllshmBlock *DLLSHM_HANDLE;   /* NULL means the default block */

/* The sample's exports, unchanged in name, signature and convention. */
DLLSHM_API VOID __cdecl SetSharedMem(LPWSTR lpszBuf);
DLLSHM_API VOID __cdecl GetSharedMem(LPWSTR lpszBuf, DWORD cchSize);

/* Writes text; *pcchWritten (optional) receives the characters stored,
 * without the terminator.  DLLSHM_TRUNCATED when text had more than 2047. */
DLLSHM_API LONG __cdecl DllshmSetEx(DLLSHM_HANDLE block, LPCWSTR text, DWORD *pcchWritten);

/* Reads into buf (cchSize units including the terminator); *pcchRequired
 * (optional) receives the units needed including the terminator, so
 * cchSize == 0 with buf NULL is a length query.  DLLSHM_TRUNCATED when buf
 * was too small (it then holds a terminated prefix). */
DLLSHM_API LONG __cdecl DllshmGetEx(DLLSHM_HANDLE block, LPWSTR buf, DWORD cchSize,
                                    DWORD *pcchRequired);

/* Fills *info (cbSize set by the caller); DLLSHM_E_INVALIDARG on a NULL or short info. */
DLLSHM_API LONG __cdecl DllshmGetInfo(DLLSHM_HANDLE block, DllshmInfo *info);

/* Opens (creating if needed) the block called name, with the same checks as
 * the default block.  Returns NULL on failure; *info (optional, cbSize set)
 * then describes the failure, and on success the block. */
DLLSHM_API DLLSHM_HANDLE __cdecl DllshmOpen(LPCWSTR name, DllshmInfo *info);
DLLSHM_API VOID __cdecl DllshmClose(DLLSHM_HANDLE block);

#ifdef __cplusplus
}
#endif

#endif /* DLLSHM_H */

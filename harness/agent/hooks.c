/*
 * hooks.c - the functions the agent can interpose, one line each: name,
 * return type, calling convention, how it fails, parameters.  Each line
 * becomes a replacement with the same signature (stdcall on i686 pops the
 * same arguments), which asks icall_enter whether to fail, else calls the
 * real function through the pointer the DLL's import table held.
 *
 * Parameter types only need the real ones' sizes: the replacement passes
 * them on untouched.  To cover another function, add a line.
 *
 * The waits (W lines) are watched during the DLL's attach too (attach.c):
 * a wait inside DllMain that would block is first said, then made.
 */
#include "interpose.h"

#define P void * /* any pointer */

/* name, return, convention, failure, (params), (args); waits: name,
 * (params), (args), (args with a zero timeout), the timeout */
#define HOOK_LIST(X, V, W)                                                                               \
    /* sections */                                                                                       \
    X(CreateFileMappingW, HANDLE, WINAPI, FK_ZERO, (HANDLE a, P b, DWORD c, DWORD d, DWORD e, P f),     \
      (a, b, c, d, e, f))                                                                                \
    X(CreateFileMappingA, HANDLE, WINAPI, FK_ZERO, (HANDLE a, P b, DWORD c, DWORD d, DWORD e, P f),     \
      (a, b, c, d, e, f))                                                                                \
    X(OpenFileMappingW, HANDLE, WINAPI, FK_ZERO, (DWORD a, BOOL b, P c), (a, b, c))                      \
    X(OpenFileMappingA, HANDLE, WINAPI, FK_ZERO, (DWORD a, BOOL b, P c), (a, b, c))                      \
    X(MapViewOfFile, LPVOID, WINAPI, FK_ZERO, (HANDLE a, DWORD b, DWORD c, DWORD d, SIZE_T e),          \
      (a, b, c, d, e))                                                                                   \
    X(MapViewOfFileEx, LPVOID, WINAPI, FK_ZERO, (HANDLE a, DWORD b, DWORD c, DWORD d, SIZE_T e, P f),   \
      (a, b, c, d, e, f))                                                                                \
    X(UnmapViewOfFile, BOOL, WINAPI, FK_ZERO, (P a), (a))                                                \
    X(VirtualQuery, SIZE_T, WINAPI, FK_ZERO, (P a, P b, SIZE_T c), (a, b, c))                            \
    /* handles, threads, processes (dllshm's liveness check) */                                         \
    X(CloseHandle, BOOL, WINAPI, FK_ZERO, (HANDLE a), (a))                                               \
    X(DuplicateHandle, BOOL, WINAPI, FK_ZERO,                                                            \
      (HANDLE a, HANDLE b, HANDLE c, P d, DWORD e, BOOL f, DWORD g), (a, b, c, d, e, f, g))              \
    X(OpenThread, HANDLE, WINAPI, FK_ZERO, (DWORD a, BOOL b, DWORD c), (a, b, c))                        \
    X(OpenProcess, HANDLE, WINAPI, FK_ZERO, (DWORD a, BOOL b, DWORD c), (a, b, c))                       \
    X(GetExitCodeThread, BOOL, WINAPI, FK_ZERO, (HANDLE a, P b), (a, b))                                 \
    X(GetThreadTimes, BOOL, WINAPI, FK_ZERO, (HANDLE a, P b, P c, P d, P e), (a, b, c, d, e))           \
    X(GetExitCodeProcess, BOOL, WINAPI, FK_ZERO, (HANDLE a, P b), (a, b))                                \
    X(GetEnvironmentVariableW, DWORD, WINAPI, FK_ZERO, (P a, P b, DWORD c), (a, b, c))                   \
    X(FormatMessageW, DWORD, WINAPI, FK_ZERO, (DWORD a, P b, DWORD c, DWORD d, P e, DWORD f, P g),      \
      (a, b, c, d, e, f, g))                                                                             \
    V(Sleep, WINAPI, (DWORD a), (a))                                                                     \
    /* synchronisation (the sample-style and mutex DLLs) */                                             \
    X(CreateMutexW, HANDLE, WINAPI, FK_ZERO, (P a, BOOL b, P c), (a, b, c))                              \
    X(CreateMutexA, HANDLE, WINAPI, FK_ZERO, (P a, BOOL b, P c), (a, b, c))                              \
    X(OpenMutexW, HANDLE, WINAPI, FK_ZERO, (DWORD a, BOOL b, P c), (a, b, c))                            \
    X(ReleaseMutex, BOOL, WINAPI, FK_ZERO, (HANDLE a), (a))                                              \
    X(CreateEventW, HANDLE, WINAPI, FK_ZERO, (P a, BOOL b, BOOL c, P d), (a, b, c, d))                   \
    W(WaitForSingleObject, (HANDLE a, DWORD b), (a, b), (a, 0), b)                                      \
    W(WaitForSingleObjectEx, (HANDLE a, DWORD b, BOOL c), (a, b, c), (a, 0, c), b)                       \
    W(WaitForMultipleObjects, (DWORD a, P b, BOOL c, DWORD d), (a, b, c, d), (a, b, c, 0), d)            \
    W(WaitForMultipleObjectsEx, (DWORD a, P b, BOOL c, DWORD d, BOOL e), (a, b, c, d, e), (a, b, c, 0, e), d) \
    /* memory */                                                                                         \
    X(GetProcessHeap, HANDLE, WINAPI, FK_ZERO, (void), ())                                               \
    X(HeapAlloc, LPVOID, WINAPI, FK_ZERO, (HANDLE a, DWORD b, SIZE_T c), (a, b, c))                      \
    X(HeapReAlloc, LPVOID, WINAPI, FK_ZERO, (HANDLE a, DWORD b, P c, SIZE_T d), (a, b, c, d))            \
    X(HeapFree, BOOL, WINAPI, FK_ZERO, (HANDLE a, DWORD b, P c), (a, b, c))                              \
    X(LocalAlloc, HLOCAL, WINAPI, FK_ZERO, (UINT a, SIZE_T b), (a, b))                                   \
    X(LocalFree, HLOCAL, WINAPI, FK_NONE, (HLOCAL a), (a))                                               \
    X(GlobalAlloc, HGLOBAL, WINAPI, FK_ZERO, (UINT a, SIZE_T b), (a, b))                                 \
    X(VirtualAlloc, LPVOID, WINAPI, FK_ZERO, (P a, SIZE_T b, DWORD c, DWORD d), (a, b, c, d))            \
    X(malloc, P, __cdecl, FK_ZERO, (size_t a), (a))                                                      \
    X(calloc, P, __cdecl, FK_ZERO, (size_t a, size_t b), (a, b))                                         \
    X(realloc, P, __cdecl, FK_ZERO, (P a, size_t b), (a, b))                                             \
    V(free, __cdecl, (P a), (a))                                                                         \
    /* security (dllshm's owner-only DACL and its squatting checks) */                                  \
    X(OpenProcessToken, BOOL, WINAPI, FK_ZERO, (HANDLE a, DWORD b, P c), (a, b, c))                      \
    X(GetTokenInformation, BOOL, WINAPI, FK_ZERO, (HANDLE a, int b, P c, DWORD d, P e), (a, b, c, d, e)) \
    X(GetSecurityInfo, DWORD, WINAPI, FK_CODE, (HANDLE a, int b, DWORD c, P d, P e, P f, P g, P h),     \
      (a, b, c, d, e, f, g, h))                                                                          \
    X(SetSecurityInfo, DWORD, WINAPI, FK_CODE, (HANDLE a, int b, DWORD c, P d, P e, P f, P g),          \
      (a, b, c, d, e, f, g))                                                                             \
    X(SetEntriesInAclW, DWORD, WINAPI, FK_CODE, (ULONG a, P b, P c, P d), (a, b, c, d))                  \
    X(InitializeSecurityDescriptor, BOOL, WINAPI, FK_ZERO, (P a, DWORD b), (a, b))                       \
    X(SetSecurityDescriptorDacl, BOOL, WINAPI, FK_ZERO, (P a, BOOL b, P c, BOOL d), (a, b, c, d))        \
    X(SetSecurityDescriptorOwner, BOOL, WINAPI, FK_ZERO, (P a, P b, BOOL c), (a, b, c))                  \
    X(InitializeAcl, BOOL, WINAPI, FK_ZERO, (P a, DWORD b, DWORD c), (a, b, c))                          \
    X(AddAccessAllowedAce, BOOL, WINAPI, FK_ZERO, (P a, DWORD b, DWORD c, P d), (a, b, c, d))            \
    X(ConvertStringSecurityDescriptorToSecurityDescriptorW, BOOL, WINAPI, FK_ZERO,                       \
      (P a, DWORD b, P c, P d), (a, b, c, d))                                                            \
    X(ConvertSidToStringSidW, BOOL, WINAPI, FK_ZERO, (P a, P b), (a, b))                                 \
    X(AllocateAndInitializeSid, BOOL, WINAPI, FK_ZERO,                                                   \
      (P a, BYTE b, DWORD c, DWORD d, DWORD e, DWORD f, DWORD g, DWORD h, DWORD i, DWORD j, P k),        \
      (a, b, c, d, e, f, g, h, i, j, k))                                                                 \
    X(CopySid, BOOL, WINAPI, FK_ZERO, (DWORD a, P b, P c), (a, b, c))                                    \
    X(GetAce, BOOL, WINAPI, FK_ZERO, (P a, DWORD b, P c), (a, b, c))

/* Indexes into g_hooks. */
#define AS_ENUM(name, ...) H_##name,
#define AS_ENUMV(name, ...) H_##name,
#define AS_ENUMW(name, ...) H_##name,
enum { HOOK_LIST(AS_ENUM, AS_ENUMV, AS_ENUMW) H_COUNT };

/* A function that returns: fails when a rule says so. */
#define AS_REPLACEMENT(name, ret, cc, fk, params, args)                                                  \
    static ret cc hk_##name params                                                                       \
    {                                                                                                    \
        struct icall ic_;                                                                                \
        ret rv_;                                                                                         \
        if (icall_enter(H_##name, &ic_))                                                                 \
            return (ret)icall_fail(&ic_);                                                                \
        rv_ = ((ret(cc *) params)g_hooks[H_##name].real) args;                                           \
        icall_leave(&ic_, (uintptr_t)rv_);                                                               \
        return rv_;                                                                                      \
    }
/* A void function: never fails, recorded only. */
#define AS_REPLACEMENTV(name, cc, params, args)                                                          \
    static void cc hk_##name params                                                                      \
    {                                                                                                    \
        struct icall ic_;                                                                                \
        icall_enter(H_##name, &ic_);                                                                     \
        ((void(cc *) params)g_hooks[H_##name].real) args;                                                \
        icall_leave(&ic_, 0);                                                                            \
    }
/* A wait: fails when a rule says so; inside the DLL's attach, one that
 * would block is said first (attach_blocked), then made. */
#define AS_REPLACEMENTW(name, params, args, args0, timeout)                                              \
    static DWORD WINAPI hk_##name params                                                                 \
    {                                                                                                    \
        struct icall ic_;                                                                                \
        DWORD rv_ = WAIT_TIMEOUT;                                                                        \
        if (icall_enter(H_##name, &ic_))                                                                 \
            return (DWORD)icall_fail(&ic_);                                                              \
        int watched_ = attach_watching(timeout);                                                         \
        if (watched_)                                                                                    \
            rv_ = ((DWORD(WINAPI *) params)g_hooks[H_##name].real) args0;                                \
        if (!watched_ || rv_ == WAIT_TIMEOUT) {                                                          \
            if (watched_)                                                                                \
                attach_blocked(#name);                                                                   \
            rv_ = ((DWORD(WINAPI *) params)g_hooks[H_##name].real) args;                                 \
        }                                                                                                \
        icall_leave(&ic_, (uintptr_t)rv_);                                                               \
        return rv_;                                                                                      \
    }
HOOK_LIST(AS_REPLACEMENT, AS_REPLACEMENTV, AS_REPLACEMENTW)

#define AS_ENTRY(name, ret, cc, fk, ...) {#name, fk, (void *)hk_##name, NULL},
#define AS_ENTRYV(name, ...) {#name, FK_NONE, (void *)hk_##name, NULL},
#define AS_ENTRYW(name, ...) {#name, FK_WAIT, (void *)hk_##name, NULL},
struct hook g_hooks[] = {HOOK_LIST(AS_ENTRY, AS_ENTRYV, AS_ENTRYW)};
const unsigned g_nhooks = H_COUNT;

/* Windows' numbers in words (win32_words.h): the codes a DLL of this
 * pattern makes the harness see, from winerror.h and ntstatus.h. */
#include "win32_words.h"

#include <stddef.h>

static const struct { unsigned long code; const char *name, *meaning; } errors[] = {
    { 0, "ERROR_SUCCESS", "no error" },
    { 2, "ERROR_FILE_NOT_FOUND", "the file (or named object) does not exist" },
    { 3, "ERROR_PATH_NOT_FOUND", "a directory of the path does not exist" },
    { 5, "ERROR_ACCESS_DENIED", "access denied (the object's security refuses this process)" },
    { 6, "ERROR_INVALID_HANDLE", "an invalid handle" },
    { 8, "ERROR_NOT_ENOUGH_MEMORY", "not enough memory" },
    { 13, "ERROR_INVALID_DATA", "the data is invalid (a block whose header is not this layout's)" },
    { 14, "ERROR_OUTOFMEMORY", "not enough memory" },
    { 87, "ERROR_INVALID_PARAMETER", "an invalid parameter" },
    { 122, "ERROR_INSUFFICIENT_BUFFER", "the buffer is too small" },
    { 126, "ERROR_MOD_NOT_FOUND", "the DLL, or a DLL it imports, was not found" },
    { 127, "ERROR_PROC_NOT_FOUND", "a function the DLL imports (or looks up) is missing" },
    { 183, "ERROR_ALREADY_EXISTS", "the name exists already" },
    { 193, "ERROR_BAD_EXE_FORMAT", "not a valid Windows program or DLL for this process" },
    { 216, "ERROR_EXE_MACHINE_TYPE_MISMATCH", "built for another machine than this process's" },
    { 258, "WAIT_TIMEOUT", "the wait timed out" },
    { 487, "ERROR_INVALID_ADDRESS", "an invalid address" },
    { 998, "ERROR_NOACCESS", "invalid access to memory (DllMain touched memory it may not)" },
    { 1114, "ERROR_DLL_INIT_FAILED", "the DLL's DllMain returned FALSE for DLL_PROCESS_ATTACH" },
    { 1157, "ERROR_DLL_NOT_FOUND", "a DLL it needs was not found" },
    { 1307, "ERROR_INVALID_OWNER", "this security ID may not be the owner of the object" },
    { 1338, "ERROR_INVALID_SECURITY_DESCR", "the security descriptor is not valid" },
    { 1359, "ERROR_INTERNAL_ERROR", "an internal error (under Wine: a process it could not start)" },
    { 6, NULL, NULL },
};

static const struct { unsigned long code; const char *name; } exceptions[] = {
    { 0xc0000005UL, "access violation" },
    { 0xc00000fdUL, "stack overflow" },
    { 0xc0000374UL, "heap corruption" },
    { 0xc0000409UL, "stack buffer overrun (fail-fast)" },
    { 0xc000001dUL, "illegal instruction" },
    { 0xc0000094UL, "integer division by zero" },
    { 0xc0000096UL, "privileged instruction" },
    { 0xc0000006UL, "in-page error (a mapped file's page could not be read)" },
    { 0x80000003UL, "breakpoint" },
    { 0xc0000008UL, "invalid handle" },
    { 0xe06d7363UL, "C++ exception not caught" },
    { 0x40000015UL, "abort() (fatal application exit)" },
};

static size_t error_index(unsigned long code)
{
    for (size_t i = 0; errors[i].name; i++)
        if (errors[i].code == code) return i;
    return (size_t)-1;
}

const char *win32_error_name(unsigned long code)
{
    size_t i = error_index(code);
    return i == (size_t)-1 ? NULL : errors[i].name;
}

const char *win32_error_meaning(unsigned long code)
{
    size_t i = error_index(code);
    return i == (size_t)-1 ? NULL : errors[i].meaning;
}

const char *exception_name(unsigned long code)
{
    for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
        if (exceptions[i].code == code) return exceptions[i].name;
    return NULL;
}

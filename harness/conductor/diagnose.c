#include "diagnose.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIGNATURES "VOID __cdecl SetSharedMem(LPWSTR) and VOID __cdecl GetSharedMem(LPWSTR, DWORD)"

enum found { FOUND, DECORATED, MANGLED, MISCASED, MISSING };

/* _SetSharedMem@4, SetSharedMem@4: __stdcall's decoration. */
static int decorated(const char *e, const char *want)
{
    size_t w = strlen(want);
    if (*e == '_') e++;
    if (strncmp(e, want, w) || e[w] != '@' || !isdigit((unsigned char)e[w + 1])) return 0;
    for (e += w + 1; *e; e++) if (!isdigit((unsigned char)*e)) return 0;
    return 1;
}

/* ?SetSharedMem@@YAXPA_W@Z (Visual C++), _Z12SetSharedMemPw (GCC, Clang). */
static int mangled(const char *e, const char *want)
{
    size_t w = strlen(want);
    if (e[0] == '?' && !strncmp(e + 1, want, w) && e[w + 1] == '@') return 1;
    if (e[0] == '_' && e[1] == '_') e++;
    if (e[0] != '_' || e[1] != 'Z') return 0;
    char num[24];   /* a size_t's digits */
    snprintf(num, sizeof num, "%zu", w);
    const char *p = strstr(e, num);
    return p && !strncmp(p + strlen(num), want, w);
}

static int same_ignoring_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

static enum found look_up(char *const *names, size_t n, const char *want, const char **as)
{
    enum found best = MISSING;
    for (size_t i = 0; i < n; i++) {
        enum found f = !strcmp(names[i], want) ? FOUND : decorated(names[i], want) ? DECORATED
                     : mangled(names[i], want) ? MANGLED : same_ignoring_case(names[i], want) ? MISCASED : MISSING;
        if (f < best) { best = f; *as = names[i]; }
    }
    return best;
}

char *diagnose_exports(char *const *names, size_t n, const char *set_name, const char *get_name)
{
    const char *const want[2] = { set_name, get_name };
    const char *as[2] = { NULL, NULL };
    enum found f[2];
    for (int i = 0; i < 2; i++) f[i] = look_up(names, n, want[i], &as[i]);
    if (f[0] == FOUND && f[1] == FOUND) return NULL;
    struct sb sb;
    sb_init(&sb);
    /* What it exports instead, in the words of its own table. */
    int shown = 0;
    for (int i = 0; i < 2; i++)
        if (f[i] != FOUND && f[i] != MISSING) sb_printf(&sb, "%s%s", shown++ ? " and " : "exports ", as[i]);
    if (shown) sb_printf(&sb, ", not %s: ", f[0] != FOUND && f[1] != FOUND ? "SetSharedMem and GetSharedMem"
                                             : f[0] != FOUND ? "SetSharedMem" : "GetSharedMem");
    if (f[0] == DECORATED || f[1] == DECORATED)
        sb_puts(&sb, "the names carry __stdcall's decoration (@N: the bytes of arguments), and "
                     "GetProcAddress(\"SetSharedMem\") does not find them. The pattern's functions are "
                     "__cdecl with plain names: declare them extern \"C\" __declspec(dllexport) " SIGNATURES
                     " (no WINAPI or __stdcall), or export the plain names from a .def file "
                     "(EXPORTS SetSharedMem GetSharedMem) and make the functions __cdecl");
    else if (f[0] == MANGLED || f[1] == MANGLED)
        sb_puts(&sb, "C++-mangled names (compiled as C++ without extern \"C\"), which "
                     "GetProcAddress(\"SetSharedMem\") does not find: declare both functions extern \"C\", e.g. "
                     "extern \"C\" __declspec(dllexport) VOID __cdecl SetSharedMem(LPWSTR);");
    else if (f[0] == MISCASED || f[1] == MISCASED)
        sb_puts(&sb, "export names are case-sensitive: name them exactly SetSharedMem and GetSharedMem");
    else {
        if (f[0] == FOUND || f[1] == FOUND)
            sb_printf(&sb, "exports %s but not %s", f[0] == FOUND ? want[0] : want[1], f[0] == FOUND ? want[1] : want[0]);
        else if (!n) sb_puts(&sb, "exports nothing (no export table)");
        else {
            sb_printf(&sb, "exports neither %s nor %s; it exports ", want[0], want[1]);
            for (size_t i = 0; i < n && i < 12; i++) sb_printf(&sb, "%s%s", i ? ", " : "", names[i]);
            if (n > 12) sb_printf(&sb, " (%lu in all)", (unsigned long)n);
        }
        sb_puts(&sb, ". The pattern needs both, with these names: " SIGNATURES
                     ", exported with __declspec(dllexport) or a .def file");
        if (n >= 2 && f[0] == MISSING && f[1] == MISSING)
            sb_puts(&sb, "; or, if two of its exports are Set and Get under other names, judge it by them: "
                         "--exports SET,GET");
    }
    return sb_steal(&sb);
}

char *diagnose_load_error(unsigned long code)
{
    const char *what;
    switch (code) {
    case 1114: what = "ERROR_DLL_INIT_FAILED: its DllMain returned FALSE for DLL_PROCESS_ATTACH, in a fresh process "
                      "with nothing else running (in the pattern: when CreateFileMapping or MapViewOfFile fails); "
                      "find which call fails there"; break;
    case 126: what = "ERROR_MOD_NOT_FOUND: the DLL, or a DLL it imports, was not found: often a compiler's runtime "
                     "(libgcc_s_*.dll, libwinpthread-1.dll, libstdc++-6.dll, VCRUNTIME140.dll); link it statically "
                     "(MinGW: -static-libgcc -static) or put it beside the DLL"; break;
    case 127: what = "ERROR_PROC_NOT_FOUND: a function the DLL imports is missing from a system DLL (built for a "
                     "newer Windows than this one?)"; break;
    case 193: what = "ERROR_BAD_EXE_FORMAT: not a valid Windows DLL for this process"; break;
    case 216: what = "ERROR_EXE_MACHINE_TYPE_MISMATCH: built for another machine than this process's"; break;
    case 998: what = "ERROR_NOACCESS: its DllMain crashed (an invalid memory access while it loaded, which the "
                     "loader caught)"; break;
    case 1157: what = "ERROR_DLL_NOT_FOUND: a DLL it needs was not found"; break;
    default: return xasprintf("LoadLibrary failed with Win32 error %lu", code);
    }
    return xasprintf("LoadLibrary failed with Win32 error %lu, %s", code, what);
}

int diagnose_is_system_dll(const char *name)
{
    static const char *const own[] = {
        "kernel32", "kernelbase", "ntdll", "user32", "gdi32", "advapi32", "msvcrt", "ucrtbase", "shell32",
        "ole32", "oleaut32", "ws2_32", "shlwapi", "comctl32", "comdlg32", "version", "winmm", "rpcrt4",
        "secur32", "crypt32", "bcrypt", "psapi", "dbghelp", "setupapi", "iphlpapi", "userenv", "wininet",
        "winhttp", "imm32", "uxtheme", "dwmapi", "msvcp60", "mswsock", "wtsapi32", "netapi32", NULL };
    char low[64];
    size_t n = 0;
    for (; name[n] && n < sizeof low - 1; n++) low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    if (!strncmp(low, "api-ms-win-", 11) || !strncmp(low, "ext-ms-win-", 11)) return 1;
    if (n > 4 && !strcmp(low + n - 4, ".dll")) low[n - 4] = '\0';
    for (int i = 0; own[i]; i++) if (!strcmp(low, own[i])) return 1;
    return 0;
}

char *diagnose_convention(long set_popped, long get_popped)
{
    if (!set_popped && !get_popped) return NULL;
    return xasprintf("SetSharedMem and GetSharedMem are __stdcall, not __cdecl: measured around a call, the "
                     "functions popped their own arguments (%ld and %ld bytes), and a caller of the documented "
                     "__cdecl functions pops them again, leaving its stack off after every call (a crash or a "
                     "wrong value later). Declare them " SIGNATURES " (no WINAPI, CALLBACK or __stdcall)",
                     set_popped, get_popped);
}

char *diagnose_width(const unsigned *wide, const unsigned *narrow, size_t n)
{
    if (n < 2) return NULL;
    /* UTF-16 "ab" comes back as 'a' and its NUL byte, one unit 0x0061 with
     * no terminator; the bytes "ab" come back as one unit 0x6261. */
    int eight = wide[0] == 0x0061 && wide[1] != 0x0062 && narrow[0] == 0x6261 && narrow[1] != 0;
    if (!eight) return NULL;
    return xasprintf("this DLL stores 8-bit strings (char*); the pattern is UTF-16 (LPWSTR): L\"ab\" read back as "
                     "0x%04x 0x%04x, the bytes \"ab\" as one unit 0x%04x. Declare " SIGNATURES
                     " and copy WCHARs (wcslen, lstrcpynW), not bytes; or, if it is an 8-bit variant on purpose, "
                     "judge it as one: --strings ansi", wide[0], wide[1], narrow[0]);
}

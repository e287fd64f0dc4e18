/*
 * agent.c - the Windows agent: one process of a scenario, driven line by
 * line over stdin/stdout by the conductor (harness/PROTOCOL.md).
 *
 *   agent.exe --dll PATH [--no-load] [--tag NAME]
 *   agent.exe --version      prints "dllshm-agent <x64|x86>" and exits 0
 *
 * Start-up, the crash filter, the command loop and its table live here; the
 * commands themselves in dll.c (the DLL) and stress.c (the loops).
 */
#include "agent.h"
#include "commands.h"
#include "utf.h"
#include "interpose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- crashes: one line, then die with the exception code ---- */

/* Formats without the C runtime: the heap may be what broke. */
static char *put_hex(char *p, uint64_t v, int min_digits)
{
    char tmp[16];
    int n = 0;

    do {
        tmp[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v || n < min_digits);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_str(char *p, const char *s, size_t max)
{
    while (*s && max--)
        *p++ = *s++;
    return p;
}

/* The export of MODULE whose address is the highest at or below RVA: the
 * function the crash is in, or just after (a static helper has no name).
 * Read from the loaded image's own headers; NULL when there is none. */
static const char *nearest_export(const unsigned char *base, DWORD rva)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    if (!dir->VirtualAddress || !dir->Size)
        return NULL;
    const IMAGE_EXPORT_DIRECTORY *ex = (const IMAGE_EXPORT_DIRECTORY *)(base + dir->VirtualAddress);
    const DWORD *funcs = (const DWORD *)(base + ex->AddressOfFunctions);
    const DWORD *names = (const DWORD *)(base + ex->AddressOfNames);
    const WORD *ords = (const WORD *)(base + ex->AddressOfNameOrdinals);
    const char *best = NULL;
    DWORD best_rva = 0;
    for (DWORD i = 0; i < ex->NumberOfNames; i++) {
        DWORD f = funcs[ords[i]];
        if (f <= rva && f >= best_rva) {
            best_rva = f;
            best = (const char *)(base + names[i]);
        }
    }
    return best;
}

/* " module=NAME offset=0xN [export=NAME]" of the address, when a module
 * holds it: which file and where, in words its author can look up. */
static char *put_location(char *p, const void *address)
{
    HMODULE m = NULL;
    char path[MAX_PATH];
    if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCSTR)address, &m) || !GetModuleFileNameA(m, path, sizeof path))
        return p;
    const char *name = path;
    for (const char *c = path; *c; c++)
        if (*c == '\\' || *c == '/')
            name = c + 1;
    DWORD rva = (DWORD)((uintptr_t)address - (uintptr_t)m);
    p = put_str(p, " module=", 8);
    p = put_str(p, name, 64);
    p = put_str(p, " offset=0x", 10);
    p = put_hex(p, rva, 1);
    const char *ex = nearest_export((const unsigned char *)m, rva);
    if (ex) {
        p = put_str(p, " export=", 8);
        p = put_str(p, ex, 64);
    }
    return p;
}

static LONG WINAPI crash_filter(EXCEPTION_POINTERS *ep)
{
    const EXCEPTION_RECORD *er = ep->ExceptionRecord;
    DWORD code = er->ExceptionCode;
    char line[400], *p = line;

    p = put_str(p, "crash code=0x", 13);
    p = put_hex(p, code, 8);
    p = put_str(p, " address=0x", 11);
    p = put_hex(p, (uintptr_t)er->ExceptionAddress, 1);
    p = put_location(p, er->ExceptionAddress);
    if (code == EXCEPTION_ACCESS_VIOLATION && er->NumberParameters >= 2) {
        ULONG_PTR how = er->ExceptionInformation[0];
        p = put_str(p, how == 0 ? " access=read" : how == 8 ? " access=execute" : " access=write", 16);
        p = put_str(p, " target=0x", 10);
        p = put_hex(p, er->ExceptionInformation[1], 1);
        /* Within the page after the caller's string: a read past its end. */
        uintptr_t guard = (uintptr_t)g_source_guard, at = er->ExceptionInformation[1];
        if (guard && at >= guard && at - guard < 65536)
            p = put_str(p, " guard=source", 13);
    }
    *p++ = '\n';
    write_stdout(line, (size_t)(p - line));
    TerminateProcess(GetCurrentProcess(), code);
    return EXCEPTION_EXECUTE_HANDLER; /* not reached */
}

/* ---- the commands that do not touch the DLL ---- */

static void cmd_sleep(char *args)
{
    uint32_t ms;

    if (parse_u32(args, 3600000u, &ms) != 0) {
        reply("error usage sleep MS");
        return;
    }
    Sleep(ms);
    reply("ok");
}

static void cmd_crash(char *args)
{
    (void)args;
    *(volatile int *)(uintptr_t)0 = 0;
    reply("error crash did not crash"); /* only if writing to NULL worked */
}

static void cmd_exit(char *args)
{
    uint32_t code = 0;

    if (*args && parse_u32(args, UINT32_MAX, &code) != 0) {
        reply("error usage exit [CODE]");
        return;
    }
    reply("ok");
    ExitProcess(code);
}

/* ---- the command table ---- */

struct command {
    const char *name;
    int needs_dll; /* replies `error not-loaded` when no DLL is loaded */
    command_fn fn;
};

/* Every command of harness/common/commands.h, each run by its cmd_<id>. */
#define AGENT_COMMAND(id, name, level, needs, scn, cost) {name, needs, cmd_##id},
static const struct command commands[] = { DLLSHM_COMMANDS(AGENT_COMMAND) };

static void dispatch(char *line)
{
    char *args = strchr(line, ' ');

    if (args)
        *args++ = 0;
    else
        args = line + strlen(line);
    if (!*line) {
        reply("error usage empty command");
        return;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(line, commands[i].name) != 0)
            continue;
        if (commands[i].needs_dll && !g_dut.module)
            reply("error not-loaded");
        else
            commands[i].fn(args);
        return;
    }
    /* Only printable ASCII of the word, so the reply stays one clean line. */
    for (char *p = line; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
            *p = '?';
    reply("error unknown %s", line);
}

/* ---- start-up ---- */

static int usage(void)
{
    fputs("usage: agent.exe --dll PATH [--no-load] [--tag NAME] [--record] [--watch-waits]\n"
          "                 [--strings ansi|utf16] [--exports SET,GET]\n"
          "                 [--fault F:NTH:CODE] [--delay F:before|after:MS[:NTH]] [--pause F:before|after[:NTH]]\n"
          "       agent.exe --version\n",
          stderr);
    return 2;
}

static char *wide_to_utf8(const WCHAR *w)
{
    char *s = utf16_to_utf8(w, wcslen(w), NULL);
    return s ? s : (char *)"?";
}

int wmain(int argc, WCHAR **argv)
{
    int no_load = 0;
    DWORD err = 0;
    const char *missing = NULL;
    char why[200];
    int rc;

    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    SetUnhandledExceptionFilter(crash_filter);
    io_init();
    /* The DLL's temporary files (GetTempPath) go in the working directory,
     * the run's private one: nothing one scenario's DLL leaves behind there
     * reaches the next (an explored program replays from a clean slate). */
    WCHAR here[MAX_PATH];
    DWORD n = GetCurrentDirectoryW(MAX_PATH, here);
    if (n && n < MAX_PATH) {
        SetEnvironmentVariableW(L"TEMP", here);
        SetEnvironmentVariableW(L"TMP", here);
    }

    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"--version") == 0) {
            reply("dllshm-agent " AGENT_ARCH);
            return 0;
        } else if (wcscmp(argv[i], L"--dll") == 0 && i + 1 < argc) {
            g_dll_path = argv[++i];
        } else if (wcscmp(argv[i], L"--tag") == 0 && i + 1 < argc) {
            g_tag = wide_to_utf8(argv[++i]);
        } else if (wcscmp(argv[i], L"--no-load") == 0) {
            no_load = 1;
        } else if (wcscmp(argv[i], L"--strings") == 0 && i + 1 < argc) {
            /* A declared variant: 8-bit strings (char*), or UTF-16 (LPWSTR). */
            if (wcscmp(argv[i + 1], L"ansi") && wcscmp(argv[i + 1], L"utf16"))
                return usage();
            g_ansi = wcscmp(argv[++i], L"ansi") == 0;
        } else if (wcscmp(argv[i], L"--exports") == 0 && i + 1 < argc) {
            if (dut_exports(wide_to_utf8(argv[++i])) != 0)
                return usage();
        } else if ((rc = interpose_option(argv[i], i + 1 < argc ? argv[i + 1] : NULL)) != 0) {
            if (rc < 0)
                return 2;
            i += rc == 1;
        } else {
            return usage();
        }
    }
    if (!g_dll_path && !no_load)
        return usage();
    if (rules_check_imports(g_dll_path, why, sizeof(why))) {
        diag("%s", why); /* a rule that could never fire */
        return 2;
    }
    /* Before anything of the DLL's runs: a process that ends without this
     * line never reached the agent (Wine failed to start it). */
    reply("started pid=%lu arch=" AGENT_ARCH, (unsigned long)GetCurrentProcessId());

    if (!no_load) {
        err = dut_load(g_dll_path, &missing);
        if (missing)
            diag("%s: missing export %s", wide_to_utf8(g_dll_path), missing);
        else if (err)
            diag("%s: LoadLibraryW failed (error %lu)", wide_to_utf8(g_dll_path), (unsigned long)err);
    }
    if (g_dut.module)
        reply("ready pid=%lu arch=" AGENT_ARCH " loaded=1 attach_waits=%ld", (unsigned long)GetCurrentProcessId(),
              attach_waits_taken());
    else if (err && interpose_load_exception()) /* DllMain crashed; the loader caught it */
        reply("ready pid=%lu arch=" AGENT_ARCH " loaded=0 error=%lu exception=0x%08lx",
              (unsigned long)GetCurrentProcessId(), (unsigned long)err, (unsigned long)interpose_load_exception());
    else if (err)
        reply("ready pid=%lu arch=" AGENT_ARCH " loaded=0 error=%lu", (unsigned long)GetCurrentProcessId(),
              (unsigned long)err);
    else
        reply("ready pid=%lu arch=" AGENT_ARCH " loaded=0", (unsigned long)GetCurrentProcessId());

    for (char *line; (line = read_line()) != NULL;)
        dispatch(line);
    return 0; /* stdin closed: exit 0 without a reply */
}

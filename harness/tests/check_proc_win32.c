/* The Win32 process layer (harness/proc/proc_win32.c) in a Windows process,
 * run under Wine by harness/tests/proc-win32.test: what the conformance run
 * relies on, checked where a run of the suite would meet it only by chance.
 *   check-proc.exe            the checks; "ok: ..." or "FAIL: ..." lines, exit 1 on a failure
 *   check-proc.exe --child    echo stdin to stdout until EOF
 *   check-proc.exe --env NAME print NAME's value, or "(unset)"
 *   check-proc.exe --console  "console" or "no console"
 *   check-proc.exe --grandchild   start `--console` as a plain CreateProcess
 *                             does (the sample's parent), print what it said */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what, const char *why)
{
    if (ok) printf("ok: %s\n", what);
    else { printf("FAIL: %s: %s\n", what, why); failures++; }
}

static int child_echo(void)
{
    char buf[256];
    while (fgets(buf, sizeof buf, stdin)) { fputs(buf, stdout); fflush(stdout); }
    return 0;
}

static int child_env(const char *name)
{
    const char *v = getenv(name);
    printf("%s\n", v ? v : "(unset)");
    return 0;
}

static int child_console(void)
{
    puts(GetConsoleWindow() || GetConsoleCP() ? "console" : "no console");
    return 0;
}

/* As the sample's parent.exe starts its child: inherited handles, no
 * flags, the child's output where this process's console has it. */
static int child_grandchild(const char *self)
{
    wchar_t cmd[MAX_PATH + 32];
    STARTUPINFOW si = { sizeof si };
    PROCESS_INFORMATION pi;
    swprintf(cmd, sizeof cmd / sizeof cmd[0], L"\"%hs\" --console", self);
    fflush(stdout);
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) return 1;
    WaitForSingleObject(pi.hProcess, 20000);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return 0;
}

/* The first line a child prints, or "" (static buffer). */
static const char *first_line(const struct proc_opts *o)
{
    static char line[256];
    char *out = NULL;
    line[0] = 0;
    if (proc_run(o, &out, 20000) == 0 && out) {
        snprintf(line, sizeof line, "%s", out);
        line[strcspn(line, "\n")] = 0;
    }
    free(out);
    return line;
}

/* A file the conductor has open (msvcrt opens files inheritable) when a
 * child starts must not end up in that child: it could then be neither run
 * nor deleted while the child lives (a run step's parent.exe). */
static void check_no_stray_inheritance(const char *self)
{
    const char *argv[] = { self, "--child", NULL };
    struct proc_opts o = { .argv = argv };
    char err[512], why[600];
    FILE *f = fopen("check-proc-inherit.tmp", "wb");
    if (!f) { check(0, "a file open at a spawn stays the conductor's", "cannot create check-proc-inherit.tmp"); return; }
    fputs("x", f);
    proc_t *c = proc_spawn(&o, err, sizeof err);
    fclose(f);
    BOOL gone = DeleteFileA("check-proc-inherit.tmp");
    snprintf(why, sizeof why, "DeleteFile: error %lu while a child started meanwhile runs (it inherited the file)",
             gone ? 0 : GetLastError());
    check(c && gone, "a file open at a spawn stays the conductor's", c ? why : err);
    proc_free(c);
    if (!gone) DeleteFileA("check-proc-inherit.tmp");
}

/* Lines both ways, and EOF once stdin is closed, with a second child
 * running that must hold none of the first one's pipe ends. */
static void check_pipes(const char *self)
{
    const char *argv[] = { self, "--child", NULL };
    struct proc_opts o = { .argv = argv };
    char err[512];
    proc_t *a = proc_spawn(&o, err, sizeof err);
    proc_t *b = proc_spawn(&o, err, sizeof err);
    if (!a || !b) { check(0, "two children start", err); proc_free(a); proc_free(b); return; }
    const char *line = "";
    int r = proc_write(a, "hello\n", 6) ? PROC_ERROR : proc_read_line(a, &line, proc_now_ms() + 20000);
    check(r == PROC_LINE && !strcmp(line, "hello"), "a line written is echoed back", "no echo");
    proc_close_stdin(a);
    r = proc_read_line(a, &line, proc_now_ms() + 20000);
    int code = -1;
    int waited = proc_wait(a, proc_now_ms() + 20000, &code);
    check(r == PROC_EOF && waited == 0 && code == 0, "closing stdin ends the child, EOF on its stdout",
          "no EOF or no exit: another process holds its pipe");
    proc_free(a);
    proc_free(b);
}

/* Environment additions reach the child; "NAME=" removes. */
static void check_env(const char *self)
{
    const char *argv[] = { self, "--env", "DLLSHM_CHECK_PROC", NULL };
    const char *set[] = { "DLLSHM_CHECK_PROC=one two", NULL }, *unset[] = { "DLLSHM_CHECK_PROC=", NULL };
    struct proc_opts o = { .argv = argv, .env = set, .merge_stderr = 1 };
    check(!strcmp(first_line(&o), "one two"), "an environment addition reaches the child", "not set in the child");
    SetEnvironmentVariableA("DLLSHM_CHECK_PROC", "inherited");
    o.env = unset;
    check(!strcmp(first_line(&o), "(unset)"), "NAME= removes a variable from the child's environment",
          "still set in the child");
}

/* An agent gets no console (a console is one more process per start,
 * conhost.exe); a run step's program gets a hidden one, which a console
 * program it starts shares: the sample's child prints there. */
static void check_console(const char *self)
{
    const char *argv[] = { self, "--console", NULL }, *gc[] = { self, "--grandchild", NULL };
    struct proc_opts o = { .argv = argv };
    const char *line = first_line(&o);
    check(!strcmp(line, "no console"), "a child is started without a console", line);
    o.console = 1;
    line = first_line(&o);
    check(!strcmp(line, "console"), "a child that asks for a console has one", line);
    o.argv = gc;
    line = first_line(&o);
    check(!strcmp(line, "console"), "a console program that child starts writes to the same output", *line ? line : "(nothing)");
}

static void check_missing_program(void)
{
    const char *argv[] = { "no-such-program-dllshm.exe", NULL };
    struct proc_opts o = { .argv = argv };
    char err[512] = "";
    proc_t *p = proc_spawn(&o, err, sizeof err);
    check(!p && strstr(err, "no-such-program-dllshm.exe"), "a program that cannot start is an error naming it", err);
    proc_free(p);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--child")) return child_echo();
    if (argc > 2 && !strcmp(argv[1], "--env")) return child_env(argv[2]);
    if (argc > 1 && !strcmp(argv[1], "--console")) return child_console();
    if (argc > 1 && !strcmp(argv[1], "--grandchild")) {
        char *self = proc_self_exe();
        return self ? child_grandchild(self) : 1;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    char *self = proc_self_exe();
    if (!self) { printf("FAIL: proc_self_exe\n"); return 1; }
    check_no_stray_inheritance(self);
    check_pipes(self);
    check_env(self);
    check_console(self);
    check_missing_program();
    free(self);
    printf("%d failed\n", failures);
    return failures ? 1 : 0;
}

/* The process layer on Windows: CreateProcessW with anonymous pipes, a
 * reader thread per process (anonymous pipes cannot be overlapped, so
 * reads with a deadline wait on a condition variable the thread signals),
 * stderr into a delete-on-close temp file, TerminateProcess.  A child
 * inherits its three standard handles and nothing else (a handle list):
 * otherwise it would also get every inheritable handle the conductor has
 * open at that instant, in any thread (other agents' pipe ends, their
 * stderr files, a file msvcrt's fopen is writing), and keep them for its
 * whole life.  A child has no console (DETACHED_PROCESS) unless it asks
 * for one: its handles are the pipes, and a console, even a hidden one
 * (CREATE_NO_WINDOW), is one more process per child (conhost.exe, under
 * Wine as on Windows), which tripled the CPU of an agent's start under
 * Wine. */
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include "proc.h"
#include "utf.h"

#include <stdio.h>
#include <io.h>
#include <direct.h>
#include <stdlib.h>
#include <string.h>

struct proc {
    HANDLE process, in, err, reader;
    DWORD pid;
    CRITICAL_SECTION cs;
    CONDITION_VARIABLE cv;
    HANDLE out;              /* owned by the reader thread */
    char *buf;               /* guarded by cs */
    size_t len, cap, consumed;
    int eof;                 /* guarded by cs */
    char *line;              /* the last line returned */
    int exited, code;
    uint64_t exit_seen_ms;
};

uint64_t proc_now_ms(void) { return GetTickCount64(); }
void proc_sleep_ms(unsigned ms) { Sleep(ms); }

/* UTF-8 <-> UTF-16 by harness/common/utf.c, the agent's own; NULL only out
 * of memory ("" for what is not UTF-8). */
static wchar_t *proc_to_wide(const char *s)
{
    wchar_t *w = utf8_to_utf16(s, NULL);
    if (!w && (w = malloc(sizeof *w))) w[0] = 0;
    return w;
}

static char *proc_to_utf8(const wchar_t *w)
{
    return utf16_to_utf8(w, wcslen(w), NULL);
}

/* argv -> one command line, quoted as CommandLineToArgvW parses it. */
static wchar_t *build_cmdline(const char *const *argv)
{
    size_t cap = 64, len = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
#define PUT(c) do { if (len + 2 > cap) { cap *= 2; char *ns = realloc(s, cap); if (!ns) { free(s); return NULL; } s = ns; } s[len++] = (c); } while (0)
    for (int i = 0; argv[i]; i++) {
        const char *a = argv[i];
        if (i) PUT(' ');
        if (*a && !strpbrk(a, " \t\"")) { while (*a) PUT(*a++); continue; }
        PUT('"');
        for (;;) {
            size_t bs = 0;
            while (*a == '\\') { bs++; a++; }
            if (!*a) { for (size_t k = 0; k < 2 * bs; k++) PUT('\\'); break; }
            if (*a == '"') { for (size_t k = 0; k < 2 * bs + 1; k++) PUT('\\'); PUT('"'); }
            else { for (size_t k = 0; k < bs; k++) PUT('\\'); PUT(*a); }
            a++;
        }
        PUT('"');
    }
    s[len] = 0;
#undef PUT
    wchar_t *w = proc_to_wide(s);
    free(s);
    return w;
}

/* The conductor's environment with the additions applied ("NAME=" removes). */
static wchar_t *build_env(const char *const *add)
{
    wchar_t *cur = GetEnvironmentStringsW();
    size_t m = 0, total = 1;
    while (add && add[m]) m++;
    wchar_t **wadd = calloc(m + 1, sizeof *wadd);
    for (size_t j = 0; j < m; j++) { wadd[j] = proc_to_wide(add[j]); total += wcslen(wadd[j]) + 1; }
    for (wchar_t *e = cur; *e; e += wcslen(e) + 1) total += wcslen(e) + 1;
    wchar_t *block = malloc(total * sizeof *block), *p = block;
    for (wchar_t *e = cur; *e; e += wcslen(e) + 1) {
        int replaced = 0;
        for (size_t j = 0; j < m; j++) {
            size_t kl = wcscspn(wadd[j], L"=");
            if (e[0] != L'=' && !_wcsnicmp(e, wadd[j], kl) && e[kl] == L'=') replaced = 1;
        }
        if (replaced) continue;
        wcscpy(p, e);
        p += wcslen(e) + 1;
    }
    for (size_t j = 0; j < m; j++) {
        if (wadd[j][wcscspn(wadd[j], L"=") + 1]) { wcscpy(p, wadd[j]); p += wcslen(wadd[j]) + 1; }
        free(wadd[j]);
    }
    *p = 0;
    free(wadd);
    FreeEnvironmentStringsW(cur);
    return block;
}

static DWORD WINAPI reader_main(void *arg)
{
    proc_t *p = arg;
    char chunk[8192];
    DWORD n;
    for (;;) {
        BOOL ok = ReadFile(p->out, chunk, sizeof chunk, &n, NULL);
        EnterCriticalSection(&p->cs);
        if (ok && n) {
            if (p->len + n + 1 > p->cap) {
                size_t cap = p->cap ? p->cap : 8192;
                while (p->len + n + 1 > cap) cap *= 2;
                char *b = realloc(p->buf, cap);
                if (b) { p->buf = b; p->cap = cap; }
            }
            if (p->len + n + 1 <= p->cap) { memcpy(p->buf + p->len, chunk, n); p->len += n; }
        } else if (!ok) p->eof = 1;
        WakeAllConditionVariable(&p->cv);
        int stop = p->eof;
        LeaveCriticalSection(&p->cs);
        if (stop) return 0;
    }
}

static HANDLE temp_file(void)
{
    wchar_t dir[MAX_PATH], path[MAX_PATH];
    if (!GetTempPathW(MAX_PATH, dir) || !GetTempFileNameW(dir, L"dsh", 0, path)) return INVALID_HANDLE_VALUE;
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       &sa, CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
}

/* An attribute list naming the handles the child may inherit, each once
 * (stdout and stderr are one pipe end when merged).  The list points into
 * h, which must outlive it.  NULL on failure. */
static LPPROC_THREAD_ATTRIBUTE_LIST inherit_only(HANDLE *h, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j;
        for (j = 0; j < k && h[j] != h[i]; j++) {}
        if (j == k) h[k++] = h[i];
    }
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    LPPROC_THREAD_ATTRIBUTE_LIST al = malloc(size);
    if (!al) return NULL;
    if (!InitializeProcThreadAttributeList(al, 1, 0, &size)) { free(al); return NULL; }
    if (!UpdateProcThreadAttribute(al, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, h, k * sizeof *h, NULL, NULL)) {
        DeleteProcThreadAttributeList(al);
        free(al);
        return NULL;
    }
    return al;
}

static void inherit_free(LPPROC_THREAD_ATTRIBUTE_LIST al)
{
    if (!al) return;
    DeleteProcThreadAttributeList(al);
    free(al);
}

proc_t *proc_spawn(const struct proc_opts *o, char *err, size_t errlen)
{
    proc_t *p = calloc(1, sizeof *p);
    if (!p) { snprintf(err, errlen, "out of memory"); return NULL; }
    SECURITY_ATTRIBUTES sa = { sizeof sa, NULL, TRUE };
    HANDLE in_r = NULL, out_w = NULL;
    wchar_t *cmd = build_cmdline(o->argv), *env = build_env(o->env);
    wchar_t *app = NULL;  /* the command line names it: PATH search, .exe added */
    wchar_t *cwd = o->cwd ? proc_to_wide(o->cwd) : NULL;
    LPPROC_THREAD_ATTRIBUTE_LIST al = NULL;
    p->err = INVALID_HANDLE_VALUE;
    if (!CreatePipe(&in_r, &p->in, &sa, 0) || !CreatePipe(&p->out, &out_w, &sa, 0)) {
        snprintf(err, errlen, "CreatePipe: error %lu", GetLastError());
        goto fail;
    }
    /* our ends are not inherited */
    SetHandleInformation(p->in, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(p->out, HANDLE_FLAG_INHERIT, 0);
    if (!o->merge_stderr && (p->err = temp_file()) == INVALID_HANDLE_VALUE) {
        snprintf(err, errlen, "temp file: error %lu", GetLastError());
        goto fail;
    }
    STARTUPINFOEXW si;
    memset(&si, 0, sizeof si);
    si.StartupInfo.cb = sizeof si;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = in_r;
    si.StartupInfo.hStdOutput = out_w;
    si.StartupInfo.hStdError = o->merge_stderr ? out_w : p->err;
    HANDLE std[3] = { si.StartupInfo.hStdInput, si.StartupInfo.hStdOutput, si.StartupInfo.hStdError };
    if (!(si.lpAttributeList = al = inherit_only(std, 3))) {
        snprintf(err, errlen, "handle list: error %lu", GetLastError());
        goto fail;
    }
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, cmd, NULL, NULL, TRUE, CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT
                                                   | (o->console ? CREATE_NO_WINDOW : DETACHED_PROCESS),
                        env, cwd, &si.StartupInfo, &pi)) {
        snprintf(err, errlen, "cannot run %s: CreateProcess error %lu", o->argv[0], GetLastError());
        goto fail;
    }
    inherit_free(al);
    CloseHandle(in_r);
    CloseHandle(out_w);
    CloseHandle(pi.hThread);
    p->process = pi.hProcess;
    p->pid = pi.dwProcessId;
    InitializeCriticalSection(&p->cs);
    InitializeConditionVariable(&p->cv);
    p->reader = CreateThread(NULL, 0, reader_main, p, 0, NULL);
    free(cmd); free(env); free(app); free(cwd);
    return p;
fail:
    inherit_free(al);
    if (in_r) CloseHandle(in_r);
    if (out_w) CloseHandle(out_w);
    if (p->in) CloseHandle(p->in);
    if (p->out) CloseHandle(p->out);
    if (p->err != INVALID_HANDLE_VALUE) CloseHandle(p->err);
    free(cmd); free(env); free(app); free(cwd); free(p);
    return NULL;
}

long proc_pid(const proc_t *p) { return (long)p->pid; }

static int reaped(proc_t *p)
{
    if (!p->exited && WaitForSingleObject(p->process, 0) == WAIT_OBJECT_0) {
        DWORD code = 0;
        GetExitCodeProcess(p->process, &code);
        p->exited = 1;
        p->code = (int)code;
        p->exit_seen_ms = proc_now_ms();
    }
    return p->exited;
}

/* A complete line from buf (cs held). */
static int take_line(proc_t *p, const char **line, int at_eof)
{
    char *nl = p->len > p->consumed ? memchr(p->buf + p->consumed, '\n', p->len - p->consumed) : NULL;
    size_t start = p->consumed, n;
    if (nl) n = (size_t)(nl - (p->buf + start));
    else if (at_eof && p->len > start) n = p->len - start;
    else return 0;
    p->consumed = start + n + (nl ? 1 : 0);
    free(p->line);
    p->line = malloc(n + 1);
    if (!p->line) return 0;
    memcpy(p->line, p->buf + start, n);
    if (n && p->line[n - 1] == '\r') n--;
    p->line[n] = 0;
    if (p->consumed == p->len) p->consumed = p->len = 0;
    *line = p->line;
    return 1;
}

int proc_read_line(proc_t *p, const char **line, uint64_t deadline_ms)
{
    EnterCriticalSection(&p->cs);
    for (;;) {
        /* After the process exited, give the reader 200 ms to reach EOF: a
         * grandchild may hold the pipe open forever. */
        int eof = p->eof || (p->exited && proc_now_ms() - p->exit_seen_ms > 200);
        if (take_line(p, line, eof)) { LeaveCriticalSection(&p->cs); return PROC_LINE; }
        if (eof) { LeaveCriticalSection(&p->cs); return PROC_EOF; }
        uint64_t now = proc_now_ms();
        if (now >= deadline_ms) { LeaveCriticalSection(&p->cs); return PROC_TIMEOUT; }
        uint64_t wait = deadline_ms - now > 50 ? 50 : deadline_ms - now;
        SleepConditionVariableCS(&p->cv, &p->cs, (DWORD)wait);
        reaped(p);
    }
}

int proc_write(proc_t *p, const char *buf, size_t len)
{
    while (len && p->in) {
        DWORD n;
        if (!WriteFile(p->in, buf, (DWORD)len, &n, NULL) || !n) return -1;
        buf += n;
        len -= n;
    }
    return len ? -1 : 0;
}

void proc_close_stdin(proc_t *p)
{
    if (p->in) CloseHandle(p->in);
    p->in = NULL;
}

void proc_kill(proc_t *p)
{
    if (!reaped(p)) TerminateProcess(p->process, 1);
}

int proc_wait(proc_t *p, uint64_t deadline_ms, int *code)
{
    while (!reaped(p)) {
        uint64_t now = proc_now_ms();
        if (now >= deadline_ms) return 1;
        WaitForSingleObject(p->process, (DWORD)(deadline_ms - now > 1000 ? 1000 : deadline_ms - now));
    }
    if (code) *code = p->code;
    return 0;
}

char *proc_stderr(proc_t *p)
{
    if (p->err == INVALID_HANDLE_VALUE) return _strdup("");
    LARGE_INTEGER size;
    if (!GetFileSizeEx(p->err, &size)) return _strdup("");
    DWORD n = size.QuadPart > 65536 ? 65536 : (DWORD)size.QuadPart, got = 0;
    char *s = malloc(n + 1);
    if (!s) return NULL;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);  /* offset 0, whatever the shared position */
    if (!ReadFile(p->err, s, n, &got, &ov)) got = 0;
    s[got] = 0;
    return s;
}

void proc_free(proc_t *p)
{
    if (!p) return;
    proc_close_stdin(p);
    if (!reaped(p)) { TerminateProcess(p->process, 1); proc_wait(p, UINT64_MAX, NULL); }
    if (WaitForSingleObject(p->reader, 500) != WAIT_OBJECT_0) {
        CancelSynchronousIo(p->reader);  /* a grandchild holds the pipe */
        WaitForSingleObject(p->reader, 500);
    }
    CloseHandle(p->reader);
    CloseHandle(p->out);
    CloseHandle(p->process);
    if (p->err != INVALID_HANDLE_VALUE) CloseHandle(p->err);
    DeleteCriticalSection(&p->cs);
    free(p->buf);
    free(p->line);
    free(p);
}

char *proc_temp_dir(const char *prefix)
{
    static LONG counter;
    wchar_t dir[MAX_PATH];
    if (!GetTempPathW(MAX_PATH, dir)) return NULL;
    char *base = proc_to_utf8(dir);
    if (!base) return NULL;
    for (int tries = 0; tries < 100; tries++) {
        char path[MAX_PATH * 3];
        snprintf(path, sizeof path, "%s%s-%lu-%ld", base, prefix, GetCurrentProcessId(), InterlockedIncrement(&counter));
        wchar_t *w = proc_to_wide(path);
        BOOL ok = w && CreateDirectoryW(w, NULL);
        free(w);
        if (ok) { free(base); return _strdup(path); }
    }
    free(base);
    return NULL;
}

int proc_host_windows(void) { return 1; }
int proc_host_wine(void)
{
    static int under_wine = -1;  /* a benign race: every thread finds the same */
    if (under_wine < 0) {
        HMODULE nt = GetModuleHandleA("ntdll.dll");
        under_wine = nt && GetProcAddress(nt, "wine_get_version");   /* how Wine is known */
    }
    return under_wine;
}
const char *proc_host_os(void) { return "windows"; }
void proc_host_init(void) {}
long proc_self_pid(void) { return (long)GetCurrentProcessId(); }
int proc_mkdir(const char *path) { return _mkdir(path); }
char *proc_full_path(const char *path) { return _fullpath(NULL, path, 0); }

/* The build's directories come from make: C:/x on MSYS2 (cygpath -m), a
 * Unix path under Wine (on its Z: drive, the current one); the program's
 * own path comes as C:\x or Z:\x.  _fullpath makes each C:\x. */
int proc_is_terminal(FILE *f) { return _isatty(_fileno(f)); }
void proc_utc(time_t t, struct tm *out) { gmtime_s(out, &t); }

char *proc_self_exe(void)
{
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    if (!n || n == MAX_PATH) return NULL;
    return proc_to_utf8(path);
}

/* A file's identity: its volume and its index on that volume. */
static int file_identity(const char *path, BY_HANDLE_FILE_INFORMATION *info)
{
    wchar_t *w = proc_to_wide(path);
    if (!w) return -1;
    /* FILE_FLAG_BACKUP_SEMANTICS: directories open too. */
    HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) return -1;
    BOOL ok = GetFileInformationByHandle(h, info);
    CloseHandle(h);
    return ok ? 0 : -1;
}

int proc_same_file(const char *a, const char *b)
{
    BY_HANDLE_FILE_INFORMATION ia, ib;
    if (!file_identity(a, &ia) && !file_identity(b, &ib))
        return ia.dwVolumeSerialNumber == ib.dwVolumeSerialNumber && ia.nFileIndexHigh == ib.nFileIndexHigh
               && ia.nFileIndexLow == ib.nFileIndexLow;
    /* One cannot be opened (make's /x seen from Z:\x under Wine): by the
     * full path then, any case, either slash. */
    char *fa = _fullpath(NULL, a, 0), *fb = _fullpath(NULL, b, 0);
    int same = fa && fb && !_stricmp(fa, fb);
    free(fa);
    free(fb);
    return same;
}

struct proc_thread { HANDLE h; void (*fn)(void *); void *arg; };
struct proc_mutex { CRITICAL_SECTION cs; };

static DWORD WINAPI thread_main(void *arg)
{
    proc_thread_t *t = arg;
    t->fn(t->arg);
    return 0;
}

proc_thread_t *proc_thread_start(void (*fn)(void *), void *arg)
{
    proc_thread_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fn = fn;
    t->arg = arg;
    if (!(t->h = CreateThread(NULL, 0, thread_main, t, 0, NULL))) { free(t); return NULL; }
    return t;
}

void proc_thread_join(proc_thread_t *t)
{
    if (!t) return;
    WaitForSingleObject(t->h, INFINITE);
    CloseHandle(t->h);
    free(t);
}

proc_mutex_t *proc_mutex_new(void)
{
    proc_mutex_t *m = calloc(1, sizeof *m);
    if (m) InitializeCriticalSection(&m->cs);
    return m;
}
void proc_mutex_lock(proc_mutex_t *m) { EnterCriticalSection(&m->cs); }
void proc_mutex_unlock(proc_mutex_t *m) { LeaveCriticalSection(&m->cs); }
void proc_mutex_free(proc_mutex_t *m) { if (m) { DeleteCriticalSection(&m->cs); free(m); } }

char *proc_host_name(void)
{
    char buf[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD n = sizeof buf;
    return _strdup(GetComputerNameA(buf, &n) ? buf : "unknown");
}

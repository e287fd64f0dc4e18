/* The process layer on POSIX (and so for Wine): fork/execve with pipe2
 * (O_CLOEXEC, so a process started by another worker thread never inherits
 * our pipe ends and EOF still arrives), poll() for line reads with a
 * deadline, stderr into an unlinked temp file. */
#define _GNU_SOURCE
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct proc {
    pid_t pid;
    int in, out, err;  /* our ends: stdin writer, stdout reader; stderr file */
    int exited, code;
    char *buf;         /* stdout bytes not yet returned */
    size_t len, cap, consumed;
    int eof;
};

uint64_t proc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void proc_sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* The child's environment, built before fork (no malloc after fork). */
static char **build_env(const char *const *add)
{
    size_t n = 0, k = 0, m = 0;
    while (environ[n]) n++;
    if (add) while (add[m]) m++;
    char **env = calloc(n + m + 1, sizeof *env);
    if (!env) return NULL;
    for (size_t i = 0; i < n; i++) {
        int replaced = 0;
        for (size_t j = 0; j < m; j++) {
            size_t kl = strcspn(add[j], "=");
            if (!strncmp(environ[i], add[j], kl + 1)) replaced = 1;
        }
        if (!replaced) env[k++] = environ[i];
    }
    for (size_t j = 0; j < m; j++)
        if (add[j][strcspn(add[j], "=") + 1]) env[k++] = (char *)add[j];
    env[k] = NULL;
    return env;
}

static int temp_fd(void)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/dllshm-err-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0) unlink(path);
    return fd;
}

proc_t *proc_spawn(const struct proc_opts *o, char *err, size_t errlen)
{
    int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, ferr = -1, perr[2] = { -1, -1 };
    proc_t *p = calloc(1, sizeof *p);
    char **env = build_env(o->env);
    if (!p || !env) { snprintf(err, errlen, "out of memory"); goto fail; }
    if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0
        || (!o->merge_stderr && (ferr = temp_fd()) < 0)) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        goto fail;
    }
    pid_t pid = fork();
    if (pid < 0) { snprintf(err, errlen, "fork: %s", strerror(errno)); goto fail; }
    if (pid == 0) {
        /* Only async-signal-safe calls from here on. */
        int e;
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(o->merge_stderr ? pout[1] : ferr, 2);
        setpgid(0, 0);
        if (o->cwd && chdir(o->cwd) < 0) goto child_fail;
        execve(o->argv[0], (char *const *)o->argv, env);
    child_fail:
        e = errno; /* report errno through the CLOEXEC pipe */
        if (write(perr[1], &e, sizeof e) < 0) {}
        _exit(127);
    }
    close(pin[0]); close(pout[1]); close(perr[1]);
    int e;
    ssize_t r;
    while ((r = read(perr[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(perr[0]);
    free(env);
    p->pid = pid; p->in = pin[1]; p->out = pout[0]; p->err = ferr;
    if (r == sizeof e) {
        snprintf(err, errlen, "cannot run %s: %s", o->argv[0], strerror(e));
        waitpid(pid, NULL, 0);
        close(p->in); close(p->out); if (p->err >= 0) close(p->err);
        free(p);
        return NULL;
    }
    return p;
fail:
    free(env); free(p);
    for (int i = 0; i < 2; i++) {
        if (pin[i] >= 0) close(pin[i]);
        if (pout[i] >= 0) close(pout[i]);
        if (perr[i] >= 0) close(perr[i]);
    }
    if (ferr >= 0) close(ferr);
    return NULL;
}

long proc_pid(const proc_t *p) { return (long)p->pid; }

/* Return the next complete line in p->buf, if any. */
static int take_line(proc_t *p, const char **line, int at_eof)
{
    if (p->consumed) {
        memmove(p->buf, p->buf + p->consumed, p->len - p->consumed);
        p->len -= p->consumed;
        p->consumed = 0;
    }
    char *nl = p->len ? memchr(p->buf, '\n', p->len) : NULL;
    size_t n;
    if (nl) n = (size_t)(nl - p->buf);
    else if (at_eof && p->len) n = p->len;  /* last line without LF */
    else return 0;
    p->consumed = nl ? n + 1 : n;
    if (p->len == p->cap) { /* room for the terminator */
        char *b = realloc(p->buf, p->cap + 1);
        if (!b) return 0;
        p->buf = b; p->cap++;
    }
    if (n && p->buf[n - 1] == '\r') n--;  /* Wine's msvcrt writes CRLF */
    p->buf[n] = '\0';
    *line = p->buf;
    return 1;
}

/* Nonblocking reap; 1 when the process has exited. */
static int reaped(proc_t *p)
{
    if (!p->exited) {
        int st;
        pid_t r = waitpid(p->pid, &st, WNOHANG);
        if (r == p->pid) {
            p->exited = 1;
            p->code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        } else if (r < 0 && errno != EINTR) {
            p->exited = 1;
            p->code = -1;
        }
    }
    return p->exited;
}

/* EOF means: stdout closed, or the process exited and all it wrote was
 * read.  The second matters under Wine: a wineserver or services.exe
 * started by our process may inherit its stdout and keep the pipe open. */
int proc_read_line(proc_t *p, const char **line, uint64_t deadline_ms)
{
    for (;;) {
        if (take_line(p, line, p->eof)) return PROC_LINE;
        if (p->eof) return PROC_EOF;
        uint64_t now = proc_now_ms();
        if (now >= deadline_ms) return PROC_TIMEOUT;
        int dead = p->exited;
        uint64_t wait = dead ? 0 : deadline_ms - now > 50 ? 50 : deadline_ms - now;
        struct pollfd pfd = { p->out, POLLIN, 0 };
        int r = poll(&pfd, 1, (int)wait);
        if (r < 0 && errno != EINTR) return PROC_ERROR;
        if (r == 0) {
            if (dead) p->eof = 1;   /* exited, and nothing left to read */
            else reaped(p);
            continue;
        }
        if (r < 0) continue;
        if (p->cap - p->len < 4096) {
            size_t cap = p->cap ? p->cap * 2 : 8192;
            char *b = realloc(p->buf, cap);
            if (!b) return PROC_ERROR;
            p->buf = b; p->cap = cap;
        }
        ssize_t n = read(p->out, p->buf + p->len, p->cap - p->len);
        if (n < 0 && errno != EINTR && errno != EAGAIN) return PROC_ERROR;
        if (n == 0) p->eof = 1;
        if (n > 0) p->len += (size_t)n;
    }
}

int proc_write(proc_t *p, const char *buf, size_t len)
{
    while (len && p->in >= 0) {
        ssize_t n = write(p->in, buf, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        buf += n; len -= (size_t)n;
    }
    return len ? -1 : 0;
}

void proc_close_stdin(proc_t *p)
{
    if (p->in >= 0) close(p->in);
    p->in = -1;
}

void proc_kill(proc_t *p)
{
    /* The agent's own process group: wine64 plus anything it started. */
    if (!p->exited) { kill(-p->pid, SIGKILL); kill(p->pid, SIGKILL); }
}

int proc_wait(proc_t *p, uint64_t deadline_ms, int *code)
{
    while (!reaped(p)) {
        if (proc_now_ms() >= deadline_ms) return 1;
        proc_sleep_ms(2);  /* no SIGCHLD plumbing: exits are rare events */
    }
    if (code) *code = p->code;
    return 0;
}

char *proc_stderr(proc_t *p)
{
    if (p->err < 0) return strdup("");
    off_t size = lseek(p->err, 0, SEEK_END);
    if (size < 0) size = 0;
    if (size > 65536) size = 65536;
    char *s = malloc((size_t)size + 1);
    if (!s) return NULL;
    ssize_t n = pread(p->err, s, (size_t)size, 0);
    s[n > 0 ? n : 0] = '\0';
    return s;
}

void proc_free(proc_t *p)
{
    if (!p) return;
    proc_close_stdin(p);
    if (!p->exited) { proc_kill(p); proc_wait(p, UINT64_MAX, NULL); }
    close(p->out);
    if (p->err >= 0) close(p->err);
    free(p->buf);
    free(p);
}

char *proc_temp_dir(const char *prefix)
{
    const char *dir = getenv("TMPDIR");
    size_t n = strlen(dir && *dir ? dir : "/tmp") + strlen(prefix) + 16;
    char *path = malloc(n);
    if (!path) return NULL;
    snprintf(path, n, "%s/%s-XXXXXX", dir && *dir ? dir : "/tmp", prefix);
    if (!mkdtemp(path)) { free(path); return NULL; }
    return path;
}

int proc_host_windows(void) { return 0; }
int proc_host_wine(void) { return 0; }
const char *proc_host_os(void) { return "linux"; }
void proc_host_init(void) { signal(SIGPIPE, SIG_IGN); }
long proc_self_pid(void) { return (long)getpid(); }
int proc_mkdir(const char *path) { return mkdir(path, 0777); }
char *proc_full_path(const char *path) { return realpath(path, NULL); }
int proc_same_path(const char *a, const char *b) { return !strcmp(a, b); }
int proc_is_terminal(FILE *f) { return isatty(fileno(f)); }
void proc_utc(time_t t, struct tm *out) { gmtime_r(&t, out); }

char *proc_self_exe(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return NULL;
    buf[n] = '\0';
    return strdup(buf);
}

char *proc_host_name(void)
{
    char buf[256];
    if (gethostname(buf, sizeof buf - 1)) return strdup("unknown");
    buf[sizeof buf - 1] = '\0';
    return strdup(buf);
}

struct proc_thread { pthread_t t; void (*fn)(void *); void *arg; };
struct proc_mutex { pthread_mutex_t m; };

static void *thread_main(void *arg)
{
    proc_thread_t *t = arg;
    t->fn(t->arg);
    return NULL;
}

proc_thread_t *proc_thread_start(void (*fn)(void *), void *arg)
{
    proc_thread_t *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->fn = fn; t->arg = arg;
    if (pthread_create(&t->t, NULL, thread_main, t)) { free(t); return NULL; }
    return t;
}

void proc_thread_join(proc_thread_t *t) { if (t) { pthread_join(t->t, NULL); free(t); } }

proc_mutex_t *proc_mutex_new(void)
{
    proc_mutex_t *m = calloc(1, sizeof *m);
    if (m) pthread_mutex_init(&m->m, NULL);
    return m;
}
void proc_mutex_lock(proc_mutex_t *m) { pthread_mutex_lock(&m->m); }
void proc_mutex_unlock(proc_mutex_t *m) { pthread_mutex_unlock(&m->m); }
void proc_mutex_free(proc_mutex_t *m) { if (m) { pthread_mutex_destroy(&m->m); free(m); } }

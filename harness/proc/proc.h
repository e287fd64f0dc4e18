/* The process layer: start a program with pipes, read its stdout line by
 * line with a deadline, write to its stdin, kill it, reap it.  One small
 * interface, one file per OS (proc_posix.c, proc_win32.c), so the conductor
 * above it never sees fork() or CreateProcess().  Also a tiny thread/mutex
 * abstraction for the conductor's workers. */
#ifndef DLLSHM_PROC_H
#define DLLSHM_PROC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

typedef struct proc proc_t;

enum proc_read {
    PROC_LINE = 0,     /* *line holds one line, without CR/LF */
    PROC_EOF = 1,      /* stdout closed */
    PROC_TIMEOUT = 2,  /* deadline passed, no complete line */
    PROC_ERROR = 3
};

struct proc_opts {
    const char *const *argv; /* argv[0]: a path (not searched in PATH) */
    const char *const *env;  /* "NAME=VALUE" added to (or replacing in) the
                                conductor's environment; "NAME=" removes;
                                NULL-terminated, may be NULL */
    const char *cwd;         /* NULL: inherit */
    int merge_stderr;        /* 1: stderr goes into stdout's pipe */
    int console;             /* Windows: 1: a hidden console of its own, which the
                                console programs it starts share (the sample's
                                parent and child); 0: none, its handles are the
                                pipes (an agent) */
};

/* Start a process.  On failure returns NULL and writes why to err. */
proc_t *proc_spawn(const struct proc_opts *o, char *err, size_t errlen);
/* Read one line of stdout, waiting until deadline_ms (proc_now_ms() clock).
 * *line stays valid until the next call on p. */
int proc_read_line(proc_t *p, const char **line, uint64_t deadline_ms);
/* Write all of buf to stdin; 0 on success, -1 if the pipe is closed. */
int proc_write(proc_t *p, const char *buf, size_t len);
void proc_close_stdin(proc_t *p);
/* Kill the process (SIGKILL / TerminateProcess). */
void proc_kill(proc_t *p);
/* Wait for exit until deadline_ms; 0: exited (*code set: exit code, or
 * 128+signal on POSIX), 1: still running. */
int proc_wait(proc_t *p, uint64_t deadline_ms, int *code);
long proc_pid(const proc_t *p);
/* Everything the process wrote to stderr so far (captured in a temp file,
 * so a chatty process never blocks on a full pipe).  Caller frees. */
char *proc_stderr(proc_t *p);
/* Kill if still running, reap, free. */
void proc_free(proc_t *p);

uint64_t proc_now_ms(void);
void proc_sleep_ms(unsigned ms);
/* Run argv to completion, collecting stdout+stderr (up to a limit); returns
 * the exit code, -1 when it could not start (out holds why), -2 on timeout
 * (killed).  A convenience for probes and the wine tools. */
int proc_run(const struct proc_opts *o, char **out, unsigned timeout_ms);

/* A new private directory under the temp dir ($TMPDIR, %TEMP%); caller
 * frees.  NULL on failure. */
char *proc_temp_dir(const char *prefix);
/* The running program's own path; caller frees (NULL if unknown). */
char *proc_self_exe(void);
/* 1 when both paths name the same existing file or directory, however
 * spelt (symlinks, bind mounts, case): compared by identity, not by text. */
int proc_same_file(const char *a, const char *b);
/* This machine's name, for the results' provenance; caller frees. */
char *proc_host_name(void);

/* The host, so that the conductor's core needs no #ifdef: */
int proc_host_windows(void);        /* 1 on Windows (native or under Wine), 0 on POSIX */
int proc_host_wine(void);           /* 1 when this Windows program runs under Wine */
const char *proc_host_os(void);     /* "windows" or "linux", for the results */
void proc_host_init(void);          /* a closed pipe is an error, not a signal */
long proc_self_pid(void);
int proc_mkdir(const char *path);   /* one level; 0 or -1 with errno (EEXIST too) */
char *proc_full_path(const char *path);   /* absolute; caller frees; NULL on failure */
int proc_is_terminal(FILE *f);
void proc_utc(time_t t, struct tm *out);

/* threads and a mutex */
typedef struct proc_thread proc_thread_t;
typedef struct proc_mutex proc_mutex_t;
proc_thread_t *proc_thread_start(void (*fn)(void *), void *arg);
void proc_thread_join(proc_thread_t *t);
proc_mutex_t *proc_mutex_new(void);
void proc_mutex_lock(proc_mutex_t *m);
void proc_mutex_unlock(proc_mutex_t *m);
void proc_mutex_free(proc_mutex_t *m);

#endif

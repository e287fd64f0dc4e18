/* session.h - the agent session (harness/PROTOCOL.md): one agent.exe from
 * its start to its end, for the conductor's runs, its preflight and its
 * runner probe, and for the agent's own sweep children; and a program run
 * to its end (the sample's parent and child).
 *
 * This is also the one place in C that knows Wine's start-up collision
 * (harness/wine.sh): Debian's Wine very rarely ends a new process before
 * its first instruction.  Such a start never reached our code and says
 * nothing of the DLL, so it is made again here, WINE_START_ATTEMPTS starts
 * in all, counted and said in the transcript.  A start was spoilt when
 *   - CreateProcess failed with ERROR_INTERNAL_ERROR (1359) in a Windows
 *     program under Wine (Wine's own line goes where it cannot read it);
 *   - an agent ended before its `started` line, which it prints before
 *     anything of the DLL runs;
 *   - a program that prints nothing first went wrong (its caller says which
 *     ends are wrong) and its stderr holds Wine's line. */
#ifndef DLLSHM_SESSION_H
#define DLLSHM_SESSION_H

#include "proc.h"
#include "strbuf.h"

/* Where starts are counted, for the results (agent_restarts, process_starts). */
struct start_count {
    unsigned starts;      /* every process started, restarts included */
    unsigned restarts;    /* starts Wine spoilt, made again */
};

/* The transcript: dir '>' sent, '<' a line of the protocol, '?' any other
 * line, '!' an event of the session's; the line has no newline. */
typedef void session_log_fn(void *ctx, char dir, const char *line);

struct session {
    proc_t *p;            /* NULL: not running */
    int started;          /* printed `started`: Wine did start it */
    int attach_wait;      /* printed `note attach-wait`: its DllMain waited */
    char err[600];        /* why it could not start */
    struct start_count *count;   /* may be NULL */
    session_log_fn *log;         /* may be NULL */
    void *log_ctx;
    /* Whether an agent that ended before `started` failed for a reason
     * the caller knows (its stderr given), so that it is not started
     * again; NULL: none is known. */
    int (*known)(void *ctx, const char *stderr_text);
    void *known_ctx;
    /* The start, kept to make it again. */
    char **argv, **env, *cwd;
    int merge_stderr, console, attempt;
};

void session_init(struct session *se, struct start_count *count, session_log_fn *log, void *log_ctx);
/* Start the agent o names (copied); 0, or -1 with se->err. */
int session_start(struct session *se, const struct proc_opts *o);
/* Lines up to its ready line (or a crash line): PROC_LINE with *line, else
 * PROC_EOF, PROC_TIMEOUT, PROC_ERROR, or -1 when a start made again could
 * not start (se->err).  An agent that ended before `started` is started
 * again. */
int session_ready(struct session *se, uint64_t deadline_ms, const char **line);
/* Lines up to the next reply (ok, error, crash): as session_ready. */
int session_read(struct session *se, uint64_t deadline_ms, const char **line);
/* One command (no newline); 0, or -1 when the agent is gone. */
int session_send(struct session *se, const char *cmd);
int session_ask(struct session *se, const char *cmd, uint64_t deadline_ms, const char **line);
/* End it: EOF on its stdin (kill_now: killed), then grace_ms to exit
 * before it is killed.  Its exit code, or -1 when killed; *stderr_text
 * (may be NULL; to free): what it wrote there. */
int session_end(struct session *se, unsigned grace_ms, int kill_now, char **stderr_text);
/* Ends it if it runs, frees the kept start. */
void session_free(struct session *se);

/* A scripted agent (the sweep's children): input to its stdin, which is
 * then closed, and its whole output (merged with stderr when o says so)
 * into out, to its end or for ms at most (*hung: killed then).  0 with
 * *code, or -1 when it could not start (se->err). */
int session_script(struct session *se, const struct proc_opts *o, const char *input, uint64_t ms, struct sb *out,
                   int *code, int *hung);

/* A program run to its end (the sample's parent and child). */
struct program_end {
    int started;          /* a process ran (else err says why not) */
    int code;             /* its exit code; -1 when killed */
    int timed_out;        /* killed at the deadline */
    char err[600];
};
struct program {
    const struct proc_opts *opts;
    uint64_t ms;                                        /* its whole run */
    /* Each stdout line; NULL when a run (again) begins.  May be NULL. */
    void (*on_line)(void *ctx, const char *line);
    void (*on_stderr)(void *ctx, const char *text);     /* its stderr, at its end (may be NULL) */
    /* Whether this end is wrong (the caller's verdict to come); a wrong
     * end with Wine's line on stderr is run again. */
    int (*wrong)(void *ctx, const struct program_end *e);
    void *ctx;                                          /* for every function here */
    struct start_count *count;
    session_log_fn *log;                                /* the session's events (may be NULL) */
};
void program_run(const struct program *pg, struct program_end *e);

#endif

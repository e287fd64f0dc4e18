/*
 * agent.h - the Windows agent of the conformance harness (harness/PROTOCOL.md).
 *
 * The agent reaches the DLL under test only through LoadLibraryW and
 * GetProcAddress; dllshm.h is included for its types (DllshmInfo, the step
 * codes), never for linking.
 *
 *   agent.c     start-up, crash filter, the command loop and its table
 *   dll.c       the commands that call the DLL (load, set, get, ex*, info)
 *   stress.c    the timed loops (hammer, watch)
 *   history.c   history: one role of a concurrent phase, timed, for the linearizability check
 *   owner.c     dead-owner: dllshm's writer lock left held by a dead thread
 *   text.c      string specs in, escaped text out, strict numbers
 *   squat.c     creating the block's name first, as a squatter would
 *   threads.c   threads starting and ending in a process that uses the DLL
 *   names.c     the default block's name; waiting for it to exist
 *   blocks.c    open/close: a named block other than the default one
 *   probes.c    the preflight's measurements (calling convention, width)
 *   objects.c   the named objects the DLL creates when it loads
 *   io.c        whole-line output, line input, diagnostics
 */
#ifndef DLLSHM_AGENT_H
#define DLLSHM_AGENT_H

#include <windows.h>
#include <stddef.h>
#include <stdint.h>

#include "dllshm.h"
#include "spec.h"
#include "strbuf.h"

#ifdef _WIN64
#define AGENT_ARCH "x64"
#else
#define AGENT_ARCH "x86"
#endif

/* ---- the DLL under test, as seen through its exports ---- */
typedef VOID(__cdecl *set_fn)(LPWSTR);
typedef VOID(__cdecl *get_fn)(LPWSTR, DWORD);
typedef LONG(__cdecl *setex_fn)(DLLSHM_HANDLE, LPCWSTR, DWORD *);
typedef LONG(__cdecl *getex_fn)(DLLSHM_HANDLE, LPWSTR, DWORD, DWORD *);
typedef LONG(__cdecl *info_fn)(DLLSHM_HANDLE, DllshmInfo *);

struct dut {
    HMODULE module;  /* NULL when not loaded */
    set_fn set;      /* required */
    get_fn get;      /* required */
    setex_fn set_ex; /* optional: NULL when absent */
    getex_fn get_ex;
    info_fn get_info;
};

extern struct dut g_dut;
extern const WCHAR *g_dll_path; /* --dll, or NULL */
/* A declared variant (--strings ansi): Set and Get take char*; g_dut's
 * set and get are then wrappers (ansi.c) that turn units into bytes and
 * back, Latin-1 (a unit above 0xFF is stored as '?'), so every command
 * works on it as on the pattern. */
extern int g_ansi;
/* --exports SET,GET: the names of the two exports; 0, or -1 when malformed. */
int dut_exports(const char *names);
/* --strings ansi, --exports SET,GET as this agent was given them, for its
 * child agents: into argv (room for 4), their count. */
int dut_variant_argv(const char **argv);
/* ansi.c: g_dut's set and get as wrappers of the char* ones it holds. */
void ansi_wrap(struct dut *d);

/* Loads path (or g_dll_path when NULL) and resolves the exports.  Returns 0,
 * or a Win32 error code; *missing names a missing required export. */
DWORD dut_load(const WCHAR *path, const char **missing);

/* ---- commands: args is the rest of the line after "name " (maybe "") ---- */
typedef void (*command_fn)(char *args);

void cmd_load(char *args);
void cmd_unload(char *args);
void cmd_set(char *args);
void cmd_get(char *args);
void cmd_get_null(char *args);
void cmd_exset(char *args);
void cmd_exget(char *args);
void cmd_info(char *args);
void cmd_hammer(char *args);
void cmd_watch(char *args);
void cmd_history(char *args); /* history.c */
void cmd_kill_writers(char *args);
/* A writer thread that Sets texts[0..count) in turn until it is killed
 * (stress.c): kill-writers and dead-owner kill it. */
struct loop_writer {
    WCHAR *const *texts;
    int count;
    volatile LONG writes; /* completed Sets */
};
DWORD WINAPI loop_writer_main(void *arg);
void cmd_dead_owner(char *args); /* owner.c */
void cmd_squat(char *args); /* squat.c */
void cmd_squat_peek(char *args);
void cmd_threads(char *args); /* threads.c */
void cmd_await_block(char *args); /* names.c */
void cmd_block_exists(char *args);
/* NAME when given (converted into *owned, NULL if not UTF-8), else
 * DLLSHM_NAME, else the sample's "dllmemfilemap" (*owned = NULL). */
const WCHAR *agent_block_name(const char *arg, WCHAR **owned);
void cmd_probe_convention(char *args); /* probes.c */
void cmd_probe_width(char *args);

/* A buffer a DLL's Get writes into: cch units, then guard units and a
 * slack of private pages, all the sentinel 0xFEFE, so a Get that overruns
 * it is seen and never smashes the agent's stack or heap (dll.c). */
struct probe {
    WCHAR *buf;
    size_t units; /* allocated */
    uint32_t cch;
};
int probe_alloc_cch(struct probe *pr, uint32_t cch);   /* 0, or -1: no memory */
void probe_free(struct probe *pr);
void cmd_probe_capacity(char *args);
void cmd_probe_names(char *args); /* objects.c */
void cmd_open(char *args);  /* blocks.c */
void cmd_close(char *args);
extern DLLSHM_HANDLE g_block; /* the block exset/exget/info use; NULL: the default */

/* ---- io.c (the string builder is harness/common/strbuf.h) ---- */
void io_init(void);
void sb_quoted(struct sb *sb, const char *key, const WCHAR *s, size_t n); /* key="..." */
void sb_send(struct sb *sb);                            /* one line, one write; resets sb */
void reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void write_stdout(const char *s, size_t n); /* safe in the crash filter */
char *read_line(void);                      /* NULL at EOF; no LF, no trailing CR */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern const char *g_tag;

/* The unreadable page right after the caller's string of the Set being
 * made (dll.c), NULL between Sets: the crash line's guard=source. */
extern const void *volatile g_source_guard;

/* ---- text.c ---- */
struct wstr {
    WCHAR *p;   /* NULL for the spec `null` */
    size_t len; /* units, without the terminator */
};

int spec_parse(const char *spec, struct wstr *out); /* 0, or -1 when malformed */
void wstr_free(struct wstr *w);
int parse_u32(const char *s, uint32_t max, uint32_t *out); /* whole string, decimal */
WCHAR *utf8_to_wide(const char *s);                         /* NULL when invalid */
char *next_word(char **cursor);                             /* splits at single spaces */

#endif /* DLLSHM_AGENT_H */

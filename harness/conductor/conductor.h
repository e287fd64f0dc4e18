/* What the conductor's parts share: implementations under test, runners,
 * the configuration of one run. */
#ifndef DLLSHM_CONDUCTOR_H
#define DLLSHM_CONDUCTOR_H

#include "arch.h"
#include "expectations.h"
#include "table.h"
#include "scenario.h"
#include "wine_facts.h"

/* dllshm-conform's exit codes (also in its --help and the README). */
enum {
    EXIT_OK = 0,          /* nothing failed */
    EXIT_FAILED = 1,      /* a scenario failed (or --prove did) */
    EXIT_USAGE = 2,       /* usage or input error: bad option, scenario file, no Wine */
    EXIT_PREFLIGHT = 3,   /* a --dll DLL failed the preflight: no scenario ran */
    EXIT_NO_RUNNER = 4,   /* a --dll DLL's arch runs on none of the selected runners */
    EXIT_ALL_SKIPPED = 5, /* nothing ran: every combination was skipped (--exit-skip N: N) */
    EXIT_HARNESS = 6      /* nothing failed, but the run is incomplete: a runner's probe failed
                             for a reason the harness does not know (a crash of Wine's loader),
                             or the harness could not judge a combination (an error result) */
};


struct impl {
    char *name;
    char *path[ARCH_COUNT];  /* the DLL per arch, NULL when not built for it */
    int honours_name;      /* reads DLLSHM_NAME (dllshm, fx-*) */
    enum role role;        /* dllshm; a fixture (pe/<arch>/fixtures/: must fail
                              something, --prove); a user's (--dll: judged by the
                              contract alone) */
    char *block_name;      /* fixed-name DLLs: the section it opens (the sample's
                              by its source, a user's found by the preflight or
                              --block-name); NULL: unknown */
    long capacity;         /* characters it stores: the contract's 2047 for ours, a
                              user's learned by the preflight or --capacity */
    int loaded_by_preflight;  /* a user's: the preflight loaded it and listed what
                                 it created (so "creates no named section" is known) */
};

struct runner {
    const char *name;
    int wine;              /* 1: under Wine; 0: native Windows */
    int arches;            /* bit per PE_* arch its processes use */
    int available;
    int error;             /* unavailable for no reason the harness knows: an error of the run */
    char *reason;          /* why not, when unavailable */
};

struct config {
    const char *pe_dir;
    const char *wine[ARCH_COUNT];   /* loaders: wine (i686), wine64 (x86_64) */
    const char *wineserver;
    const char *prefix_base;
    double timeout_scale;
    int verbose;
    int jobs;
    /* A --dll's declared variant (--strings ansi, --exports SET,GET):
     * given to its agents; ours are always the pattern itself. */
    int ansi;
    const char *exports;
};

struct runner;
/* An agent's command line on runner r up to its own options, into argv
 * (at most 8 entries): the loader under Wine, agent.exe of arch, --dll
 * and the variant im declares (im NULL: no DLL).  Returns the count; *exe
 * (to free) is agent.exe's path. */
int agent_argv(const struct runner *r, const struct config *cfg, int arch, const struct impl *im, const char **argv,
               char **exe);

/* impls.c */
/* Read a PE file's machine: ARCH_I686, ARCH_X86_64, or -1 (why in err). */
int pe_arch_of(const char *path, char *err, size_t errlen);
/* Implementations found under pe_dir: dllshm, then fixtures, sorted. */
size_t impls_discover(const char *pe_dir, struct impl **out);
/* --dll [NAME=]PATH[,PATH]: a user's DLL, one file per arch (the name: NAME,
 * else the first file's base name).  -1 with err on bad input. */
int impl_add_user_dll(struct impl **v, size_t *n, const char *spec, char *err, size_t errlen);
void impls_free(struct impl *v, size_t n);

/* runners.c */
extern struct runner runners_all[];
extern const size_t runners_count;
struct runner *runner_find(const char *name);
/* Probe each arch the runners need (an agent of it starts) and mark them. */
void runners_probe(struct runner **rs, size_t n, const struct config *cfg, const char *prefix);
/* Whether a named object is the runner's own (Wine's), not a DLL's. */
int runner_own_object(const struct runner *r, const char *name);
/* The loader argv prefix for one arch: 0 or 1 entries (Wine or nothing). */
int runner_loader(const struct runner *r, const struct config *cfg, int arch, const char **argv0);
/* A file of this host as the runner's Windows programs name it (Z:\... under
 * Wine); caller frees. */
char *runner_windows_path(const struct runner *r, const char *path);

/* prefix.c: Wine prefixes, one per worker, made once and reused. */
struct prefix;
/* Take a free slot under base (flock), make it ready if needed, start its
 * persistent wineserver.  NULL with err on failure. */
struct prefix *prefix_acquire(const struct config *cfg, char *err, size_t errlen);
const char *prefix_path(const struct prefix *p);
void prefix_release(struct prefix *p);          /* wineserver -k, unlock */
void prefix_release_all_on_signal(void);        /* for SIGINT/SIGTERM */
int prefix_make(const struct config *cfg, const char *dir, char *err, size_t errlen);
/* The environment additions for a process under Wine in that prefix
 * (prefix NULL: none, for native Windows), plus extra ("NAME=VALUE" or
 * NULL).  NULL-terminated; free with env_free. */
char **wine_env_new(const char *prefix, const char *loader, const char *extra);
void env_free(char **env);
/* A quiet WINEDEBUG but for Wine's line of its start-up collision, which
 * harness/proc/session.c looks for in the stderr of processes that print
 * nothing of their own before they could fail (run steps), and which the
 * runner probe's message shows.  From harness/wine.sh (wine_facts.h). */
void wine_env_show_start_errors(char **env);

/* preflight.c: every --dll DLL's exports, LoadLibrary, calling convention
 * (i686) and string width, before any scenario (an agent per arch, in the
 * prefix given), and the name of the section it creates when it loads
 * (block_name, when given, overrides it).  Prints what it found per file;
 * -1 when a check failed. */
int preflight_run(struct impl *const *impls, size_t n, struct runner *const *rs, size_t nrun,
                  const struct config *cfg, const char *prefix, const char *block_name, long capacity);

/* run.c: one scenario x implementation x runner. */
struct run_ctx {
    const struct config *cfg;
    const char *prefix;        /* WINEPREFIX, or NULL on Windows */
    long pid;                  /* the conductor's: DLLSHM_NAME=dllshm-<pid>-<serial> */
    unsigned long serial;      /* unique per run */
};
void run_scenario(const struct run_ctx *ctx, const struct scenario *s, const struct impl *im,
                  const struct runner *r, struct verdict *out);
/* run_scenario, again while Wine's own process failed in it (CHECK_WINE:
 * glibc's WINE_LOADER_CRASH as an agent ended): WINE_RUN_ATTEMPTS runs in
 * all, counted in out->wine_reruns; the last is an error, never the DLL's.
 * Scenario runs (run_scenario_judged) and explored programs go through it. */
void run_scenario_retried(const struct run_ctx *ctx, const struct scenario *s, const struct impl *im,
                          const struct runner *r, struct verdict *out);
/* run_scenario_retried, again while a check-history phase said nothing (no
 * read overlapped a write): HISTORY_ATTEMPTS runs in all, counted in
 * out->history_reruns; still silent, the run is an error of the harness's
 * (it could not judge), never a pass. */
#define HISTORY_ATTEMPTS 3
void run_scenario_judged(const struct run_ctx *ctx, const struct scenario *s, const struct impl *im,
                         const struct runner *r, struct verdict *out);
/* Why this combination cannot run (NULL: it can).  Caller frees. */
char *run_skip_reason(const struct scenario *s, const struct impl *im, const struct runner *r,
                      const struct config *cfg);

#endif

/* Runners: where the agents run.  Under Wine (one loader per arch) on a
 * POSIX host, natively on Windows.  Whether one is available is probed,
 * never assumed: an agent of each arch it uses must start and say it is
 * ready, as that arch. */
#include "conductor.h"
#include "util.h"
#include "proc.h"
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X86 ARCH_BIT(ARCH_I686)
#define X64 ARCH_BIT(ARCH_X86_64)

struct runner runners_all[] = {
    { .name = "wine-x86_64", .wine = 1, .arches = X64 },
    { .name = "wine-i686", .wine = 1, .arches = X86 },
    { .name = "wine-mixed", .wine = 1, .arches = X64 | X86 },
    { .name = "windows-x86_64", .wine = 0, .arches = X64 },
    { .name = "windows-i686", .wine = 0, .arches = X86 },
    { .name = "windows-mixed", .wine = 0, .arches = X64 | X86 },
};
const size_t runners_count = sizeof runners_all / sizeof runners_all[0];

struct runner *runner_find(const char *name)
{
    for (size_t i = 0; i < runners_count; i++)
        if (!strcmp(runners_all[i].name, name)) return &runners_all[i];
    return NULL;
}

int runner_own_object(const struct runner *r, const char *name)
{
    /* Wine's own named objects (__wine_*), made in a process for itself. */
    return r->wine && !strncmp(name, "__wine", 6);
}

int runner_loader(const struct runner *r, const struct config *cfg, int arch, const char **argv0)
{
    if (!r->wine) return 0;
    *argv0 = cfg->wine[arch];
    return 1;
}

char *runner_windows_path(const struct runner *r, const char *path)
{
    if (!r->wine) return xstrdup(path);
    char *win = xasprintf("Z:%s", path);   /* under Wine the Unix root is drive Z: */
    for (char *c = win; *c; c++) if (*c == '/') *c = '\\';
    return win;
}

/* What one probe of an arch found: it runs; it cannot, for a reason the
 * harness knows (nothing to start, a kernel or Wine that cannot run that
 * arch); or something nobody expected (a crash of Wine's own loader, a
 * strange exit code), which is an error of the run, never a skip. */
enum probe_verdict { PROBE_RUNS, PROBE_UNAVAILABLE, PROBE_ERROR };

struct probe {
    enum probe_verdict verdict;
    char *why;             /* NULL when it runs */
};

/* A known reason in the loader's or the system's own words, or NULL. */
static const char *known_reason(int wine, int arch, int code, const char *out)
{
    if (!out) return NULL;
    /* A kernel built without IA32 emulation cannot execute the loader. */
    if (strstr(out, "Exec format error"))
        return arch == ARCH_I686 ? "this kernel cannot run 32-bit programs (Exec format error)"
                               : "this kernel cannot run this loader (Exec format error)";
    /* A 64-bit-only Wine hands a 32-bit program to start.exe, which fails. */
    if (wine && arch == ARCH_I686 && code != 0 && (strstr(out, WINE_CANNOT_START_X86) || strstr(out, WINE_NO_X86_SYSTEM)))
        return "this Wine cannot start 32-bit programs: 32-bit Wine is not installed (Debian: wine32:i386, "
               "see ci/install-deps.sh; or name a loader with WINE32 or --wine32)";
    /* 32-bit Windows refuses a 64-bit program (ERROR_BAD_EXE_FORMAT). */
    if (!wine && strstr(out, "CreateProcess error 193"))
        return "this Windows cannot run 64-bit programs (error 193, ERROR_BAD_EXE_FORMAT)";
    return NULL;
}

/* The probe's transcript: what the agent said in its last start. */
static void probe_log(void *ctx, char dir, const char *line)
{
    struct sb *said = ctx;
    if (dir == '!') { said->len = 0; sb_add(said, "", 0); return; }   /* started again */
    if (*line) sb_printf(said, "%s%s", said->len ? "; " : "", line);
}

/* "LOADER AGENT --no-load --tag probe: WHAT (what it said)", on one line
 * (caller frees). */
static char *describe(const char *const *argv, const char *what, const struct sb *said, const char *err_text)
{
    struct sb sb;
    sb_init(&sb);
    for (int i = 0; argv[i]; i++) sb_printf(&sb, "%s%s", i ? " " : "", argv[i]);
    sb_printf(&sb, ": %s", what);
    int both = said->len && err_text && *err_text;
    char *out = xasprintf("%s%s%s", said->len ? said->buf : "", both ? "; " : "", err_text ? err_text : "");
    rtrim(out);
    for (char *c = out; *c; c++) if (*c == '\n' || *c == '\r') *c = ' ';
    if (strlen(out) > 300) strcpy(out + 297, "...");
    if (*out) sb_printf(&sb, " (%s)", out);
    free(out);
    return sb_steal(&sb);
}

/* What the probe's session needs to know a failure (known_reason). */
struct probe_ctx { int wine, arch; struct sb said; };

static int probe_known(void *ctx, const char *stderr_text)
{
    struct probe_ctx *pc = ctx;
    return known_reason(pc->wine, pc->arch, 1, stderr_text) || known_reason(pc->wine, pc->arch, 1, pc->said.buf);
}

/* One agent of arch, up to its ready line, which must name that arch; the
 * session starts again a start Wine spoilt.  What it does not know is an
 * error of the run, never a skip. */
static struct probe probe_session(int wine, int arch, const char *const *argv, char **env, const struct config *cfg)
{
    struct probe pr = { PROBE_RUNS, NULL };
    struct proc_opts o = { .argv = argv, .env = (const char *const *)env };
    struct probe_ctx pc = { wine, arch, { NULL, 0, 0 } };
    sb_init(&pc.said);
    struct session se;
    session_init(&se, NULL, probe_log, &pc.said);
    se.known = probe_known;
    se.known_ctx = &pc;
    const char *line = NULL;
    int r = session_start(&se, &o) ? -1 : session_ready(&se, proc_now_ms() + (uint64_t)(60000 * cfg->timeout_scale), &line);
    char want[32];
    snprintf(want, sizeof want, " arch=%s ", arch_word(arch));
    int runs = r == PROC_LINE && !strncmp(line, "ready ", 6) && strstr(line, want);
    char *what = runs ? NULL
               : r == -1 ? xasprintf("could not start: %s", se.err)
               : r == PROC_TIMEOUT ? xstrdup("no ready line in time")
               : r == PROC_LINE ? xasprintf("not an agent of %s: %.200s", arch_word(arch), line)
               : NULL;
    char *err_text = NULL;
    int code = session_end(&se, 5000, 0, &err_text);
    if (!runs) {
        if (!what) what = xasprintf("ended without its ready line (exit code %d)", code);
        const char *known = known_reason(wine, arch, code, what);
        if (!known) known = known_reason(wine, arch, code, pc.said.buf);
        if (!known) known = known_reason(wine, arch, code, err_text);
        char *d = describe(argv, what, &pc.said, err_text);
        pr.verdict = known ? PROBE_UNAVAILABLE : PROBE_ERROR;
        pr.why = known ? xasprintf("%s: %s", known, d)
                       : xasprintf("the runner's probe failed for no reason the harness knows (an error of the run, not "
                                   "of any DLL): %s", d);
        free(d);
    }
    free(what);
    free(err_text);
    sb_free(&pc.said);
    session_free(&se);
    return pr;
}

/* Probe one arch: what is missing is said; the rest is probe_session's. */
static struct probe probe_arch(const struct runner *r, int arch, const struct config *cfg, const char *prefix)
{
    struct probe pr = { PROBE_RUNS, NULL };
    int wine = r->wine;
    const char *argv[12];
    char *agent;
    int k = agent_argv(r, cfg, arch, NULL, argv, &agent);
    FILE *f = fopen(agent, "rb");
    if (!f) {
        pr = (struct probe){ PROBE_UNAVAILABLE, xasprintf("%s is not built (no MinGW-w64 for %s?)", agent, arch_dir(arch)) };
        free(agent);
        return pr;
    }
    fclose(f);
    if (wine && (!cfg->wine[arch] || !*cfg->wine[arch])) {
        free(agent);
        pr.verdict = PROBE_UNAVAILABLE;
        pr.why = xstrdup(arch == ARCH_I686 ? "32-bit Wine is not installed (Debian: wine32:i386, see ci/install-deps.sh; "
                                           "or name a loader with WINE32 or --wine32)"
                                         : "64-bit Wine is not installed (Debian: wine64; or name a loader with WINE64 or --wine64)");
        return pr;
    }
    argv[k++] = "--no-load";
    argv[k++] = "--tag";
    argv[k++] = "probe";
    argv[k] = NULL;
    char **env = wine_env_new(wine ? prefix : NULL, wine ? cfg->wine[arch] : NULL, NULL);
    wine_env_show_start_errors(env);
    pr = probe_session(wine, arch, argv, env, cfg);
    env_free(env);
    free(agent);
    return pr;
}

void runners_probe(struct runner **rs, size_t n, const struct config *cfg, const char *prefix)
{
    struct probe found[2][ARCH_COUNT];
    int probed[2][ARCH_COUNT] = { { 0 } };
    for (size_t i = 0; i < n; i++) {
        struct runner *r = rs[i];
        free(r->reason);
        r->reason = NULL;
        r->error = 0;
        if (proc_host_windows() && r->wine) {
            r->reason = xstrdup("Wine runners need a POSIX host (use the native conductor)");
            continue;
        }
        if (!proc_host_windows() && !r->wine) {
            r->reason = xstrdup("native Windows runners need the Windows build of the conductor (pe/x86_64/dllshm-conform.exe)");
            continue;
        }
        if (r->wine && !prefix) { r->reason = xstrdup("no Wine prefix"); continue; }
        for (int a = 0; a < ARCH_COUNT && !r->reason; a++) {
            if (!(r->arches & (1 << a))) continue;
            if (!probed[r->wine][a]) {
                found[r->wine][a] = probe_arch(r, a, cfg, prefix);
                probed[r->wine][a] = 1;
            }
            if (found[r->wine][a].verdict != PROBE_RUNS) {
                r->reason = xstrdup(found[r->wine][a].why);
                r->error = found[r->wine][a].verdict == PROBE_ERROR;
            }
        }
        r->available = !r->reason;
    }
    for (int w = 0; w < 2; w++)
        for (int a = 0; a < ARCH_COUNT; a++)
            if (probed[w][a]) free(found[w][a].why);
}

/* Runners: where the agents run.  Under Wine (one loader per arch) on a
 * POSIX host, natively on Windows.  Whether one is available is probed,
 * never assumed: `agent.exe --version` must answer "dllshm-agent <arch>". */
#include "conductor.h"
#include "util.h"
#include "proc.h"

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

/* Wine ends a new process that hits its start-up collision before the
 * process's first instruction; a Windows program's CreateProcess then
 * fails with ERROR_INTERNAL_ERROR (1359), and Wine's own line goes to the
 * Unix stderr of the whole Wine process tree, where this program cannot
 * read it.  Wine is known by ntdll's wine_get_version export.  Under a
 * Wine runner the agent starts, then ends before its first line (run.c
 * sees that); only a Windows build under Wine sees error 1359. */
static int spawn_collided(int wine_runner, const char *spawn_err)
{
    return !wine_runner && proc_host_wine() && spawn_err && strstr(spawn_err, "CreateProcess error 1359");
}

char *runner_windows_path(const struct runner *r, const char *path)
{
    if (!r->wine) return xstrdup(path);
    char *win = xasprintf("Z:%s", path);   /* under Wine the Unix root is drive Z: */
    for (char *c = win; *c; c++) if (*c == '/') *c = '\\';
    return win;
}

int runner_spawn_collided(const struct runner *r, const char *spawn_err) { return spawn_collided(r->wine, spawn_err); }

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

/* "LOADER AGENT --version exited 134: OUTPUT", on one line (caller frees). */
static char *describe_attempt(const char *const *argv, int code, char *out)
{
    struct sb sb;
    sb_init(&sb);
    for (int i = 0; argv[i + 1]; i++) sb_printf(&sb, "%s%s", i ? " " : "", argv[i]);
    sb_puts(&sb, " --version ");
    if (code == -2) sb_puts(&sb, "timed out");
    else if (code == -1) sb_puts(&sb, "could not start");
    else sb_printf(&sb, "exited %d", code);
    if (out && *out) {
        rtrim(out);
        for (char *c = out; *c; c++) if (*c == '\n' || *c == '\r') *c = ' ';
        if (strlen(out) > 300) strcpy(out + 297, "...");
        sb_printf(&sb, ": %s", out);
    }
    return sb_steal(&sb);
}

/* Probe one arch: `agent.exe --version` must answer "dllshm-agent <arch>".
 * A failure of unknown cause is tried again (WINE_START_ATTEMPTS in all). */
static struct probe probe_arch(int wine, int arch, const struct config *cfg, const char *prefix)
{
    struct probe pr = { PROBE_RUNS, NULL };
    char *agent = xasprintf("%s/%s/agent.exe", cfg->pe_dir, arch_dir(arch));
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
    const char *argv[4];
    int k = 0;
    if (wine) argv[k++] = cfg->wine[arch];
    argv[k++] = agent;
    argv[k++] = "--version";
    argv[k] = NULL;
    char **env = wine_env_new(wine ? prefix : NULL, wine ? cfg->wine[arch] : NULL, NULL);
    wine_env_show_start_errors(env);
    struct proc_opts o = { argv, (const char *const *)env, NULL, 1 };
    char want[64];
    snprintf(want, sizeof want, "dllshm-agent %s", arch_word(arch));
    struct sb tries;
    sb_init(&tries);
    for (int attempt = 1;; attempt++) {
        char *out = NULL;
        int code = proc_run(&o, &out, (unsigned)(60000 * cfg->timeout_scale));
        /* The answer may follow Wine's own messages (DLLSHM_WINEDEBUG). */
        const char *answer = out;
        while (answer && strncmp(answer, want, strlen(want)) && (answer = strchr(answer, '\n')) != NULL) answer++;
        const char *known = code == 0 && answer ? NULL : known_reason(wine, arch, code, out);
        if (code == 0 && answer) pr = (struct probe){ PROBE_RUNS, NULL };
        else if (known) {
            char *what = describe_attempt(argv, code, out);
            pr = (struct probe){ PROBE_UNAVAILABLE, xasprintf("%s: %s", known, what) };
            free(what);
        } else {
            char *what = describe_attempt(argv, code, out);
            if (!tries.len || !strstr(tries.buf, what))  /* each distinct failure once */
                sb_printf(&tries, "%s%s", tries.len ? "; then " : "", what);
            free(what);
            pr.verdict = PROBE_ERROR;
        }
        free(out);
        if (pr.verdict != PROBE_ERROR || attempt == WINE_START_ATTEMPTS) break;
    }
    if (pr.verdict == PROBE_ERROR)
        pr.why = xasprintf("the runner's probe failed %d times for no reason the harness knows (an error of the run, "
                           "not of any DLL): %s", WINE_START_ATTEMPTS, tries.buf);
    sb_free(&tries);
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
                found[r->wine][a] = probe_arch(r->wine, a, cfg, prefix);
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

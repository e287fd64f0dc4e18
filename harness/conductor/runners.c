/* Runners: where the agents run.  Under Wine (one loader per arch) on a
 * POSIX host, natively on Windows.  Whether one is available is probed,
 * never assumed: `agent.exe --version` must answer "dllshm-agent <arch>". */
#include "conductor.h"
#include "util.h"
#include "proc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X86 (1 << PE_I686)
#define X64 (1 << PE_X86_64)

struct runner runners_all[] = {
    { "wine-x86_64", 1, X64, 0, NULL },
    { "wine-i686", 1, X86, 0, NULL },
    { "wine-mixed", 1, X64 | X86, 0, NULL },
    { "windows-x86_64", 0, X64, 0, NULL },
    { "windows-i686", 0, X86, 0, NULL },
    { "windows-mixed", 0, X64 | X86, 0, NULL },
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
 * read it.  Wine is known by ntdll's wine_get_version export. */
static int spawn_collided(int wine_runner, const char *spawn_err)
{
    /* Under a Wine runner the agent starts, then ends before its first line
     * (run.c sees that); only a Windows build under Wine sees error 1359. */
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

/* Probe one arch; NULL when it runs, else why not (caller frees). */
static char *probe_arch(int wine, int arch, const struct config *cfg, const char *prefix)
{
    char *agent = xasprintf("%s/%s/agent.exe", cfg->pe_dir, pe_dir_name[arch]);
    FILE *f = fopen(agent, "rb");
    if (!f) {
        char *why = xasprintf("%s is not built (no MinGW-w64 for %s?)", agent, pe_dir_name[arch]);
        free(agent);
        return why;
    }
    fclose(f);
    if (wine && (!cfg->wine[arch] || !*cfg->wine[arch])) {
        free(agent);
        if (arch == PE_I686)
            return xstrdup("32-bit Wine is not installed (Debian: wine32:i386, see ci/install-deps.sh; "
                           "or name a loader with WINE32 or --wine32)");
        return xstrdup("64-bit Wine is not installed (Debian: wine64; or name a loader with WINE64 or --wine64)");
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
    char *out = NULL;
    int code;
    /* A start-up collision is Wine's hiccup, not a missing runner. */
    for (int attempt = 1;; attempt++) {
        code = proc_run(&o, &out, (unsigned)(60000 * cfg->timeout_scale));
        int collided = (code == 1 && out && strstr(out, WINE_START_COLLISION)) || (code == -1 && spawn_collided(wine, out));
        if (attempt == WINE_START_ATTEMPTS || !collided) break;
        free(out);
        out = NULL;
    }
    env_free(env);
    char want[64];
    snprintf(want, sizeof want, "dllshm-agent %s", pe_agent_name[arch]);
    char *why = NULL;
    /* The answer may follow Wine's own messages (DLLSHM_WINEDEBUG). */
    const char *answer = out;
    while (answer && strncmp(answer, want, strlen(want)) && (answer = strchr(answer, '\n')) != NULL) answer++;
    if (code != 0 || !answer) {
        /* The loader's own words say it best ("Exec format error", ...). */
        struct sb sb;
        sb_init(&sb);
        /* The usual cause first, in words: a kernel built without IA32
         * emulation cannot execute the 32-bit loader at all. */
        if (out && strstr(out, "Exec format error"))
            sb_printf(&sb, "this kernel cannot run %d-bit programs (Exec format error): ", arch == PE_I686 ? 32 : 64);
        sb_printf(&sb, "%s%s%s --version ", wine ? argv[0] : "", wine ? " " : "", agent);
        if (code == -2) sb_puts(&sb, "timed out");
        else if (code == -1) sb_puts(&sb, "could not start");
        else sb_printf(&sb, "exited %d", code);
        if (out && *out) {
            char *o2 = out;
            rtrim(o2);
            for (char *c = o2; *c; c++) if (*c == '\n') *c = ' ';
            if (strlen(o2) > 300) strcpy(o2 + 297, "...");
            sb_printf(&sb, ": %s", o2);
        }
        why = sb_steal(&sb);
    }
    free(out);
    free(agent);
    return why;
}

void runners_probe(struct runner **rs, size_t n, const struct config *cfg, const char *prefix)
{
    char *why[2][PE_NARCH] = { { NULL } };
    int probed[2][PE_NARCH] = { { 0 } };
    for (size_t i = 0; i < n; i++) {
        struct runner *r = rs[i];
        free(r->reason);
        r->reason = NULL;
        if (proc_host_windows() && r->wine) {
            r->reason = xstrdup("Wine runners need a POSIX host (use the native conductor)");
            continue;
        }
        if (!proc_host_windows() && !r->wine) {
            r->reason = xstrdup("native Windows runners need the Windows build of the conductor (pe/x86_64/dllshm-conform.exe)");
            continue;
        }
        if (r->wine && !prefix) { r->reason = xstrdup("no Wine prefix"); continue; }
        for (int a = 0; a < PE_NARCH && !r->reason; a++) {
            if (!(r->arches & (1 << a))) continue;
            if (!probed[r->wine][a]) {
                why[r->wine][a] = probe_arch(r->wine, a, cfg, prefix);
                probed[r->wine][a] = 1;
            }
            if (why[r->wine][a]) r->reason = xstrdup(why[r->wine][a]);
        }
        r->available = !r->reason;
    }
    for (int w = 0; w < 2; w++)
        for (int a = 0; a < PE_NARCH; a++) free(why[w][a]);
}

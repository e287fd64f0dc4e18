/* Wine prefixes: one per worker, made once (<base>/w<k>, ready when its
 * stamp exists) and reused across runs, never per scenario.  A slot is
 * held with flock() for the whole run, so two conductors at once (make -j
 * check) each take their own.  Each prefix keeps one persistent wineserver
 * (agents start in ~60 ms), and its Wine session (wineboot, services.exe
 * and the rest, which the first process of a new server starts: about 1.5
 * s of CPU, the cost of some 25 agent starts) outlives the run by
 * SERVER_LINGER_S, for the next run on that slot.  A run that leaves a
 * process of its own behind in the prefix ends the server with it
 * (`wineserver -k`), as SIGINT and SIGTERM do. */
#include "conductor.h"
#include "proc.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char **wine_env_new(const char *prefix, const char *loader, const char *extra)
{
    char **env = xcalloc(7, sizeof *env);
    int k = 0;
    if (prefix) {
        env[k++] = xasprintf("WINEPREFIX=%s", prefix);
        /* No TMPDIR for Wine ("NAME=" removes it, see proc.h).  Debian's
         * Wine (fixes/temporary-directory.patch) puts the server's socket
         * under $TMPDIR when /run/user/$UID does not exist, so a server and
         * a client that see different TMPDIRs do not meet (a second server
         * on the prefix), and in Debian's Wine 10 any TMPDIR, even an empty
         * one, makes every loader and wineserver abort at start
         * ("free(): invalid pointer": it frees secure_getenv's result). */
        env[k++] = xstrdup("TMPDIR=");
        /* Quiet by default; DLLSHM_WINEDEBUG (e.g. err+all) lets Wine's own
         * complaints into the transcripts when a start-up failure needs a cause. */
        const char *dbg = getenv("DLLSHM_WINEDEBUG");
        env[k++] = xasprintf("WINEDEBUG=%s", dbg && *dbg ? dbg : WINE_QUIET_DEBUG);
        env[k++] = xstrdup("WINEDLLOVERRIDES=" WINE_DLL_OVERRIDES);
        if (loader) env[k++] = xasprintf("WINELOADER=%s", loader);
    }
    if (extra) env[k++] = xstrdup(extra);
    env[k] = NULL;
    return env;
}

void wine_env_show_start_errors(char **env)
{
    for (char **e = env; e && *e; e++)
        if (!strcmp(*e, "WINEDEBUG=" WINE_QUIET_DEBUG)) { free(*e); *e = xstrdup("WINEDEBUG=" WINE_START_DEBUG); }
}

void env_free(char **env)
{
    if (!env) return;
    for (char **e = env; *e; e++) free(*e);
    free(env);
}

#ifdef _WIN32
struct prefix { int unused; };
struct prefix *prefix_acquire(const struct config *cfg, char *err, size_t errlen)
{
    snprintf(err, errlen, "Wine prefixes are not used on Windows");
    return NULL;
}
const char *prefix_path(const struct prefix *p) { return NULL; }
void prefix_release(struct prefix *p) {}
void prefix_release_all_on_signal(void) {}
int prefix_make(const struct config *cfg, const char *dir, char *err, size_t errlen)
{
    snprintf(err, errlen, "--make-prefix needs Wine on a POSIX host");
    return -1;
}
#else
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <strings.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SLOTS 32
#define STAMP ".dllshm-ready"
#define SERVER_LINGER_S "30"   /* wineserver -p: seconds it waits for a client after the last one */

struct prefix {
    char *dir;
    int lockfd;
    /* prepared for the signal handler: fork+execve only */
    char *kill_argv[3];
    char **kill_env;
};

static struct prefix *held[MAX_SLOTS];

static const char *loader_of(const struct config *cfg)
{
    return cfg->wine[ARCH_X86_64] && *cfg->wine[ARCH_X86_64] ? cfg->wine[ARCH_X86_64] : cfg->wine[ARCH_I686];
}

static int mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') { *s = '\0'; mkdir(p, 0755); *s = '/'; }
    int rc = mkdir(p, 0755) == 0 || errno == EEXIST ? 0 : -1;
    free(p);
    return rc;
}

static int run_tool(const char *const *argv, char **env, unsigned timeout_ms, char *err, size_t errlen)
{
    char *out = NULL;
    struct proc_opts o = { .argv = argv, .env = (const char *const *)env, .merge_stderr = 1 };
    int code = proc_run(&o, &out, timeout_ms);
    if (code != 0) {
        struct sb sb;
        sb_init(&sb);
        for (int i = 0; argv[i]; i++) sb_printf(&sb, "%s%s", i ? " " : "", argv[i]);
        snprintf(err, errlen, "`%s` %s%s%s", sb.buf,
                 code == -2 ? "timed out" : code == -1 ? "could not start" : "failed",
                 out && *out ? ": " : "", out ? out : "");
        rtrim(err);
        sb_free(&sb);
    }
    free(out);
    return code;
}

int prefix_make(const struct config *cfg, const char *dir, char *err, size_t errlen)
{
    const char *loader = loader_of(cfg);
    if (!loader || !*loader) { snprintf(err, errlen, "no Wine loader (WINE64/WINE32)"); return -1; }
    if (dir[0] != '/') { snprintf(err, errlen, "%s: a Wine prefix must be an absolute path", dir); return -1; }
    char *stamp = xasprintf("%s/" STAMP, dir);
    unlink(stamp);
    /* A prefix without its stamp was interrupted half-way: start over. */
    const char *rm[] = { "/bin/rm", "-rf", dir, NULL };
    char **env = wine_env_new(dir, loader, NULL);
    int rc = -1;
    if (run_tool(rm, NULL, 60000, err, errlen) || mkdir_p(dir)) goto out;
    const char *boot[] = { loader, "wineboot", "-i", NULL };
    const char *aedebug[] = { loader, "reg", "add", "HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\AeDebug",
                              "/v", "Debugger", "/t", "REG_SZ", "/d", "false", "/f", NULL };
    const char *nodialog[] = { loader, "reg", "add", "HKCU\\Software\\Wine\\WineDbg", "/v", "ShowCrashDialog",
                               "/t", "REG_DWORD", "/d", "0", "/f", NULL };
    const char *wait[] = { cfg->wineserver, "-w", NULL };
    if (run_tool(boot, env, 300000, err, errlen) || run_tool(aedebug, env, 60000, err, errlen)
        || run_tool(nodialog, env, 60000, err, errlen))
        goto out;
    /* Let the server write the registry out before the prefix counts as made. */
    if (cfg->wineserver && *cfg->wineserver && run_tool(wait, env, 60000, err, errlen)) goto out;
    rc = write_file(stamp, "ok\n", 3);
    if (rc) snprintf(err, errlen, "%s: %s", stamp, strerror(errno));
out:
    env_free(env);
    free(stamp);
    return rc;
}

/* Copy a ready sibling (seconds) instead of another wineboot (~25 s). */
static int clone_ready_sibling(const char *base, const char *dir, char *err, size_t errlen)
{
    for (int k = 0; k < MAX_SLOTS; k++) {
        char *src = xasprintf("%s/w%d", base, k);
        char *stamp = xasprintf("%s/" STAMP, src);
        int ready = access(stamp, F_OK) == 0 && strcmp(src, dir);
        free(stamp);
        if (ready) {
            char *tmp = xasprintf("%s.tmp", dir);
            const char *rm[] = { "/bin/rm", "-rf", tmp, dir, NULL };
            const char *cp[] = { "/bin/cp", "-a", src, tmp, NULL };
            int rc = run_tool(rm, NULL, 60000, err, errlen) || run_tool(cp, NULL, 120000, err, errlen)
                || rename(tmp, dir);
            free(tmp);
            free(src);
            return rc ? -1 : 0;
        }
        free(src);
    }
    return -1;
}

static void on_signal(int sig)
{
    prefix_release_all_on_signal();
    signal(sig, SIG_DFL);
    raise(sig);
}

struct prefix *prefix_acquire(const struct config *cfg, char *err, size_t errlen)
{
    if (mkdir_p(cfg->prefix_base)) {
        snprintf(err, errlen, "%s: %s", cfg->prefix_base, strerror(errno));
        return NULL;
    }
    for (int k = 0; k < MAX_SLOTS; k++) {
        char *lock = xasprintf("%s/w%d.lock", cfg->prefix_base, k);
        int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        free(lock);
        if (fd < 0) { snprintf(err, errlen, "%s: %s", cfg->prefix_base, strerror(errno)); return NULL; }
        if (flock(fd, LOCK_EX | LOCK_NB) < 0) { close(fd); continue; }
        struct prefix *p = xcalloc(1, sizeof *p);
        p->dir = xasprintf("%s/w%d", cfg->prefix_base, k);
        p->lockfd = fd;
        char *stamp = xasprintf("%s/" STAMP, p->dir);
        int ready = access(stamp, F_OK) == 0;
        free(stamp);
        if (!ready) {
            fprintf(stderr, "dllshm-conform: making Wine prefix %s (once; reused until removed)\n", p->dir);
            if (clone_ready_sibling(cfg->prefix_base, p->dir, err, errlen)
                && prefix_make(cfg, p->dir, err, errlen)) {
                close(fd);
                free(p->dir);
                free(p);
                return NULL;
            }
        }
        /* The persistent server, its stdio on /dev/null so no pipe of ours
         * is held open by a daemon. */
        const char *start[] = { "/bin/sh", "-c", "exec \"$0\" -p" SERVER_LINGER_S " </dev/null >/dev/null 2>&1",
                                cfg->wineserver, NULL };
        p->kill_argv[0] = xstrdup(cfg->wineserver ? cfg->wineserver : "");
        p->kill_argv[1] = xstrdup("-k");
        p->kill_env = wine_env_new(p->dir, loader_of(cfg), NULL);
        if (cfg->wineserver && *cfg->wineserver) {
            char *out = NULL;
            struct proc_opts o = { .argv = start, .env = (const char *const *)p->kill_env, .merge_stderr = 1 };
            proc_run(&o, &out, 30000);
            free(out);
        }
        held[k] = p;
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
        return p;
    }
    snprintf(err, errlen, "%s: all %d prefix slots are in use", cfg->prefix_base, MAX_SLOTS);
    return NULL;
}

const char *prefix_path(const struct prefix *p) { return p->dir; }

/* Whether a process of the run, not one of Wine's own session (under
 * C:\windows\) nor the server, still runs in prefix dir.  Read from
 * /proc (Linux); where it cannot be read, the answer is yes. */
static int prefix_has_leftovers(const char *dir)
{
    DIR *d = opendir("/proc");
    if (!d) return 1;
    char *want = xasprintf("WINEPREFIX=%s", dir);
    int found = 0;
    for (struct dirent *e; !found && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        char *path = xasprintf("/proc/%s/environ", e->d_name);
        size_t len;
        char *env = read_file(path, &len);
        free(path);
        int ours = 0;
        for (size_t i = 0; env && i < len; i += strlen(env + i) + 1)
            if (!strcmp(env + i, want)) ours = 1;
        free(env);
        if (!ours) continue;
        path = xasprintf("/proc/%s/cmdline", e->d_name);
        char *cmd = read_file(path, &len);
        free(path);
        found = !cmd || (strncasecmp(cmd, "C:\\windows\\", 11) && !strstr(cmd, "wineserver"));
        free(cmd);
    }
    closedir(d);
    free(want);
    return found;
}

void prefix_release(struct prefix *p)
{
    if (!p) return;
    for (int k = 0; k < MAX_SLOTS; k++) if (held[k] == p) held[k] = NULL;
    if (p->kill_argv[0] && *p->kill_argv[0] && prefix_has_leftovers(p->dir)) {
        char *out = NULL;
        struct proc_opts o = { .argv = (const char *const *)p->kill_argv, .env = (const char *const *)p->kill_env, .merge_stderr = 1 };
        proc_run(&o, &out, 30000);
        free(out);
    }
    close(p->lockfd);
    free(p->kill_argv[0]); free(p->kill_argv[1]);
    env_free(p->kill_env);
    free(p->dir);
    free(p);
}

/* Async-signal-safe: fork + execve of the prepared `wineserver -k`. */
void prefix_release_all_on_signal(void)
{
    for (int k = 0; k < MAX_SLOTS; k++) {
        struct prefix *p = held[k];
        if (!p || !p->kill_argv[0] || !*p->kill_argv[0]) continue;
        pid_t pid = fork();
        if (pid == 0) {
            /* kill_env holds only additions: WINEPREFIX first, then the rest. */
            char *env[9];
            int n = 0;
            for (char **e = p->kill_env; *e && n < 7; e++)
                if ((*e)[strcspn(*e, "=") + 1]) env[n++] = *e;   /* "NAME=" is a removal, not a value */
            env[n++] = "PATH=/usr/bin:/bin";
            env[n] = NULL;
            execve(p->kill_argv[0], p->kill_argv, env);
            _exit(127);
        }
        if (pid > 0) {
            int st;
            while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
        }
    }
}
#endif

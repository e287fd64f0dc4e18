/* The preflight: before any scenario, every --dll DLL is checked for what
 * would make every scenario fail for one reason: its export table (read
 * natively), LoadLibrary in a fresh process, and, measured by an agent, the
 * calling convention (i686) and the width of the strings it stores.  Each
 * finding says what failed and what to do (diagnose.c). */
#include "conductor.h"
#include "diagnose.h"
#include "pe.h"
#include "proc.h"
#include "reply.h"
#include "session.h"
#include "spec.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The preflight's agent: its session and how long a reply may take. */
struct checker { struct session se; uint64_t ms; };

/* One command, one reply; NULL with *why when there is none.  during: what
 * of the DLL's runs meanwhile, for the message. */
static const char *ask(struct checker *ck, const char *cmd, const char *during, char **why)
{
    const char *line;
    int r = session_ask(&ck->se, cmd, proc_now_ms() + ck->ms, &line);
    if (r == PROC_TIMEOUT) {
        *why = xasprintf("%s did not return within %llu ms (%s)", during, (unsigned long long)ck->ms, cmd);
        return NULL;
    }
    if (r != PROC_LINE) { *why = xasprintf("the process ended during %s (%s)", during, cmd); return NULL; }
    if (!strncmp(line, "crash", 5)) {
        struct reply rp;
        reply_parse(line, &rp);
        char *words = reply_crash_words(&rp, NULL);
        *why = xasprintf("it crashed during %s (%s): %s", during, cmd, words);
        free(words);
        return NULL;
    }
    return line;
}

static int parse_units(const struct reply *rp, const char *key, unsigned *u, size_t n)
{
    for (int i = 0; i < rp->nf; i++) {
        if (strcmp(rp->f[i].key, key)) continue;
        const char *p = rp->f[i].val;
        for (size_t k = 0; k < n; k++) {
            char *end;
            u[k] = (unsigned)strtoul(p, &end, 16);
            if (end == p) return -1;
            p = *end == ',' ? end + 1 : end;
        }
        return 0;
    }
    return -1;
}

/* probe-names' reply: the first section the DLL made when it loaded (NULL:
 * none) and its size in bytes (-1: not known), and how many sections there
 * were, the runner's own left out. */
static char *first_section(const char *line, const struct runner *r, long long *count, long long *size)
{
    struct reply rp;
    char *first = NULL;
    reply_parse(line, &rp);
    *count = 0;
    *size = -1;
    for (int i = 0; i < rp.nf; i++) {
        if (!strcmp(rp.f[i].key, "size") && first && *count == 1 && *size < 0) {
            char buf[32];
            snprintf(buf, sizeof buf, "%.*s", (int)rp.f[i].len, rp.f[i].val);
            *size = strtoll(buf, NULL, 10);
        }
        if (strcmp(rp.f[i].key, "section")) continue;
        uint16_t *u;
        size_t n;
        if (spec_unescape(rp.f[i].val, rp.f[i].len, &u, &n)) continue;
        char *name = units_to_utf8(u, n);  /* the block's name, for DLLSHM_NAME */
        free(u);
        if (runner_own_object(r, name)) { free(name); continue; }
        ++*count;
        if (!first) first = name; else free(name);
    }
    return first;
}

/* For ERROR_MOD_NOT_FOUND: the DLL's imports that are neither Windows' own
 * nor beside it, which the loader did not find. */
static void name_missing_imports(const char *path, char **why)
{
    size_t len, n;
    char *buf = read_file(path, &len), err[256], **names;
    if (!buf) return;
    if (!pe_import_names((const unsigned char *)buf, len, &names, &n, err, sizeof err)) {
        struct sb sb;
        sb_init(&sb);
        const char *slash = NULL;
        for (const char *c = path; *c; c++) if (*c == '/' || *c == '\\') slash = c;
        for (size_t i = 0; i < n; i++) {
            if (diagnose_is_system_dll(names[i])) continue;
            char *beside = xasprintf("%.*s%s", slash ? (int)(slash - path + 1) : 0, path, names[i]);
            FILE *f = fopen(beside, "rb");
            if (f) fclose(f);
            free(beside);
            if (!f) sb_printf(&sb, "%s%s", sb.len ? ", " : "", names[i]);
        }
        if (sb.len) {
            char *w = xasprintf("%s. Not beside it, and not Windows' own: %s", *why, sb.buf);
            free(*why);
            *why = w;
        }
        sb_free(&sb);
        pe_names_free(names, n);
    }
    free(buf);
}

/* probe-capacity's reply into im->capacity, and the words for it. */
static char *learn_capacity(struct impl *im, const char *line)
{
    struct reply rp;
    long long cap = -1, stored = 0;
    reply_parse(line, &rp);
    if (rp.kind != REPLY_OK || reply_num(&rp, "capacity", &cap) || reply_num(&rp, "stored", &stored))
        return xasprintf("capacity: not learned (%.120s); judged as the documented sample's, %ld characters", line,
                         SCN_DOCUMENTED_CAPACITY);
    if (cap < 0)
        return xasprintf("capacity: it stored all of %lld characters, the longest written: judged as the documented "
                         "sample's, %ld characters (declare yours with --capacity N)", stored, SCN_DOCUMENTED_CAPACITY);
    im->capacity = (long)cap;
    return xasprintf("capacity: stores at most %lld characters (learned: a longer string came back cut there); the "
                     "documented sample: %ld", cap, SCN_DOCUMENTED_CAPACITY);
}

/* The preflight's agent, up to its ready line; NULL when it is up, else
 * why not (the session starts again a start Wine spoilt). */
static char *checker_open(struct checker *ck, const struct proc_opts *o)
{
    const char *line;
    session_init(&ck->se, NULL, NULL, NULL);
    if (session_start(&ck->se, o)) return xasprintf("the agent could not start: %s", ck->se.err);
    int r = session_ready(&ck->se, proc_now_ms() + ck->ms, &line);
    if (r == -1) return xasprintf("the agent could not start: %s", ck->se.err);
    if (r != PROC_LINE)
        return xasprintf("the agent did not start (%s)", r == PROC_TIMEOUT ? "no ready line" : "it ended");
    return NULL;
}

/* LoadLibrary in a fresh process, between two listings of the sections:
 * the first one it creates names the block, unless declared. */
static char *probe_names(struct checker *ck, struct impl *im, int arch, const struct runner *r, long long *sections,
                         long long *bytes)
{
    char *why = NULL;
    const char *line = ask(ck, "probe-names", "LoadLibrary, in its DllMain", &why);
    if (!line) return why;
    struct reply rp;
    reply_parse(line, &rp);
    if (rp.kind == REPLY_ERROR && !strcmp(rp.word2, "load")) {
        long long code = strtoll(line + strlen("error load "), NULL, 10);
        why = diagnose_load_error((unsigned long)code);
        if (code == 126) name_missing_imports(im->path[arch], &why);
        return why;
    }
    if (rp.kind != REPLY_OK) return xasprintf("could not load it: %.200s", line);
    char *name = first_section(line, r, sections, bytes);
    im->loaded_by_preflight = 1;
    if (name && !im->block_name) im->block_name = name;
    else free(name);
    return NULL;
}

/* __cdecl or __stdcall: what each call left on the stack (i686 only). */
static char *probe_convention(struct checker *ck)
{
    char *why = NULL;
    const char *line = ask(ck, "probe-convention", "a call of SetSharedMem or GetSharedMem", &why);
    if (!line) return why;
    struct reply rp;
    long long sp = 0, gp = 0;
    reply_parse(line, &rp);
    if (reply_num(&rp, "set-popped", &sp) || reply_num(&rp, "get-popped", &gp))
        return xasprintf("unexpected reply to probe-convention: %.200s", line);
    return diagnose_convention((long)sp, (long)gp);
}

/* UTF-16 or 8-bit strings: the units that came back of each kind. */
static char *probe_width(struct checker *ck)
{
    char *why = NULL;
    const char *line = ask(ck, "probe-width", "a call of SetSharedMem or GetSharedMem", &why);
    if (!line) return why;
    struct reply rp;
    unsigned wide[4], narrow[4];
    reply_parse(line, &rp);
    if (parse_units(&rp, "wide", wide, 4) || parse_units(&rp, "narrow", narrow, 4))
        return xasprintf("unexpected reply to probe-width: %.200s", line);
    return diagnose_width(wide, narrow, 4);
}

/* The capacity, from what a Set of a long string keeps; never a finding. */
static char *probe_capacity(struct checker *ck, struct impl *im)
{
    char *crash = NULL, *said;
    const char *line = ask(ck, "probe-capacity", "a Set of a long string", &crash);
    if (line) said = learn_capacity(im, line);
    else said = xasprintf("capacity: not learned: %s; judged as the documented sample's, %ld characters", crash,
                          SCN_DOCUMENTED_CAPACITY);
    free(crash);
    return said;
}

/* The agent's checks of one file; NULL when all pass, else the finding.
 * Sets im->block_name from what the DLL creates when it loads, unless set,
 * and im->capacity unless declared (*said: how it was learned). */
static char *agent_checks(struct impl *im, int arch, const struct runner *r, const struct config *cfg,
                          const char *prefix, long long *sections, long long *bytes, int learn, char **said)
{
    char *agent;
    const char *argv[16];
    int k = agent_argv(r, cfg, arch, im, argv, &agent);
    argv[k++] = "--no-load";   /* probe-names loads it, between two listings */
    argv[k++] = "--tag";
    argv[k++] = "preflight";
    argv[k] = NULL;
    char *dir = proc_temp_dir("dllshm-preflight");   /* what the DLL writes goes there */
    char **env = wine_env_new(prefix, NULL, NULL);
    struct proc_opts o = { .argv = argv, .env = (const char *const *)env, .cwd = dir };
    struct checker ck = { .ms = (uint64_t)(20000 * cfg->timeout_scale) };
    char *why = checker_open(&ck, &o);
    if (!why) why = probe_names(&ck, im, arch, r, sections, bytes);
    if (!why && arch == ARCH_I686) why = probe_convention(&ck);
    /* A declared 8-bit variant is taken at its word: its agents turn units
     * into bytes and back (agent/ansi.c). */
    if (!why && !cfg->ansi) why = probe_width(&ck);
    /* Last: a DLL that crashes on a long string ends the session here,
     * which the truncation scenario will name; the preflight goes on. */
    if (!why && learn) *said = probe_capacity(&ck, im);
    session_end(&ck.se, 5000, 0, NULL);
    session_free(&ck.se);
    env_free(env);
    if (dir) { remove_tree(dir); free(dir); }
    free(agent);
    return why;
}

/* The block section's size in words: "its section is 608 bytes: room for
 * 303 characters, fewer than the 2047 it must hold"; NULL when unknown. */
static char *section_room(const struct impl *im, long long bytes)
{
    if (bytes < 0 || !im->block_name) return NULL;
    long long room = bytes / 2 - 1;   /* UTF-16 units, less a terminator */
    if (room < im->capacity)
        return xasprintf("%lld bytes: room for %lld characters and a terminator, fewer than the %ld it must hold",
                         bytes, room < 0 ? 0 : room, im->capacity);
    return xasprintf("%lld bytes", bytes);
}

static char *export_check(const char *path, const struct config *cfg, const struct impl *im)
{
    char set_name[64] = "SetSharedMem", get_name[64] = "GetSharedMem";
    const char *comma = cfg->exports && im->role == ROLE_USER ? strchr(cfg->exports, ',') : NULL;
    if (comma) {
        snprintf(set_name, sizeof set_name, "%.*s", (int)(comma - cfg->exports), cfg->exports);
        snprintf(get_name, sizeof get_name, "%s", comma + 1);
    }
    size_t len;
    char *buf = read_file(path, &len), err[256];
    if (!buf) return xasprintf("cannot read %s", path);
    char **names;
    size_t n;
    char *why = pe_export_names((const unsigned char *)buf, len, &names, &n, err, sizeof err)
              ? xasprintf("%s: %s", path, err) : diagnose_exports(names, n, set_name, get_name);
    if (!why) pe_names_free(names, n);
    else if (names) pe_names_free(names, n);
    free(buf);
    return why;
}

int preflight_run(struct impl *const *impls, size_t n, struct runner *const *rs, size_t nrun,
                  const struct config *cfg, const char *prefix, const char *block_name, long capacity)
{
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        struct impl *im = impls[i];
        if (im->role != ROLE_USER) continue;
        if (block_name) { free(im->block_name); im->block_name = xstrdup(block_name); }
        if (capacity) im->capacity = capacity;
        int learned = 0;
        for (int a = ARCH_COUNT - 1; a >= 0; a--) {
            if (!im->path[a]) continue;
            const struct runner *r = NULL;
            for (size_t k = 0; k < nrun && !r; k++)
                if (rs[k]->available && rs[k]->arches == 1 << a) r = rs[k];
            for (size_t k = 0; k < nrun && !r; k++)
                if (rs[k]->available && rs[k]->arches & 1 << a) r = rs[k];
            long long sections = 0, bytes = -1;
            char *said = NULL;
            char *why = export_check(im->path[a], cfg, im);
            if (!why && r) why = agent_checks(im, a, r, cfg, prefix, &sections, &bytes, !capacity && !learned, &said);
            learned |= said != NULL;
            char *room = section_room(im, bytes);
            if (why) {
                printf("preflight %s (%s): FAILED: %s\n  %s%s%s\n", im->name, arch_dir(a), im->path[a], why,
                       room ? "; the section it made: " : "", room ? room : "");
                failed = 1;
            } else if (r) {
                printf("preflight %s (%s): ok: exports%s%s, LoadLibrary%s, %s\n", im->name, arch_dir(a),
                       cfg->exports ? " " : "", cfg->exports ? cfg->exports : "", a == ARCH_I686 ? ", __cdecl" : "",
                       cfg->ansi ? "8-bit strings as declared (--strings ansi: text beyond Latin-1 stored as '?')"
                                 : "UTF-16 strings");
                if (block_name) printf("  block: %s (--block-name)\n", block_name);
                else if (!sections)
                    printf("  it creates no named section when it loads: the scenarios that need the block's name "
                           "(await-block, squat) are skipped (give it with --block-name NAME)\n");
                else printf("  block: %s (the section it creates when it loads%s%s%s)\n", im->block_name,
                            sections > 1 ? "; the first of several" : "", room ? "; " : "", room ? room : "");
                if (said) printf("  %s\n", said);
                else if (capacity && !learned) {
                    printf("  capacity: %ld characters (--capacity)\n", capacity);
                    learned = 1;
                }
            } else
                printf("preflight %s (%s): exports ok; no runner of %s processes is available to load it\n",
                       im->name, arch_dir(a), arch_word(a));
            free(why);
            free(said);
            free(room);
        }
    }
    fflush(stdout);
    return failed ? -1 : 0;
}

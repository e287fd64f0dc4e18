/*
 * dll.c - the commands that call the DLL under test: load, unload,
 * set, get, get-null, exset, exget, info.
 *
 * get and exget read into a buffer of CCH units plus 64 guard units, all
 * filled with the sentinel 0xFEFE, and report what the DLL touched.  The
 * buffer is a private VirtualAlloc region with plenty of slack after the
 * guard, so a DLL that overflows (the sample's get 0) is caught and reported
 * instead of corrupting the agent's heap.
 */
#include "agent.h"
#include "interpose.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENTINEL 0xFEFE
#define GUARD_UNITS 64u
#define SLACK_UNITS 65536u     /* beyond the guard: room for a runaway copy */
#define GET_MAX_CCH 0x1000000u /* 16 Mi units: larger is a usage error */

struct dut g_dut;
const WCHAR *g_dll_path;
int g_ansi;

/* The two exports' names: the pattern's, or --exports SET,GET. */
static char set_name[64] = "SetSharedMem", get_name[64] = "GetSharedMem";

int dut_exports(const char *names)
{
    const char *comma = strchr(names, ',');
    size_t a = comma ? (size_t)(comma - names) : 0, b = comma ? strlen(comma + 1) : 0;
    if (!comma || !a || !b || a >= sizeof(set_name) || b >= sizeof(get_name) || strchr(comma + 1, ','))
        return -1;
    memcpy(set_name, names, a);
    set_name[a] = 0;
    memcpy(get_name, comma + 1, b + 1);
    return 0;
}

int dut_variant_argv(const char **argv)
{
    static char exports[2 * 64 + 1];
    int n = 0;

    if (g_ansi) {
        argv[n++] = "--strings";
        argv[n++] = "ansi";
    }
    if (strcmp(set_name, "SetSharedMem") || strcmp(get_name, "GetSharedMem")) {
        snprintf(exports, sizeof(exports), "%s,%s", set_name, get_name);
        argv[n++] = "--exports";
        argv[n++] = exports;
    }
    return n;
}

DWORD dut_load(const WCHAR *path, const char **missing)
{
    HMODULE m;

    *missing = NULL;
    if (!path)
        return ERROR_INVALID_PARAMETER;
    interpose_expect(path); /* patched before its DllMain runs */
    m = LoadLibraryW(path);
    interpose_loaded(m);
    if (!m) {
        DWORD err = GetLastError();
        return err ? err : ERROR_DLL_INIT_FAILED;
    }
    g_dut.set = (set_fn)(void (*)(void))GetProcAddress(m, set_name);
    g_dut.get = (get_fn)(void (*)(void))GetProcAddress(m, get_name);
    if (!g_dut.set || !g_dut.get) {
        *missing = g_dut.set ? get_name : set_name;
        FreeLibrary(m);
        interpose_loaded(NULL);
        memset(&g_dut, 0, sizeof(g_dut));
        return ERROR_PROC_NOT_FOUND;
    }
    if (g_ansi)
        ansi_wrap(&g_dut);
    g_dut.set_ex = (setex_fn)(void (*)(void))GetProcAddress(m, "DllshmSetEx");
    g_dut.get_ex = (getex_fn)(void (*)(void))GetProcAddress(m, "DllshmGetEx");
    g_dut.get_info = (info_fn)(void (*)(void))GetProcAddress(m, "DllshmGetInfo");
    g_dut.module = m;
    return 0;
}

void cmd_load(char *args)
{
    const WCHAR *path = g_dll_path;
    WCHAR *given = NULL;
    const char *missing;
    char why[200];
    DWORD err;

    if (g_dut.module) {
        reply("error already-loaded");
        return;
    }
    if (*args) {
        given = utf8_to_wide(args);
        if (!given) {
            reply("error usage load [PATH] (PATH is not UTF-8)");
            return;
        }
        path = given;
    }
    if (!path) {
        free(given);
        reply("error usage load PATH (no --dll given)");
        return;
    }
    if (rules_check_imports(path, why, sizeof(why))) {
        free(given);
        reply("error rule %s", why);
        return;
    }
    err = dut_load(path, &missing);
    free(given);
    if (missing)
        reply("error missing-export %s", missing);
    else if (err && interpose_load_exception())
        reply("error load %lu exception=0x%08lx", (unsigned long)err, (unsigned long)interpose_load_exception());
    else if (err)
        reply("error load %lu", (unsigned long)err);
    else {
        long waits = attach_waits_taken();
        if (waits)
            reply("ok attach_waits=%ld", waits); /* its DllMain waited (attach.c) */
        else
            reply("ok");
    }
}

void cmd_unload(char *args)
{
    if (*args) {
        reply("error usage unload");
        return;
    }
    FreeLibrary(g_dut.module);
    interpose_loaded(NULL); /* a new load is patched anew */
    g_block = NULL; /* its handle went with the DLL */
    memset(&g_dut, 0, sizeof(g_dut));
    reply("ok");
}

/* The caller's string for Set, its terminator the last unit before an
 * unreadable page: a DLL that reads past it faults there, and the crash
 * line says so (guard=source).  NULL stays NULL. */
const void *volatile g_source_guard; /* the unreadable page, while a Set runs */

static WCHAR *guarded_string(const struct wstr *s, void **base, size_t *bytes)
{
    SYSTEM_INFO si;
    size_t need = (s->len + 1) * sizeof(WCHAR), page;
    DWORD old;
    char *mem;

    if (!s->p)
        return NULL;
    GetSystemInfo(&si);
    page = si.dwPageSize;
    *bytes = (need + page - 1) / page * page + page;
    mem = VirtualAlloc(NULL, *bytes, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!mem)
        return NULL;
    VirtualProtect(mem + *bytes - page, page, PAGE_NOACCESS, &old);
    *base = mem;
    g_source_guard = mem + *bytes - page;
    return memcpy(mem + *bytes - page - need, s->p, need);
}

void cmd_set(char *args)
{
    struct wstr s;
    void *base = NULL;
    size_t bytes = 0;
    WCHAR *p;

    if (spec_parse(args, &s) != 0) {
        reply("error usage set SPEC");
        return;
    }
    p = guarded_string(&s, &base, &bytes);
    g_dut.set(p ? p : s.p);
    g_source_guard = NULL;
    if (base)
        VirtualFree(base, 0, MEM_RELEASE);
    wstr_free(&s);
    reply("ok");
}

void cmd_exset(char *args)
{
    struct wstr s;
    DWORD written = 0xFFFFFFFF; /* shows when the DLL does not set it */
    LONG status;

    if (!g_dut.set_ex) {
        reply("error missing-export DllshmSetEx");
        return;
    }
    if (spec_parse(args, &s) != 0) {
        reply("error usage exset SPEC");
        return;
    }
    status = g_dut.set_ex(g_block, s.p, &written);
    wstr_free(&s);
    reply("ok status=%ld written=%lu", (long)status, (unsigned long)written);
}

/* ---- get / exget: a sentinel-filled buffer and its inspection ---- */
int probe_alloc_cch(struct probe *pr, uint32_t cch)
{
    pr->cch = cch;
    pr->units = (size_t)pr->cch + GUARD_UNITS + SLACK_UNITS;
    pr->buf = VirtualAlloc(NULL, pr->units * sizeof(WCHAR), MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!pr->buf)
        return -1;
    for (size_t i = 0; i < pr->units; i++)
        pr->buf[i] = SENTINEL;
    return 0;
}

static int probe_alloc(struct probe *pr, const char *arg)
{
    uint32_t cch;
    return parse_u32(arg, GET_MAX_CCH, &cch) != 0 ? -1 : probe_alloc_cch(pr, cch);
}

/* Appends len=, overflow=, touched= and text= for the buffer after the call. */
static void probe_report(struct probe *pr, struct sb *sb)
{
    long len = -1;
    int overflow = 0, touched = 0;

    for (uint32_t i = 0; i < pr->cch; i++) {
        if (pr->buf[i] != SENTINEL)
            touched = 1;
        if (pr->buf[i] == 0 && len < 0)
            len = (long)i;
    }
    for (size_t i = pr->cch; i < (size_t)pr->cch + GUARD_UNITS; i++)
        if (pr->buf[i] != SENTINEL)
            overflow = 1;
    sb_printf(sb, " len=%ld overflow=%d touched=%d ", len, overflow, touched);
    sb_quoted(sb, "text", pr->buf, len < 0 ? 0 : (size_t)len);
}

void probe_free(struct probe *pr)
{
    VirtualFree(pr->buf, 0, MEM_RELEASE);
    pr->buf = NULL;
}

void cmd_get(char *args)
{
    struct probe pr;
    struct sb sb = {0};

    if (probe_alloc(&pr, args) != 0) {
        reply("error usage get CCH");
        return;
    }
    g_dut.get(pr.buf, pr.cch);
    sb_add(&sb, "ok", 2);
    probe_report(&pr, &sb);
    sb_send(&sb);
    sb_free(&sb);
    probe_free(&pr);
}

void cmd_exget(char *args)
{
    struct probe pr;
    struct sb sb = {0};
    DWORD required = 0xFFFFFFFF;
    LONG status;

    if (!g_dut.get_ex) {
        reply("error missing-export DllshmGetEx");
        return;
    }
    if (probe_alloc(&pr, args) != 0) {
        reply("error usage exget CCH");
        return;
    }
    status = g_dut.get_ex(g_block, pr.buf, pr.cch, &required);
    sb_printf(&sb, "ok status=%ld required=%lu", (long)status, (unsigned long)required);
    probe_report(&pr, &sb);
    sb_send(&sb);
    sb_free(&sb);
    probe_free(&pr);
}

void cmd_get_null(char *args)
{
    uint32_t cch;

    if (parse_u32(args, UINT32_MAX, &cch) != 0) {
        reply("error usage get-null CCH");
        return;
    }
    g_dut.get(NULL, cch);
    reply("ok");
}

static const char *step_name(DWORD step)
{
    static const char *const names[] = {"none", "name", "security", "create",
                                        "owner", "map", "size", "header"};
    return step < sizeof(names) / sizeof(names[0]) ? names[step] : NULL;
}

#define INFO_GUARD 0xA5 /* the bytes past an older caller's DllshmInfo */

/* "" or "v1": v1 asks as a caller built before writerThread would, with
 * DLLSHM_INFO_SIZE_V1 as cbSize and guard bytes after it. */
void cmd_info(char *args)
{
    union {
        DllshmInfo info;
        unsigned char bytes[sizeof(DllshmInfo)];
    } u;
    LONG rc;
    const char *step;
    int v1 = strcmp(args, "v1") == 0;

    if (!g_dut.get_info) {
        reply("error missing-export DllshmGetInfo");
        return;
    }
    if (*args && !v1) {
        reply("error usage info [v1]");
        return;
    }
    memset(&u, v1 ? INFO_GUARD : 0, sizeof(u));
    u.info.cbSize = v1 ? DLLSHM_INFO_SIZE_V1 : sizeof(u.info);
    rc = g_dut.get_info(g_block, &u.info);
    if (rc != DLLSHM_OK) {
        reply("error info %ld", (long)rc);
        return;
    }
    for (size_t i = v1 ? DLLSHM_INFO_SIZE_V1 : sizeof(u); i < sizeof(u); i++)
        if (u.bytes[i] != INFO_GUARD) {
            reply("error info wrote past the caller's cbSize of %u bytes (byte %u)", (unsigned)DLLSHM_INFO_SIZE_V1,
                  (unsigned)i);
            return;
        }
    const DllshmInfo *info = &u.info;
    char writer[32] = "";
    if (!v1)
        snprintf(writer, sizeof(writer), " writer=%lu", (unsigned long)info->writerThread);
    step = step_name(info->step);
    if (step)
        reply("ok counter=%lu capacity=%lu status=%ld step=%s win32=%lu%s", (unsigned long)info->changeCounter,
              (unsigned long)info->capacityChars, (long)info->status, step, (unsigned long)info->win32Error, writer);
    else
        reply("ok counter=%lu capacity=%lu status=%ld step=%lu win32=%lu%s", (unsigned long)info->changeCounter,
              (unsigned long)info->capacityChars, (long)info->status, (unsigned long)info->step,
              (unsigned long)info->win32Error, writer);
}

/*
 * icommands.c - the agent's interposition commands and start options
 * (harness/PROTOCOL.md, "Interposition"), and the pause between agents.
 *
 * A pause blocks the DLL's thread inside the replacement until another
 * agent says `resume NAME`; `await-pause NAME` in another agent returns
 * once it is blocked.  Both are named events in the session namespace,
 * named after the block and the agent's tag, so that scenarios running in
 * parallel (each with its own block name or Wine prefix) never meet.  That
 * makes "a is stopped right after CreateFileMappingW" a fact a scenario
 * can wait for, not a sleep.
 */
#include "agent.h"
#include "interpose.h"
#include "utf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define PAUSE_MAX_MS 60000u /* a forgotten resume ends the pause, not the agent */

static HANDLE pause_event(const char *tag, const WCHAR *which)
{
    WCHAR name[320], *owned;
    const WCHAR *block = agent_block_name(NULL, &owned);

    _snwprintf(name, sizeof(name) / sizeof(name[0]), L"dllshm-agent-pause.%ls.%hs.%ls", block, tag, which);
    name[sizeof(name) / sizeof(name[0]) - 1] = 0;
    free(owned);
    return CreateEventW(NULL, FALSE, FALSE, name); /* auto-reset: one pause, one resume */
}

/* Until `resume`, or until another agent's attach waits inside its
 * DllMain (attach.c): then this agent holds what it waits for, and the
 * pause ends so that the attach goes on as a serialised design promises. */
void pause_here(const char *function, int after)
{
    HANDLE reached = pause_event(g_tag, L"reached"), resume = pause_event(g_tag, L"resume");
    HANDLE waiter = attach_wait_event(1);
    DWORD w = WAIT_FAILED;

    if (reached && resume) {
        HANDLE on[2] = {resume, waiter};
        diag("paused %s %s", after ? "after" : "before", function);
        SetEvent(reached);
        w = WaitForMultipleObjects(waiter ? 2 : 1, on, FALSE, PAUSE_MAX_MS);
    }
    if (w == WAIT_OBJECT_0 + 1)
        diag("pause %s %s ended: another process waits inside its DllMain (a serialised attach)",
             after ? "after" : "before", function);
    else if (w != WAIT_OBJECT_0)
        diag("pause %s %s: no resume (wait %lu, error %lu): going on", after ? "after" : "before", function,
             (unsigned long)w, (unsigned long)GetLastError());
    if (reached)
        CloseHandle(reached);
    if (resume)
        CloseHandle(resume);
    if (waiter)
        CloseHandle(waiter);
}

static int valid_tag(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* "await-pause NAME [MS]" */
void cmd_await_pause(char *args)
{
    char *tag = next_word(&args), *w = next_word(&args);
    uint32_t limit = 5000;
    HANDLE h;
    DWORD start = GetTickCount(), r;

    if (!valid_tag(tag) || (w && parse_u32(w, 60000, &limit) != 0) || *args) {
        reply("error usage await-pause NAME [MS] (MS at most 60000)");
        return;
    }
    h = pause_event(tag, L"reached");
    if (!h) {
        reply("error await-pause: CreateEventW failed (error %lu)", (unsigned long)GetLastError());
        return;
    }
    r = WaitForSingleObject(h, limit);
    CloseHandle(h);
    if (r == WAIT_OBJECT_0)
        reply("ok waited=%lu", (unsigned long)(GetTickCount() - start));
    else
        reply("error await-pause: %s did not pause within %lu ms", tag, (unsigned long)limit);
}

/* "resume NAME": releases NAME's pause (the current one, or the next). */
void cmd_resume(char *args)
{
    HANDLE h;

    if (!valid_tag(args)) {
        reply("error usage resume NAME");
        return;
    }
    h = pause_event(args, L"resume");
    if (!h || !SetEvent(h)) {
        reply("error resume: error %lu", (unsigned long)GetLastError());
        if (h)
            CloseHandle(h);
        return;
    }
    CloseHandle(h);
    reply("ok");
}

/* Adds a rule, and takes it back when the DLL (--dll) does not import
 * what it names: such a rule could never fire.  SPEC may give
 * alternatives, RULE|RULE...: the first the DLL can take is taken (a pause
 * after CreateFileMapping*, else at its entry point for a DLL that maps
 * nothing by that name). */
static const char *add_checked(enum rule_kind kind, const char *spec, char *msg, size_t msglen)
{
    char alts[200], *alt, *next;
    const char *why = NULL, *first_why = NULL;
    char first_msg[200];

    if (_snprintf(alts, sizeof(alts), "%s", spec) < 0 || strlen(spec) >= sizeof(alts))
        return "the rule is too long";
    for (alt = alts; alt; alt = next) {
        next = strchr(alt, '|');
        if (next)
            *next++ = 0;
        why = rule_add(kind, alt, msg, msglen);
        if (!why && g_dll_path && (why = rules_check_imports(g_dll_path, msg, msglen)) != NULL)
            rule_drop_last();
        if (!why) {
            interpose_arm();
            return NULL;
        }
        if (!first_why) {
            _snprintf(first_msg, sizeof(first_msg), "%s", why);
            first_msg[sizeof(first_msg) - 1] = 0;
            first_why = first_msg;
        }
    }
    _snprintf(msg, msglen, "%s", first_why);
    msg[msglen - 1] = 0;
    return msg;
}

static void rule_command(enum rule_kind kind, const char *word, char *args)
{
    char msg[200];
    const char *why;

    /* Given after load: counting starts now, and the loaded DLL's table
     * is patched now (interpose_arm). */
    why = add_checked(kind, args, msg, sizeof(msg));
    if (why)
        reply("error %s %s", word, why);
    else
        reply("ok");
}

void cmd_fault(char *args) { rule_command(RULE_FAULT, "fault", args); }
void cmd_delay(char *args) { rule_command(RULE_DELAY, "delay", args); }
void cmd_pause(char *args) { rule_command(RULE_PAUSE, "pause", args); }

void cmd_record(char *args)
{
    if (*args) {
        reply("error usage record");
        return;
    }
    interpose_arm();
    reply("ok");
}

/* "calls [FIRST [MAX]]": the log from entry FIRST (0-based), MAX entries
 * (default 512), so that a reply stays a readable line. */
void cmd_calls(char *args)
{
    char *a = next_word(&args), *b = next_word(&args);
    uint32_t first = 0, max = 512;
    struct sb sb = {0};

    if ((a && parse_u32(a, UINT32_MAX, &first) != 0) || (b && parse_u32(b, 8192, &max) != 0) || *args) {
        reply("error usage calls [FIRST [MAX]]");
        return;
    }
    if (!interpose_recording()) {
        reply("error not-recording (give a rule or `record` before load)");
        return;
    }
    interpose_calls(&sb, first, max);
    sb_send(&sb);
    sb_free(&sb);
}

void cmd_rules(char *args)
{
    struct sb sb = {0};

    if (*args) {
        reply("error usage rules");
        return;
    }
    interpose_rules(&sb);
    sb_send(&sb);
    sb_free(&sb);
}

static char *to_utf8(const WCHAR *w)
{
    return utf16_to_utf8((const uint16_t *)w, wcslen(w), NULL);
}

int interpose_option(const WCHAR *opt, const WCHAR *value)
{
    static const struct {
        const WCHAR *opt;
        enum rule_kind kind;
    } opts[] = {{L"--fault", RULE_FAULT}, {L"--delay", RULE_DELAY}, {L"--pause", RULE_PAUSE}};
    char msg[200], *spec;
    const char *why;

    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        if (wcscmp(opt, opts[i].opt) != 0)
            continue;
        spec = value ? to_utf8(value) : NULL;
        why = spec ? rule_add(opts[i].kind, spec, msg, sizeof(msg)) : "expected a rule after the option";
        free(spec);
        if (why) {
            diag("%ls: %s", opt, why);
            return -1;
        }
        interpose_arm(); /* wmain checks the imports before anything runs */
        return 1;
    }
    if (wcscmp(opt, L"--record") == 0) {
        interpose_arm();
        return 2; /* takes no value */
    }
    if (wcscmp(opt, L"--watch-waits") == 0) {
        g_watch_waits = 1;
        interpose_patch(); /* the waits are watched; nothing is recorded for `calls` */
        return 2;
    }
    return 0;
}

/*
 * interpose.h - failing, delaying, pausing and recording the Win32 calls
 * that the DLL under test makes (harness/PROTOCOL.md, "Interposition").
 *
 *   hooks.c      the table: each function with its failure value, and its
 *                replacement (generated from one line per function)
 *   interpose.c  rules, the call log, what each replacement does
 *   patch.c      patching the DLL's import address table from a loader
 *                notification; what the agent watches during a load
 *   icommands.c  the agent commands and start options for all of this
 *
 * Only the import address table of the DLL under test is patched, so the
 * agent's own calls (and every other module's) go straight to Windows.
 */
#ifndef DLLSHM_INTERPOSE_H
#define DLLSHM_INTERPOSE_H

#include <windows.h>
#include <stdint.h>

/* How a function reports failure. */
enum fail_kind {
    FK_NONE, /* cannot fail (free, Sleep, LocalFree): recorded only */
    FK_ZERO, /* NULL, FALSE or 0, with SetLastError(CODE) */
    FK_WAIT, /* WAIT_FAILED, with SetLastError(CODE) */
    FK_CODE  /* returns the Win32 error itself (GetSecurityInfo, ...) */
};

struct hook {
    const char *name;
    enum fail_kind fail;
    void *replacement;
    void *volatile real; /* what the DLL's import table held */
};

extern struct hook g_hooks[];
extern const unsigned g_nhooks;

/* One intercepted call, between entering and leaving the replacement. */
struct icall {
    unsigned hook;
    DWORD code;       /* the fault's error when failed */
    uint32_t after;   /* rules to apply after the call (bit per rule) */
};

/* Called by every replacement: 1 when this call is to fail. */
int icall_enter(unsigned hook, struct icall *c);
/* The failed call: logged, its after-rules applied, SetLastError(code);
 * returns the function's failure value. */
uintptr_t icall_fail(struct icall *c);
/* The real call returned result: logged, after-rules applied, its last
 * error kept. */
void icall_leave(struct icall *c, uintptr_t result);

/* ---- rules (interpose.c) ---- */
enum rule_kind { RULE_FAULT, RULE_DELAY, RULE_PAUSE };

#define RULE_MAX 32

/* Parses "FUNCTION:NTH:CODE" (fault), "FUNCTION:before|after:MS[:NTH]"
 * (delay), "FUNCTION:before|after[:NTH]" (pause) and adds the rule.
 * Returns NULL, or what was wrong (a static string or *msg). */
const char *rule_add(enum rule_kind kind, const char *spec, char *msg, size_t msglen);
void rule_drop_last(void);
/* NULL when every rule names a function path imports; else a message. */
const char *rules_check_imports(const WCHAR *path, char *msg, size_t msglen);

/* Recording and rules are off until the first rule or `record`: an agent
 * that asks for neither never patches anything but, with --watch-waits,
 * the waits of the attach (interpose_patch: patched, not recording). */
void interpose_arm(void);
void interpose_patch(void);
int interpose_armed(void);     /* patched */
int interpose_recording(void); /* a rule or `record` was given: `calls` answers */
/* Inside LoadLibrary of the DLL under test (its DllMain may run). */
int interpose_loading(void);
/* Around LoadLibraryW of the DLL under test: the loader notification
 * patches the module with path's file name while this is set. */
void interpose_expect(const WCHAR *path);
void interpose_loaded(HMODULE m); /* after the load: patches it if not yet */
/* The first system exception (0xC...) raised during the last load, or 0;
 * noted only while armed. */
DWORD interpose_load_exception(void);
/* OutputDebugString lines seen since armed. */
long interpose_debug_lines(void);
/* Sets imported[h] for every g_hooks function the DLL file imports by
 * name, without loading it; 0, or -1 when the file cannot be read. */
int pe_file_imports(const WCHAR *path, unsigned char *imported);

/* ---- replies (interpose.c) ---- */
struct sb;
void interpose_calls(struct sb *sb, uint32_t first, uint32_t max);
void interpose_rules(struct sb *sb);

/* ---- the attach, watched (attach.c) ---- */
/* --watch-waits: inside the DLL's attach (DllMain, during a load), a wait
 * that would block is said first: a line "note attach-wait FUNCTION" to the
 * conductor, and the block's attach-wait event, which ends another agent's
 * pause (a serialised attach: this one waits for what that one holds). */
extern int g_watch_waits;
int attach_watching(DWORD timeout);
void attach_blocked(const char *function);
/* Waits inside DllMain that would block, since the last call. */
long attach_waits_taken(void);
/* The event a paused agent's pause also ends on (pause_here). */
HANDLE attach_wait_event(int create);
/* Entry rules (FUNCTION "entry": before the DLL's entry point runs, its
 * image mapped), applied from the loader notification. */
void interpose_entry(void);

/* ---- icommands.c ---- */
void pause_here(const char *function, int after); /* until `resume` */
/* A start option: 1 (it took value), 2 (it took none), 0 (not ours), -1
 * (bad: said on stderr). */
int interpose_option(const WCHAR *opt, const WCHAR *value);
void cmd_fault(char *args);
void cmd_delay(char *args);
void cmd_pause(char *args);
void cmd_record(char *args);
void cmd_calls(char *args);
void cmd_rules(char *args);
void cmd_await_pause(char *args);
void cmd_resume(char *args);
void cmd_sweep(char *args); /* sweep.c */

#endif /* DLLSHM_INTERPOSE_H */

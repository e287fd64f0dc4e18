/* The agent's commands (harness/PROTOCOL.md), written once: the agent's
 * dispatch table, the scenario parser's list of what may follow "NAME:",
 * its error messages and its levels, and the scheduler's cost hints are
 * all expanded from DLLSHM_COMMANDS.  Adding a command: a line here, its
 * handler cmd_<id> in the agent, a test.
 *
 * X(id, "name", level, needs_dll, in_scenarios, cost)
 *   level        0 documented, 1 hardened, 2 dllshm (scenarios/README.md)
 *   needs_dll    the agent replies `error not-loaded` without a loaded DLL
 *   in_scenarios may follow "NAME:" in a scenario (exit is a step there)
 *   cost         what the command costs a scenario's run, for the order the
 *                scheduler starts jobs in (enum command_cost) */
#ifndef DLLSHM_COMMANDS_H
#define DLLSHM_COMMANDS_H

#include <stddef.h>

enum command_cost {
    COST_STEP,     /* a round trip */
    COST_WAIT_MS,  /* its first argument in ms, when waited for (watch, sleep) */
    COST_BG_MS,    /* half its first argument, when in the background (hammer, history) */
    COST_KILLS     /* 25 ms for each of the kills its first argument asks for */
};

#define DLLSHM_COMMANDS(X) \
    X(load, "load", 0, 0, 1, COST_STEP) \
    X(unload, "unload", 0, 1, 1, COST_STEP) \
    X(set, "set", 0, 1, 1, COST_STEP) \
    X(get, "get", 0, 1, 1, COST_STEP) \
    X(get_null, "get-null", 0, 1, 1, COST_STEP) \
    X(exset, "exset", 2, 1, 1, COST_STEP) \
    X(exget, "exget", 2, 1, 1, COST_STEP) \
    X(info, "info", 2, 1, 1, COST_STEP) \
    X(hammer, "hammer", 0, 1, 1, COST_BG_MS) \
    X(watch, "watch", 0, 1, 1, COST_WAIT_MS) \
    X(history, "history", 0, 1, 1, COST_BG_MS) \
    X(sleep, "sleep", 0, 0, 1, COST_WAIT_MS) \
    X(crash, "crash", 0, 0, 1, COST_STEP) \
    X(squat, "squat", 1, 0, 1, COST_STEP) \
    X(kill_writers, "kill-writers", 2, 1, 1, COST_KILLS) \
    X(dead_owner, "dead-owner", 2, 1, 1, COST_STEP) \
    X(squat_peek, "squat-peek", 1, 0, 1, COST_STEP) \
    X(threads, "threads", 0, 1, 1, COST_STEP) \
    X(open, "open", 2, 1, 1, COST_STEP) \
    X(close, "close", 2, 1, 1, COST_STEP) \
    X(await_block, "await-block", 0, 0, 1, COST_STEP) \
    X(block_exists, "block-exists", 0, 0, 1, COST_STEP) \
    /* the preflight's measurements */ \
    X(probe_convention, "probe-convention", 0, 1, 1, COST_STEP) \
    X(probe_width, "probe-width", 0, 1, 1, COST_STEP) \
    X(probe_names, "probe-names", 0, 0, 1, COST_STEP) \
    X(probe_capacity, "probe-capacity", 0, 1, 1, COST_STEP) \
    /* interposition of the DLL's Win32 calls */ \
    X(fault, "fault", 0, 0, 1, COST_STEP) \
    X(delay, "delay", 0, 0, 1, COST_STEP) \
    X(pause, "pause", 0, 0, 1, COST_STEP) \
    X(record, "record", 0, 0, 1, COST_STEP) \
    X(calls, "calls", 0, 0, 1, COST_STEP) \
    X(rules, "rules", 0, 0, 1, COST_STEP) \
    X(await_pause, "await-pause", 0, 0, 1, COST_STEP) \
    X(resume, "resume", 0, 0, 1, COST_STEP) \
    X(sweep, "sweep", 0, 0, 1, COST_STEP) \
    X(exit, "exit", 0, 0, 0, COST_STEP)

struct command_info {
    const char *name;
    int level, needs_dll, in_scenarios;
    enum command_cost cost;
};

/* The table, in DLLSHM_COMMANDS order. */
extern const struct command_info command_table[];
extern const size_t command_count;
/* The command whose name is the first n bytes of word, or NULL. */
const struct command_info *command_find(const char *word, size_t n);

#endif

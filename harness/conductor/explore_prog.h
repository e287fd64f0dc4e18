/* The explorer's programs: sequences of actions over a few processes (the
 * agent's commands), generated at random from a seed, rendered as scenario
 * text with every reply predicted by the model (model.h).  Rendering leaves
 * out the actions that the state at their turn does not allow, so any
 * subset of a program is again a program: what the shrinker needs. */
#ifndef DLLSHM_EXPLORE_PROG_H
#define DLLSHM_EXPLORE_PROG_H

#include "arch.h"
#include "model.h"

#include <stddef.h>
#include <stdint.h>

#define PROG_MAX_PROCS 6

enum act_kind {
    ACT_START, ACT_LOAD, ACT_UNLOAD, ACT_SET, ACT_SET_NULL, ACT_GET, ACT_GET_NULL,
    ACT_EXIT, ACT_KILL, ACT_CRASH, ACT_SLEEP, ACT_THREADS, ACT_PHASE, ACT_SWEEP, ACT_RACE, ACT_NKINDS
};

/* A concurrent phase is a run of ACT_PHASE actions of distinct loaded
 * processes: each runs one role for cch milliseconds at once with the
 * others (the agent's `history`), and the recorded history is checked for
 * linearizability.  A writer writes values of `units` units; with `die` it
 * is stopped somewhere in a write and its process ends. */
enum phase_role { ROLE_WRITER, ROLE_READER, ROLE_THREADS };

/* ACT_SWEEP: a process without the DLL runs the agent's attach sweep (every
 * Win32 call of the DLL's attach failed in turn, each in a fresh child that
 * is the first attacher): only when no process holds the DLL, so that the
 * children's writes end with them.
 *
 * ACT_RACE: with nobody holding the DLL, proc loads it in the background
 * (and so creates the block), `other` loads it a moment later and writes,
 * and then proc reads that write: a first attacher that clears the block
 * after its name is visible (late, inside its own DllMain) loses it. */

struct act {
    enum act_kind kind;
    int proc;           /* 0..PROG_MAX_PROCS-1: a, b, ... */
    int noload;         /* START */
    int arch;           /* START: ARCH_ANY (the runner's), or the arch it names (arch.h) */
    uint32_t cch;       /* GET, GET_NULL; SLEEP, PHASE: milliseconds; THREADS: how many */
    enum phase_role role;   /* PHASE */
    uint32_t units;         /* PHASE writer: the values' length */
    int die;                /* PHASE writer */
    int other;              /* RACE: the second process */
    uint16_t *text;     /* SET: len units, none of them 0 */
    size_t len;
};

struct prog { struct act *a; size_t n; };

struct gen_opts {
    int max_steps;      /* actions after the first starts, at most */
    int mixed;          /* each start names its arch: x86 or x64 at random */
};

uint64_t prog_rand(uint64_t *state);    /* splitmix64: the same on every host */
void prog_generate(struct prog *p, uint64_t seed, const struct gen_opts *o);
void prog_copy(struct prog *dst, const struct prog *src);
void prog_free(struct prog *p);
void prog_remove(struct prog *p, size_t from, size_t count);
int prog_equal(const struct prog *x, const struct prog *y);
/* Drop the actions that rendering would leave out, and the phases nobody
 * reads in. */
void prog_normalize(struct prog *p);
/* Rename the processes a, b, c, ... in order of first use. */
void prog_compact_procs(struct prog *p);
const char *act_name(enum act_kind k);   /* "start", "set", ... */

/* The scenario text.  line_act[k] is the last action rendered on line k
 * (1-based; -1 for headers and comments), nlines its size. */
struct rendered { char *text; int *line_act; int nlines; size_t nactions; };
void prog_render(const struct prog *p, const char *title, const char *comments, struct rendered *out);
void rendered_free(struct rendered *r);

#endif

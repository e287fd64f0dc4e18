/* A scenario file (scenarios/README.md), parsed into a flat list of steps
 * (repeat blocks are unrolled) with their expectations. */
#ifndef DLLSHM_SCENARIO_H
#define DLLSHM_SCENARIO_H

#include "arch.h"
#include "verdict.h"

#include <stddef.h>
#include <stdint.h>

#define SCN_MAX_PROCS 64
#define SCN_MAX_CHECKS 8

enum exp_kind {
    EXP_OK = 0,   /* no "->": the reply must be ok */
    EXP_ANY_OK,   /* -> ok (with optional field checks) */
    EXP_TEXT,     /* -> "text" or C*N (ok, exact text and len) */
    EXP_EMPTY,    /* -> empty */
    EXP_ERROR,    /* -> error [WORD] */
    EXP_CRASH     /* -> crash */
};

enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct field_check {
    char field[32];
    enum cmp_op op;
    long long value;
};

struct expect {
    enum exp_kind kind;
    uint16_t *text;        /* EXP_TEXT: UTF-16 units */
    size_t text_len;
    char error_word[32];   /* EXP_ERROR: "" or the reply's second word */
    struct field_check checks[SCN_MAX_CHECKS];
    int nchecks;
    /* run / exit */
    int has_exit;
    int exit_code;
    char *output;          /* run: a line the program must print */
    char *source;          /* the expectation as written, for messages */
};

enum step_kind { STEP_START, STEP_SEND, STEP_WAIT, STEP_KILL, STEP_EXIT, STEP_RUN, STEP_HISTORY };

struct step {
    enum step_kind kind;
    int line;             /* in the scenario file */
    int proc;             /* index into scenario.procs */
    int arch;             /* START, RUN: the arch it names (arch.h), or ARCH_ANY */
    int noload;           /* START */
    int with_next;        /* START: the next step is a START begun at the same time */
    int background;       /* SEND with & */
    char *command;        /* SEND: the line sent; RUN: program and args; HISTORY: init=W.SEQ FILE... */
    char **words;         /* RUN: the program and its args; HISTORY: the files (split once, here) */
    int nwords;
    unsigned long init_w, init_seq; /* HISTORY: the value written before the phase, W.SEQ */
    int has_expect;       /* "->" written */
    struct expect expect;
    char *text;           /* the step as written, for messages */
};

struct scenario {
    char *path, *name;    /* name: file name without .scn */
    char *title, *catches;
    char *contract;       /* contract: the promise a failure breaks, or NULL */
    unsigned timeout_ms;  /* per step */
    /* level: (default documented; enum level, verdict.h): documented (the
     * two exports, as the pattern promises, memory-safe), hardened
     * (squatting, seen through the two exports), dllshm (the Dllshm*
     * exports, diagnostics, the header, thread kills). */
    enum level level;
    int needs_ex_api, needs_mixed, needs_programs;
    int uses_block_name;  /* await-block or squat on the DLL's own block */
    char *procs[SCN_MAX_PROCS];
    int nprocs;
    struct step *steps;
    size_t nsteps;
    /* {cap}, {cap+N}, {cap-N} in the file: the capacity of the DLL under
     * test, in characters (the documented sample's: 2047), written in when
     * parsed.  source keeps the text to parse it again for another one. */
    long capacity;
    int uses_capacity;
    char *source;
};

#define SCN_DOCUMENTED_CAPACITY 2047L

/* Parse text (the contents of path), {cap} being capacity.  On error
 * returns NULL and err holds "FILE:LINE:COL: expected ...". */
struct scenario *scenario_parse_for(const char *path, const char *text, long capacity, char *err, size_t errlen);
/* The same with the documented capacity. */
struct scenario *scenario_parse(const char *path, const char *text, char *err, size_t errlen);
/* s for a DLL of another capacity: s itself when s uses none or the same,
 * else a new parse (the caller frees it); NULL on error (err). */
struct scenario *scenario_for_capacity(struct scenario *s, long capacity, char *err, size_t errlen);
struct scenario *scenario_load(const char *path, char *err, size_t errlen);
void scenario_free(struct scenario *s);

#endif

/* A concurrent phase's history (harness/PROTOCOL.md, "Histories"): the
 * operations each agent's `history` command recorded, with start and end
 * times from one clock, checked for linearizability against a register
 * whose written values are all different (Gibbons and Korach's zones). */
#ifndef DLLSHM_LINEARIZE_H
#define DLLSHM_LINEARIZE_H

#include "verdict.h"

#include <stddef.h>
#include <stdint.h>

#define HIST_PENDING UINT64_MAX   /* end of a write its writer died in */

struct hist_op {
    char kind;              /* 'w' or 'r' */
    int bad;                /* a read of no write (torn, cut, nothing) */
    uint64_t start, end;    /* clock ticks, widened by half the slack on both sides */
    uint64_t t0, t1;        /* as recorded, for messages */
    uint32_t w, seq;        /* the value: writer, sequence number */
    int who;                /* which file (process) */
};

struct history {
    struct hist_op *ops;
    size_t n, cap;
    uint64_t freq;          /* ticks per second, the same in every file */
    char **who;             /* a name per file */
    size_t nwho;
    char *bad_example;      /* the first bad read's text, escaped, or NULL */
    int bad_empty, bad_nothing; /* that read returned "" (len=0), or wrote nothing (nothing=1) */
    int bad_files, cut_files;   /* files with bad reads; of them, every one a write cut short */
    long cut_len;           /* the one length they were all cut at, or -1 */
    uint32_t init_w, init_seq;  /* the value written before the phase */
    double slack_us;        /* how far apart two times must be to say which came first */
};

/* A timestamp is taken beside a call, not at the instant its store or load
 * took effect: the counter read can run ahead of a store still in the
 * store buffer, or behind a load.  Seen here: a read that began 0.2 us
 * after a write ended and returned the value before it, from dllshm.  Two
 * times closer than this say nothing about order. */
#define HIST_SLACK_US 5.0

enum hist_verdict { HIST_LINEARIZABLE, HIST_INCONCLUSIVE, HIST_NOT_LINEARIZABLE };

struct hist_result {
    enum hist_verdict verdict;
    enum check_kind kind;   /* HIST_NOT_LINEARIZABLE: which rule (verdict.h: torn, history-cut, ...) */
    size_t reads, writes, overlapping;   /* reads whose interval overlaps a write's */
    char *why;              /* what cannot be ordered, or why inconclusive; caller frees */
};

void history_init(struct history *h, uint32_t init_w, uint32_t init_seq, double slack_us);
/* Adds one agent's file (text, as `history` wrote it) under the name who;
 * 0, or -1 with err set (malformed, or another clock frequency). */
int history_add(struct history *h, const char *who, const char *text, char *err, size_t errlen);
void history_check(const struct history *h, struct hist_result *out);
void history_free(struct history *h);

#endif

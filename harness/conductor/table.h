/* What the conductor prints after a run: the progress line of each result,
 * the scenario x implementation table, the contract levels, the proof
 * (--prove).  The results themselves are struct verdict (verdict.h). */
#ifndef DLLSHM_TABLE_H
#define DLLSHM_TABLE_H

#include "verdict.h"
#include <stdio.h>

/* "[ 12/120] PASS  wine-x86_64  dllshm  truncation  (312 ms)"; index 0: no counter. */
void progress_line(const struct verdict *r, unsigned index, unsigned total, char *buf, size_t len);

/* The failures that count, one line each: the first of a cause with its
 * reason, the others "same cause as SCENARIO". */
void print_failures(FILE *f, const struct verdict *v, size_t n);
/* The root causes of the failures that count, each with the scenarios it
 * broke (verdicts_group_causes first); nothing when none has a cause. */
void print_causes(FILE *f, const struct verdict *v, size_t n);

/* Per implementation and runner, the level it reached (level_reached). */
void print_levels(FILE *f, const struct verdict *v, size_t n);

/* The scenario x implementation table (one runner column per cell). */
void print_table(FILE *f, const struct verdict *v, size_t n);
/* --prove: scenarios that no fixture fails; prints one line each to f and
 * returns their number. */
unsigned prove_check(FILE *f, const struct verdict *v, size_t n);

#endif

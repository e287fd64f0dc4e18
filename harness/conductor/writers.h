/* The result files of harness/RESULTS.md: JSON ("dllshm-results/1"),
 * through harness/common/json.c (the Windows build of the conductor has no
 * JSON library), and JUnit XML. */
#ifndef DLLSHM_WRITERS_H
#define DLLSHM_WRITERS_H

#include "table.h"
#include "util.h"

struct runner_status { const char *name; int available; const char *reason; int error; };

struct run_info {
    const char *tool;         /* "dllshm-conform 0.1.0" */
    const char *started;      /* ISO 8601 UTC */
    unsigned wall_ms;
    const char *os, *conductor_arch, *wine, *cc, *cross_cc;  /* wine may be NULL */
    const char *hostname, *commit;  /* where and from what the results came */
    const struct runner_status *runners;
    size_t nrunners;
};

void xml_escape(struct sb *sb, const char *s);   /* attribute- and text-safe */
void render_json(struct sb *sb, const struct run_info *ri, const struct verdict *v, size_t n);
void render_junit(struct sb *sb, const struct run_info *ri, const struct verdict *v, size_t n);
/* Render and write; -1 with errno on failure. */
int write_json(const char *path, const struct run_info *ri, const struct verdict *v, size_t n);
int write_junit(const char *path, const struct run_info *ri, const struct verdict *v, size_t n);

#endif

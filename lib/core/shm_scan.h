/*
 * shm_scan.h - the length scan of a caller's string (shm_u16_nlen), in the
 * fastest form the running CPU has.  The vector forms are compiled with a
 * per-function target and chosen at run time, so one binary (the i686 DLL
 * above all, whose baseline has no SSE2) runs on any x86 CPU.
 *
 * Every form reads only aligned blocks (which never cross a page) besides
 * single units, so none can fault where the scalar scan would not.
 */
#ifndef DLLSHM_SHM_SCAN_H
#define DLLSHM_SHM_SCAN_H

#include "shm_core.h"

enum shm_scan_kind { SHM_SCAN_SCALAR, SHM_SCAN_SSE2, SHM_SCAN_AVX2, SHM_SCAN_KINDS };

/* CPU features the choice depends on (bits of shm_scan_pick's argument). */
enum { SHM_CPU_SSE2 = 1u, SHM_CPU_AVX2 = 2u };

typedef size_t (*shm_nlen_fn)(const shm_char *s, size_t limit);

/* The scan of one kind; NULL when this build has no such form. */
shm_nlen_fn shm_scan_fn(int kind);

/* Which kind a CPU with these features gets. */
int shm_scan_pick(unsigned cpu_features);

/* The features of the running CPU (and OS: AVX2 needs saved YMM state). */
unsigned shm_scan_cpu(void);

/* Makes shm_u16_nlen use one kind from now on (tests); -1 to detect again.
 * Returns 0, or -1 when the kind is not built or this CPU cannot run it. */
int shm_scan_force(int kind);

/* The kind shm_u16_nlen uses now. */
int shm_scan_current(void);

#endif /* DLLSHM_SHM_SCAN_H */

/*
 * faults.h - deliberate defects for the fixtures that prove the tests.
 *
 * The fixtures (harness/fixtures, fx-*.dll) are dllshm built with exactly one
 * of these defined, so each differs from the real DLL by one defect and each
 * scenario can show that it catches that defect; the core mutants
 * (lib/local.mk) are the unit tests built with one of them.  The release DLL defines
 * none of them; lib/tests checks that no fault macro leaks into it.
 *
 *   DLLSHM_FAULT_no_truncate    Set copies past the slot (no 2047 bound)
 *   DLLSHM_FAULT_unbounded_get  Get ignores cchSize (the sample's wrap-around)
 *   DLLSHM_FAULT_no_seqlock     one slot written in place, reads not re-checked (torn reads)
 *   DLLSHM_FAULT_late_memset    the creator clears the block 300 ms after attaching
 *   DLLSHM_FAULT_leak_handle    detach leaves the section open (never released)
 *   DLLSHM_FAULT_null_crash     Set/Get dereference NULL arguments
 *   DLLSHM_FAULT_no_recovery    a dead writer's lock is never taken over
 *   DLLSHM_FAULT_no_header_check a foreign or undersized section is trusted
 *   DLLSHM_FAULT_mutex_per_call Set/Get take a named mutex (a kernel call per call)
 *   DLLSHM_FAULT_copy_on_write  the view is mapped FILE_MAP_COPY: writes stay private
 *   DLLSHM_FAULT_arch_layout    64-bit builds stamp another layout version (a
 *                               pointer-sized field would do that): 32/64 mixing fails
 *   DLLSHM_FAULT_thread_unmap   a thread's DLL_THREAD_DETACH unmaps the process's view
 *   DLLSHM_FAULT_scalar_scan    the scalar length scan misses every fourth unit
 *   DLLSHM_FAULT_scan_overread  the vector scans load from an unaligned start (crossing pages)
 *   DLLSHM_FAULT_sse2_always    the scan choice assumes every CPU has SSE2
 *   DLLSHM_FAULT_read_relaxed   the reader loads generation and seq without acquire
 *   DLLSHM_FAULT_plain_length   the writer stores a slot's length with a plain store
 *   DLLSHM_FAULT_id_only        the lock word holds the owner's id without its token
 *   DLLSHM_FAULT_no_reader_hold writers never wait for a reader that holds a generation
 *   DLLSHM_FAULT_unchecked_map  MapViewOfFile's result is trusted: a failed map
 *                               crashes DllMain (only the attach sweep makes it fail)
 *   DLLSHM_FAULT_silent_failure a setup failure writes no debug-output line
 */
#ifndef DLLSHM_FAULTS_H
#define DLLSHM_FAULTS_H

#if defined(DLLSHM_FAULT_no_truncate) || defined(DLLSHM_FAULT_unbounded_get) || \
    defined(DLLSHM_FAULT_no_seqlock) || defined(DLLSHM_FAULT_late_memset) || \
    defined(DLLSHM_FAULT_leak_handle) || defined(DLLSHM_FAULT_null_crash) || \
    defined(DLLSHM_FAULT_no_recovery) || defined(DLLSHM_FAULT_no_header_check) || \
    defined(DLLSHM_FAULT_mutex_per_call) || defined(DLLSHM_FAULT_copy_on_write) || \
    defined(DLLSHM_FAULT_arch_layout) || defined(DLLSHM_FAULT_scalar_scan) || \
    defined(DLLSHM_FAULT_scan_overread) || defined(DLLSHM_FAULT_sse2_always) || \
    defined(DLLSHM_FAULT_read_relaxed) || defined(DLLSHM_FAULT_plain_length) || \
    defined(DLLSHM_FAULT_id_only) || defined(DLLSHM_FAULT_thread_unmap) || \
    defined(DLLSHM_FAULT_unchecked_map) || defined(DLLSHM_FAULT_silent_failure) || \
    defined(DLLSHM_FAULT_no_reader_hold)
#define DLLSHM_FAULTY 1
#else
#define DLLSHM_FAULTY 0
#endif

#endif /* DLLSHM_FAULTS_H */

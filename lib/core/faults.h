/*
 * faults.h - the deliberate defects (faults.inc) as named points in the code.
 *
 * A build carries at most one fault, chosen by -DDLLSHM_FAULT=<name>; the
 * release DLL chooses none.  The code asks fault_point(name), a constant:
 *
 *     if (fault_point(no_truncate)) ...the defect...
 *
 * so both sides always compile, the real DLL's branch folds away, and a
 * misspelt name is a compile error rather than a fault silently not built.
 * The DLL carries the name of its fault as the string DLLSHM_FAULT_MARK
 * ("dllshm-fault=none" in the release DLL): lib/tests/fault-leak.test reads it.
 */
#ifndef DLLSHM_FAULTS_H
#define DLLSHM_FAULTS_H

enum dllshm_fault {
    dllshm_fault_none,
#define FAULT(name, proven_by, what) dllshm_fault_##name,
#include "faults.inc"
#undef FAULT
};

#define DLLSHM_FAULT_ID_(name) dllshm_fault_##name
#define DLLSHM_FAULT_ID(name) DLLSHM_FAULT_ID_(name)
#define DLLSHM_FAULT_STR_(name) #name
#define DLLSHM_FAULT_STR(name) DLLSHM_FAULT_STR_(name)

#ifdef DLLSHM_FAULT
#define DLLSHM_BUILT_FAULT DLLSHM_FAULT_ID(DLLSHM_FAULT)
#define DLLSHM_FAULT_MARK "dllshm-fault=" DLLSHM_FAULT_STR(DLLSHM_FAULT)
#else
#define DLLSHM_BUILT_FAULT dllshm_fault_none
#define DLLSHM_FAULT_MARK "dllshm-fault=none"
#endif

#define fault_point(name) (DLLSHM_BUILT_FAULT == dllshm_fault_##name)

#endif /* DLLSHM_FAULTS_H */

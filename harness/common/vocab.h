/* The results' vocabulary (harness/RESULTS.md), written once for the
 * conductor that writes results and the report tool that reads them: the
 * result and outcome names, which results pass and which fail, and which
 * implementations are fixtures (DLLs that must fail). */
#ifndef DLLSHM_VOCAB_H
#define DLLSHM_VOCAB_H

/* In this order in both tools' enums (their _Static_asserts say so). */
enum vocab_result { VR_PASS, VR_FAIL, VR_XFAIL, VR_XPASS, VR_CRASH, VR_TIMEOUT, VR_SKIP, VR_COUNT };
enum vocab_outcome { VO_PASS, VO_FAIL, VO_CRASH, VO_TIMEOUT, VO_SKIP, VO_COUNT };

extern const char *const vocab_result_names[VR_COUNT];     /* "pass", "fail", "expected-fail", ... */
extern const char *const vocab_outcome_names[VO_COUNT];    /* "pass", "fail", "crash", ... */
/* The result named s, or -1. */
int vocab_result_parse(const char *s);
/* failed: fail, unexpected-pass, crash, timeout; passed: pass, expected-fail. */
int vocab_result_failed(int r);
int vocab_result_passed(int r);
/* The sample and the fx- fixtures (dllshm with one fault each). */
int vocab_is_fixture(const char *impl);
int vocab_is_fault_fixture(const char *impl);   /* fx- only */

#endif

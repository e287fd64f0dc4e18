/* The results' vocabulary (vocab.h). */
#include "vocab.h"

#include <string.h>

const char *const vocab_result_names[VR_COUNT] = {
    "pass", "fail", "expected-fail", "unexpected-pass", "crash", "timeout", "skip"
};
const char *const vocab_outcome_names[VO_COUNT] = { "pass", "fail", "crash", "timeout", "skip" };

int vocab_result_parse(const char *s)
{
    for (int i = 0; i < VR_COUNT; i++)
        if (!strcmp(s, vocab_result_names[i])) return i;
    return -1;
}

int vocab_result_failed(int r) { return r == VR_FAIL || r == VR_XPASS || r == VR_CRASH || r == VR_TIMEOUT; }
int vocab_result_passed(int r) { return r == VR_PASS || r == VR_XFAIL; }

int vocab_is_fault_fixture(const char *impl) { return !strncmp(impl, "fx-", 3); }
int vocab_is_fixture(const char *impl) { return !strcmp(impl, "sample") || vocab_is_fault_fixture(impl); }

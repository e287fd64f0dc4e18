/* The two Windows arches, spelt once (arch.h). */
#include "arch.h"

#include <string.h>

static const char *const dirs[ARCH_COUNT] = { "i686", "x86_64" };
static const char *const words[ARCH_COUNT] = { "x86", "x64" };

const char *arch_dir(int a) { return a >= 0 && a < ARCH_COUNT ? dirs[a] : "?"; }
const char *arch_word(int a) { return a >= 0 && a < ARCH_COUNT ? words[a] : "?"; }

int arch_from_word(const char *w, size_t n)
{
    for (int a = 0; a < ARCH_COUNT; a++)
        if (n == strlen(words[a]) && !strncmp(w, words[a], n)) return a;
    return ARCH_ANY;
}

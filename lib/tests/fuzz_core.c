/*
 * fuzz_core.c - a fuzz target over sequences of core API calls, checked
 * against a model (the last complete write, truncated to 2047 units).
 *
 * Built two ways:
 *  - with clang -fsanitize=fuzzer (make fuzz): libFuzzer drives it;
 *  - with FUZZ_STANDALONE (make check, under ASan/UBSan where available):
 *    main() feeds it deterministic pseudo-random inputs for a few seconds.
 *
 * Each input byte stream is a program: op byte, then its operands.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shm_core.h"

static int dead_unless_self(uint32_t owner, uint32_t token, void *ctx) { (void)token; (void)ctx; return owner == 1; }

struct model { shm_char text[SHM_CAPACITY]; uint32_t len; uint32_t gen; };

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_core: invariant broken: %s\n", what);
    abort();
}

static uint8_t take(const uint8_t **p, const uint8_t *end)
{
    return *p < end ? *(*p)++ : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static shm_block blk;
    static shm_char src[3 * SHM_CAPACITY];
    static shm_char out[SHM_CAPACITY + 64];
    struct model m = {{0}, 0, 0};
    shm_env env = {1, dead_unless_self, NULL, NULL, 64, 64, 0};
    const uint8_t *p = data, *end = data + size;

    memset(&blk, 0, sizeof(blk));
    if (shm_attach(&blk, sizeof(blk)) != SHM_OK)
        fail("attach of a zeroed block");

    while (p < end) {
        switch (take(&p, end) % 5) {
        case 0: { /* write len units of a pattern (len up to 6143) */
            uint32_t len = ((uint32_t)take(&p, end) << 8 | take(&p, end)) % (3 * SHM_CAPACITY);
            uint8_t seed = take(&p, end);
            for (uint32_t i = 0; i < len; i++)
                src[i] = (shm_char)(1 + (seed + i * 7u) % 0xfffe); /* never 0 inside */
            src[len] = 0;
            uint32_t written = 0;
            int rc = shm_write(&blk, &env, src, &written);
            uint32_t keep = len > SHM_MAX_CHARS ? SHM_MAX_CHARS : len;
            if (rc != (len > SHM_MAX_CHARS ? SHM_TRUNCATED : SHM_OK) || written != keep)
                fail("write status/count");
            memcpy(m.text, src, keep * sizeof(shm_char));
            m.len = keep;
            m.gen++;
            break;
        }
        case 1: { /* read with any buffer size, guard units after it */
            uint32_t cch = ((uint32_t)take(&p, end) << 8 | take(&p, end)) % (SHM_CAPACITY + 8);
            uint32_t req = 0;
            memset(out, 0xab, sizeof(out));
            int rc = shm_read(&blk, &env, cch ? out : NULL, cch, &req);
            uint32_t got = cch ? (m.len < cch - 1 ? m.len : cch - 1) : 0;
            if (req != m.len + 1 || rc != (got < m.len ? SHM_TRUNCATED : SHM_OK))
                fail("read status/required");
            if (cch && (memcmp(out, m.text, got * sizeof(shm_char)) || out[got] != 0))
                fail("read content");
            for (uint32_t i = cch; i < SHM_CAPACITY + 64; i++)
                if (out[i] != 0xabab)
                    fail("read wrote past the buffer");
            break;
        }
        case 2: /* a writer (id 9, reported dead) dies holding the lock mid-write */
            atomic_store(&blk.h.writer, 9);
            blk.h.slot[(m.gen + 1) & 1].seq |= 1;
            blk.data[(m.gen + 1) & 1][take(&p, end) % SHM_CAPACITY] = 0x4141;
            break;
        case 3: /* re-attach, as another process would */
            if (shm_attach(&blk, sizeof(blk)) != SHM_OK)
                fail("re-attach");
            break;
        case 4: /* NULL arguments change nothing */
            if (shm_write(&blk, &env, NULL, NULL) != SHM_E_INVALIDARG)
                fail("write NULL");
            break;
        }
        if (shm_generation(&blk) != m.gen)
            fail("generation counts completed writes");
    }
    return 0;
}

#ifdef FUZZ_STANDALONE
/* Deterministic driver for make check: xorshift inputs for a time budget. */
#include <time.h>
int main(int argc, char **argv)
{
    const char *env = getenv("DLLSHM_FUZZ_SECONDS");
    double seconds = argc > 1 ? atof(argv[1]) : env ? atof(env) : 3.0;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    uint8_t buf[512];
    unsigned long runs = 0;
    clock_t stop = clock() + (clock_t)(seconds * CLOCKS_PER_SEC);

    while (clock() < stop) {
        size_t n = 0;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        size_t len = 1 + x % sizeof(buf);
        for (; n < len; n++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            buf[n] = (uint8_t)(x >> 24);
        }
        LLVMFuzzerTestOneInput(buf, len);
        runs++;
    }
    printf("fuzz_core: %lu inputs, no invariant broken\n", runs);
    return runs ? 0 : 1;
}
#endif

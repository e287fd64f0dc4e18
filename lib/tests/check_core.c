/*
 * check_core.c - unit tests of the portable core, natively.
 *
 * Threads stand in for processes: each has its own writer id, and "killing"
 * a writer is simulated by a lock word whose owner the liveness callback
 * reports dead, with a slot left half written.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <stdatomic.h>

#include "shm_core.h"
#include "shm_scan.h"
#include "guard_page.h"

static shm_block *blk;

static int always_alive(uint32_t owner, uint32_t token, void *ctx) { (void)owner; (void)token; (void)ctx; return 1; }
static int dead_owner_is_7(uint32_t owner, uint32_t token, void *ctx) { (void)token; (void)ctx; return owner != 7; }
static void yield_pause(unsigned round, void *ctx) { (void)round; (void)ctx; sched_yield(); }

static shm_env env_for(uint32_t self)
{
    shm_env e = {self, always_alive, yield_pause, NULL, 100000, 100000, 0};
    return e;
}

/* A block on its own cache lines (C11's aligned_alloc is not in Windows'
 * C runtimes, which have _aligned_malloc and its own free). */
#ifdef _WIN32
#include <malloc.h>
static void *block_alloc(size_t n) { return _aligned_malloc(n, 64); }
static void block_free(void *p) { _aligned_free(p); }
#else
static void *block_alloc(size_t n) { return aligned_alloc(64, n); }
static void block_free(void *p) { free(p); }
#endif

static void setup(void)
{
    blk = block_alloc(sizeof(shm_block));
    ck_assert_ptr_nonnull(blk);
    memset(blk, 0, sizeof(*blk));
    ck_assert_int_eq(shm_attach(blk, sizeof(*blk)), SHM_OK);
}

static void teardown(void) { block_free(blk); }

/* A UTF-16 string of n copies of c, terminated; freed by the caller. */
static shm_char *rep(shm_char c, size_t n)
{
    shm_char *s = malloc((n + 1) * sizeof(shm_char));
    for (size_t i = 0; i < n; i++)
        s[i] = c;
    s[n] = 0;
    return s;
}

/* ---- layout and attach ------------------------------------------------- */

START_TEST(layout_is_fixed)
{
    ck_assert_uint_eq(SHM_LAYOUT_VERSION, 3);
    ck_assert_uint_eq(sizeof(shm_header), 128);
    ck_assert_uint_eq(sizeof(shm_block), 128 + 2 * 4096);
    /* line 0, what readers read */
    ck_assert_uint_eq(offsetof(shm_header, version), 4);
    ck_assert_uint_eq(offsetof(shm_header, generation), 16);
    ck_assert_uint_eq(offsetof(shm_header, slot), 32);
    ck_assert_uint_eq(sizeof(shm_slot_meta), 16);
    /* line 1, what only writers touch */
    ck_assert_uint_eq(offsetof(shm_header, writer), 64);
    ck_assert_uint_eq(sizeof(((shm_header *)0)->writer), 8);
    ck_assert_uint_eq(offsetof(shm_header, reader_hold), 72);
    ck_assert_uint_eq(offsetof(shm_header, recoveries), 80);
}
END_TEST

START_TEST(zeroed_block_reads_empty)
{
    shm_env e = env_for(1);
    shm_char buf[8];
    uint32_t req = 99;
    memset(buf, 0xfe, sizeof(buf));
    ck_assert_int_eq(shm_read(blk, &e, buf, 8, &req), SHM_OK);
    ck_assert_uint_eq(buf[0], 0);
    ck_assert_uint_eq(req, 1);
    ck_assert_uint_eq(shm_generation(blk), 0);
}
END_TEST

START_TEST(attach_twice_is_fine)
{
    ck_assert_int_eq(shm_attach(blk, sizeof(*blk)), SHM_OK);
    ck_assert_uint_eq(blk->h.magic, SHM_MAGIC);
    ck_assert_uint_eq(blk->h.version, SHM_LAYOUT_VERSION);
    ck_assert_uint_eq(blk->h.storage_bytes, SHM_STORAGE_BYTES);
}
END_TEST

START_TEST(attach_refuses_foreign_headers)
{
    shm_block *other = calloc(1, sizeof(shm_block));
    ck_assert_int_eq(shm_attach(other, sizeof(*other) - 1), SHM_E_SIZE);
    ck_assert_int_eq(shm_attach(other, 4096), SHM_E_SIZE);
    ck_assert_int_eq(shm_attach(NULL, sizeof(*other)), SHM_E_INVALIDARG);

    other->h.magic = 0x12345678; /* somebody else's data */
    ck_assert_int_eq(shm_attach(other, sizeof(*other)), SHM_E_HEADER);
    memset(other, 0, sizeof(*other));
    other->h.version = SHM_LAYOUT_VERSION + 1; /* a future layout */
    ck_assert_int_eq(shm_attach(other, sizeof(*other)), SHM_E_LAYOUT);
    memset(other, 0, sizeof(*other));
    other->h.storage_bytes = 8192;
    ck_assert_int_eq(shm_attach(other, sizeof(*other)), SHM_E_HEADER);
    /* The refusal wrote nothing into the foreign header's payload. */
    ck_assert_uint_eq(other->h.storage_bytes, 8192);
    free(other);
}
END_TEST

/* A block that a layout-2 dllshm made and wrote (its lock word where
 * line 0 now holds the slots' stamps) is refused as such, and left as it
 * was: the processes that made it go on using it. */
START_TEST(attach_refuses_an_older_layout)
{
    shm_block *old = calloc(1, sizeof(shm_block)), *copy = malloc(sizeof(shm_block));
    old->h.magic = SHM_MAGIC;
    old->h.version = 2;
    old->h.header_bytes = SHM_HEADER_BYTES;
    old->h.storage_bytes = SHM_STORAGE_BYTES;
    old->h.generation = 5;
    old->h.slot[1].seq = 6;
    old->h.slot[1].length = 2;
    old->data[1][0] = 'o', old->data[1][1] = 'k';
    memcpy(copy, old, sizeof(*old));
    ck_assert_int_eq(shm_attach(old, sizeof(*old)), SHM_E_LAYOUT);
    ck_assert_uint_eq(shm_layout_of(old), 2);
    ck_assert_mem_eq(old, copy, sizeof(*old));
    free(old);
    free(copy);
}
END_TEST

START_TEST(attach_preserves_data_written_before)
{
    /* A second attacher must never clear what the first one stored. */
    shm_env e = env_for(1);
    shm_char hello[] = {'h', 'i', 0}, out[8];
    ck_assert_int_eq(shm_write(blk, &e, hello, NULL), SHM_OK);
    ck_assert_int_eq(shm_attach(blk, sizeof(*blk)), SHM_OK);
    ck_assert_int_eq(shm_read(blk, &e, out, 8, NULL), SHM_OK);
    ck_assert_mem_eq(out, hello, sizeof(hello));
}
END_TEST

/* ---- bounded copies ------------------------------------------------------ */

START_TEST(nlen_every_length)
{
    shm_char *s = rep('a', 4100);
    for (size_t n = 0; n <= 4100; n++) {
        shm_char saved = s[n];
        s[n] = 0;
        ck_assert_msg(shm_u16_nlen(s, 4101) == n && shm_u16_nlen(s, n / 2) == n / 2,
                      "length %zu", n); /* and never reads past the limit */
        s[n] = saved;
    }
    free(s);
}
END_TEST

/* The scan reads aligned blocks: any start alignment, any length near the
 * block edges, gives the same answer as a unit-by-unit scan. */
START_TEST(nlen_any_alignment)
{
    shm_char *buf = rep('b', 4200);
    size_t wrong = 0;
    for (size_t off = 0; off < 16; off++)
        for (size_t n = 0; n <= 2100; n += (n < 80 || n > 2030) ? 1 : 37) {
            buf[off + n] = 0;
            wrong += shm_u16_nlen(buf + off, 2048) != (n < 2048 ? n : 2048);
            wrong += shm_u16_nlen(buf + off, n / 3) != n / 3;
            buf[off + n] = 'b';
        }
    ck_assert_msg(wrong == 0, "%zu wrong lengths", wrong);
    free(buf);
}
END_TEST

/* One unit at a time: what every scan must answer. */
static size_t nlen_reference(const shm_char *s, size_t limit)
{
    size_t n = 0;
    while (n < limit && s[n])
        n++;
    return n;
}

/* Every scan this CPU runs (the scalar one always) agrees with the
 * reference at every length 0..2100 and every start alignment, for strings
 * ending right before an unreadable page (a scan that read past its block
 * would fault here), and with no terminator before the page ends. */
START_TEST(scan_kinds_agree_at_page_end)
{
    size_t units = guard_page_bytes() / sizeof(shm_char);
    shm_char *end = guard_page_alloc(); /* end[-units..-1] readable, end[0] not */
    size_t wrong = 0, ran = 0;
    ck_assert_ptr_nonnull(end);
    for (int kind = 0; kind < SHM_SCAN_KINDS; kind++) {
        if (shm_scan_force(kind) != 0)
            continue;
        ck_assert_int_eq(shm_scan_current(), kind);
        ran++;
        for (size_t gap = 0; gap < 24; gap++) /* units between terminator and page end */
            for (size_t n = 0; n <= 2100 && n + 1 + gap <= units; n++) {
                shm_char *s = end - gap - n - 1;
                for (size_t i = 0; i < n; i++)
                    s[i] = (shm_char)(0x100 + i);
                s[n] = 0;
                for (size_t i = 1; i <= gap; i++)
                    s[n + i] = 'g';
                size_t limits[] = {2048, n, n + 1, n / 3};
                for (size_t li = 0; li < 4; li++)
                    wrong += shm_u16_nlen(s, limits[li]) != nlen_reference(s, limits[li]);
                /* No terminator at all up to the page end: stop at the limit. */
                s[n] = 'x';
                wrong += shm_u16_nlen(s, n + 1 + gap) != n + 1 + gap;
                s[n] = 0;
            }
    }
    shm_scan_force(-1);
    guard_page_free(end);
    ck_assert_msg(wrong == 0, "%zu wrong lengths", wrong);
    ck_assert_uint_ge(ran, 1 + (shm_scan_fn(SHM_SCAN_SSE2) != NULL)); /* scalar, and SSE2 on x86 */
}
END_TEST

/* Set and Get through the forced scalar scan, as on a CPU without SSE2. */
START_TEST(write_through_scalar_scan)
{
    shm_env e = env_for(1);
    shm_char *out = malloc(SHM_CAPACITY * sizeof(shm_char));
    ck_assert_int_eq(shm_scan_force(SHM_SCAN_SCALAR), 0);
    for (size_t n = 0; n <= 2100; n++) {
        shm_char *s = rep((shm_char)('a' + n % 26), n);
        size_t expect = n > SHM_MAX_CHARS ? SHM_MAX_CHARS : n;
        uint32_t written = 0, req = 0;
        shm_write(blk, &e, s, &written);
        shm_read(blk, &e, out, SHM_CAPACITY, &req);
        ck_assert_msg(written == expect && req == expect + 1 &&
                          !memcmp(out, s, expect * sizeof(shm_char)) && out[expect] == 0,
                      "length %zu: written %u required %u", n, written, req);
        free(s);
    }
    shm_scan_force(-1);
    free(out);
}
END_TEST

/* A CPU without SSE2 gets the scalar scan; the vector scans only where built. */
START_TEST(scan_choice_follows_the_cpu)
{
    int x86 = shm_scan_fn(SHM_SCAN_SSE2) != NULL;
    ck_assert_int_eq(shm_scan_pick(0), SHM_SCAN_SCALAR);
    ck_assert_int_eq(shm_scan_pick(SHM_CPU_SSE2), x86 ? SHM_SCAN_SSE2 : SHM_SCAN_SCALAR);
    ck_assert_int_eq(shm_scan_pick(SHM_CPU_SSE2 | SHM_CPU_AVX2), x86 ? SHM_SCAN_AVX2 : SHM_SCAN_SCALAR);
    ck_assert_int_eq(shm_scan_current(), shm_scan_pick(shm_scan_cpu()));
#if defined(__x86_64__)
    ck_assert_uint_ne(shm_scan_cpu() & SHM_CPU_SSE2, 0); /* part of the x86_64 baseline */
#endif
}
END_TEST

/* Set then Get of every length 0..4100 through a full buffer. */
START_TEST(write_every_length_truncates_at_2047)
{
    shm_env e = env_for(1);
    shm_char *out = malloc(4200 * sizeof(shm_char));
    for (size_t n = 0; n <= 4100; n++) {
        shm_char *s = rep((shm_char)('a' + n % 26), n);
        uint32_t written = 12345, req = 0;
        int rc = shm_write(blk, &e, s, &written);
        size_t expect = n > SHM_MAX_CHARS ? SHM_MAX_CHARS : n;
        memset(out, 0xfe, 4200 * sizeof(shm_char));
        int rrc = shm_read(blk, &e, out, 4200, &req);
        ck_assert_msg(rc == (n > SHM_MAX_CHARS ? SHM_TRUNCATED : SHM_OK) && written == expect &&
                          rrc == SHM_OK && req == expect + 1 &&
                          !memcmp(out, s, expect * sizeof(shm_char)) && out[expect] == 0 &&
                          out[expect + 1] == 0xfefe, /* nothing past the terminator */
                      "length %zu: rc %d written %u read rc %d required %u", n, rc, written, rrc, req);
        free(s);
    }
    free(out);
}
END_TEST

/* Get with every buffer size around the edges: never a unit past cch. */
START_TEST(read_every_buffer_size)
{
    shm_env e = env_for(1);
    static const size_t lengths[] = {0, 1, 2, 5, 2046, 2047};
    shm_char *out = malloc((SHM_CAPACITY + 64) * sizeof(shm_char));
    for (size_t li = 0; li < sizeof(lengths) / sizeof(lengths[0]); li++) {
        size_t len = lengths[li];
        shm_char *s = rep('q', len);
        ck_assert_int_eq(shm_write(blk, &e, s, NULL), SHM_OK);
        for (uint32_t cch = 0; cch <= SHM_CAPACITY + 8; cch++) {
            uint32_t req = 0;
            memset(out, 0xfe, (SHM_CAPACITY + 64) * sizeof(shm_char));
            int rc = shm_read(blk, &e, out, cch, &req);
            ck_assert_uint_eq(req, len + 1);
            size_t got = cch ? (len < cch - 1 ? len : cch - 1) : 0;
            ck_assert_int_eq(rc, got < len ? SHM_TRUNCATED : SHM_OK);
            /* Count, then assert once: a Check assertion per unit is slow. */
            size_t bad_copy = 0, past_end = 0;
            for (size_t i = 0; i < got; i++)
                bad_copy += out[i] != 'q';
            for (size_t i = cch; i < SHM_CAPACITY + 64; i++)
                past_end += out[i] != 0xfefe;
            ck_assert_msg(bad_copy == 0 && (!cch || out[got] == 0) && past_end == 0,
                          "len %zu cch %u: %zu bad units, %zu written past the buffer", len, cch,
                          bad_copy, past_end);
        }
        free(s);
    }
    free(out);
}
END_TEST

START_TEST(null_arguments_change_nothing)
{
    shm_env e = env_for(1);
    shm_char hello[] = {'o', 'k', 0}, out[4];
    uint32_t written = 77, req = 77;
    ck_assert_int_eq(shm_write(blk, &e, hello, NULL), SHM_OK);
    uint32_t gen = shm_generation(blk);
    ck_assert_int_eq(shm_write(blk, &e, NULL, &written), SHM_E_INVALIDARG);
    ck_assert_uint_eq(written, 0);
    ck_assert_uint_eq(shm_generation(blk), gen);
    ck_assert_int_eq(shm_write(NULL, &e, hello, NULL), SHM_E_INVALIDARG);
    /* NULL buffer: a length query that writes nothing. */
    ck_assert_int_eq(shm_read(blk, &e, NULL, 100, &req), SHM_TRUNCATED);
    ck_assert_uint_eq(req, 3);
    ck_assert_int_eq(shm_read(blk, &e, out, 4, NULL), SHM_OK);
    ck_assert_mem_eq(out, hello, sizeof(hello));
}
END_TEST

START_TEST(generation_counts_writes)
{
    shm_env e = env_for(1);
    shm_char s[] = {'x', 0};
    for (uint32_t i = 1; i <= 10; i++) {
        shm_write(blk, &e, s, NULL);
        ck_assert_uint_eq(shm_generation(blk), i);
    }
}
END_TEST

/* ---- crash safety ---------------------------------------------------------- */

START_TEST(dead_writer_lock_is_recovered_and_value_kept)
{
    shm_env e = env_for(2);
    shm_char first[] = {'o', 'l', 'd', 0}, next[] = {'n', 'e', 'w', 0}, out[8];
    e.owner_alive = dead_owner_is_7;
    ck_assert_int_eq(shm_write(blk, &e, first, NULL), SHM_OK);

    /* Writer 7 dies after taking the lock and half-filling the other slot. */
    unsigned target = (shm_generation(blk) + 1) & 1;
    blk->h.writer = 7;
    blk->h.slot[target].seq |= 1;
    blk->data[target][0] = 'X';
    blk->h.slot[target].length = 2047;

    ck_assert_int_eq(shm_read(blk, &e, out, 8, NULL), SHM_OK);
    ck_assert_mem_eq(out, first, sizeof(first)); /* last complete value */
    ck_assert_int_eq(shm_write(blk, &e, next, NULL), SHM_OK);
    ck_assert_uint_eq(blk->h.recoveries, 1);
    ck_assert_uint_eq(blk->h.writer, 0);
    ck_assert_int_eq(shm_read(blk, &e, out, 8, NULL), SHM_OK);
    ck_assert_mem_eq(out, next, sizeof(next));
}
END_TEST

/* The OS after thread 7 (token 70) died holding the lock and its id went
 * to a new thread (token 71): id 7 lives, as token 71.  Token 0 means "by
 * the id alone", which can only answer "alive". */
static int id_7_reused(uint32_t owner, uint32_t token, void *ctx)
{
    (void)ctx;
    return owner != 7 || token == 0 || token == 71;
}

static shm_env thread_7(uint32_t token)
{
    shm_env e = env_for(7);
    e.token = token;
    e.owner_alive = id_7_reused;
    e.lock_rounds = 64; /* a few liveness questions, then SHM_E_BUSY */
    return e;
}

START_TEST(dead_owner_with_reused_id_is_taken_over)
{
    shm_env dead = thread_7(70), e = env_for(2);
    shm_char s[] = {'n', 0};
    e.owner_alive = id_7_reused;
    e.lock_rounds = 64;
    blk->h.writer = shm_owner_word(&dead);
    ck_assert_int_eq(shm_write(blk, &e, s, NULL), SHM_OK);
    ck_assert_uint_eq(blk->h.recoveries, 1);
    ck_assert_uint_eq(blk->h.writer, 0);
}
END_TEST

START_TEST(new_thread_with_a_dead_owners_id_takes_over)
{
    shm_env dead = thread_7(70), reborn = thread_7(71);
    shm_char s[] = {'m', 0};
    blk->h.writer = shm_owner_word(&dead);
    ck_assert_int_eq(shm_write(blk, &reborn, s, NULL), SHM_OK);
    ck_assert_uint_eq(blk->h.recoveries, 1); /* taken over, not mistaken for its own */
}
END_TEST

/* DllshmInfo.writerThread: the id in the lock word (its token left out), 0 when free. */
START_TEST(writer_thread_names_the_lock_owner)
{
    shm_env holder = thread_7(70), e = env_for(2);
    shm_char s[] = {'w', 0};
    ck_assert_uint_eq(shm_writer_thread(blk), 0);
    blk->h.writer = shm_owner_word(&holder);
    ck_assert_uint_eq(shm_writer_thread(blk), 7);
    blk->h.writer = 0;
    ck_assert_int_eq(shm_write(blk, &e, s, NULL), SHM_OK);
    ck_assert_uint_eq(shm_writer_thread(blk), 0); /* released after the write */
}
END_TEST

START_TEST(live_owner_with_reused_id_keeps_the_lock)
{
    shm_env live = thread_7(71), e = env_for(2);
    shm_char s[] = {'x', 0};
    e.owner_alive = id_7_reused;
    e.lock_rounds = 64;
    blk->h.writer = shm_owner_word(&live);
    ck_assert_int_eq(shm_write(blk, &e, s, NULL), SHM_E_BUSY);
    ck_assert_uint_eq(blk->h.recoveries, 0);
}
END_TEST

START_TEST(live_writer_lock_times_out_busy)
{
    shm_env e = env_for(2);
    shm_char s[] = {'a', 0};
    e.lock_rounds = 50;
    blk->h.writer = 9; /* alive, never releases */
    ck_assert_int_eq(shm_write(blk, &e, s, NULL), SHM_E_BUSY);
    ck_assert_uint_eq(shm_generation(blk), 0);
}
END_TEST

START_TEST(reader_gives_a_defined_result_when_starved)
{
    shm_env e = env_for(2);
    shm_char out[4] = {'z', 'z', 'z', 'z'};
    e.read_rounds = 10;
    /* The published slot is (impossibly, forever) being rewritten. */
    blk->h.slot[0].seq = 1;
    ck_assert_int_eq(shm_read(blk, &e, out, 4, NULL), SHM_E_BUSY);
    ck_assert_uint_eq(out[0], 0);
}
END_TEST

/* ---- progress: readers a busy writer cannot starve ---------------------- */

#define HOLD(gen, count) ((uint64_t)(count) << 32 | (uint32_t)(gen))

struct hold_probe {
    shm_block *b;
    unsigned pauses;
    uint64_t seen[4];       /* the hold word at each of the first pauses */
    unsigned release_at;    /* a writer's probe: the pause at which the holder finishes */
};

/* The reader's pauses: the published slot is being rewritten (odd seq)
 * until its second pause, where the writer finishes. */
static void reader_probe_pause(unsigned round, void *ctx)
{
    struct hold_probe *p = ctx;
    if (round < 4)
        p->seen[round] = p->b->h.reader_hold;
    if (round == 1)
        p->b->h.slot[1].seq += 1;
    p->pauses++;
}

START_TEST(retrying_reader_holds_its_generation)
{
    shm_env w = env_for(2), r = env_for(3);
    struct hold_probe probe = {.b = blk};
    shm_char x[] = {'x', 0}, out[4] = {0};
    ck_assert_int_eq(shm_write(blk, &w, x, NULL), SHM_OK); /* generation 1, slot 1 */
    blk->h.slot[1].seq += 1;                              /* a write in progress */
    r.pause = reader_probe_pause;
    r.ctx = &probe;
    ck_assert_int_eq(shm_read(blk, &r, out, 4, NULL), SHM_OK);
    ck_assert_uint_eq(out[0], 'x');
    ck_assert_uint_eq(probe.pauses, 2);
    ck_assert_uint_eq(probe.seen[0], 0);          /* the first try holds nothing */
    ck_assert_uint_eq(probe.seen[1], HOLD(1, 1)); /* the retry holds generation 1 */
    ck_assert_uint_eq(blk->h.reader_hold >> 32, 0); /* and lets go when done */
    shm_counts c;
    shm_count(blk, &c); /* counted: two retries, one hold, no writer's pause */
    ck_assert_uint_eq(c.read_retries, 2);
    ck_assert_uint_eq(c.read_holds, 1);
    ck_assert_uint_eq(c.hold_pauses, 0);
    ck_assert_uint_eq(c.writes, 1);
}
END_TEST

static void writer_probe_pause(unsigned round, void *ctx)
{
    struct hold_probe *p = ctx;
    p->pauses++;
    if (round + 1 == p->release_at)
        p->b->h.reader_hold = HOLD(1, 0);
}

START_TEST(writer_waits_for_a_holder_then_goes_on)
{
    shm_env w = env_for(2);
    struct hold_probe probe = {.b = blk, .release_at = 4};
    shm_char a[] = {'a', 0}, b[] = {'b', 0}, out[4] = {0};
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK); /* generation 2 */
    blk->h.reader_hold = HOLD(1, 1); /* a reader copies slot 1, the one the next write fills */
    w.pause = writer_probe_pause;
    w.ctx = &probe;
    ck_assert_int_eq(shm_write(blk, &w, b, NULL), SHM_OK);
    ck_assert_uint_eq(probe.pauses, 4);
    ck_assert_uint_eq(blk->h.hold_pauses, 4); /* counted */
    ck_assert_int_eq(shm_read(blk, &w, out, 4, NULL), SHM_OK);
    ck_assert_uint_eq(out[0], 'b');
}
END_TEST

START_TEST(writer_waits_a_bounded_while_for_a_dead_holder)
{
    shm_env w = env_for(2);
    struct hold_probe probe = {.b = blk}; /* the holder never lets go */
    shm_char a[] = {'a', 0};
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    blk->h.reader_hold = HOLD(1, 1);
    w.pause = writer_probe_pause;
    w.ctx = &probe;
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_uint_gt(probe.pauses, 0);
    ck_assert_uint_le(probe.pauses, 1000);
    probe.pauses = 0; /* the generation has moved past the dead hold: no more waits */
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_uint_eq(probe.pauses, 0);
    ck_assert_uint_eq(shm_generation(blk), 5);
}
END_TEST

START_TEST(writer_ignores_holds_of_the_published_slot)
{
    shm_env w = env_for(2);
    struct hold_probe probe = {.b = blk};
    shm_char a[] = {'a', 0};
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    blk->h.reader_hold = HOLD(2, 1); /* slot 0: the next write fills slot 1 */
    w.pause = writer_probe_pause;
    w.ctx = &probe;
    ck_assert_int_eq(shm_write(blk, &w, a, NULL), SHM_OK);
    ck_assert_uint_eq(probe.pauses, 0);
    ck_assert_uint_eq(blk->h.hold_pauses, 0);
}
END_TEST

/* ---- concurrency: threads as processes ------------------------------------------ */

enum { HAMMER_LEN_A = 1000, HAMMER_LEN_B = 333, ROUNDS = 20000 };
static atomic_int stop_readers; /* the readers poll it while writers run */

struct writer_arg { uint32_t id; shm_char ca, cb; };

static void *writer_main(void *p)
{
    struct writer_arg *w = p;
    shm_env e = env_for(w->id);
    shm_char *a = rep(w->ca, HAMMER_LEN_A), *b = rep(w->cb, HAMMER_LEN_B);
    for (int i = 0; i < ROUNDS; i++)
        ck_assert_int_eq(shm_write(blk, &e, (i & 1) ? a : b, NULL), SHM_OK);
    free(a);
    free(b);
    return NULL;
}

/* A read is good when it is empty or one writer's whole string. */
static int read_is_whole(const shm_char *s, uint32_t len)
{
    if (len == 0)
        return 1;
    for (uint32_t i = 1; i < len; i++)
        if (s[i] != s[0])
            return 0;
    switch (s[0]) {
    case 'A': case 'C': return len == HAMMER_LEN_A;
    case 'B': case 'D': return len == HAMMER_LEN_B;
    default: return 0;
    }
}

static void *reader_main(void *p)
{
    long *torn = p;
    shm_env e = env_for(1000 + (uint32_t)(uintptr_t)p % 1000);
    shm_char *buf = malloc(SHM_CAPACITY * sizeof(shm_char));
    while (!stop_readers) {
        uint32_t req = 0;
        int rc = shm_read(blk, &e, buf, SHM_CAPACITY, &req);
        ck_assert_int_eq(rc, SHM_OK);
        if (!read_is_whole(buf, req - 1))
            (*torn)++;
    }
    free(buf);
    return NULL;
}

START_TEST(no_torn_reads_two_writers_two_readers)
{
    pthread_t w[2], r[2];
    struct writer_arg wa[2] = {{11, 'A', 'B'}, {12, 'C', 'D'}};
    long torn[2] = {0, 0};
    stop_readers = 0;
    for (int i = 0; i < 2; i++)
        pthread_create(&r[i], NULL, reader_main, &torn[i]);
    for (int i = 0; i < 2; i++)
        pthread_create(&w[i], NULL, writer_main, &wa[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(w[i], NULL);
    stop_readers = 1;
    for (int i = 0; i < 2; i++)
        pthread_join(r[i], NULL);
    ck_assert_int_eq(torn[0] + torn[1], 0);
    ck_assert_uint_eq(shm_generation(blk), 2 * ROUNDS);
    ck_assert_uint_eq(blk->h.writer, 0);
}
END_TEST

/* What a writer did before its Set is visible to a reader whose Get returns
 * that value: the release/acquire pairs of the protocol.  Plain x86 loads
 * would pass without them; ThreadSanitizer (check_core_tsan) sees a race on
 * payload when the reader's acquire is missing (lib/tests/mutant/tsan-read_relaxed.mutant). */
static int payload; /* plain on purpose */

static void *publisher_main(void *p)
{
    shm_env e = env_for(21);
    shm_char go[] = {'g', 'o', 0};
    (void)p;
    payload = 42;
    ck_assert_int_eq(shm_write(blk, &e, go, NULL), SHM_OK);
    return NULL;
}

START_TEST(a_read_sees_what_the_writer_did_before)
{
    pthread_t t;
    shm_env e = env_for(22);
    shm_char out[4] = {0};
    payload = 0;
    pthread_create(&t, NULL, publisher_main, NULL);
    while (shm_read(blk, &e, out, 4, NULL), out[0] != 'g')
        sched_yield();
    ck_assert_int_eq(payload, 42);
    pthread_join(t, NULL);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *tc;

    tc = tcase_create("layout");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, layout_is_fixed);
    tcase_add_test(tc, zeroed_block_reads_empty);
    tcase_add_test(tc, attach_twice_is_fine);
    tcase_add_test(tc, attach_refuses_foreign_headers);
    tcase_add_test(tc, attach_refuses_an_older_layout);
    tcase_add_test(tc, attach_preserves_data_written_before);
    suite_add_tcase(s, tc);

    tc = tcase_create("bounds");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, nlen_every_length);
    tcase_add_test(tc, nlen_any_alignment);
    tcase_add_test(tc, scan_kinds_agree_at_page_end);
    tcase_add_test(tc, write_through_scalar_scan);
    tcase_add_test(tc, scan_choice_follows_the_cpu);
    tcase_add_test(tc, write_every_length_truncates_at_2047);
    tcase_add_test(tc, read_every_buffer_size);
    tcase_add_test(tc, null_arguments_change_nothing);
    tcase_add_test(tc, generation_counts_writes);
    suite_add_tcase(s, tc);

    tc = tcase_create("crash-safety");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, dead_writer_lock_is_recovered_and_value_kept);
    tcase_add_test(tc, live_writer_lock_times_out_busy);
    tcase_add_test(tc, dead_owner_with_reused_id_is_taken_over);
    tcase_add_test(tc, new_thread_with_a_dead_owners_id_takes_over);
    tcase_add_test(tc, live_owner_with_reused_id_keeps_the_lock);
    tcase_add_test(tc, writer_thread_names_the_lock_owner);
    tcase_add_test(tc, reader_gives_a_defined_result_when_starved);
    suite_add_tcase(s, tc);

    tc = tcase_create("progress");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, retrying_reader_holds_its_generation);
    tcase_add_test(tc, writer_waits_for_a_holder_then_goes_on);
    tcase_add_test(tc, writer_waits_a_bounded_while_for_a_dead_holder);
    tcase_add_test(tc, writer_ignores_holds_of_the_published_slot);
    suite_add_tcase(s, tc);

    tc = tcase_create("concurrency");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, no_torn_reads_two_writers_two_readers);
    tcase_add_test(tc, a_read_sees_what_the_writer_did_before);
    suite_add_tcase(s, tc);
    return s;
}

/* The ThreadSanitizer build runs only the threads' tests. */
int main(void)
{
    SRunner *sr = srunner_create(core_suite());
#ifdef CHECK_CORE_THREADS_ONLY
    srunner_run(sr, NULL, "concurrency", CK_ENV);
#else
    srunner_run_all(sr, CK_ENV);
#endif
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

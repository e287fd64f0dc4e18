/*
 * shm_core.c - block identity, the writer lock and the two-slot seqlock.
 * See shm_core.h for the protocol.
 */
#include "shm_core.h"
#include "faults.h"

#include <string.h>

_Static_assert(sizeof(shm_header) == SHM_HEADER_BYTES, "header must stay 128 bytes");
_Static_assert(offsetof(shm_block, data) == SHM_HEADER_BYTES, "slots follow the header");
_Static_assert(sizeof(((shm_block *)0)->data[0]) == SHM_STORAGE_BYTES, "a slot is the 4096 bytes of storage");
_Static_assert(sizeof(shm_block) == SHM_HEADER_BYTES + 2 * SHM_STORAGE_BYTES, "no padding: same layout in 32 and 64 bits");
_Static_assert(offsetof(shm_header, slot) == 32 && sizeof(((shm_header *)0)->slot) == 32,
               "the slots' seqs, lengths and stamps end line 0, beside the generation");
_Static_assert(offsetof(shm_header, writer) == 64, "the lock word starts line 1, off the line readers read");
_Static_assert(offsetof(shm_header, reader_hold) == 72, "the hold word is 8-byte aligned in 32 and 64 bits");
_Static_assert(offsetof(shm_header, hold_pauses) == 92, "the counts follow it on line 1");
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "the lock word is shared across processes: it must be lock-free");

/* Stores want into *field if it is zero; true when the field then holds want. */
static int claim_field(_Atomic uint32_t *field, uint32_t want)
{
    uint32_t seen = 0;
    if (atomic_compare_exchange_strong_explicit(field, &seen, want, memory_order_acq_rel,
                                                memory_order_acquire))
        return 1;
    return seen == want;
}

int shm_attach(void *mem, size_t mem_bytes)
{
    shm_block *b = mem;

    if (!mem)
        return SHM_E_INVALIDARG;
    if (fault_point(no_header_check))
        return SHM_OK;
    if (mem_bytes < sizeof(shm_block))
        return SHM_E_SIZE;
    /* Every attacher claims the same values, so the order of racing
     * attachers does not matter and a half-claimed header is completed by
     * whoever comes next.  Anything else in these fields is foreign, or,
     * past our magic, a block that a dllshm of another layout made. */
    if (!claim_field(&b->h.magic, SHM_MAGIC))
        return SHM_E_HEADER;
    if (!claim_field(&b->h.version, SHM_LAYOUT_VERSION))
        return SHM_E_LAYOUT;
    if (!claim_field(&b->h.header_bytes, SHM_HEADER_BYTES) || !claim_field(&b->h.storage_bytes, SHM_STORAGE_BYTES))
        return SHM_E_HEADER;
    return SHM_OK;
}

/* (magic and version open every layout, so any dllshm block answers this) */
uint32_t shm_layout_of(const void *mem)
{
    return atomic_load_explicit(&((shm_block *)mem)->h.version, memory_order_acquire);
}

/* shm_u16_nlen lives in shm_scan.c. */

/* The slot copies.  A reader may copy a slot while a later writer refills
 * it, and then retries: a race on plain memory that the seqlock makes
 * harmless, but that C11 calls undefined and ThreadSanitizer reports.  Under
 * TSan the copies are relaxed atomic units, the race-free form of the same
 * protocol (Boehm, "Can seqlocks get along with programming language memory
 * models?", 2012), so TSan checks every other access; elsewhere memcpy,
 * several times faster, with the same fences around it. */
#if defined(__SANITIZE_THREAD__)
#define SHM_ATOMIC_SLOTS 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SHM_ATOMIC_SLOTS 1
#endif
#endif

static inline void slot_store(shm_char *slot, const shm_char *src, size_t n)
{
#ifdef SHM_ATOMIC_SLOTS
    for (size_t i = 0; i < n; i++)
        __atomic_store_n(&slot[i], src[i], __ATOMIC_RELAXED);
    __atomic_store_n(&slot[n], 0, __ATOMIC_RELAXED);
#else
    memcpy(slot, src, n * sizeof(shm_char));
    slot[n] = 0;
#endif
}

static inline void slot_load(shm_char *dst, const shm_char *slot, size_t n)
{
#ifdef SHM_ATOMIC_SLOTS
    for (size_t i = 0; i < n; i++)
        dst[i] = __atomic_load_n(&slot[i], __ATOMIC_RELAXED);
#else
    memcpy(dst, slot, n * sizeof(shm_char));
#endif
}

/* A reader's loads of generation and seq (relaxed: a ThreadSanitizer mutant). */
#define READ_ACQUIRE (fault_point(read_relaxed) ? memory_order_relaxed : memory_order_acquire)

uint32_t shm_generation(const shm_block *b)
{
    return atomic_load_explicit(&((shm_block *)b)->h.generation, memory_order_acquire);
}

void shm_count(const shm_block *b, shm_counts *c)
{
    shm_header *h = &((shm_block *)b)->h;
    c->writes = atomic_load_explicit(&h->generation, memory_order_acquire);
    c->recoveries = atomic_load_explicit(&h->recoveries, memory_order_relaxed);
    c->read_retries = atomic_load_explicit(&h->read_retries, memory_order_relaxed);
    c->read_holds = atomic_load_explicit(&h->read_holds, memory_order_relaxed);
    c->hold_pauses = atomic_load_explicit(&h->hold_pauses, memory_order_relaxed);
}

uint32_t shm_writer_thread(const shm_block *b)
{
    return (uint32_t)atomic_load_explicit(&((shm_block *)b)->h.writer, memory_order_relaxed);
}

static void pause_round(const shm_env *env, unsigned round)
{
    if (env->pause)
        env->pause(round, env->ctx);
}

/* A writer's lock word: its id, and its token above. */
uint64_t shm_owner_word(const shm_env *env)
{
    if (fault_point(id_only))
        return env->self; /* a reused id looks like its dead owner */
    return (uint64_t)env->token << 32 | env->self;
}

/* Takes the writer lock; recovers it from an owner that has died. */
static int lock_writer(shm_block *b, const shm_env *env)
{
    uint64_t me = shm_owner_word(env);
    for (unsigned round = 0;; round++) {
        uint64_t owner = 0;
        if (atomic_compare_exchange_weak_explicit(&b->h.writer, &owner, me,
                                                  memory_order_acquire, memory_order_relaxed))
            return SHM_OK;
        if (owner == me)
            return SHM_OK; /* this very thread left it held (a fault it survived) */
        /* Ask about liveness only now and then: it costs a system call. */
        if (!fault_point(no_recovery) && owner && (round & 15) == 15 && env->owner_alive &&
            !env->owner_alive((uint32_t)owner, (uint32_t)(owner >> 32), env->ctx)) {
            if (atomic_compare_exchange_strong_explicit(&b->h.writer, &owner, me,
                                                        memory_order_acquire, memory_order_relaxed)) {
                atomic_fetch_add_explicit(&b->h.recoveries, 1, memory_order_relaxed);
                return SHM_OK;
            }
        }
        if (env->lock_rounds && round >= env->lock_rounds)
            return SHM_E_BUSY;
        pause_round(env, round);
    }
}

static void unlock_writer(shm_block *b)
{
    atomic_store_explicit(&b->h.writer, 0, memory_order_release);
}

/* The reader hold (shm_header.reader_hold): generation | count << 32. */
#define HOLD_ONE ((uint64_t)1 << 32)
#define HOLD_ROUNDS 128u /* a writer's wait for a holder: its pauses */
static uint32_t hold_gen(uint64_t h) { return (uint32_t)h; }
static uint32_t hold_count(uint64_t h) { return (uint32_t)(h >> 32); }

/* Joins (or starts) the hold of generation gen; 0 when a newer one is held
 * (this reader's view is already stale: it retries anyway). */
static int hold_take(shm_block *b, uint32_t gen)
{
    uint64_t h = atomic_load_explicit(&b->h.reader_hold, memory_order_relaxed);
    for (;;) {
        uint64_t want;
        if (hold_count(h) && hold_gen(h) == gen)
            want = h + HOLD_ONE;
        else if (!hold_count(h) || (int32_t)(gen - hold_gen(h)) > 0)
            want = HOLD_ONE | gen; /* an older hold's readers are retrying, or dead */
        else
            return 0;
        /* seq_cst: the reader's next loads of generation are ordered after it */
        if (atomic_compare_exchange_weak_explicit(&b->h.reader_hold, &h, want, memory_order_seq_cst,
                                                  memory_order_relaxed))
            return 1;
    }
}

static void hold_drop(shm_block *b, uint32_t gen)
{
    uint64_t h = atomic_load_explicit(&b->h.reader_hold, memory_order_relaxed);
    while (hold_count(h) && hold_gen(h) == gen)
        if (atomic_compare_exchange_weak_explicit(&b->h.reader_hold, &h, h - HOLD_ONE, memory_order_release,
                                                  memory_order_relaxed))
            return;
}

/* Before refilling the slot of generation gen - 1, lets its holders finish
 * their copy, a bounded while: a holder that died (or sleeps) costs this
 * one wait, as the next write moves the generation past its hold. */
static void yield_to_readers(shm_block *b, const shm_env *env, uint32_t gen)
{
    if (fault_point(no_reader_hold))
        return;
    for (unsigned round = 0; round < HOLD_ROUNDS; round++) {
        uint64_t h = atomic_load_explicit(&b->h.reader_hold, memory_order_seq_cst);
        if (!hold_count(h) || hold_gen(h) != gen - 1)
            return;
        atomic_fetch_add_explicit(&b->h.hold_pauses, 1, memory_order_relaxed);
        pause_round(env, round);
    }
}

int shm_write(shm_block *b, const shm_env *env, const shm_char *src, uint32_t *written)
{
    size_t len;
    int rc;

    if (!fault_point(null_crash)) {
        if (written)
            *written = 0;
        if (!b || !env || !src)
            return SHM_E_INVALIDARG;
    }

    if (fault_point(no_truncate)) {
        len = shm_u16_nlen(src, SIZE_MAX);
        rc = SHM_OK;
    } else {
        len = shm_u16_nlen(src, SHM_MAX_CHARS + 1); /* one more, to know whether we truncate */
        rc = len > SHM_MAX_CHARS ? SHM_TRUNCATED : SHM_OK;
        if (len > SHM_MAX_CHARS)
            len = SHM_MAX_CHARS;
    }

    if (lock_writer(b, env) != SHM_OK)
        return SHM_E_BUSY;

    uint32_t gen = atomic_load_explicit(&b->h.generation, memory_order_relaxed);
    yield_to_readers(b, env, gen);
    /* (no_seqlock: one slot, rewritten under the readers' feet) */
    unsigned target = fault_point(no_seqlock) ? 0 : (gen + 1) & 1;
    shm_slot_meta *meta = &b->h.slot[target];
    /* Odd while writing; a dead writer may have left it odd already. */
    uint32_t seq = atomic_load_explicit(&meta->seq, memory_order_relaxed) | 1u;
    atomic_store_explicit(&meta->seq, seq, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);

    atomic_store_explicit(&meta->gen, gen + 1, memory_order_relaxed);
    slot_store(b->data[target], src, len);
    if (fault_point(plain_length))
        *(uint32_t *)&meta->length = (uint32_t)len;
    else
        atomic_store_explicit(&meta->length, (uint32_t)len, memory_order_relaxed);

    atomic_store_explicit(&meta->seq, seq + 1, memory_order_release);
    atomic_store_explicit(&b->h.generation, gen + 1, memory_order_release);
    unlock_writer(b);

    if (written)
        *written = (uint32_t)len;
    return rc;
}

int shm_read(shm_block *b, const shm_env *env, shm_char *dst, uint32_t cch, uint32_t *required)
{
    if (required)
        *required = 0;
    if (!fault_point(null_crash)) {
        if (!b || !env)
            return SHM_E_INVALIDARG;
        if (!dst)
            cch = 0;
    }

    uint32_t held = 0;
    int holding = 0;
    for (unsigned round = 0;; round++) {
        uint32_t gen = atomic_load_explicit(&b->h.generation, READ_ACQUIRE);
        /* Retrying: hold this generation, so the writers let this copy finish. */
        if (round && !(holding && held == gen)) {
            if (holding)
                hold_drop(b, held);
            holding = hold_take(b, gen);
            held = gen;
            if (holding)
                atomic_fetch_add_explicit(&b->h.read_holds, 1, memory_order_relaxed);
        }
        /* (no_seqlock: one slot, read without any re-check) */
        int checked = !fault_point(no_seqlock);
        unsigned slot = checked ? gen & 1 : 0;
        shm_slot_meta *meta = &b->h.slot[slot];
        uint32_t seq = atomic_load_explicit(&meta->seq, READ_ACQUIRE);
        uint32_t len = atomic_load_explicit(&meta->length, memory_order_relaxed);
        if (checked) {
            if ((seq & 1) || len > SHM_MAX_CHARS)
                goto retry; /* a writer is refilling the published slot: two writes raced us */
            /* The fill that gen published?  The write after next may have
             * refilled this slot since gen was read: its seq even again, its
             * value whole but not yet published, and a later read could see
             * the older one (found by the spin model, lib/model/protocol.pml).
             * Its stamp tells, under the seq re-check like the bytes. */
            if (atomic_load_explicit(&meta->gen, memory_order_relaxed) != gen)
                goto retry;
        }
        if (fault_point(unbounded_get))
            cch = len + 1; /* the caller's size ignored */
        uint32_t n = cch ? (len < cch - 1 ? len : cch - 1) : 0;
        if (cch) {
            slot_load(dst, b->data[slot], n);
        }
        atomic_thread_fence(memory_order_acquire);
        if (checked) {
            if (atomic_load_explicit(&meta->seq, memory_order_relaxed) != seq)
                goto retry;
        }
        if (holding)
            hold_drop(b, held);
        if (cch)
            dst[n] = 0;
        if (required)
            *required = len + 1;
        return n < len ? SHM_TRUNCATED : SHM_OK;

    retry:
        if (env->read_rounds && round >= env->read_rounds) {
            if (holding)
                hold_drop(b, held);
            if (cch)
                dst[0] = 0; /* a defined result, never a torn one */
            return SHM_E_BUSY;
        }
        atomic_fetch_add_explicit(&b->h.read_retries, 1, memory_order_relaxed);
        pause_round(env, round);
    }
}

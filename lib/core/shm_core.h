/*
 * shm_core.h - the portable heart of dllshm: block layout, bounded copies
 * and the consistency protocol.  Plain C11 with <stdatomic.h>; no Windows
 * header, so it is built and tested natively (Check, sanitizers, fuzzing)
 * and linked unchanged into the DLL.
 *
 * The block (identical for 32-bit and 64-bit processes: only fixed-width
 * fields, no pointers):
 *
 *   header line 0 (64 bytes): identity, generation, each slot's seq, length
 *                             and generation: all a reader reads
 *   header line 1 (64 bytes): writer lock, reader hold, counts: what only
 *                             writers touch (and a reader that had to retry)
 *   slot 0: 2048 UTF-16 units   slot 1: 2048 UTF-16 units
 *
 * A writer dirties line 0 only to fill and publish a slot, never to take or
 * give back its lock, so a reader under a busy writer moves line 0 and the
 * slot's bytes between cores and nothing else.  Each slot is the 4096 bytes
 * of string storage of the contract.  The published value lives in slot
 * (generation & 1).  A writer takes the lock, writes the *other* slot under
 * that slot's sequence counter (odd while writing), stamps it with the
 * generation that will publish it, and then publishes it by incrementing
 * generation.  So:
 *  - a reader reads the generation, its slot's sequence and stamp (the
 *    stamp is that generation: the slot holds the published value, not a
 *    later one written since), copies, and re-checks the sequence; it only
 *    retries when two writes finished during its read (no torn reads, no
 *    value that is not yet published, readers never block);
 *  - a reader that had to retry holds the generation it reads, and a writer
 *    about to refill that generation's slot waits for it, a bounded while:
 *    so a busy writer cannot starve readers, and a dead reader costs one
 *    such wait (the generation moves on past its hold);
 *  - a writer killed mid-write leaves the published slot untouched (crash
 *    safe); its odd sequence is simply continued by the next writer;
 *  - the lock word holds the owner's id; a waiting writer that finds the
 *    owner dead takes the lock over (recoverable).
 * All-zero memory is a valid empty block, so nothing is ever cleared after
 * the section's name is visible.
 */
#ifndef DLLSHM_SHM_CORE_H
#define DLLSHM_SHM_CORE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "faults.h"

#define SHM_STORAGE_BYTES 4096u
#define SHM_CAPACITY 2048u            /* UTF-16 units per slot, terminator included */
#define SHM_MAX_CHARS (SHM_CAPACITY - 1u)
#define SHM_MAGIC 0x4d485344u         /* "DSHM" in memory order */
/* Layout 3: the writers' words on a cache line of their own, and a
 * generation stamp per slot (2: the lock word on the readers' line; 1: the
 * lock word held the owner's id only).  A block of another layout is
 * refused (SHM_E_LAYOUT).  (The arch_layout fault makes 64-bit builds stamp
 * 4, a layout that differs by arch.) */
#define SHM_LAYOUT_VERSION (fault_point(arch_layout) && sizeof(void *) == 8 ? 4u : 3u)
#define SHM_HEADER_BYTES 128u

typedef uint16_t shm_char;            /* a UTF-16 code unit (WCHAR) */

typedef struct shm_slot_meta {
    _Atomic uint32_t seq;             /* odd while a writer fills the slot */
    _Atomic uint32_t length;          /* units before the terminator */
    _Atomic uint32_t gen;             /* the generation that publishes this fill */
    uint32_t reserved;
} shm_slot_meta;

typedef struct shm_header {
    /* Line 0: what a reader reads. */
    _Atomic uint32_t magic;           /* identity, checked on every attach */
    _Atomic uint32_t version;
    _Atomic uint32_t header_bytes;
    _Atomic uint32_t storage_bytes;
    _Atomic uint32_t generation;      /* completed writes; slot (generation & 1) is published */
    uint32_t reserved0[3];
    shm_slot_meta slot[2];
    /* Line 1: what only writers touch, and a reader that had to retry.
     * The writer lock: owner id | token << 32, 0 when free.  One 64-bit
     * word, so id and token are claimed and seen together (lock-free on
     * i686 too: cmpxchg8b). */
    _Atomic uint64_t writer;
    /* Readers that a write made retry: the generation they read (low 32
     * bits) and how many hold it (high 32).  A writer lets them finish
     * before it refills that generation's slot (a liveness aid: zero, or a
     * hold a writer misses, costs a retry, never a wrong value). */
    _Atomic uint64_t reader_hold;
    _Atomic uint32_t recoveries;      /* locks taken over from dead writers */
    /* Contention, counted on the slow paths only, so that a change to the
     * protocol shows as a count and not only as a time (they wrap). */
    _Atomic uint32_t read_retries;    /* reads that went round again */
    _Atomic uint32_t read_holds;      /* holds a retrying reader took */
    _Atomic uint32_t hold_pauses;     /* pauses writers made for a holder */
    uint32_t reserved1[8];
} shm_header;

typedef struct shm_block {
    shm_header h;
    shm_char data[2][SHM_CAPACITY];
} shm_block;

#define SHM_BLOCK_BYTES ((uint32_t)sizeof(shm_block))

/* Results of the core functions (mapped onto DllshmStatus by the glue). */
enum {
    SHM_OK = 0,
    SHM_TRUNCATED = 1,
    SHM_E_INVALIDARG = -1,
    SHM_E_BUSY = -3,
    SHM_E_SIZE = -10,                 /* the memory is smaller than a block */
    SHM_E_HEADER = -11,               /* a foreign header: wrong magic or sizes */
    SHM_E_LAYOUT = -12                /* a dllshm block of another layout version */
};

/* What the core needs from its host: who is writing, whether a lock owner
 * is still alive, and how to back off.  Ids are reused (Windows reuses
 * thread ids within milliseconds), so a writer is its id *and* a token
 * that a later holder of the same id does not repeat (the glue: the
 * thread's creation time); owner_alive gets both. */
typedef struct shm_env {
    uint32_t self;                                /* non-zero id of the calling writer */
    int (*owner_alive)(uint32_t owner, uint32_t token, void *ctx); /* 0 when certainly gone */
    void (*pause)(unsigned round, void *ctx);      /* back off; round counts up from 0 */
    void *ctx;
    unsigned lock_rounds;                         /* give up (SHM_E_BUSY) after this many pauses */
    unsigned read_rounds;                         /* likewise for a reader's retries */
    uint32_t token;                               /* self's token (0: none; then owner_alive
                                                     answers by the id alone) */
} shm_env;

/* The lock word a writer holds (tests use it to plant a dead owner). */
uint64_t shm_owner_word(const shm_env *env);

/* Checks (and on all-zero memory, claims) the header of the block at mem.
 * Race-free: every attacher compare-and-swaps the same values into zero
 * fields, so no one ever clears or half-initialises a live block.
 * SHM_E_LAYOUT: a dllshm block of another layout (shm_layout_of says which). */
int shm_attach(void *mem, size_t mem_bytes);

/* The layout version stamped in the block at mem (0 when none yet). */
uint32_t shm_layout_of(const void *mem);

/* Length of a NUL-terminated UTF-16 string, reading at most limit units.
 * Returns limit when no terminator is among the first limit units.
 * In shm_scan.c: the fastest form this CPU runs. */
size_t shm_u16_nlen(const shm_char *s, size_t limit);

/* Stores src (NUL-terminated; NULL is SHM_E_INVALIDARG and changes nothing).
 * At most SHM_MAX_CHARS units are stored; *written (optional) gets the count.
 * SHM_TRUNCATED when src was longer. */
int shm_write(shm_block *b, const shm_env *env, const shm_char *src, uint32_t *written);

/* Copies the value into dst (cch units, terminator included) without ever
 * writing dst[cch] or beyond; dst NULL or cch 0 writes nothing.  *required
 * (optional) gets length + 1.  SHM_TRUNCATED when dst was too small. */
int shm_read(shm_block *b, const shm_env *env, shm_char *dst, uint32_t cch, uint32_t *required);

/* Completed writes since the block was created. */
uint32_t shm_generation(const shm_block *b);

/* What the block has counted since it was created (each wraps). */
typedef struct shm_counts {
    uint32_t writes;                  /* the generation */
    uint32_t recoveries, read_retries, read_holds, hold_pauses;
} shm_counts;
void shm_count(const shm_block *b, shm_counts *c);

/* The thread id in the writer lock (its low half), 0 when free: a diagnostic. */
uint32_t shm_writer_thread(const shm_block *b);

#endif /* DLLSHM_SHM_CORE_H */

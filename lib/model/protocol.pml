/*
 * protocol.pml - the header protocol of lib/core/shm_core.c, for spin.
 *
 * Two writers and two readers over one block: two slots, a sequence counter
 * and a generation stamp per slot, the generation, the writer lock claimed
 * by compare-and-swap and taken over from a dead owner.  Writer 1 may die at any step (between any
 * two of its steps, the lock held or not); dead[] is what owner_alive
 * answers.  A writer is its id here: the token that tells a reused id from
 * its dead owner is the glue's and check_core's (ids here are never reused).  Every step is one shared access, sequentially consistent: the
 * memory orders are ThreadSanitizer's job (check_core_tsan), not this one.
 *
 * Each step cites the line of shm_core.c it stands for as "core: <line>";
 * lib/tests/spin-model.test checks that every cited line still exists and
 * that every atomic access of the lock, shm_write and shm_read is cited (or
 * listed as "core-unmodelled:" with the reason), so a change to one shows
 * in the other.
 *
 * Properties: no read returns a mixture of two writes; a read returns a
 * completed write at least as new as the generation it started from, and
 * the last read, after the writers, returns the last completed write at its
 * first try (so no completed write is lost except to a later one, and a
 * writer that dies leaves it readable); no deadlock (spin's
 * invalid end states: a waiting writer blocks, it does not spin); and, with
 * weak fairness, a dead owner's lock is taken over while a writer waits.
 *
 * Mutants (spin -D...): PUBLISH_FIRST (the generation moves before the
 * slot is filled: readers, which check the slot's stamp, retry until it is,
 * and for good when its writer dies first), UNLOCK_EARLY (the lock is released before the
 * generation publishes), NO_TAKEOVER (a dead owner's lock waits forever),
 * NO_RECHECK (the reader does not re-check the sequence after its copy),
 * NO_STAMP_CHECK (the reader does not check that its slot holds the fill its
 * generation published: it may return a write not yet published, then a
 * later read the older value; shm_core.c had this defect until this model).
 */

#define NW 2          /* writers 1..NW; writer 1 may die */
#define NR 2          /* readers */
#ifndef WRITES
#define WRITES 1      /* per writer; writer i's k-th value is i + NW*k */
#endif
#ifndef READS
#define READS 1       /* per reader */
#endif
#define NV (1 + NW * WRITES)
#define NEVER 255

byte gen;             /* h.generation */
byte owner;           /* h.writer: 0 when free */
byte seq[2];          /* h.slot[].seq */
byte slen[2];          /* h.slot[].length: here the id of the value written */
byte sgen[2];         /* h.slot[].gen: the generation that publishes the fill */
byte d0[2], d1[2];    /* the slot's data, copied in two halves */
bool dead[NW + 1];    /* what owner_alive(id) answers: 0 once dead */

/* ghosts */
byte pubidx[NV];      /* generation that published value v; NEVER if none */
byte lastpub;         /* the value of the latest publish */
byte waiting;         /* writers waiting for the lock */
byte running = NW;     /* writers neither finished nor dead */
bool done[NW + 1];    /* the writer finished all its writes */

#define MAYDIE if :: self == 1 -> atomic { dead[self] = true; running-- }; goto died :: skip fi

proctype writer(byte self)
{
    byte k, v, g, t, s, o;

    for (k : 0 .. WRITES - 1) {
        v = self + NW * k;
        waiting++;
        do
        :: /* core: if (atomic_compare_exchange_weak_explicit(&b->h.writer, &owner, me, */
           atomic { owner == 0 -> owner = self }; break
        :: /* core: if (owner == me) */
           atomic { owner == self -> skip }; break
#ifndef NO_TAKEOVER
        :: /* core: !env->owner_alive((uint32_t)owner, (uint32_t)(owner >> 32), env->ctx)) { */
           atomic { owner != 0 && dead[owner] -> o = owner };
           /* core: if (atomic_compare_exchange_strong_explicit(&b->h.writer, &owner, me, */
           if
           :: atomic { owner == o -> owner = self }; break
           :: atomic { owner != o -> skip }
           fi
#endif
        od;
        waiting--;
        MAYDIE;
#ifdef PUBLISH_FIRST
        atomic { g = gen; t = (g + 1) % 2 };
        atomic { gen = g + 1; pubidx[v] = g + 1; lastpub = v };
        MAYDIE;
#else
        /* core: uint32_t gen = atomic_load_explicit(&b->h.generation, memory_order_relaxed); */
        atomic { g = gen; t = (g + 1) % 2 };
        MAYDIE;
#endif
        /* core: uint32_t seq = atomic_load_explicit(&meta->seq, memory_order_relaxed) | 1u; */
        s = seq[t] | 1;
        MAYDIE;
        /* core: atomic_store_explicit(&meta->seq, seq, memory_order_relaxed); */
        seq[t] = s;
        MAYDIE;
        /* core: atomic_store_explicit(&meta->gen, gen + 1, memory_order_relaxed); */
        sgen[t] = g + 1;
        MAYDIE;
        /* core: slot_store(b->data[target], src, len); */
        d0[t] = v;
        MAYDIE;
        d1[t] = v;
        MAYDIE;
        /* core: atomic_store_explicit(&meta->length, (uint32_t)len, memory_order_relaxed); */
        slen[t] = v;
        MAYDIE;
        /* core: atomic_store_explicit(&meta->seq, seq + 1, memory_order_release); */
        seq[t] = s + 1;
        MAYDIE;
#ifdef UNLOCK_EARLY
        owner = 0;
        MAYDIE;
#endif
#ifndef PUBLISH_FIRST
        /* core: atomic_store_explicit(&b->h.generation, gen + 1, memory_order_release); */
        atomic { gen = g + 1; pubidx[v] = g + 1; lastpub = v };
        MAYDIE;
#endif
#ifndef UNLOCK_EARLY
        /* core: atomic_store_explicit(&b->h.writer, 0, memory_order_release); */
        owner = 0;
        MAYDIE;
#endif
    }
    atomic { done[self] = true; running-- };
died:
    skip
}

/* One shm_read; r gets the value read.  A final read (after every writer
 * finished or died) never retries: the last complete value is left
 * published and whole, whatever step a writer died at. */
inline read_value(r, final)
{
    byte g, sl, q, l, r0, r1;
    bool last_read = final, again = false;
retry:
    assert(!(last_read && again));
    again = true;
    /* core: uint32_t gen = atomic_load_explicit(&b->h.generation, READ_ACQUIRE); */
    atomic { g = gen; sl = g % 2 };
    /* core: uint32_t seq = atomic_load_explicit(&meta->seq, READ_ACQUIRE); */
    q = seq[sl];
    /* core: uint32_t len = atomic_load_explicit(&meta->length, memory_order_relaxed); */
    l = slen[sl];
    /* core: if ((seq & 1) || len > SHM_MAX_CHARS) */
    if
    :: q % 2 == 1 -> goto retry
    :: else
    fi;
#ifndef NO_STAMP_CHECK
    /* core: if (atomic_load_explicit(&meta->gen, memory_order_relaxed) != gen) */
    if
    :: sgen[sl] != g -> goto retry
    :: else
    fi;
#endif
    /* core: slot_load(dst, b->data[slot], n); */
    r0 = d0[sl];
    r1 = d1[sl];
#ifndef NO_RECHECK
    /* core: if (atomic_load_explicit(&meta->seq, memory_order_relaxed) != seq) */
    if
    :: seq[sl] != q -> goto retry
    :: else
    fi;
#endif
    assert(l == r0 && r0 == r1);                 /* no mixture */
    assert(pubidx[l] != NEVER && pubidx[l] >= g); /* completed, not older than gen */
    r = l
}

proctype reader()
{
    byte n, r;
    for (n : 1 .. READS) {
        read_value(r, false)
    }
}

init
{
    byte i, r;
    pubidx[0] = 0;
    for (i : 1 .. NV - 1) {
        pubidx[i] = NEVER
    }
    atomic {
        for (i : 1 .. NW) {
            run writer(i)
        }
        for (i : 1 .. NR) {
            run reader()
        }
    }
    running == 0; /* blocks for good if a writer never gets the lock: a deadlock */
    read_value(r, true);
    assert(r == lastpub);
    assert(done[2]);
}

/* core-unmodelled: atomic_fetch_add_explicit(&b->h.recoveries, 1, memory_order_relaxed); -- a statistic */
/* core-unmodelled: atomic_fetch_add_explicit(&b->h.hold_pauses, 1, memory_order_relaxed); -- a statistic */
/* core-unmodelled: atomic_fetch_add_explicit(&b->h.read_holds, 1, memory_order_relaxed); -- a statistic */
/* core-unmodelled: atomic_fetch_add_explicit(&b->h.read_retries, 1, memory_order_relaxed); -- a statistic */
/* core-unmodelled: atomic_thread_fence(memory_order_release); -- memory order, not interleaving (TSan) */
/* core-unmodelled: atomic_thread_fence(memory_order_acquire); -- memory order, not interleaving (TSan) */
/* core-unmodelled: uint64_t h = atomic_load_explicit(&b->h.reader_hold, memory_order_relaxed); -- the reader hold: progress, not safety (no step of the model reads it; its wait is bounded: check_core's progress tests) */
/* core-unmodelled: if (atomic_compare_exchange_weak_explicit(&b->h.reader_hold, &h, want, memory_order_seq_cst, -- the reader hold, as above */
/* core-unmodelled: if (atomic_compare_exchange_weak_explicit(&b->h.reader_hold, &h, h - HOLD_ONE, memory_order_release, -- the reader hold, as above */
/* core-unmodelled: uint64_t h = atomic_load_explicit(&b->h.reader_hold, memory_order_seq_cst); -- the reader hold, as above */

ltl takeover { [] ((owner != 0 && dead[owner] && waiting > 0) -> <> !(owner != 0 && dead[owner])) }

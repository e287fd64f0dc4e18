/*
 * shm_scan.c - shm_u16_nlen: a scalar scan, SSE2 and AVX2 scans compiled
 * with per-function targets, and the run-time choice between them.
 */
#include "shm_scan.h"
#include "faults.h"

#include <stdatomic.h>
#include <stdint.h>

static size_t nlen_scalar(const shm_char *s, size_t limit)
{
    size_t n = 0;

    /* Four units per round; the compiler keeps this branch-light. */
    while (n + 4 <= limit) {
        if (!s[n]) return n;
        if (!s[n + 1]) return n + 1;
        if (!s[n + 2]) return n + 2;
        if (!s[n + 3] && !fault_point(scalar_scan)) return n + 3;
        n += 4;
    }
    while (n < limit && s[n])
        n++;
    return n;
}

#if defined(__i386__) || defined(__x86_64__)
#define SHM_SCAN_X86 1
#include <immintrin.h>

/* The vector scans read whole aligned blocks (and rounds of four blocks
 * from an address aligned to their size), also past the terminator but
 * never past limit or into another page.  ASan and TSan would report those
 * bytes (past the end of a heap block), so they skip these functions; the
 * guard-page test in check_core proves them instead.
 * i686 Windows only keeps the stack 4-byte aligned: realign on entry. */
#if defined(__i386__)
#define SCAN_ENTRY __attribute__((force_align_arg_pointer))
#else
#define SCAN_ENTRY
#endif
#define SSE2_FN __attribute__((target("sse2"), no_sanitize_address, no_sanitize_thread))
#define AVX2_FN __attribute__((target("avx2"), no_sanitize_address, no_sanitize_thread))

/* (scan_overread: loads from wherever s starts) */
#define ALIGN_UNITS(p, bytes) (fault_point(scan_overread) ? 0 : (uintptr_t)(p) & ((bytes) - 1))

SSE2_FN static inline unsigned zero_mask16(const shm_char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p); /* aligned by the caller */
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_setzero_si128()));
}

/* Eight units per block; four blocks per round in the main loop. */
SSE2_FN SCAN_ENTRY static size_t nlen_sse2(const shm_char *s, size_t limit)
{
    size_t n = 0;
    unsigned m;

    if ((uintptr_t)s & 1) /* not even UTF-16 aligned: never reaches a 16-byte boundary */
        goto tail;
    while (n < limit && ALIGN_UNITS(s + n, 16)) {
        if (!s[n])
            return n;
        n++;
    }
    /* The four-block rounds start 64-byte aligned, so a round stays in one page. */
    while (n + 8 <= limit && ALIGN_UNITS(s + n, 64)) {
        if ((m = zero_mask16(s + n)))
            return n + (__builtin_ctz(m) >> 1);
        n += 8;
    }
    while (n + 32 <= limit) {
        const __m128i *p = (const __m128i *)(const void *)(s + n);
        __m128i z = _mm_setzero_si128();
        __m128i a = _mm_cmpeq_epi16(_mm_loadu_si128(p), z);
        __m128i b = _mm_cmpeq_epi16(_mm_loadu_si128(p + 1), z);
        __m128i c = _mm_cmpeq_epi16(_mm_loadu_si128(p + 2), z);
        __m128i d = _mm_cmpeq_epi16(_mm_loadu_si128(p + 3), z);
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))))
            break; /* the terminator is in one of these four blocks */
        n += 32;
    }
    while (n + 8 <= limit) {
        if ((m = zero_mask16(s + n)))
            return n + (__builtin_ctz(m) >> 1);
        n += 8;
    }
tail:
    while (n < limit && s[n])
        n++;
    return n;
}

AVX2_FN static inline unsigned zero_mask32(const shm_char *p)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
    return (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi16(v, _mm256_setzero_si256()));
}

/* Sixteen units per block; four blocks per round in the main loop. */
AVX2_FN SCAN_ENTRY static size_t nlen_avx2(const shm_char *s, size_t limit)
{
    size_t n = 0;
    unsigned m;

    if ((uintptr_t)s & 1)
        goto tail;
    while (n < limit && ALIGN_UNITS(s + n, 32)) {
        if (!s[n])
            return n;
        n++;
    }
    while (n + 16 <= limit && ALIGN_UNITS(s + n, 128)) {
        if ((m = zero_mask32(s + n)))
            return n + (__builtin_ctz(m) >> 1);
        n += 16;
    }
    while (n + 64 <= limit) {
        const __m256i *p = (const __m256i *)(const void *)(s + n);
        __m256i z = _mm256_setzero_si256();
        __m256i a = _mm256_cmpeq_epi16(_mm256_loadu_si256(p), z);
        __m256i b = _mm256_cmpeq_epi16(_mm256_loadu_si256(p + 1), z);
        __m256i c = _mm256_cmpeq_epi16(_mm256_loadu_si256(p + 2), z);
        __m256i d = _mm256_cmpeq_epi16(_mm256_loadu_si256(p + 3), z);
        if (_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(a, b), _mm256_or_si256(c, d))))
            break;
        n += 64;
    }
    while (n + 16 <= limit) {
        if ((m = zero_mask32(s + n)))
            return n + (__builtin_ctz(m) >> 1);
        n += 16;
    }
tail:
    while (n < limit && s[n])
        n++;
    return n;
}
#endif /* x86 */

shm_nlen_fn shm_scan_fn(int kind)
{
    switch (kind) {
    case SHM_SCAN_SCALAR: return nlen_scalar;
#ifdef SHM_SCAN_X86
    case SHM_SCAN_SSE2: return nlen_sse2;
    case SHM_SCAN_AVX2: return nlen_avx2;
#endif
    default: return NULL;
    }
}

int shm_scan_pick(unsigned cpu)
{
    if (fault_point(sse2_always))
        cpu |= SHM_CPU_SSE2; /* assumes every CPU has SSE2 */
    if (!shm_scan_fn(SHM_SCAN_SSE2))
        return SHM_SCAN_SCALAR;
    if (cpu & SHM_CPU_AVX2)
        return SHM_SCAN_AVX2;
    return (cpu & SHM_CPU_SSE2) ? SHM_SCAN_SSE2 : SHM_SCAN_SCALAR;
}

unsigned shm_scan_cpu(void)
{
    unsigned f = 0;
#ifdef SHM_SCAN_X86
    __builtin_cpu_init(); /* we may run before libgcc's constructor */
    if (__builtin_cpu_supports("sse2"))
        f |= SHM_CPU_SSE2;
    if (__builtin_cpu_supports("avx2")) /* libgcc also checks that the OS saves YMM */
        f |= SHM_CPU_AVX2;
#endif
    return f;
}

/* The kind in use plus one; 0 until the first scan (or shm_scan_force(-1)).
 * Racing first callers store the same value. */
static _Atomic int chosen;

int shm_scan_force(int kind)
{
    if (kind < 0) {
        atomic_store_explicit(&chosen, 0, memory_order_relaxed);
        return 0;
    }
    if (!shm_scan_fn(kind) || (kind != SHM_SCAN_SCALAR && shm_scan_pick(shm_scan_cpu()) < kind))
        return -1;
    atomic_store_explicit(&chosen, kind + 1, memory_order_relaxed);
    return 0;
}

int shm_scan_current(void)
{
    int k = atomic_load_explicit(&chosen, memory_order_relaxed);
    if (!k) {
        k = shm_scan_pick(shm_scan_cpu()) + 1;
        atomic_store_explicit(&chosen, k, memory_order_relaxed);
    }
    return k - 1;
}

size_t shm_u16_nlen(const shm_char *s, size_t limit)
{
    return shm_scan_fn(shm_scan_current())(s, limit);
}

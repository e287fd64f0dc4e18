/* The export directory of a PE32 or PE32+ image, read from the file's
 * bytes with every offset bounds-checked (a user's file may be anything). */
#include "pe.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct image { const unsigned char *b; size_t len; size_t sect; unsigned nsect; };

static int u16(const struct image *im, size_t off, uint32_t *v)
{
    if (off > im->len || im->len - off < 2) return -1;
    *v = (uint32_t)im->b[off] | (uint32_t)im->b[off + 1] << 8;
    return 0;
}

static int u32(const struct image *im, size_t off, uint32_t *v)
{
    if (off > im->len || im->len - off < 4) return -1;
    *v = (uint32_t)im->b[off] | (uint32_t)im->b[off + 1] << 8 | (uint32_t)im->b[off + 2] << 16
       | (uint32_t)im->b[off + 3] << 24;
    return 0;
}

/* A relative virtual address to a file offset, through the section table. */
static int rva_off(const struct image *im, uint32_t rva, size_t *off)
{
    for (unsigned i = 0; i < im->nsect; i++) {
        size_t s = im->sect + (size_t)i * 40;
        uint32_t vsize, va, rawsize, raw;
        if (u32(im, s + 8, &vsize) || u32(im, s + 12, &va) || u32(im, s + 16, &rawsize) || u32(im, s + 20, &raw))
            return -1;
        uint32_t span = vsize > rawsize ? vsize : rawsize;
        if (rva >= va && rva - va < span) {
            *off = (size_t)raw + (rva - va);
            return *off < im->len ? 0 : -1;
        }
    }
    return -1;
}

/* The headers; the file offset of data directory k's (RVA, size) pair. */
static int open_image(struct image *im, size_t *dir, int k, char *err, size_t errlen)
{
    uint32_t lfanew, sig, nsect, optsize, magic, ndirs;
    const unsigned char *buf = im->b;
    if (im->len < 64 || buf[0] != 'M' || buf[1] != 'Z' || u32(im, 0x3c, &lfanew) || u32(im, lfanew, &sig)
        || sig != 0x4550 || u16(im, (size_t)lfanew + 6, &nsect) || u16(im, (size_t)lfanew + 20, &optsize)
        || u16(im, (size_t)lfanew + 24, &magic) || (magic != 0x10b && magic != 0x20b)) {
        snprintf(err, errlen, "not a PE image (no MZ/PE header)");
        return -1;
    }
    size_t opt = (size_t)lfanew + 24;
    im->sect = opt + optsize;
    im->nsect = nsect;
    size_t dirs = opt + (magic == 0x20b ? 112 : 96);  /* the data directories */
    if (u32(im, dirs - 4, &ndirs)) {
        snprintf(err, errlen, "a truncated PE optional header");
        return -1;
    }
    *dir = ndirs > (uint32_t)k ? dirs + (size_t)k * 8 : 0;
    return 0;
}

/* A NUL-terminated name at rva, at most 1024 bytes. */
static char *name_at(const struct image *im, uint32_t rva)
{
    size_t off;
    if (rva_off(im, rva, &off)) return NULL;
    size_t max = im->len - off, l = 0;
    while (l < max && l < 1024 && im->b[off + l]) l++;
    return xstrndup((const char *)im->b + off, l);
}

int pe_export_names(const unsigned char *buf, size_t len, char ***names, size_t *n, char *err, size_t errlen)
{
    struct image im = { buf, len, 0, 0 };
    uint32_t dir_rva, dir_size, count, names_rva;
    size_t d;
    *names = NULL;
    *n = 0;
    if (open_image(&im, &d, 0, err, errlen)) return -1;
    if (!d || u32(&im, d, &dir_rva) || u32(&im, d + 4, &dir_size) || !dir_rva || !dir_size)
        return 0;  /* no export table */
    size_t dir;
    if (rva_off(&im, dir_rva, &dir) || u32(&im, dir + 24, &count) || u32(&im, dir + 32, &names_rva)) {
        snprintf(err, errlen, "an export directory outside the file");
        return -1;
    }
    size_t tab;
    if (count && rva_off(&im, names_rva, &tab)) {
        snprintf(err, errlen, "an export name table outside the file");
        return -1;
    }
    if (count > 65536) count = 65536;
    char **v = xcalloc(count ? count : 1, sizeof *v);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t rva;
        if (u32(&im, tab + (size_t)i * 4, &rva) || !(v[i] = name_at(&im, rva))) {
            pe_names_free(v, i);
            snprintf(err, errlen, "an export name outside the file");
            return -1;
        }
    }
    *names = v;
    *n = count;
    return 0;
}

int pe_import_names(const unsigned char *buf, size_t len, char ***names, size_t *n, char *err, size_t errlen)
{
    struct image im = { buf, len, 0, 0 };
    uint32_t dir_rva, dir_size;
    size_t d, dir;
    *names = NULL;
    *n = 0;
    if (open_image(&im, &d, 1, err, errlen)) return -1;
    if (!d || u32(&im, d, &dir_rva) || u32(&im, d + 4, &dir_size) || !dir_rva || !dir_size) return 0;
    if (rva_off(&im, dir_rva, &dir)) {
        snprintf(err, errlen, "an import directory outside the file");
        return -1;
    }
    char **v = NULL;
    size_t k = 0;
    /* 20-byte descriptors, up to an all-zero one; Name is at +12. */
    for (size_t i = 0; i < 4096; i++) {
        uint32_t name_rva, thunk;
        if (u32(&im, dir + i * 20 + 12, &name_rva) || u32(&im, dir + i * 20 + 16, &thunk)) break;
        if (!name_rva && !thunk) break;
        char *name = name_at(&im, name_rva);
        if (!name) continue;
        v = xrealloc(v, (k + 1) * sizeof *v);
        v[k++] = name;
    }
    *names = v;
    *n = k;
    return 0;
}

void pe_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

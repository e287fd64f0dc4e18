/* Implementations under test, found in the build's pe/ directory (or the
 * --pe-dir): dllshm.dll and the fixtures, per arch; and user DLLs, whose
 * arch comes from their PE header. */
#include "conductor.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pe_dir_name[PE_NARCH] = { "i686", "x86_64" };
const char *const pe_agent_name[PE_NARCH] = { "x86", "x64" };

int pe_arch_of(const char *path, char *err, size_t errlen)
{
    unsigned char h[64], pe[6];
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errlen, "%s: %s", path, strerror(errno)); return -1; }
    int ok = fread(h, 1, sizeof h, f) == sizeof h && h[0] == 'M' && h[1] == 'Z';
    if (ok) {
        long off = (long)(h[0x3c] | h[0x3d] << 8 | h[0x3e] << 16 | (unsigned long)h[0x3f] << 24);
        ok = fseek(f, off, SEEK_SET) == 0 && fread(pe, 1, sizeof pe, f) == sizeof pe && !memcmp(pe, "PE\0\0", 4);
    }
    fclose(f);
    if (!ok) { snprintf(err, errlen, "%s: not a PE file (no MZ/PE header)", path); return -1; }
    unsigned machine = pe[4] | pe[5] << 8;
    if (machine == 0x14c) return PE_I686;
    if (machine == 0x8664) return PE_X86_64;
    snprintf(err, errlen, "%s: PE machine 0x%04x is neither i386 nor x86-64", path, machine);
    return -1;
}

static struct impl *impl_get(struct impl **v, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i].name, name)) return &(*v)[i];
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    struct impl *im = &(*v)[(*n)++];
    memset(im, 0, sizeof *im);
    im->name = xstrdup(name);
    return im;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static int by_name(const void *a, const void *b)
{
    const struct impl *x = a, *y = b;
    /* dllshm first, then sample, then the fx-* */
    int rx = !strcmp(x->name, "dllshm") ? 0 : !strcmp(x->name, "sample") ? 1 : 2;
    int ry = !strcmp(y->name, "dllshm") ? 0 : !strcmp(y->name, "sample") ? 1 : 2;
    return rx != ry ? rx - ry : strcmp(x->name, y->name);
}

size_t impls_discover(const char *pe_dir, struct impl **out)
{
    struct impl *v = NULL;
    size_t n = 0;
    for (int a = 0; a < PE_NARCH; a++) {
        char *path = xasprintf("%s/%s/dllshm.dll", pe_dir, pe_dir_name[a]);
        if (file_exists(path)) {
            struct impl *im = impl_get(&v, &n, "dllshm");
            im->path[a] = path;
            im->honours_name = 1;
        } else free(path);
        char *dir = xasprintf("%s/%s/fixtures", pe_dir, pe_dir_name[a]);
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t len = strlen(e->d_name);
            if (len < 5 || strcmp(e->d_name + len - 4, ".dll")) continue;
            char *name = xstrndup(e->d_name, len - 4);
            int fx = !strncmp(name, "fx-", 3);
            if (fx || !strcmp(name, "sample")) {
                struct impl *im = impl_get(&v, &n, name);
                free(im->path[a]);
                im->path[a] = xasprintf("%s/%s", dir, e->d_name);
                im->fixture = 1;
                im->honours_name = fx;  /* dllshm built with one fault */
            }
            free(name);
        }
        if (d) closedir(d);
        free(dir);
    }
    if (n) qsort(v, n, sizeof *v, by_name);
    *out = v;
    return n;
}

int impl_add_user_dll(struct impl **v, size_t *n, const char *path, char *err, size_t errlen)
{
    int arch = pe_arch_of(path, err, errlen);
    if (arch < 0) return -1;
    const char *base = path;
    for (const char *p = path; *p; p++) if (*p == '/' || *p == '\\') base = p + 1;
    char *name = xstrdup(base);
    size_t len = strlen(name);
    if (len > 4 && (!strcmp(name + len - 4, ".dll") || !strcmp(name + len - 4, ".DLL"))) name[len - 4] = '\0';
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i].name, name)) {
            snprintf(err, errlen, "--dll %s: an implementation named '%s' exists already", path, name);
            free(name);
            return -1;
        }
    struct impl *im = impl_get(v, n, name);
    free(name);
    im->path[arch] = xstrdup(path);
    return 0;   /* not a fixture; uses the sample's fixed block name */
}

void impls_free(struct impl *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        for (int a = 0; a < PE_NARCH; a++) free(v[i].path[a]);
    }
    free(v);
}

/* Implementations under test, found in the build's pe/ directory (or the
 * --pe-dir): dllshm.dll and the fixtures, per arch; and user DLLs, whose
 * arch comes from their PE header. */
#include "conductor.h"
#include "proc.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
    if (machine == 0x14c) return ARCH_I686;
    if (machine == 0x8664) return ARCH_X86_64;
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
    im->capacity = SCN_DOCUMENTED_CAPACITY;   /* until the preflight learns a user's */
    return im;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f) fclose(f);
    return f != NULL;
}

static int in_order(const void *a, const void *b)
{
    const struct impl *x = a, *y = b;
    return impl_order(x->role, x->name, y->role, y->name);
}

size_t impls_discover(const char *pe_dir, struct impl **out)
{
    struct impl *v = NULL;
    size_t n = 0;
    for (int a = 0; a < ARCH_COUNT; a++) {
        char *path = xasprintf("%s/%s/dllshm.dll", pe_dir, arch_dir(a));
        if (file_exists(path)) {
            struct impl *im = impl_get(&v, &n, "dllshm");
            im->path[a] = path;
            im->honours_name = 1;
            im->role = ROLE_DLLSHM;
        } else free(path);
        char *dir = xasprintf("%s/%s/fixtures", pe_dir, arch_dir(a));
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t len = strlen(e->d_name);
            if (len < 5 || strcmp(e->d_name + len - 4, ".dll")) continue;
            char *name = xstrndup(e->d_name, len - 4);
            /* What lies in fixtures/ is a fixture: the sample as written, and
             * dllshm built with one fault each (fx-*: they read DLLSHM_NAME). */
            int fx = !strncmp(name, "fx-", 3);
            struct impl *im = impl_get(&v, &n, name);
            free(im->path[a]);
            im->path[a] = xasprintf("%s/%s", dir, e->d_name);
            im->role = ROLE_FIXTURE;
            im->honours_name = fx;
            if (!fx && !im->block_name) im->block_name = xstrdup("dllmemfilemap");  /* the sample's, by its source */
            free(name);
        }
        if (d) closedir(d);
        free(dir);
    }
    if (n) qsort(v, n, sizeof *v, in_order);
    *out = v;
    return n;
}

/* The absolute path: agents run in a private directory of their own. */
static char *abs_path(const char *path)
{
    char *full = proc_full_path(path);
    char *r = xstrdup(full ? full : path);
    free(full);
    return r;
}

static int valid_name(const char *s, size_t n)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || strchr("._-+", s[i]))) return 0;
    return 1;
}

/* --dll [NAME=]PATH[,PATH]: one implementation, one file per arch (read
 * from each PE header, so the order does not matter). */
int impl_add_user_dll(struct impl **v, size_t *n, const char *spec, char *err, size_t errlen)
{
    const char *eq = strchr(spec, '='), *files = spec;
    char *name = NULL;
    if (eq && !memchr(spec, '/', (size_t)(eq - spec)) && !memchr(spec, '\\', (size_t)(eq - spec))) {
        if (!valid_name(spec, (size_t)(eq - spec))) {
            snprintf(err, errlen, "--dll %s: the name before '=' must be letters, digits and . _ - + only", spec);
            return -1;
        }
        name = xstrndup(spec, (size_t)(eq - spec));
        files = eq + 1;
    }
    char *path[ARCH_COUNT] = { NULL };
    int rc = 0;
    for (const char *p = files; *p && !rc; ) {
        size_t len = strcspn(p, ",");
        char *file = xstrndup(p, len);
        p += len + (p[len] == ',');
        int arch = pe_arch_of(file, err, errlen);
        if (arch < 0) rc = -1;
        else if (path[arch]) {
            snprintf(err, errlen, "--dll %s: %s and %s are both %s DLLs; give one 64-bit and one 32-bit build",
                     spec, path[arch], file, arch_dir(arch));
            rc = -1;
        } else path[arch] = abs_path(file);
        if (!name && !rc) {
            const char *base = file;
            for (const char *c = file; *c; c++) if (*c == '/' || *c == '\\') base = c + 1;
            size_t bl = strlen(base);
            if (bl > 4 && (!strcmp(base + bl - 4, ".dll") || !strcmp(base + bl - 4, ".DLL"))) bl -= 4;
            name = xstrndup(base, bl);
        }
        free(file);
    }
    if (!rc && !path[ARCH_I686] && !path[ARCH_X86_64]) {
        snprintf(err, errlen, "--dll %s: no DLL file given", spec);
        rc = -1;
    }
    for (size_t i = 0; i < *n && !rc; i++)
        if ((*v)[i].role == ROLE_USER && !strcmp((*v)[i].name, name)) {
            snprintf(err, errlen, "--dll %s: another --dll is named '%s' already (name each: --dll NAME=PATH)", spec, name);
            rc = -1;
        }
    if (!rc) {
        /* Its own entry even when a built-in has its name (a drop-in
         * dllshm.dll or sample.dll): the built-in runs only when --impl
         * asks for it. */
        *v = xrealloc(*v, (*n + 1) * sizeof **v);
        struct impl *im = &(*v)[(*n)++];
        memset(im, 0, sizeof *im);
        im->name = name;
        name = NULL;
        im->role = ROLE_USER;   /* not a fixture; uses the sample's fixed block name */
        im->capacity = SCN_DOCUMENTED_CAPACITY;   /* until the preflight learns it */
        for (int a = 0; a < ARCH_COUNT; a++) { im->path[a] = path[a]; path[a] = NULL; }
    }
    for (int a = 0; a < ARCH_COUNT; a++) free(path[a]);
    free(name);
    return rc;
}

void impls_free(struct impl *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        for (int a = 0; a < ARCH_COUNT; a++) free(v[i].path[a]);
        free(v[i].block_name);
    }
    free(v);
}

int agent_argv(const struct runner *r, const struct config *cfg, int arch, const struct impl *im, const char **argv,
               char **exe)
{
    int k = 0;
    const char *loader;
    *exe = xasprintf("%s/%s/agent.exe", cfg->pe_dir, arch_dir(arch));
    if (runner_loader(r, cfg, arch, &loader)) argv[k++] = loader;
    argv[k++] = *exe;
    if (!im) return k;   /* the runner probe's: no DLL */
    argv[k++] = "--dll";
    argv[k++] = im->path[arch];
    if (im->role != ROLE_USER) return k;   /* ours are the pattern itself */
    if (cfg->ansi) { argv[k++] = "--strings"; argv[k++] = "ansi"; }
    if (cfg->exports) { argv[k++] = "--exports"; argv[k++] = cfg->exports; }
    return k;
}

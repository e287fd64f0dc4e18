#include "util.h"
#include "utf.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *units_to_utf8(const uint16_t *u, size_t n)
{
    char *s = utf16_to_utf8(u, n, NULL);
    if (!s) x_out_of_memory();
    return s;
}

void rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = '\0';
}

char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct sb sb;
    char chunk[8192];
    size_t n;
    sb_init(&sb);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) sb_add(&sb, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) { sb_free(&sb); errno = EIO; return NULL; }
    if (len) *len = sb.len;
    return sb.buf;
}

int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(data, 1, len, f);
    int bad = fclose(f) != 0 || w != len;
    return bad ? -1 : 0;
}

int copy_file(const char *src, const char *dst)
{
    size_t len;
    char *data = read_file(src, &len);
    if (!data) return -1;
    int rc = write_file(dst, data, len);
    free(data);
    return rc;
}

/* Whatever a DLL under test left there too, subdirectories included. */
static void remove_tree_depth(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        if (unlink(path) != 0 && depth < 16) remove_tree_depth(path, depth + 1);  /* a directory */
        free(path);
    }
    if (d) closedir(d);
    rmdir(dir);
}

char *strip_bases(const char *s, const char *const *bases)
{
    if (!s) return NULL;
    struct sb sb;
    sb_init(&sb);
    const char *start = s;
    while (*s) {
        size_t skip = 0;
        /* Only where a path starts: "/x/work/main/pe" keeps its "/work/main". */
        int at_path_start = s == start || !(isalnum((unsigned char)s[-1]) || strchr("._-/\\", s[-1]));
        for (const char *const *b = bases; at_path_start && *b && !skip; b++) {
            size_t n = strlen(*b);
            if (n > 1 && !strncmp(s, *b, n) && s[n] == '/') skip = n + 1;
        }
        if (skip) s += skip;
        else sb_add(&sb, s++, 1);
    }
    return sb_steal(&sb);
}

void remove_tree(const char *dir) { remove_tree_depth(dir, 0); }

/*
 * guard_page.h - readable memory that ends right before an unreadable page,
 * so a test can show that a scan never reads past the block it must stop in.
 */
#ifndef DLLSHM_GUARD_PAGE_H
#define DLLSHM_GUARD_PAGE_H

#include <stddef.h>
#include <stdint.h>

#define GUARD_READABLE_PAGES 2

#ifdef _WIN32
#include <windows.h>
static size_t guard_page_size(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwPageSize;
}
#else
#include <sys/mman.h>
#include <unistd.h>
static size_t guard_page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }
#endif

/* Bytes readable before the guard page. */
static size_t guard_page_bytes(void) { return GUARD_READABLE_PAGES * guard_page_size(); }

/* Returns the first byte of the unreadable page (units before it are
 * readable and writable), or NULL. */
static void *guard_page_alloc(void)
{
    size_t page = guard_page_size(), all = (GUARD_READABLE_PAGES + 1) * page;
#ifdef _WIN32
    char *p = VirtualAlloc(NULL, all, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;
    if (!p || !VirtualProtect(p + all - page, page, PAGE_NOACCESS, &old))
        return NULL;
#else
    char *p = mmap(NULL, all, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + all - page, page, PROT_NONE))
        return NULL;
#endif
    return p + all - page;
}

static void guard_page_free(void *end)
{
    size_t page = guard_page_size();
    char *p = (char *)end - GUARD_READABLE_PAGES * page;
#ifdef _WIN32
    VirtualFree(p, 0, MEM_RELEASE);
#else
    munmap(p, (GUARD_READABLE_PAGES + 1) * page);
#endif
}

#endif /* DLLSHM_GUARD_PAGE_H */

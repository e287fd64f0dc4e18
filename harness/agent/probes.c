/*
 * probes.c - measurements the conductor's preflight makes before any
 * scenario (harness/PROTOCOL.md): the calling convention of the two
 * exports (i686) and the width of the strings they store.
 */
#include "agent.h"

#include <stdlib.h>
#include <string.h>

#ifndef _WIN64
/* Calls fn(a) or fn(a, b) and returns how many bytes of arguments the callee
 * popped itself: 0 for __cdecl, 4 or 8 for __stdcall.  ESP is restored
 * either way (ESI is callee-saved, so it survives the call). */
long __cdecl probe_call1(void *fn, void *a);
long __cdecl probe_call2(void *fn, void *a, void *b);
__asm__(".text\n"
        ".globl _probe_call1\n"
        "_probe_call1:\n"
        "  pushl %esi\n"
        "  movl %esp, %esi\n"
        "  pushl 12(%esi)\n"
        "  call *8(%esi)\n"
        "  movl %esp, %eax\n"
        "  subl %esi, %eax\n"
        "  addl $4, %eax\n"
        "  movl %esi, %esp\n"
        "  popl %esi\n"
        "  ret\n"
        ".globl _probe_call2\n"
        "_probe_call2:\n"
        "  pushl %esi\n"
        "  movl %esp, %esi\n"
        "  pushl 16(%esi)\n"
        "  pushl 12(%esi)\n"
        "  call *8(%esi)\n"
        "  movl %esp, %eax\n"
        "  subl %esi, %eax\n"
        "  addl $8, %eax\n"
        "  movl %esi, %esp\n"
        "  popl %esi\n"
        "  ret\n");
#endif

/* "probe-convention": x86 only (x64 has one convention). */
void cmd_probe_convention(char *args)
{
#ifdef _WIN64
    (void)args;
    reply("error usage probe-convention (x86 only: x64 has one calling convention)");
#else
    static WCHAR empty[1];
    WCHAR buf[16];
    long set_popped, get_popped;

    if (*args) {
        reply("error usage probe-convention");
        return;
    }
    set_popped = probe_call1((void *)g_dut.set, empty);
    get_popped = probe_call2((void *)g_dut.get, buf, (void *)(uintptr_t)(sizeof(buf) / sizeof(buf[0])));
    reply("ok set-popped=%ld get-popped=%ld", set_popped, get_popped);
#endif
}

#define WIDTH_UNITS 4

static void put_units(struct sb *sb, const char *key, const WCHAR *u)
{
    sb_printf(sb, " %s=", key);
    for (int i = 0; i < WIDTH_UNITS; i++)
        sb_printf(sb, "%s%04x", i ? "," : "", (unsigned)u[i]);
}

/* Set then Get, into sentinel-filled buffers, of L"ab" and of the bytes
 * "ab" (one unit 0x6261): the raw units say whether the DLL copies WCHARs
 * or bytes.  Judged by the conductor.  The buffers are guarded ones: a Get
 * that writes a whole block into them (a defect the scenarios name) must
 * not end the agent here. */
void cmd_probe_width(char *args)
{
    WCHAR wide_in[] = {0x0061, 0x0062, 0}, narrow_in[] = {0x6261, 0, 0};
    static WCHAR empty[1];
    struct probe wide = {0}, narrow = {0};
    struct sb sb = {0};

    if (*args) {
        reply("error usage probe-width");
        return;
    }
    if (probe_alloc_cch(&wide, 16) != 0 || probe_alloc_cch(&narrow, 16) != 0) {
        probe_free(&wide);
        reply("error out-of-memory");
        return;
    }
    g_dut.set(wide_in);
    g_dut.get(wide.buf, 16);
    g_dut.set(narrow_in);
    g_dut.get(narrow.buf, 16);
    g_dut.set(empty); /* leave the block empty */
    sb_add(&sb, "ok", 2);
    put_units(&sb, "wide", wide.buf);
    put_units(&sb, "narrow", narrow.buf);
    sb_send(&sb);
    sb_free(&sb);
    probe_free(&wide);
    probe_free(&narrow);
}

/* "probe-capacity": Set strings of growing length (every one a character
 * of its own) and read each back into a buffer larger than any of them;
 * the first one cut says how many characters the DLL stores.  capacity=-1
 * when none was cut (it stores at least the longest written).  A DLL that
 * crashes on a long string ends the probe with its crash line, after the
 * lengths it stored (the conductor's preflight says so and goes on). */
#define CAPACITY_PROBE_MAX 131072
void cmd_probe_capacity(char *args)
{
    static const DWORD lengths[] = {256, 1024, 2047, 2048, 4096, 8192, 16384, 32767, 32768, 65536, CAPACITY_PROBE_MAX};
    static WCHAR empty[1];
    const size_t room = CAPACITY_PROBE_MAX + 2;
    WCHAR *in = malloc(room * sizeof(WCHAR)), *out = malloc(room * sizeof(WCHAR));
    long capacity = -1;
    DWORD stored = 0;

    if (*args || !in || !out) {
        free(in);
        free(out);
        reply(*args ? "error usage probe-capacity" : "error out-of-memory");
        return;
    }
    for (size_t k = 0; k < sizeof(lengths) / sizeof(lengths[0]) && capacity < 0; k++) {
        DWORD n = lengths[k], len = 0;
        for (DWORD i = 0; i < n; i++)
            in[i] = (WCHAR)('a' + k);
        in[n] = 0;
        g_dut.set(in);
        for (size_t i = 0; i < room; i++)
            out[i] = 0xFEFE;
        g_dut.get(out, (DWORD)room);
        while (len < room && out[len] && out[len] != 0xFEFE)
            len++;
        if (len < n)
            capacity = (long)len;
        else
            stored = n;
    }
    g_dut.set(empty); /* leave the block empty */
    free(in);
    free(out);
    reply("ok capacity=%ld stored=%lu", capacity, (unsigned long)stored);
}

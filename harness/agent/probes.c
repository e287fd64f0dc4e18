/*
 * probes.c - measurements the conductor's preflight makes before any
 * scenario (harness/PROTOCOL.md): the calling convention of the two
 * exports (i686) and the width of the strings they store.
 */
#include "agent.h"

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
 * or bytes.  Judged by the conductor. */
void cmd_probe_width(char *args)
{
    WCHAR wide_in[] = {0x0061, 0x0062, 0}, narrow_in[] = {0x6261, 0, 0};
    static WCHAR empty[1];
    WCHAR wide[16], narrow[16];
    struct sb sb = {0};

    if (*args) {
        reply("error usage probe-width");
        return;
    }
    for (int i = 0; i < 16; i++)
        wide[i] = narrow[i] = 0xFEFE;
    g_dut.set(wide_in);
    g_dut.get(wide, 16);
    g_dut.set(narrow_in);
    g_dut.get(narrow, 16);
    g_dut.set(empty); /* leave the block empty */
    sb_add(&sb, "ok", 2);
    put_units(&sb, "wide", wide);
    put_units(&sb, "narrow", narrow);
    sb_send(&sb);
    sb_free(&sb);
}

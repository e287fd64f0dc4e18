/*
 * io.c - the agent's input and output.
 *
 * Every reply is built in memory and written with one WriteFile on the
 * standard output handle, so a line is never split or interleaved; nothing
 * is buffered in the C runtime.  Input is read with ReadFile in blocks and
 * cut into lines of any length.
 */
#include "agent.h"

#include <fcntl.h>
#include <io.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *g_tag = "";

static HANDLE out_handle, in_handle;

/* Out of memory: said as a reply, the protocol's way, then the end. */
static void out_of_memory(void)
{
    static const char msg[] = "error out-of-memory\n";
    DWORD done;
    WriteFile(out_handle, msg, sizeof msg - 1, &done, NULL);
    ExitProcess(3);
}

void io_init(void)
{
    x_out_of_memory = out_of_memory;
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    setvbuf(stdout, NULL, _IONBF, 0);
    out_handle = GetStdHandle(STD_OUTPUT_HANDLE);
    in_handle = GetStdHandle(STD_INPUT_HANDLE);
}


void write_stdout(const char *s, size_t n)
{
    while (n) {
        DWORD chunk = n > 0x10000000 ? 0x10000000 : (DWORD)n, done = 0;
        if (!WriteFile(out_handle, s, chunk, &done, NULL) || !done)
            ExitProcess(4); /* the conductor is gone: nobody to report to */
        s += done;
        n -= done;
    }
}

/* key="..." with the protocol's escapes: \" \\ and \uXXXX outside 0x20..0x7e. */
void sb_quoted(struct sb *sb, const char *key, const WCHAR *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";

    sb_add(sb, key, strlen(key));
    sb_add(sb, "=\"", 2);
    for (size_t i = 0; i < n; i++) {
        WCHAR c = s[i];
        char e[6];
        if (c == '"' || c == '\\') {
            e[0] = '\\';
            e[1] = (char)c;
            sb_add(sb, e, 2);
        } else if (c >= 0x20 && c <= 0x7e) {
            e[0] = (char)c;
            sb_add(sb, e, 1);
        } else {
            e[0] = '\\';
            e[1] = 'u';
            e[2] = hex[(c >> 12) & 15];
            e[3] = hex[(c >> 8) & 15];
            e[4] = hex[(c >> 4) & 15];
            e[5] = hex[c & 15];
            sb_add(sb, e, 6);
        }
    }
    sb_add(sb, "\"", 1);
}

void sb_send(struct sb *sb)
{
    sb_add(sb, "\n", 1);
    write_stdout(sb->buf, sb->len);
    sb->len = 0;
    sb->buf[0] = '\0';
}

void reply(const char *fmt, ...)
{
    struct sb sb = {0};
    va_list ap;

    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    sb_send(&sb);
    sb_free(&sb);
}

void diag(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "agent%s%s%s: ", g_tag[0] ? "[" : "", g_tag, g_tag[0] ? "]" : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

/* ---- input: lines of any length ---- */
static char in_buf[65536];
static size_t in_pos, in_len;
static int in_eof;

static int fill(void)
{
    DWORD got = 0;

    if (in_eof)
        return 0;
    if (!ReadFile(in_handle, in_buf, sizeof(in_buf), &got, NULL) || got == 0) {
        in_eof = 1; /* EOF, or the pipe was closed */
        return 0;
    }
    in_pos = 0;
    in_len = got;
    return 1;
}

char *read_line(void)
{
    static struct sb line;

    line.len = 0;
    for (;;) {
        if (in_pos == in_len && !fill()) {
            if (line.len == 0)
                return NULL; /* a partial last line still counts as a command */
            break;
        }
        char *start = in_buf + in_pos;
        char *nl = memchr(start, '\n', in_len - in_pos);
        size_t n = nl ? (size_t)(nl - start) : in_len - in_pos;
        sb_add(&line, start, n);
        in_pos += n + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (line.len && line.buf[line.len - 1] == '\r')
        line.buf[--line.len] = '\0';
    sb_add(&line, "", 0); /* buf is "" at least */
    return line.buf;
}

/* JSON text for the files the harness writes where jansson is not built
 * (the Windows builds of the conductor and the benchmark): the conductor's
 * results and the benchmark's figures are written by this one writer.
 * Portable C: no windows.h. */
#ifndef DLLSHM_JSON_H
#define DLLSHM_JSON_H

#include "strbuf.h"

/* s (NULL: "") as a JSON string, quotes included; bytes that are not strict
 * UTF-8 (utf8_decode) become U+FFFD, so the file stays valid whatever a
 * process printed. */
void json_str(struct sb *sb, const char *s);

/* A container is laid out as a block (a member a line, indented two spaces
 * a level; closed on a line of its own) or on one line (", " between
 * members).  An empty one is "{}" or "[]" either way. */
enum json_layout { JSON_BLOCK, JSON_LINE };
#define JSON_MAX_DEPTH 16

struct json_w {
    struct sb *sb;
    int depth;
    char close[JSON_MAX_DEPTH];          /* '}' or ']' of each open container */
    unsigned char first[JSON_MAX_DEPTH]; /* nothing written in it yet */
    unsigned char line[JSON_MAX_DEPTH];  /* JSON_LINE */
};

void json_begin(struct json_w *w, struct sb *sb);
/* key: NULL in an array or at the top.  bracket: '{' or '['. */
void json_open(struct json_w *w, const char *key, char bracket, enum json_layout layout);
void json_close(struct json_w *w);
/* The separator, the indentation and the key of the next member; the
 * caller then writes its value into w->sb (a number, true, null...). */
void json_member(struct json_w *w, const char *key);
void json_member_str(struct json_w *w, const char *key, const char *s); /* s NULL: null */
/* The end of the text: a newline after the top value. */
void json_end(struct json_w *w);

#endif

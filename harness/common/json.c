#include "json.h"
#include "utf.h"

#include <stdio.h>
#include <stdlib.h>

void json_str(struct sb *sb, const char *s)
{
    sb_add(sb, "\"", 1);
    if (!s) s = "";
    while (*s) {
        unsigned char c = (unsigned char)*s;
        size_t n = utf8_valid_len(s);
        if (c == '"' || c == '\\') { sb_add(sb, "\\", 1); sb_add(sb, s, 1); }
        else if (c == '\n') sb_puts(sb, "\\n");
        else if (c == '\t') sb_puts(sb, "\\t");
        else if (c == '\r') sb_puts(sb, "\\r");
        else if (c < 0x20) sb_printf(sb, "\\u%04x", c);
        else if (!n) { sb_puts(sb, "\\ufffd"); n = 1; }
        else { sb_add(sb, s, n); s += n; continue; }
        s++;
    }
    sb_add(sb, "\"", 1);
}

void json_begin(struct json_w *w, struct sb *sb)
{
    w->sb = sb;
    w->depth = 0;
    w->first[0] = 1;
    w->line[0] = 0;
}

static void json_indent(struct json_w *w, int depth)
{
    sb_puts(w->sb, "\n");
    for (int i = 0; i < depth; i++)
        sb_puts(w->sb, "  ");
}

void json_member(struct json_w *w, const char *key)
{
    int d = w->depth;
    if (!w->first[d])
        sb_puts(w->sb, w->line[d] ? ", " : ",");
    if (d && !w->line[d])
        json_indent(w, d);
    w->first[d] = 0;
    if (key) {
        json_str(w->sb, key);
        sb_puts(w->sb, ": ");
    }
}

void json_member_str(struct json_w *w, const char *key, const char *s)
{
    json_member(w, key);
    if (s)
        json_str(w->sb, s);
    else
        sb_puts(w->sb, "null");
}

void json_open(struct json_w *w, const char *key, char bracket, enum json_layout layout)
{
    json_member(w, key);
    sb_add(w->sb, &bracket, 1);
    if (w->depth + 1 >= JSON_MAX_DEPTH) { /* deeper than any file of ours: a bug */
        fputs("json_open: nested deeper than JSON_MAX_DEPTH\n", stderr);
        abort();
    }
    w->depth++;
    w->close[w->depth] = bracket == '{' ? '}' : ']';
    w->first[w->depth] = 1;
    w->line[w->depth] = layout == JSON_LINE;
}

void json_close(struct json_w *w)
{
    int d = w->depth;
    if (!w->first[d] && !w->line[d])
        json_indent(w, d - 1);
    sb_add(w->sb, &w->close[d], 1);
    w->depth--;
}

void json_end(struct json_w *w)
{
    sb_puts(w->sb, "\n");
}

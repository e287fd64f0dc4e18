#include "json.h"
#include "utf.h"

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

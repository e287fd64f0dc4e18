/* JSON text for the files the harness writes where jansson is not built
 * (the Windows builds of the conductor and the benchmark): one string
 * writer for the conductor's results and the benchmark's figures.  Portable
 * C: no windows.h. */
#ifndef DLLSHM_JSON_H
#define DLLSHM_JSON_H

#include "strbuf.h"

/* s (NULL: "") as a JSON string, quotes included; bytes that are not strict
 * UTF-8 (utf8_decode) become U+FFFD, so the file stays valid whatever a
 * process printed. */
void json_str(struct sb *sb, const char *s);

#endif

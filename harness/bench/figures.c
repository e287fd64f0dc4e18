/*
 * figures.c - bench-results.json's values: the numbers and the statistics.
 * The layout is harness/common/json.c's, the conductor's writer: every
 * container a block.
 */
#include "bench.h"

#include <math.h>

void bjson_begin(bjson *j, FILE *f)
{
    j->f = f;
    sb_init(&j->out);
    json_begin(&j->w, &j->out);
}

void bjson_object(bjson *j, const char *key) { json_open(&j->w, key, '{', JSON_BLOCK); }
void bjson_array(bjson *j, const char *key) { json_open(&j->w, key, '[', JSON_BLOCK); }
void bjson_end_object(bjson *j) { json_close(&j->w); }
void bjson_end_array(bjson *j) { json_close(&j->w); }
void bjson_str(bjson *j, const char *key, const char *value) /* NULL: "" */
{
    json_member(&j->w, key);
    json_str(&j->out, value);
}

void bjson_num(bjson *j, const char *key, double value)
{
    json_member(&j->w, key);
    if (isfinite(value))
        sb_printf(&j->out, "%.6g", value);
    else
        sb_puts(&j->out, "null");
}

void bjson_int(bjson *j, const char *key, int64_t value)
{
    json_member(&j->w, key);
    sb_printf(&j->out, "%lld", (long long)value);
}

void bjson_bool(bjson *j, const char *key, int value)
{
    json_member(&j->w, key);
    sb_puts(&j->out, value ? "true" : "false");
}

void bjson_null(bjson *j, const char *key)
{
    json_member(&j->w, key);
    sb_puts(&j->out, "null");
}

void bjson_stats(bjson *j, const char *key, const stats *s, const char *unit)
{
    bjson_object(j, key);
    bjson_str(j, "unit", unit);
    bjson_num(j, "median", s->median);
    bjson_num(j, "min", s->min);
    bjson_num(j, "max", s->max);
    bjson_num(j, "q1", s->q1);
    bjson_num(j, "q3", s->q3);
    bjson_int(j, "n", s->n);
    bjson_array(j, "samples");
    for (int i = 0; i < s->n; i++)
        bjson_num(j, NULL, s->sample[i]);
    bjson_end_array(j);
    bjson_end_object(j);
}

int json_finish(bjson *j)
{
    json_end(&j->w);
    int ok = fwrite(j->out.buf, 1, j->out.len, j->f) == j->out.len;
    sb_free(&j->out);
    return ok;
}

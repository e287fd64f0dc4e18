/*
 * json.c - bench-results.json's structure: members, nesting, indentation,
 * numbers.  The text goes into a string (harness/common: the strings are
 * harness/common/json.c's, as in the conductor's results), written out by
 * json_finish.
 */
#include "bench.h"
#include "json.h"

#include <math.h>

static void indent(bjson *j)
{
    sb_puts(&j->out, "\n");
    for (int i = 0; i < j->depth; i++)
        sb_puts(&j->out, "  ");
}

/* A separator, the indentation and the key (if any) of the next member. */
static void member(bjson *j, const char *key)
{
    if (!j->first[j->depth])
        sb_puts(&j->out, ",");
    j->first[j->depth] = 0;
    if (j->depth)
        indent(j);
    if (key) {
        json_str(&j->out, key);
        sb_puts(&j->out, ": ");
    }
}

static void open_(bjson *j, const char *key, char c)
{
    member(j, key);
    sb_add(&j->out, &c, 1);
    j->depth++;
    j->first[j->depth] = 1;
}

static void close_(bjson *j, char c)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty)
        indent(j);
    sb_add(&j->out, &c, 1);
}

void bjson_begin(bjson *j, FILE *f)
{
    j->f = f;
    sb_init(&j->out);
    j->depth = 0;
    j->first[0] = 1;
}

void bjson_object(bjson *j, const char *key) { open_(j, key, '{'); }
void bjson_array(bjson *j, const char *key) { open_(j, key, '['); }
void bjson_end_object(bjson *j) { close_(j, '}'); }
void bjson_end_array(bjson *j) { close_(j, ']'); }

void bjson_str(bjson *j, const char *key, const char *value)
{
    member(j, key);
    json_str(&j->out, value);
}

void bjson_num(bjson *j, const char *key, double value)
{
    member(j, key);
    if (isfinite(value))
        sb_printf(&j->out, "%.6g", value);
    else
        sb_puts(&j->out, "null");
}

void bjson_int(bjson *j, const char *key, int64_t value)
{
    member(j, key);
    sb_printf(&j->out, "%lld", (long long)value);
}

void bjson_bool(bjson *j, const char *key, int value)
{
    member(j, key);
    sb_puts(&j->out, value ? "true" : "false");
}

void bjson_null(bjson *j, const char *key)
{
    member(j, key);
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
    sb_puts(&j->out, "\n");
    int ok = fwrite(j->out.buf, 1, j->out.len, j->f) == j->out.len;
    sb_free(&j->out);
    return ok;
}

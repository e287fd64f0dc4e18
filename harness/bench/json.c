/*
 * json.c - just enough of a JSON writer for bench-results.json.
 */
#include "bench.h"

#include <math.h>

static void indent(bjson *j)
{
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->f);
}

static void put_string(bjson *j, const char *s)
{
    fputc('"', j->f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(j->f, "\\%c", c);
        else if (c < 0x20)
            fprintf(j->f, "\\u%04x", c);
        else
            fputc(c, j->f);
    }
    fputc('"', j->f);
}

/* A separator, the indentation and the key (if any) of the next member. */
static void member(bjson *j, const char *key)
{
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = 0;
    if (j->depth)
        indent(j);
    if (key) {
        put_string(j, key);
        fputs(": ", j->f);
    }
}

static void open_(bjson *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->f);
    j->depth++;
    j->first[j->depth] = 1;
}

static void close_(bjson *j, char c)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty)
        indent(j);
    fputc(c, j->f);
}

void bjson_begin(bjson *j, FILE *f)
{
    j->f = f;
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
    put_string(j, value);
}

void bjson_num(bjson *j, const char *key, double value)
{
    member(j, key);
    if (isfinite(value))
        fprintf(j->f, "%.6g", value);
    else
        fputs("null", j->f);
}

void bjson_int(bjson *j, const char *key, int64_t value)
{
    member(j, key);
    fprintf(j->f, "%lld", (long long)value);
}

void bjson_bool(bjson *j, const char *key, int value)
{
    member(j, key);
    fputs(value ? "true" : "false", j->f);
}

void bjson_null(bjson *j, const char *key)
{
    member(j, key);
    fputs("null", j->f);
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

void json_finish(bjson *j)
{
    fputc('\n', j->f);
}

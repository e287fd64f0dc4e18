/*
 * json.c - just enough of a JSON writer for bench-results.json.
 */
#include "bench.h"

#include <math.h>

static void indent(json *j)
{
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->f);
}

static void put_string(json *j, const char *s)
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
static void member(json *j, const char *key)
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

static void open_(json *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->f);
    j->depth++;
    j->first[j->depth] = 1;
}

static void close_(json *j, char c)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty)
        indent(j);
    fputc(c, j->f);
}

void json_begin(json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->first[0] = 1;
}

void json_object(json *j, const char *key) { open_(j, key, '{'); }
void json_array(json *j, const char *key) { open_(j, key, '['); }
void json_end_object(json *j) { close_(j, '}'); }
void json_end_array(json *j) { close_(j, ']'); }

void json_str(json *j, const char *key, const char *value)
{
    member(j, key);
    put_string(j, value);
}

void json_num(json *j, const char *key, double value)
{
    member(j, key);
    if (isfinite(value))
        fprintf(j->f, "%.6g", value);
    else
        fputs("null", j->f);
}

void json_int(json *j, const char *key, int64_t value)
{
    member(j, key);
    fprintf(j->f, "%lld", (long long)value);
}

void json_bool(json *j, const char *key, int value)
{
    member(j, key);
    fputs(value ? "true" : "false", j->f);
}

void json_null(json *j, const char *key)
{
    member(j, key);
    fputs("null", j->f);
}

void json_stats(json *j, const char *key, const stats *s, const char *unit)
{
    json_object(j, key);
    json_str(j, "unit", unit);
    json_num(j, "median", s->median);
    json_num(j, "min", s->min);
    json_num(j, "max", s->max);
    json_num(j, "q1", s->q1);
    json_num(j, "q3", s->q3);
    json_int(j, "n", s->n);
    json_array(j, "samples");
    for (int i = 0; i < s->n; i++)
        json_num(j, NULL, s->sample[i]);
    json_end_array(j);
    json_end_object(j);
}

void json_finish(json *j)
{
    fputc('\n', j->f);
}

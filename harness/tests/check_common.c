/* Unit tests for harness/common, the floor under the conductor and the
 * agent: strict UTF-8 (overlong forms, surrogates and code points above
 * U+10FFFF refused), UTF-16 both ways, and the string specs the scenario
 * parser and the agent both parse with spec_parse_text. */
#include "json.h"
#include "spec.h"
#include "utf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static long decode(const char *s, size_t *used)
{
    const unsigned char *p = (const unsigned char *)s;
    long cp = utf8_decode(&p);
    *used = (size_t)(p - (const unsigned char *)s);
    return cp;
}

START_TEST(utf8_accepts_every_length)
{
    static const struct { const char *s; long cp; size_t len; } ok[] = {
        { "A", 'A', 1 }, { "\xc2\x80", 0x80, 2 }, { "\xdf\xbf", 0x7ff, 2 }, { "\xe0\xa0\x80", 0x800, 3 },
        { "\xed\x9f\xbf", 0xd7ff, 3 }, { "\xee\x80\x80", 0xe000, 3 }, { "\xef\xbf\xbf", 0xffff, 3 },
        { "\xf0\x90\x80\x80", 0x10000, 4 }, { "\xf4\x8f\xbf\xbf", 0x10ffff, 4 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t used;
        ck_assert_int_eq(decode(ok[i].s, &used), ok[i].cp);
        ck_assert_uint_eq(used, ok[i].len);
    }
}
END_TEST

START_TEST(utf8_refuses_what_is_not_strict)
{
    static const char *const bad[] = {
        "\xc0\x80", "\xc1\xbf",             /* overlong 2-byte */
        "\xe0\x80\x80", "\xe0\x9f\xbf",     /* overlong 3-byte */
        "\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf",  /* overlong 4-byte */
        "\xed\xa0\x80", "\xed\xbf\xbf",     /* surrogates */
        "\xf4\x90\x80\x80", "\xf7\xbf\xbf\xbf",  /* above U+10FFFF */
        "\x80", "\xbf", "\xf8\x88\x80\x80\x80", "\xff",  /* no lead byte */
        "\xc3", "\xe2\x82", "\xf0\x9f\x98",  /* cut short (the NUL is no continuation) */
        "\xc3\x28",                         /* a continuation that is not */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t used;
        ck_assert_msg(decode(bad[i], &used) == -1, "accepted bad[%zu]", i);
        ck_assert_uint_eq(used, 0);
    }
}
END_TEST

START_TEST(utf16_round_trip)
{
    const char *s = "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80z";   /* a é 中 😀 z */
    size_t n, len;
    uint16_t *u = utf8_to_utf16(s, &n);
    ck_assert_ptr_nonnull(u);
    ck_assert_uint_eq(n, 6);
    ck_assert_uint_eq(u[3], 0xd83d);
    ck_assert_uint_eq(u[4], 0xde00);
    ck_assert_uint_eq(u[6], 0);
    char *back = utf16_to_utf8(u, n, &len);
    ck_assert_str_eq(back, s);
    ck_assert_uint_eq(len, strlen(s));
    free(back);
    free(u);
    ck_assert_ptr_null(utf8_to_utf16("ok\xc0\x80", NULL));   /* strict here too */
    /* A lone surrogate is kept as its own 3-byte form, not dropped. */
    uint16_t lone[] = { 'x', 0xd800, 'y' };
    back = utf16_to_utf8(lone, 3, &len);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq((unsigned char)back[1], 0xed);
    free(back);
}
END_TEST

/* The JSON strings of the results and the bench files: escaped, and what is
 * not strict UTF-8 (an overlong form, a surrogate's 3-byte form, a stray
 * byte) is U+FFFD, so a file stays valid whatever a process printed. */
START_TEST(json_strings_stay_valid)
{
    static const struct { const char *in, *out; } cases[] = {
        { "plain", "\"plain\"" },
        { "q\"b\\n\nt\tr\r\x01", "\"q\\\"b\\\\n\\nt\\tr\\r\\u0001\"" },
        { "\xc3\xa9\xf0\x9f\x98\x80", "\"\xc3\xa9\xf0\x9f\x98\x80\"" },
        { "a\xc0\x80" "b", "\"a\\ufffd\\ufffdb\"" },
        { "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
        { "x\xffy", "\"x\\ufffdy\"" },
        { NULL, "\"\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sb sb = {0};
        json_str(&sb, cases[i].in);
        ck_assert_msg(!strcmp(sb.buf, cases[i].out), "case %zu: %s, not %s", i, sb.buf, cases[i].out);
        sb_free(&sb);
    }
    ck_assert_uint_eq(utf8_valid_len("\xe4\xb8\xad!"), 3);
    ck_assert_uint_eq(utf8_valid_len(""), 0);
    ck_assert_uint_eq(utf8_valid_len("\xe4\xb8"), 0);
}
END_TEST

/* The layout both files use: blocks a member a line, line containers
 * inline, empty ones "{}"/"[]", null for a NULL string member. */
START_TEST(json_layout)
{
    struct sb sb = {0};
    struct json_w w;
    json_begin(&w, &sb);
    json_open(&w, NULL, '{', JSON_BLOCK);
    json_member_str(&w, "a", "x");
    json_open(&w, "line", '{', JSON_LINE);
    json_member_str(&w, "k", NULL);
    json_member(&w, "n");
    sb_puts(&sb, "1");
    json_close(&w);
    json_open(&w, "list", '[', JSON_BLOCK);
    json_open(&w, NULL, '[', JSON_LINE);
    json_close(&w);
    json_member_str(&w, NULL, "y");
    json_close(&w);
    json_open(&w, "empty", '[', JSON_BLOCK);
    json_close(&w);
    json_close(&w);
    json_end(&w);
    ck_assert_str_eq(sb.buf, "{\n  \"a\": \"x\",\n  \"line\": {\"k\": null, \"n\": 1},\n"
                             "  \"list\": [\n    [],\n    \"y\"\n  ],\n  \"empty\": []\n}\n");
    sb_free(&sb);
}
END_TEST

static int spec(const char *s, uint16_t **u, size_t *n, const char **what, size_t *at)
{
    const char *p = s;
    int rc = spec_parse_text(&p, u, n, what);
    *at = (size_t)(p - s);
    return rc;
}

START_TEST(spec_literals_and_repeats)
{
    uint16_t *u;
    size_t n, at;
    const char *what;
    ck_assert_int_eq(spec("\"a\\\"\\\\\\n\\t\\u00e9\xc3\xa9\xf0\x9f\x98\x80\" rest", &u, &n, &what, &at), 0);
    ck_assert_uint_eq(n, 9);
    ck_assert_uint_eq(u[1], '"');
    ck_assert_uint_eq(u[5], 0xe9);
    ck_assert_uint_eq(u[6], 0xe9);
    ck_assert_uint_eq(u[7], 0xd83d);
    ck_assert_uint_eq(at, 23);   /* past the closing quote */
    free(u);
    ck_assert_int_eq(spec("\"\"", &u, &n, &what, &at), 0);   /* empty: units allocated, none */
    ck_assert_ptr_nonnull(u);
    ck_assert_uint_eq(n, 0);
    free(u);
    ck_assert_int_eq(spec("\"\\ud800\"", &u, &n, &what, &at), 0);   /* an escaped lone surrogate is a unit */
    ck_assert_uint_eq(u[0], 0xd800);
    free(u);
    ck_assert_int_eq(spec("x*3,", &u, &n, &what, &at), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(at, 3);
    free(u);
    ck_assert_int_eq(spec("~*0", &u, &n, &what, &at), 0);
    ck_assert_uint_eq(n, 0);
    free(u);
}
END_TEST

START_TEST(spec_errors_say_where_and_what)
{
    static const struct { const char *s; size_t at; const char *what; } bad[] = {
        { "\"abc", 4, "a closing '\"'" },
        { "\"a\\qb\"", 2, "an escape: \\\" \\\\ \\n \\t or \\uXXXX" },
        { "\"\\u12g4\"", 1, "4 hex digits after \\u" },
        { "\"a\xc0\x80\"", 2, "UTF-8 text" },          /* overlong: refused on both sides now */
        { "\"\xed\xa0\x80\"", 1, "UTF-8 text" },       /* a surrogate */
        { "x*1000001", 2, "a count N of at most 1000000 in C*N" },
        { " *3", 0, "\"text\" or C*N" },              /* the space is no C */
        { "\xc3\xa9*3", 0, "\"text\" or C*N" },       /* nor any non-ASCII byte */
        { "x*", 0, "\"text\" or C*N" },
        { "abc", 0, "\"text\" or C*N" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint16_t *u = (uint16_t *)&u;
        size_t n = 7, at;
        const char *what = NULL;
        ck_assert_msg(spec(bad[i].s, &u, &n, &what, &at) == -1, "parsed bad[%zu]", i);
        ck_assert_ptr_null(u);
        ck_assert_uint_eq(n, 0);
        ck_assert_uint_eq(at, bad[i].at);
        ck_assert_str_eq(what, bad[i].what);
    }
}
END_TEST

START_TEST(reply_text_unescapes)
{
    uint16_t *u;
    size_t n;
    const char *t = "a\\\"b\\\\\\n\\u4e2d";
    ck_assert_int_eq(spec_unescape(t, strlen(t), &u, &n), 0);
    ck_assert_uint_eq(n, 6);
    ck_assert_uint_eq(u[5], 0x4e2d);
    free(u);
    ck_assert_int_eq(spec_unescape("\\u4e2", 5, &u, &n), -1);   /* too few digits */
    ck_assert_int_eq(spec_unescape("\\q", 2, &u, &n), -1);
    ck_assert_int_eq(spec_unescape("x\\", 2, &u, &n), -1);      /* a lone backslash at the end */
    ck_assert_int_eq(spec_unescape("", 0, &u, &n), 0);
    ck_assert_uint_eq(n, 0);
    free(u);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("common");
    TCase *t = tcase_create("utf");
    tcase_add_test(t, utf8_accepts_every_length);
    tcase_add_test(t, utf8_refuses_what_is_not_strict);
    tcase_add_test(t, utf16_round_trip);
    tcase_add_test(t, json_strings_stay_valid);
    tcase_add_test(t, json_layout);
    suite_add_tcase(s, t);
    t = tcase_create("spec");
    tcase_add_test(t, spec_literals_and_repeats);
    tcase_add_test(t, spec_errors_say_where_and_what);
    tcase_add_test(t, reply_text_unescapes);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

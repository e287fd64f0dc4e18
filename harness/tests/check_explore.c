/* Unit tests for the explorer's pure parts: the model of the contract
 * (every rule of the README's table, each one a test that a wrong model
 * fails). */
#include "model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static uint16_t xs[5000];

static void fill(uint16_t c) { for (size_t i = 0; i < 5000; i++) xs[i] = c; }

/* ---- the model ----------------------------------------------------------- */

START_TEST(model_empty_when_created)
{
    struct model m;
    const uint16_t *t;
    model_init(&m);
    ck_assert_int_eq(model_start(&m, 0, 1), 0);
    ck_assert_int_eq(model_get(&m, 0, 100, &t), 0);
    ck_assert_int_eq(model_start(&m, 0, 1), -1);          /* already running */
}
END_TEST

START_TEST(model_truncates_at_2047)
{
    static const size_t len[] = { 0, 1, 2046, 2047, 2048, 5000 };
    static const long want[] = { 0, 1, 2046, 2047, 2047, 2047 };
    struct model m;
    const uint16_t *t;
    fill('w');
    model_init(&m);
    model_start(&m, 0, 1);
    for (size_t i = 0; i < sizeof len / sizeof len[0]; i++) {
        ck_assert_int_eq(model_set(&m, 0, xs, len[i]), 0);
        ck_assert_int_eq(model_get(&m, 0, 4096, &t), want[i]);
    }
    ck_assert_int_eq(t[2046], 'w');
}
END_TEST

START_TEST(model_get_sizes)
{
    struct model m;
    const uint16_t *t;
    fill('v');
    model_init(&m);
    model_start(&m, 0, 1);
    model_set(&m, 0, xs, 10);
    ck_assert_int_eq(model_get(&m, 0, 0, &t), -1);    /* nothing written */
    ck_assert_int_eq(model_get(&m, 0, 1, &t), 0);     /* the terminator only */
    ck_assert_int_eq(model_get(&m, 0, 2, &t), 1);
    ck_assert_int_eq(model_get(&m, 0, 10, &t), 9);    /* one short */
    ck_assert_int_eq(model_get(&m, 0, 11, &t), 10);   /* exactly */
    ck_assert_int_eq(model_get(&m, 0, 4096, &t), 10);
    ck_assert_int_eq(model_get(&m, 1, 4096, &t), -2); /* not a holder */
}
END_TEST

START_TEST(model_null_changes_nothing)
{
    struct model m;
    const uint16_t *t;
    fill('n');
    model_init(&m);
    model_start(&m, 0, 1);
    model_set(&m, 0, xs, 6);
    ck_assert_int_eq(model_set(&m, 0, NULL, 0), 0);
    ck_assert_int_eq(model_get(&m, 0, 100, &t), 6);
}
END_TEST

START_TEST(model_lifetime)
{
    struct model m;
    const uint16_t *t;
    fill('k');
    model_init(&m);
    model_start(&m, 0, 1);
    model_start(&m, 1, 1);
    model_start(&m, 2, 0);                               /* noload: holds nothing */
    model_set(&m, 0, xs, 4);
    ck_assert_int_eq(model_holders(&m), 2);
    ck_assert_int_eq(model_unload(&m, 0), 0);
    ck_assert_int_eq(model_unload(&m, 0), -1);
    ck_assert_int_eq(model_get(&m, 1, 100, &t), 4);      /* kept by b */
    ck_assert_int_eq(model_load(&m, 0), 0);
    ck_assert_int_eq(model_get(&m, 0, 100, &t), 4);      /* reattached: the same register */
    ck_assert_int_eq(model_end(&m, 0), 0);               /* exit, kill, crash alike */
    ck_assert_int_eq(model_end(&m, 1), 0);
    ck_assert_int_eq(model_holders(&m), 0);
    ck_assert_int_eq(model_load(&m, 2), 0);              /* a new register */
    ck_assert_int_eq(model_get(&m, 2, 100, &t), 0);
    ck_assert_int_eq(model_end(&m, 5), -1);              /* never started */
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("explore");
    TCase *t = tcase_create("model");
    tcase_add_test(t, model_empty_when_created);
    tcase_add_test(t, model_truncates_at_2047);
    tcase_add_test(t, model_get_sizes);
    tcase_add_test(t, model_null_changes_nothing);
    tcase_add_test(t, model_lifetime);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

#include <check.h>
#include <stdlib.h>
#include "shm_core.h"
START_TEST(t_placeholder) { ck_assert_int_eq(shm_u16_nlen((const shm_char[]){'a', 0}, 8), 1); }
END_TEST
int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("len");
    tcase_add_test(tc, t_placeholder);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}

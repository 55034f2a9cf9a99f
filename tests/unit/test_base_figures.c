/* test_base_figures.c - thousands grouped in counts and amounts (src/base/figures.c). */
#include "testutil.h"

#include "base/figures.h"

Test(figures, counts_grouped_by_thousands)
{
    Arena a;
    arena_init(&a, 256);
    cr_expect_str_eq(figure_text(&a, 0), "0");
    cr_expect_str_eq(figure_text(&a, 999), "999");
    cr_expect_str_eq(figure_text(&a, 1000), "1,000");
    cr_expect_str_eq(figure_text(&a, 12345), "12,345");
    cr_expect_str_eq(figure_text(&a, 1234567), "1,234,567");
    cr_expect_str_eq(figure_text(&a, -1234567), "-1,234,567");
    cr_expect_str_eq(figure_text(&a, INT64_MIN), "-9,223,372,036,854,775,808");
    arena_release(&a);
}

Test(figures, amounts_keep_their_decimals)
{
    Arena a;
    arena_init(&a, 256);
    cr_expect_str_eq(figure_grouped(&a, "1234.50"), "1,234.50");
    cr_expect_str_eq(figure_grouped(&a, "-1234567.5"), "-1,234,567.5");
    cr_expect_str_eq(figure_grouped(&a, "123.45"), "123.45");
    cr_expect_str_eq(figure_grouped(&a, "0.33"), "0.33");
    cr_expect_str_eq(figure_grouped(&a, "abc"), "abc", "not a number: as it is");
    cr_expect_str_eq(figure_grouped(&a, "12a34"), "12a34");
    cr_expect_str_eq(figure_grouped(&a, ""), "");
    cr_expect_str_eq(figure_grouped(&a, NULL), "");
    arena_release(&a);
}

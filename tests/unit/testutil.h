/* testutil.h - shared by the unit test programs (Criterion).
 *
 * Every suite ends with the line "N passed, N failed", which tests/run reads. */
#ifndef GLOCAL_TESTUTIL_H
#define GLOCAL_TESTUTIL_H

#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    fflush(stderr);
    printf("%zu passed, %zu failed\n", stats->tests_passed,
           stats->tests_failed + stats->tests_crashed);
    fflush(stdout);
}

#endif

/* figures.h - figures as people read them: thousands grouped ("12,345",
 * "1,234.50 EUR"). The one place that decides how a count or an amount is
 * written on a page or in mail, so that localising it (issue 20, point 7) is a
 * change here. Machine faces (JSON, CSV, journals) keep plain numbers. */
#ifndef GLOCAL_FIGURES_H
#define GLOCAL_FIGURES_H

#include <stdint.h>

#include "base/arena.h"

/* A count with its thousands grouped: 12345 -> "12,345" (arena). */
const char *figure_text(Arena *a, int64_t n);
/* A number already written ("-1234.50", "12345") with the thousands of its
 * whole part grouped ("-1,234.50"); anything else is returned as it is (arena). */
const char *figure_grouped(Arena *a, const char *number);

#endif

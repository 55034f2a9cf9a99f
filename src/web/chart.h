/* chart.h - charts drawn on the server as SVG, for pages that must work
 * without script: bars (what happened in each period) or lines (where a
 * figure stood at the end of each period), one or more series over the same
 * periods, a scale of round numbers, a legend when there is more than one
 * series. Each chart is an image with a title and a description (role="img",
 * aria-labelledby): the page puts the numbers beside it as a table. Colours
 * keep 3:1 against white, and series differ by more than colour (dashes for
 * lines, shades and a legend order for bars). Pure: no clock, no database. */
#ifndef GLOCAL_WEB_CHART_H
#define GLOCAL_WEB_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

#define CHART_SERIES_MAX 4

typedef struct ChartSeries {
    const char *name;          /* in the legend and the tooltips */
    const int64_t *v;          /* one value per period */
} ChartSeries;

typedef struct Chart {
    const char *id;            /* unique on the page: names the title and description */
    const char *cls;           /* the svg element's class; NULL: "chart" */
    const char *title;         /* what it shows ("Members") */
    const char *desc;          /* one sentence of what it says ("412 members, up 30 in 90 days") */
    bool lines;                /* lines (stocks) rather than bars (flows) */
    size_t n;                  /* periods, oldest first */
    const char *const *label;  /* under the axis: "Mar", "W12", "Q1" */
    const char *const *year;   /* "2026": shown under the first label of each year */
    const char *const *name;   /* in words, for the tooltips: "March 2026" */
    const ChartSeries *series;
    size_t nseries;            /* 1 to CHART_SERIES_MAX */
} Chart;

/* The chart as an SVG element; arena. */
const char *chart_svg(Arena *a, const Chart *c);

/* The top of a scale of round steps (1, 2 or 5 times a power of ten, at
 * most five of them) at or above `max`; its step in *step. */
int64_t chart_scale(int64_t max, int64_t *step);

#endif

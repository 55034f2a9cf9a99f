/* chart.c - bar and line charts as SVG (see chart.h). */
#include "web/chart.h"

#include <string.h>

#include "base/buf.h"
#include "base/str.h"

#define W 560
#define H 250
#define LEFT 56
#define RIGHT 10
#define TOP 34
#define BOTTOM 46
#define VALUES_MAX 12        /* the value above each bar while there is room for it (one series) */
#define LABELS_MAX 12        /* labels under the axis at most */
#define INK "#3f4a55"        /* labels: 8.6:1 on white */
#define GRID "#c5ced8"

/* Colours with at least 3:1 against white, in an order that stays apart for
 * the common colour blindnesses; lines also differ by their dashes. */
static const char *const colour[CHART_SERIES_MAX] = { "#0b5d5e", "#b34700", "#5b3a9b", "#3f4a55" };
static const char *const dashes[CHART_SERIES_MAX] = { "", " stroke-dasharray=\"8 4\"", " stroke-dasharray=\"2 4\"",
                                                       " stroke-dasharray=\"12 4 2 4\"" };

int64_t chart_scale(int64_t max, int64_t *step)
{
    static const int64_t steps[] = { 1, 2, 5 };
    int64_t s = 1;
    for (int64_t p = 1;; p *= 10) {
        bool found = false;
        for (size_t i = 0; i < 3 && !found; i++)
            if ((max + steps[i] * p - 1) / (steps[i] * p) <= 5) s = steps[i] * p, found = true;
        if (found) break;
    }
    *step = s;
    int64_t top = (max + s - 1) / s * s;
    return top ? top : s;
}

/* 950, 12k, 1.5M: the numbers of the scale, short enough for its margin. */
static const char *short_number(Arena *a, int64_t v)
{
    if (v < 10000 && v > -10000) return arena_printf(a, "%lld", (long long)v);
    if (v < 1000000 && v > -1000000) return arena_printf(a, "%lldk", (long long)(v / 1000));
    if (v % 1000000 == 0) return arena_printf(a, "%lldM", (long long)(v / 1000000));
    return arena_printf(a, "%.1fM", (double)v / 1e6);
}

static void axis(Buf *b, Arena *a, int64_t top, int64_t step, double plot_h)
{
    for (int64_t v = 0; v <= top; v += step) {
        double y = TOP + plot_h - plot_h * (double)v / (double)top;
        buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"%s/>", LEFT, y, W - RIGHT, y,
                   GRID, v ? " stroke-dasharray=\"3 3\"" : "");
        buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>", LEFT - 8, y + 5, INK,
                   short_number(a, v));
    }
}

static void legend(Buf *b, const Chart *c)
{
    if (c->nseries < 2) return;
    double x = LEFT;
    for (size_t s = 0; s < c->nseries; s++) {
        if (c->lines)
            buf_printf(b, "<line x1=\"%.1f\" y1=\"12\" x2=\"%.1f\" y2=\"12\" stroke=\"%s\" stroke-width=\"3\"%s/>", x, x + 22,
                       colour[s], dashes[s]);
        else
            buf_printf(b, "<rect x=\"%.1f\" y=\"5\" width=\"14\" height=\"14\" rx=\"2\" fill=\"%s\"/>", x + 4, colour[s]);
        buf_printf(b, "<text x=\"%.1f\" y=\"17\" fill=\"%s\" font-size=\"13\">", x + 28, INK);
        buf_add_html(b, c->series[s].name, strlen(c->series[s].name));
        buf_adds(b, "</text>");
        x += 28 + 7.4 * (double)strlen(c->series[s].name) + 16;
    }
}

/* The tooltip of period i: its name and each series' value. */
static void tooltip(Buf *b, const Chart *c, size_t i)
{
    buf_adds(b, "<title>");
    buf_add_html(b, c->name[i], strlen(c->name[i]));
    for (size_t s = 0; s < c->nseries; s++) {
        buf_adds(b, s ? ", " : ": ");
        if (c->nseries > 1) {
            buf_add_html(b, c->series[s].name, strlen(c->series[s].name));
            buf_adds(b, " ");
        }
        buf_printf(b, "%lld", (long long)c->series[s].v[i]);
    }
    buf_adds(b, "</title>");
}

static void labels(Buf *b, const Chart *c, double slot)
{
    size_t every = c->n <= LABELS_MAX ? 1 : (c->n + LABELS_MAX - 1) / LABELS_MAX;
    const char *year_shown = "";
    for (size_t i = 0; i < c->n; i++) {
        if (i % every) continue;
        double cx = LEFT + slot * ((double)i + 0.5);
        buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>", cx, H - BOTTOM + 20, INK,
                   c->label[i]);
        if (c->year && !str_eq(c->year[i], year_shown) && !str_eq(c->year[i], c->label[i]))
            buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>", cx, H - BOTTOM + 38, INK,
                       c->year[i]);
        if (c->year) year_shown = c->year[i];
    }
}

static void bars(Buf *b, const Chart *c, double slot, double plot_h, int64_t top)
{
    double group = slot * 0.8, bar = group / (double)c->nseries;
    if (bar > 44) bar = 44;
    for (size_t i = 0; i < c->n; i++) {
        double x0 = LEFT + slot * ((double)i + 0.5) - bar * (double)c->nseries / 2;
        buf_adds(b, "<g>");
        tooltip(b, c, i);
        buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"transparent\"/>", LEFT + slot * (double)i,
                   TOP, slot, plot_h);
        for (size_t s = 0; s < c->nseries; s++) {
            int64_t v = c->series[s].v[i];
            if (v <= 0) continue;
            double h = plot_h * (double)v / (double)top, y = TOP + plot_h - h;
            buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" fill=\"%s\"/>",
                       x0 + bar * (double)s + (c->nseries > 1 ? 1 : 0), y, c->nseries > 1 ? bar - 2 : bar, h, colour[s]);
            if (c->nseries == 1 && c->n <= VALUES_MAX)
                buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\" font-weight=\"600\">%lld</text>",
                           x0 + bar / 2, y - 6, INK, (long long)v);
        }
        buf_adds(b, "</g>");
    }
}

static void lines(Buf *b, const Chart *c, double slot, double plot_h, int64_t top)
{
    for (size_t s = 0; s < c->nseries; s++) {
        buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"3\" stroke-linejoin=\"round\"%s points=\"", colour[s],
                   dashes[s]);
        for (size_t i = 0; i < c->n; i++)
            buf_printf(b, "%s%.1f,%.1f", i ? " " : "", LEFT + slot * ((double)i + 0.5),
                       TOP + plot_h - plot_h * (double)c->series[s].v[i] / (double)top);
        buf_adds(b, "\"/>");
        if (c->n == 1)
            buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>", LEFT + slot / 2,
                       TOP + plot_h - plot_h * (double)c->series[s].v[0] / (double)top, colour[s]);
    }
    for (size_t i = 0; i < c->n; i++) {   /* a band per period for its tooltip */
        buf_adds(b, "<g>");
        tooltip(b, c, i);
        buf_printf(b, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"transparent\"/></g>", LEFT + slot * (double)i,
                   TOP, slot, plot_h);
    }
}

const char *chart_svg(Arena *a, const Chart *c)
{
    Buf b;
    buf_init(&b, a);
    int64_t max = 0;
    for (size_t s = 0; s < c->nseries && s < CHART_SERIES_MAX; s++)
        for (size_t i = 0; i < c->n; i++)
            if (c->series[s].v[i] > max) max = c->series[s].v[i];
    Chart k = *c;
    if (k.nseries > CHART_SERIES_MAX) k.nseries = CHART_SERIES_MAX;
    int64_t step, top = chart_scale(max, &step);
    double plot_w = W - LEFT - RIGHT, plot_h = H - TOP - BOTTOM, slot = k.n ? plot_w / (double)k.n : plot_w;
    buf_printf(&b, "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
                   "aria-labelledby=\"%s-title %s-desc\" font-family=\"system-ui, sans-serif\" font-size=\"15\">",
               k.cls ? k.cls : "chart", W, H, k.id, k.id);
    buf_printf(&b, "<title id=\"%s-title\">", k.id);
    buf_add_html(&b, k.title, strlen(k.title));
    buf_printf(&b, "</title><desc id=\"%s-desc\">", k.id);
    buf_add_html(&b, k.desc ? k.desc : "", k.desc ? strlen(k.desc) : 0);
    buf_adds(&b, "</desc>");
    axis(&b, a, top, step, plot_h);
    legend(&b, &k);
    if (k.lines)
        lines(&b, &k, slot, plot_h, top);
    else
        bars(&b, &k, slot, plot_h, top);
    labels(&b, &k, slot);
    buf_adds(&b, "</svg>");
    return buf_str(&b);
}

/* progress.c - see progress.h. */
#include "base/progress.h"

#include <stdio.h>

#include "base/str.h"

void progress_start(Progress *p, bool tty, const char *unit)
{
    *p = (Progress){ .tty = tty, .unit = unit, .t_start = now_usec() };
}

void progress_stage(Progress *p, const char *stage, int64_t total)
{
    p->stage = stage;
    p->total = total;
    p->done = 0;
    p->stage_t0 = now_usec();
    p->shown_at = 0;
}

static void show(Progress *p, bool final)
{
    if (!p->tty) return;
    int64_t t = now_usec();
    if (!final && t - p->shown_at < 100000) return;
    p->shown_at = t;
    double secs = (double)(t - p->stage_t0) / 1e6;
    double rate = secs > 0 ? (double)p->done / secs : 0;
    char pct[8] = "  ...";   /* a stage of unknown size, under way */
    if (p->total || final)
        snprintf(pct, sizeof pct, "%3d%%", p->total ? (int)(100 * (p->done < p->total ? p->done : p->total) / p->total) : 100);
    fprintf(stderr, "\r  %-22s %5s  %11lld %-7s %9.0f/s  %6.1f s\033[K", p->stage ? p->stage : "", pct,
            (long long)p->done, p->unit ? p->unit : "", rate, (double)(t - p->t_start) / 1e6);
    if (final) fputc('\n', stderr);
}

void progress_step(Progress *p, int64_t n)
{
    p->done += n;
    show(p, false);
}

double progress_stage_end(Progress *p)
{
    show(p, true);
    return (double)(now_usec() - p->stage_t0) / 1e6;
}

void progress_abort(const Progress *p)
{
    if (p->tty) fputc('\n', stderr);
}

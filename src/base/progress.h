/* progress.h - a one-line progress display for long commands (bench-data,
 * verify): on a terminal, stderr shows the stage, its share done, the count,
 * the rate and the time so far, redrawn at most ten times a second. Off a
 * terminal (or with tty false) nothing is drawn, but the counts are kept.
 * A stage of unknown size (total 0) shows "..." until it ends. */
#ifndef GLOCAL_PROGRESS_H
#define GLOCAL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct Progress {
    bool tty;                       /* draw on stderr */
    const char *unit;               /* what is counted: "rows", "entries" */
    const char *stage;              /* the stage under way */
    int64_t total, done;            /* of the stage; total 0: unknown */
    int64_t t_start, stage_t0, shown_at;   /* microseconds */
} Progress;

/* Starts the clock of the whole job. */
void progress_start(Progress *p, bool tty, const char *unit);
/* Begins a stage of `total` units (0 when unknown). */
void progress_stage(Progress *p, const char *stage, int64_t total);
/* Counts n more units done, and redraws when it is time. */
void progress_step(Progress *p, int64_t n);
/* Draws the stage's last line and leaves it; returns the stage's seconds. */
double progress_stage_end(Progress *p);
/* Ends a line left open by a stage that failed, so that a message can follow. */
void progress_abort(const Progress *p);

#endif

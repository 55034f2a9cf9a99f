/* internal.h - what the two handler files of meetings share (private to
 * src/meetings/): routes.c (the schedule, absences, shared rounds) and
 * routes_runner.c (one meeting and its runner). */
#ifndef GLOCAL_MEETINGS_INTERNAL_H
#define GLOCAL_MEETINGS_INTERNAL_H

#include "meetings/meetings.h"

/* The slug and the time zone ("UTC" when none) of the chapter in the path. */
const char *meetings_slug(Req *r);
const char *meetings_tz(Req *r);
/* Whether the caller is a connector of the chapter in the path. */
bool meetings_connector(Req *r);
/* /chapters/<slug>/meetings/<id> (arena). */
const char *meeting_url(Req *r, int64_t id);
/* Adds the local-time texts and the state flags a page needs to a meeting row. */
void meeting_decorate(Req *r, json_t *m);
/* Loads the meeting named in the path (it must belong to the chapter), owned by
 * the request and decorated: 1, or -1 with the answer set (404, 500). */
int meeting_load(Req *r, json_t **out);
/* The same without its figures, times and flags: its id, status and phase (an answer needs no more). */
int meeting_load_state(Req *r, json_t **out);
/* Reads venue, online_url and duration_minutes (errors noted on fields); a
 * duration not sent keeps *duration. */
void meeting_place_fields(Req *r, const char **venue, const char **url, int64_t *duration);
/* Shows the meeting page again with the errors noted on fields, next to the
 * form they came from: `form` is "success", "challenge", "story", "commitment",
 * "rsvp", "phase" or "move"; `round` the challenge a story answered. */
int meeting_invalid(Req *r, const char *form, int64_t round);
/* The contributions form's rows, pickers and currency (routes_contributions.c);
 * 0, or -1 answered. */
int meeting_capture_model(Req *r);

#endif

/* store.h - the personal home's SQL (private to src/home/). Every function
 * returns a new JSON array of rows (NULL with e on a failed read); every
 * query starts from the person's own memberships or seats and is bounded. */
#ifndef GLOCAL_HOME_STORE_H
#define GLOCAL_HOME_STORE_H

#include "home/home.h"

/* The person's open chapters with their role, their metro's zone and, for
 * the chapters they run, the counts of what waits for a connector
 * (join_requests, claims, matters; 0 for a plain member). */
json_t *home_store_chapters(DbConn *c, Err *e, int64_t user_id);

/* The scheduled meetings of their chapters under way or starting before
 * w->until, with their answer (NULL when they gave none). */
json_t *home_store_meetings(DbConn *c, Err *e, int64_t user_id, const HomeWindow *w);

/* The open events their chapters host, under way or starting before
 * w->until, with their registration's status (NULL: none). */
json_t *home_store_events(DbConn *c, Err *e, int64_t user_id, const HomeWindow *w);

/* Their tickets and waitlist places for open events that have not ended. */
json_t *home_store_tickets(DbConn *c, Err *e, int64_t user_id, int64_t now);

/* Their open commitments in the chapters they are still in, oldest first. */
json_t *home_store_commitments(DbConn *c, Err *e, int64_t user_id);

/* What waits for them personally: rows {kind, key, name, n} for matters
 * escalated to each committee they sit on (kind committee_matters), commons
 * items waiting for their consent (kind consents), the summaries of matters
 * they raised waiting for their approval, per chapter (kind summaries: key
 * the chapter's slug, name its name), and each chapter they
 * asked to join that has not answered yet (kind asked: key its slug, name its
 * name). */
json_t *home_store_duties(DbConn *c, Err *e, int64_t user_id, int64_t now);

/* What waits for the network's administrators: one row {applications,
 * peers, dead_mail}. 1 found, -1 error. *out is new. */
int home_store_admin(DbConn *c, Err *e, json_t **out);

/* What happened in their chapters after `since`, newest first: rows {kind
 * (joined, met, published, decided), happened_at, name, ref, chapter_slug,
 * chapter, timezone}. */
json_t *home_store_changes(DbConn *c, Err *e, int64_t user_id, int64_t since);

#endif

/* store.h - the SQL of growth (private to src/growth/). The snapshot's
 * statements run inside its write transaction, in this order: the work tables
 * emptied, the days and the scopes filled, each group of figures added to
 * growth_work (changes of the stocks by day, flows), what was received written
 * to growth_received, and the rows of growth_days made from the work in one
 * statement. Days are midnights UTC; `end` is the midnight after the last day
 * taken. Writers return 0 or -1. */
#ifndef GLOCAL_GROWTH_STORE_H
#define GLOCAL_GROWTH_STORE_H

#include "growth/growth.h"

/* The first moment of the network's history: when its first chapter was made
 * (0 when there is none), and how many chapters there are. */
int growth_store_history(DbConn *c, Err *e, int64_t *first_at, int64_t *chapters);
/* How many of the days from..to are taken already. */
int growth_store_taken(DbConn *c, Err *e, int64_t from, int64_t to, int64_t *n);

int growth_work_clear(DbConn *c, Err *e);
int growth_work_day_add(DbConn *c, Err *e, int64_t day, const char *label);
/* What each chapter and place counts towards (growth_work_scopes). */
int growth_work_scopes_fill(DbConn *c, Err *e);
/* Members and connectors from the membership events: of the chapters, of
 * the places, sectors and network. With `since` 0, from the whole history;
 * else only the changes since that day (the first taken), added to the day
 * taken before it, which growth_work_base copies (the chapters' too when
 * `chapters`: their rows were taken that day). */
int growth_work_members(DbConn *c, Err *e, int64_t from, int64_t end, int64_t since);
int growth_work_people(DbConn *c, Err *e, int64_t from, int64_t end, int64_t since);
int growth_work_base(DbConn *c, Err *e, int64_t from, bool chapters);
/* Chapters by status rebuilt from the meetings held: forming until the
 * `activate_after`-th, active while the last was at most `dormant_seconds`
 * before the end of the day, dormant after; closed from the day a closed
 * chapter last changed. */
int growth_work_statuses(DbConn *c, Err *e, int64_t from, int64_t end, int64_t activate_after, int64_t dormant_seconds);
/* Chapters by their status now, for `day`. */
int growth_work_statuses_now(DbConn *c, Err *e, int64_t day);
int growth_work_meetings(DbConn *c, Err *e, int64_t from, int64_t end);
int growth_work_events(DbConn *c, Err *e, int64_t from, int64_t end);
int growth_work_commons(DbConn *c, Err *e, int64_t from, int64_t end);
/* One chapter flagged on `day` (risk: RISK_* bits). */
int growth_work_risk(DbConn *c, Err *e, int64_t chapter_id, int64_t day, unsigned risk);
/* The chapters flagged on `day`, counted for every scope they count towards. */
int growth_work_risk_counts(DbConn *c, Err *e, int64_t day);
/* growth_received for the days in growth_work_days, `first` to `last` as the
 * books write them (YYYY-MM-DD); for chapters from `chapters_from` only. */
int growth_received_fill(DbConn *c, Err *e, const char *first, const char *last, int64_t chapters_from);
/* The rows of growth_days for the days in growth_work_days: every place and
 * sector and the network, and the chapters made by then from `chapters_from`;
 * `live_day` (0: none) takes the statuses as they are, the others are marked
 * is_backfill. */
int growth_days_fill(DbConn *c, Err *e, int64_t end, int64_t chapters_from, int64_t live_day, int64_t taken_at);

/* The facts of every chapter that is not closed and was made before `end`,
 * at `now`, one call of fn each (in the order of their ids); fn returns 0 or
 * -1 (which stops the walk and is returned). */
typedef int (*GrowthFactsFn)(void *ctx, int64_t chapter_id, const ChapterFacts *f, Err *e);
int growth_store_chapter_facts(DbConn *c, Err *e, int64_t now, int64_t end, GrowthFactsFn fn, void *ctx);

/* The resources of the books by code: {code: {code, kind, name, decimals}}. New reference, NULL with e. */
json_t *growth_store_resources(DbConn *c, Err *e);

/* --- targets (store_targets.c) --- */
int growth_store_target_insert(DbConn *c, Err *e, const TargetIn *in, const TargetValues *v, int64_t *id);
/* {id, scope_kind, scope_id, figure}: 1, 0 none, -1. */
int growth_store_target_get(DbConn *c, Err *e, int64_t id, json_t **out);
int growth_store_target_delete(DbConn *c, Err *e, int64_t id);
/* A scope's targets, oldest first: [{id, figure, target, by_day, per_month, note, created_at, set_by_name}]. */
json_t *growth_store_targets(DbConn *c, Err *e, const char *kind, int64_t id);
/* {slug} of a place: 1, 0, -1. */
int growth_store_place_slug(DbConn *c, Err *e, int64_t id, json_t **out);

/* --- lists (store_lists.c) --- */
/* The chapters (not closed) flagged on `day`: [{id, slug, name, status, metro, risk_flags}]; all of them, those
 * user_id runs, those in the place (and the places within it). */
json_t *growth_store_attention_all(DbConn *c, Err *e, int64_t day);
json_t *growth_store_attention_run_by(DbConn *c, Err *e, int64_t day, int64_t user_id);
json_t *growth_store_attention_within(DbConn *c, Err *e, int64_t day, const char *place_slug);
/* People in no chapter (not closed) by their metro and sector, with the chapters (not closed) of that metro and
 * sector: [{metro_id, metro, metro_slug, sector_id, sector, sector_slug, people, chapters}]. */
json_t *growth_store_white_space(DbConn *c, Err *e);
/* How many chapters user_id is a connector of. */
int growth_store_connector_of(DbConn *c, Err *e, int64_t user_id, int64_t *n);

#endif

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
/* PostgreSQL: the planner's figures of the working tables, as this
 * transaction filled them. Without them it took the tables for empty (as
 * autovacuum last saw them, between snapshots) and joined every scope with
 * every day before the books: the first snapshot of the benchmark's network
 * ran for over 20 minutes where SQLite takes 3. A no-op on SQLite. */
int growth_work_analyze(DbConn *c, Err *e);
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

/* ---------- the formation funnel (store_funnel.c) ---------- */
/* How many applications of `applicant` for this metro and sector wait for review. */
int funnel_store_waiting_like(DbConn *c, Err *e, int64_t applicant, int64_t metro, int64_t sector, int64_t *n);
/* A new application (status applied) from in, its second connector's address as given: 0 and *id, or -1. */
int funnel_store_insert(DbConn *c, Err *e, const FunnelApplyIn *in, const char *second_email, int64_t *id);
/* A dated step (a stage reached once: a second time is ignored). */
int funnel_store_step(DbConn *c, Err *e, int64_t id, const char *stage, int64_t at);
/* An application with its applicant (name, email), metro (name, slug, and the
 * ids of the places above it: metro_parent_id, metro_grandparent_id), sector,
 * chapter, reviewer, second connector and their invitation's dates: 1 and
 * *out (new), 0 none, -1. */
int funnel_store_get(DbConn *c, Err *e, int64_t id, json_t **out);
/* Its steps {stage, reached_at} in the order reached. New reference. */
json_t *funnel_store_steps_of(DbConn *c, Err *e, int64_t id);
/* A person's applications, newest first. New reference. */
json_t *funnel_store_of_user(DbConn *c, Err *e, int64_t user);
/* Every application waiting for review, oldest first, with the places above
 * its metro (metro_parent_id, metro_grandparent_id). New reference. */
json_t *funnel_store_waiting(DbConn *c, Err *e);
/* The review: from applied to `to`, by `reviewer` with `note` (and, approved,
 * the chapter made and the second connector's invitation): 1 done, 0 it was
 * no longer waiting, -1. */
int funnel_store_review(DbConn *c, Err *e, int64_t id, const char *to, int64_t reviewer, const char *note, int64_t chapter_id,
                        int64_t invitation_id, int64_t at);
/* The applicant withdraws it: 1, 0 it was no longer waiting, -1. */
int funnel_store_withdraw(DbConn *c, Err *e, int64_t id, int64_t at);
/* The steps of the applications for the metros of a place (0: all of them),
 * each stage as its FunnelStage (arena). */
int funnel_store_steps(DbConn *c, Err *e, Arena *a, int64_t place_id, FunnelStep **out, size_t *n);
/* Every place {id, slug, kind, name, parent_name} by name. New reference. */
json_t *funnel_store_places(DbConn *c, Err *e);
/* The periodic work, each adding a step to the approved applications that
 * need it (*n: how many): the first meeting held of their chapter, started by
 * `now`; "active" (dated `now`) once their chapter is active and their first
 * meeting was at `first_by` or before; "closed" (dated when the chapter last
 * changed). */
int funnel_store_first_meetings(DbConn *c, Err *e, int64_t now, int64_t *n);
int funnel_store_active(DbConn *c, Err *e, int64_t now, int64_t first_by, int64_t *n);
int funnel_store_closed(DbConn *c, Err *e, int64_t *n);
/* Approved applications whose second connector's invitation was taken up
 * and not yet recorded: {id, applicant_id, user_id, chapter_id, chapter_slug,
 * chapter_name, chapter_status, role (theirs in the chapter, null: gone)}. */
json_t *funnel_store_seconds_taken(DbConn *c, Err *e);
int funnel_store_second_set(DbConn *c, Err *e, int64_t id, int64_t user);

#endif

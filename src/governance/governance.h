/* governance.h - governance (M8, issue 12): matters raised in a chapter and
 * escalated along a path that follows the network's density, steering
 * committees and the board, proposals and polls with delegation, elections
 * of committees and the board by secret ballot counted by STV with a ballot
 * box anyone can recount, and the decision records they all leave.
 *
 * Files, by area (each area: its rules, operations, store and handlers):
 *   path/committees/matters: rules_path.c (the escalation path, pure),
 *       committees.c, matters.c, store_matters.c, routes_matters.c
 *   proposals/polls/delegation/decisions: rules_polls.c (pure: validating and
 *       counting a vote of every kind, quorum, delegation), polls.c,
 *       decisions.c, store_polls.c, routes_polls.c
 *   elections: count.c (STV and approval counts, pure), box.c (the ballot
 *       box's hash chain and BLT, pure), elections.c, store_elections.c,
 *       routes_elections.c
 *   routes.c: the Feature (loaders, tick). store.h: private to the feature. */
#ifndef GLOCAL_GOVERNANCE_H
#define GLOCAL_GOVERNANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

/* ======================= path, committees, matters ======================= */

/* ======================= proposals, polls, decisions ====================== */

/* ======================= elections and their count ======================== */

/* ======================= the feature ======================= */
/* Loaders of path parameters, one per area (routes_*.c). */
int committee_path_load(Req *r, const char *key, Err *e);
int matter_path_load(Req *r, const char *key, Err *e);
int poll_path_load(Req *r, const char *key, Err *e);
int election_path_load(Req *r, const char *key, Err *e);
/* The periodic work of each area (Feature.tick: appends what it did). */
int matters_tick(DbConn *c, int64_t now, Buf *report, Err *e);
int polls_tick(DbConn *c, int64_t now, Buf *report, Err *e);
int elections_tick(DbConn *c, int64_t now, Buf *report, Err *e);

extern const Feature governance_feature;

#endif

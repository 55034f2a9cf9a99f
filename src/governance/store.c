/* store.c - the SQL of committees and decision records (see store.h). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "governance/store.h"

/* ---------- names in the reader's language (store.h) ---------- */

static void name_in_language(json_t *o, const char *key)
{
    static const char suffix[] = " committee";
    const char *v = json_string_value(json_object_get(o, key));
    if (!v) return;
    if (strcmp(v, "Board") == 0) {
        json_object_set_new(o, key, json_string(_("Board")));
        return;
    }
    size_t n = strlen(v), k = sizeof suffix - 1;
    if (n <= k || strcmp(v + n - k, suffix) != 0) return;
    char place[256], name[320];
    snprintf(place, sizeof place, "%.*s", (int)(n - k), v);
    snprintf(name, sizeof name, _("%s committee"), place);
    json_object_set_new(o, key, json_string(name));
}

static void names_of(json_t *o)
{
    if (!json_is_object(o)) return;
    name_in_language(o, "committee_name");
    if (json_object_get(o, "level") || json_object_get(o, "key")) name_in_language(o, "name");
}

json_t *gov_names(json_t *v)
{
    if (!v || i18n_lang() == LANG_EN) return v;
    if (json_is_array(v)) {
        size_t i;
        json_t *o;
        json_array_foreach(v, i, o) names_of(o);
    } else {
        names_of(v);
    }
    return v;
}

void gov_mail_name(json_t *data, const char *key, const char *name, bool committee)
{
    if (!name) name = "";
    json_t *word = NULL;
    if (committee && strcmp(name, _("Board")) == 0) {
        word = json_string("Board");
    } else if (committee) {   /* "%s committee" as the thread's language writes it: its place between the two ends */
        const char *format = _("%s committee"), *hole = strstr(format, "%s");
        size_t n = strlen(name), before = hole ? (size_t)(hole - format) : 0, after = hole ? strlen(hole + 2) : 0;
        if (hole && n > before + after && strncmp(name, format, before) == 0 && strcmp(name + n - after, hole + 2) == 0)
            word = json_pack("[s, s%]", "%s committee", name + before, n - before - after);
    }
    if (!word) {
        json_object_set_new(data, key, json_string(name));
        return;
    }
    json_t *words = json_object_get(data, "_words");
    if (!words) json_object_set_new(data, "_words", words = json_object());
    json_object_set_new(words, key, word);
}

int gov_named(int rc, json_t **out)
{
    if (rc > 0) gov_names(*out);
    return rc;
}

/* ---------- committees ---------- */

#define COMMITTEE_COLUMNS \
    "g.id, g.level, g.place_id, g.seats, g.term_months, g.chair_id, g.created_at," \
    " p.name AS place_name, p.slug AS place_slug, p.kind AS place_kind, p.timezone," \
    " COALESCE(p.slug, 'board') AS key," \
    " CASE WHEN g.place_id IS NULL THEN 'Board' ELSE p.name || ' committee' END AS name," \
    " ch.name AS chair_name"
#define COMMITTEE_JOINS \
    " FROM gov_committees g LEFT JOIN places p ON p.id = g.place_id LEFT JOIN users ch ON ch.id = g.chair_id"

int committee_row_by_place(DbConn *c, Err *e, int64_t place_id, json_t **out)
{
    if (!place_id)
        return gov_row(c, e, out, "SELECT " COMMITTEE_COLUMNS COMMITTEE_JOINS " WHERE g.place_id IS NULL AND g.level = 'board'");
    return gov_row(c, e, out, "SELECT " COMMITTEE_COLUMNS COMMITTEE_JOINS " WHERE g.place_id = $1", DI(place_id));
}

int committee_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out, "SELECT " COMMITTEE_COLUMNS COMMITTEE_JOINS " WHERE g.id = $1", DI(id));
}

int place_kind_of(DbConn *c, Err *e, int64_t place_id, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, kind, slug, name FROM places WHERE id = $1", DI(place_id));
}

int place_by_key(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return gov_row(c, e, out, "SELECT id, kind, slug, name FROM places WHERE slug = $1", DT(slug));
}

int committee_insert(DbConn *c, Err *e, int64_t place_id, const char *level, int64_t now, int64_t *id)
{
    return db_int64(c, e, id,
                    "INSERT INTO gov_committees (place_id, level, created_at) VALUES ($1, $2, $3)"
                    " ON CONFLICT DO NOTHING RETURNING id",
                    DID(place_id), DT(level), DI(now));
}

int committee_update_row(DbConn *c, Err *e, int64_t id, int64_t seats, int64_t term_months, int64_t chair_id)
{
    return db_exec(c, e, "UPDATE gov_committees SET seats = $2, term_months = $3, chair_id = $4 WHERE id = $1", DI(id),
                   DI(seats), DI(term_months), DID(chair_id));
}

#define SEATED " ended_at IS NULL AND since <= $3 AND term_ends_at > $3"

int committee_member_active(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t now)
{
    int64_t n = 0;
    if (db_int64(c, e, &n,
                 "SELECT count(*) FROM gov_committee_members WHERE committee_id = $1 AND user_id = $2 AND" SEATED,
                 DI(committee_id), DI(user_id), DI(now)) < 0)
        return -1;
    return n > 0;
}

json_t *committee_member_rows(DbConn *c, Err *e, int64_t committee_id, int64_t now)
{
    return gov_rows(c, e,
                   "SELECT m.user_id, u.name, m.source, m.election_id, m.since, m.term_ends_at,"
                   " CASE WHEN g.chair_id = m.user_id THEN 1 ELSE 0 END AS is_chair"
                   " FROM gov_committee_members m JOIN users u ON u.id = m.user_id"
                   " JOIN gov_committees g ON g.id = m.committee_id"
                   " WHERE m.committee_id = $1 AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2"
                   " ORDER BY is_chair DESC, u.name, m.user_id",
                   DI(committee_id), DI(now));
}

int committee_member_insert(DbConn *c, Err *e, const SeatIn *in)
{
    return db_exec(c, e,
                   "INSERT INTO gov_committee_members (committee_id, user_id, source, election_id, since, term_ends_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   DI(in->committee_id), DI(in->user_id), DT(in->source), DID(in->election_id), DI(in->since),
                   DI(in->term_ends_at));
}

int committee_member_end(DbConn *c, Err *e, int64_t committee_id, int64_t user_id, int64_t at)
{
    return db_exec(c, e,
                   "UPDATE gov_committee_members SET ended_at = $3"
                   " WHERE committee_id = $1 AND user_id = $2 AND ended_at IS NULL",
                   DI(committee_id), DI(user_id), DI(at));
}

json_t *committees_of_user(DbConn *c, Err *e, int64_t user_id, int64_t now)
{
    return gov_rows(c, e,
                   "SELECT g.id AS committee_id, COALESCE(p.slug, 'board') AS key, g.level,"
                   " CASE WHEN g.place_id IS NULL THEN 'Board' ELSE p.name || ' committee' END AS name,"
                   " m.since, m.term_ends_at"
                   " FROM gov_committee_members m JOIN gov_committees g ON g.id = m.committee_id"
                   " LEFT JOIN places p ON p.id = g.place_id"
                   " WHERE m.user_id = $1 AND m.ended_at IS NULL AND m.since <= $2 AND m.term_ends_at > $2"
                   " ORDER BY g.level = 'board' DESC, name",
                   DI(user_id), DI(now));
}

/* ---------- decision records ---------- */

int decision_insert(DbConn *c, Err *e, const DecisionIn *in, int64_t *id)
{
    char *counts = in->counts ? json_dumps(in->counts, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = db_int64(c, e, id,
                      "INSERT INTO gov_decisions (committee_id, chapter_id, place_id, matter_id, source, source_id, title,"
                      " statement, counts, opened_at, decided_at, review_at, created_by)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                      DID(in->committee_id), DID(in->chapter_id), DID(in->place_id), DID(in->matter_id), DT(in->source),
                      DI(in->source_id), DT(in->title), DT(in->statement), DT(counts ? counts : "{}"), DID(in->opened_at),
                      DI(in->decided_at), DID(in->review_at), DID(in->created_by));
    free(counts);
    return rc;
}

int decision_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return gov_row(c, e, out,
                  "SELECT d.id, d.committee_id, d.chapter_id, d.place_id, d.matter_id, d.source, d.source_id, d.title,"
                  " d.statement, d.counts, d.opened_at, d.decided_at, d.review_at, d.created_by,"
                  " COALESCE(cp.slug, CASE WHEN d.committee_id IS NOT NULL THEN 'board' END) AS committee_key,"
                  " CASE WHEN d.committee_id IS NULL THEN NULL WHEN g.place_id IS NULL THEN 'Board'"
                  "      ELSE cp.name || ' committee' END AS committee_name,"
                  " ch.slug AS chapter_slug, ch.name AS chapter_name, pl.slug AS place_slug, pl.name AS place_name"
                  " FROM gov_decisions d LEFT JOIN gov_committees g ON g.id = d.committee_id"
                  " LEFT JOIN places cp ON cp.id = g.place_id LEFT JOIN chapters ch ON ch.id = d.chapter_id"
                  " LEFT JOIN places pl ON pl.id = d.place_id WHERE d.id = $1",
                  DI(id));
}

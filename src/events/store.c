/* store.c - the SQL of apps and events (see events.h and store.h). Functions
 * return a new JSON reference (NULL on error), or 1 found / 0 none / -1 error,
 * or 0 / -1; writers run inside db_write (registration inside
 * db_write_locked, so that two people never take the last place). */
#include <string.h>

#include "base/str.h"
#include "events/events.h"
#include "events/store.h"

/* ---------- the catalog ---------- */

#define APP_COLUMNS \
    "a.id, a.slug, a.name, a.summary, a.description, a.runbook, a.tiers, a.packages, a.split_rule, a.origin_id," \
    " a.owner_id, a.is_published, a.has_board, a.created_at, a.updated_at, o.name AS origin, o.slug AS origin_slug," \
    " u.name AS owner"

json_t *app_list(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT " APP_COLUMNS "," 
                   " (SELECT count(*) FROM events ev WHERE ev.app_id = a.id OR ev.app_id IN (SELECT k.id FROM apps k WHERE k.origin_id = a.id))"
                   " AS events_count, CASE WHEN a.owner_id = $1 THEN 1 ELSE 0 END AS is_mine"
                   " FROM apps a LEFT JOIN apps o ON o.id = a.origin_id LEFT JOIN users u ON u.id = a.owner_id"
                   " WHERE a.is_published = 1 OR a.owner_id = $1"
                   " ORDER BY CASE WHEN a.owner_id IS NULL THEN 0 ELSE 1 END, a.name, a.id",
                   DI(user_id));
}

int app_by_slug(DbConn *c, Err *e, const char *slug, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT " APP_COLUMNS " FROM apps a LEFT JOIN apps o ON o.id = a.origin_id LEFT JOIN users u ON u.id = a.owner_id"
                  " WHERE a.slug = $1", DT(slug));
}

int app_slug_taken(DbConn *c, Err *e, const char *slug)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM apps WHERE slug = $1", DT(slug)) < 0) return -1;
    return n > 0;
}

int app_insert(DbConn *c, Err *e, const AppFields *f, int64_t owner, int64_t origin, int64_t *id)
{
    int64_t now = now_unix();
    return db_int64(c, e, id,
                    "INSERT INTO apps (slug, name, summary, description, runbook, tiers, packages, split_rule, origin_id, owner_id,"
                    "  is_published, has_board, created_at, updated_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $12, $11, $11) RETURNING id",
                    DT(f->slug), DT(f->name), DT(f->summary), DT(f->description), DT(f->runbook), DT(f->tiers), DT(f->packages),
                    DT(f->split_rule), DID(origin), DID(owner), DI(now), DBOOL(f->has_board)) < 0 ? -1 : 0;
}

int app_save(DbConn *c, Err *e, int64_t id, const AppFields *f)
{
    return db_exec(c, e,
                   "UPDATE apps SET name = $2, summary = $3, description = $4, runbook = $5, tiers = $6, packages = $7,"
                   " split_rule = $8, has_board = $10, updated_at = $9 WHERE id = $1",
                   DI(id), DT(f->name), DT(f->summary), DT(f->description), DT(f->runbook), DT(f->tiers), DT(f->packages),
                   DT(f->split_rule), DI(now_unix()), DBOOL(f->has_board)) < 0 ? -1 : 0;
}

/* ---------- events ---------- */

#define EVENT_COLUMNS \
    "ev.id, ev.slug, ev.title, ev.description, ev.chapter_id, ev.place_id, ev.starts_at, ev.ends_at, ev.timezone, ev.venue," \
    " ev.online_url, ev.capacity, ev.visibility, ev.status, ev.split_rule, ev.basket_id, ev.organiser_id, ev.sequence," \
    " ev.closed_at, ev.created_at, ap.name AS app, ap.slug AS app_slug, ap.has_board, ch.name AS chapter, ch.slug AS chapter_slug," \
    " coalesce(ch.metro_id, ev.place_id) AS host_place_id, hp.name AS place, hp.slug AS place_slug, org.name AS organiser," \
    " (SELECT count(*) FROM registrations r WHERE r.event_id = ev.id AND r.status = 'ticket') AS tickets," \
    " (SELECT count(*) FROM registrations r WHERE r.event_id = ev.id AND r.status = 'waitlist') AS waitlist"
#define EVENT_JOINS \
    " FROM events ev JOIN apps ap ON ap.id = ev.app_id LEFT JOIN chapters ch ON ch.id = ev.chapter_id" \
    " LEFT JOIN places hp ON hp.id = coalesce(ch.metro_id, ev.place_id) JOIN users org ON org.id = ev.organiser_id"
/* Whether user $n may see the event: public, network (logged in), or chapter
 * (a member of the host or a co-host), or its organiser. */
#define EVENT_VISIBLE(n) \
    " (ev.visibility = 'public' OR ($" #n " <> 0 AND ev.visibility = 'network') OR ev.organiser_id = $" #n \
    "  OR (ev.visibility = 'chapter' AND EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = $" #n \
    "      AND (ms.chapter_id = ev.chapter_id OR ms.chapter_id IN (SELECT x.chapter_id FROM event_cohosts x WHERE x.event_id = ev.id)))))"

int event_public(DbConn *c, Err *e, int64_t id, json_t **event)
{
    return db_row(c, e, event, "SELECT " EVENT_COLUMNS EVENT_JOINS " WHERE ev.id = $1 AND ev.visibility = 'public'", DI(id));
}

int event_load(DbConn *c, Arena *a, Err *e, const char *slug, int64_t user_id, bool admin, json_t **event, int64_t *id,
               bool *organiser)
{
    (void)a;
    *event = NULL;
    *organiser = false;
    int found = db_row(c, e, event,
                       "SELECT " EVENT_COLUMNS ","
                       " CASE WHEN " EVENT_VISIBLE(2) " THEN 1 ELSE 0 END AS is_visible,"
                       " CASE WHEN ev.organiser_id = $2 OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.user_id = $2"
                       "      AND ms.chapter_id = ev.chapter_id AND ms.role = 'connector') THEN 1 ELSE 0 END AS is_organiser"
                       EVENT_JOINS " WHERE ev.slug = $1",
                       DT(slug), DI(user_id));
    if (found <= 0) return found;
    *id = json_integer_value(json_object_get(*event, "id"));
    *organiser = json_is_true(json_object_get(*event, "is_organiser")) || admin;
    bool visible = json_is_true(json_object_get(*event, "is_visible")) || admin;
    json_object_del(*event, "is_visible");
    json_object_del(*event, "is_organiser");
    if (!visible) {
        json_decref(*event);
        *event = NULL;
        return 0;
    }
    return 1;
}

json_t *event_list(DbConn *c, Err *e, int64_t user_id, int64_t from, int64_t place_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $3 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT " EVENT_COLUMNS EVENT_JOINS
                   " WHERE ev.ends_at >= $2 AND ev.status <> 'cancelled' AND" EVENT_VISIBLE(1)
                   "   AND ($3 = 0 OR coalesce(ch.metro_id, ev.place_id) IN (SELECT id FROM sub))"
                   " ORDER BY ev.starts_at, ev.id LIMIT $4 OFFSET $5",
                   DI(user_id), DI(from), DI(place_id), DI(limit), DI(offset));
}

json_t *event_list_past(DbConn *c, Err *e, int64_t user_id, int64_t before, int64_t place_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $3 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT " EVENT_COLUMNS EVENT_JOINS
                   " WHERE ev.ends_at < $2 AND" EVENT_VISIBLE(1)
                   "   AND ($3 = 0 OR coalesce(ch.metro_id, ev.place_id) IN (SELECT id FROM sub))"
                   " ORDER BY ev.starts_at DESC, ev.id DESC LIMIT $4 OFFSET $5",
                   DI(user_id), DI(before), DI(place_id), DI(limit), DI(offset));
}

int event_slug_taken(DbConn *c, Err *e, const char *slug)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM events WHERE slug = $1", DT(slug)) < 0) return -1;
    return n > 0;
}

int event_insert(DbConn *c, Err *e, const EventFields *f, int64_t *id)
{
    int64_t now = now_unix();
    return db_int64(c, e, id,
                    "INSERT INTO events (slug, app_id, title, description, chapter_id, place_id, starts_at, ends_at, timezone, venue,"
                    "  online_url, capacity, visibility, split_rule, basket_id, organiser_id, created_at, updated_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
                    DT(f->slug), DI(f->app_id), DT(f->title), DT(f->description), DID(f->chapter_id), DID(f->place_id),
                    DI(f->starts_at), DI(f->ends_at), DT(f->timezone), DT(f->venue), DT(f->online_url), DI(f->capacity),
                    DT(f->visibility), DT(f->split_rule), DID(f->basket_id), DI(f->organiser_id), DI(now)) < 0 ? -1 : 0;
}

int event_save(DbConn *c, Err *e, int64_t id, const EventFields *f, bool moved)
{
    return db_exec(c, e,
                   "UPDATE events SET title = $2, description = $3, starts_at = $4, ends_at = $5, venue = $6, online_url = $7,"
                   " capacity = $8, visibility = $9, sequence = sequence + $10, updated_at = $11 WHERE id = $1",
                   DI(id), DT(f->title), DT(f->description), DI(f->starts_at), DI(f->ends_at), DT(f->venue), DT(f->online_url),
                   DI(f->capacity), DT(f->visibility), DI(moved ? 1 : 0), DI(now_unix())) < 0 ? -1 : 0;
}

int event_set_basket(DbConn *c, Err *e, int64_t id, int64_t basket)
{
    return db_exec(c, e, "UPDATE events SET basket_id = $2 WHERE id = $1", DI(id), DI(basket)) < 0 ? -1 : 0;
}

int event_mark_closed(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e, "UPDATE events SET status = 'closed', closed_at = $2, updated_at = $2 WHERE id = $1 AND status = 'open'",
                   DI(id), DI(now_unix()));
}

int cohost_insert(DbConn *c, Err *e, int64_t event, int64_t chapter)
{
    return db_exec(c, e, "INSERT INTO event_cohosts (event_id, chapter_id) VALUES ($1, $2) ON CONFLICT (event_id, chapter_id) DO NOTHING",
                   DI(event), DI(chapter)) < 0 ? -1 : 0;
}

json_t *event_cohosts(DbConn *c, Err *e, int64_t event)
{
    return db_rows(c, e,
                   "SELECT ch.id, ch.slug, ch.name FROM event_cohosts x JOIN chapters ch ON ch.id = x.chapter_id"
                   " WHERE x.event_id = $1 ORDER BY ch.name", DI(event));
}

int tier_insert(DbConn *c, Err *e, int64_t event, const char *name, int64_t price, const char *currency, int64_t position,
                bool members_only)
{
    return db_exec(c, e, "INSERT INTO ticket_tiers (event_id, name, price, currency, position, is_members_only) VALUES ($1, $2, $3, $4, $5, $6)",
                   DI(event), DT(name), DI(price), DT(currency), DI(position), DBOOL(members_only)) < 0 ? -1 : 0;
}

json_t *event_tiers(DbConn *c, Err *e, int64_t event)
{
    return db_rows(c, e,
                   "SELECT t.id, t.name, t.price, t.currency, r.decimals, CASE WHEN t.price = 0 THEN 1 ELSE 0 END AS is_free, t.is_members_only"
                   "  FROM ticket_tiers t JOIN resources r ON r.code = t.currency WHERE t.event_id = $1 ORDER BY t.position, t.id",
                   DI(event));
}

int tier_get(DbConn *c, Err *e, int64_t event, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, price, currency, is_members_only FROM ticket_tiers WHERE id = $1 AND event_id = $2", DI(id), DI(event));
}

int member_anywhere(DbConn *c, Err *e, int64_t user, bool *yes)
{
    int64_t n = 0;
    *yes = false;
    if (!user) return 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM memberships WHERE user_id = $1", DI(user)) < 0) return -1;
    *yes = n > 0;
    return 0;
}

/* ---------- registrations ---------- */

int event_ticket_count(DbConn *c, Err *e, int64_t event, int64_t *n)
{
    return db_int64(c, e, n, "SELECT count(*) FROM registrations WHERE event_id = $1 AND status = 'ticket'", DI(event)) < 0 ? -1 : 0;
}

int registration_existing(DbConn *c, Err *e, int64_t event, int64_t user_id, const char *email, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT id, status, coalesce(unverified_until, 0) AS unverified_until FROM registrations"
                  " WHERE event_id = $1 AND status <> 'cancelled'"
                  " AND ((user_id = $2 AND $2 <> 0) OR (guest_email = $3))",
                  DI(event), DI(user_id), DT(email ? email : ""));
}

int registration_insert(DbConn *c, Err *e, const Registration *g, int64_t *id)
{
    int64_t now = now_unix();
    return db_int64(c, e, id,
                    "INSERT INTO registrations (event_id, tier_id, user_id, guest_email, name, status, code, token_hash, created_at, updated_at,"
                    " unverified_until, remote_actor, remote_host, remote_join)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13) RETURNING id",
                    DI(g->event_id), DI(g->tier_id), DID(g->user_id), DT(g->guest_email), DT(g->name), DT(g->status),
                    DT(g->code), DT(g->token_hash), DI(now), DID(g->unverified_until), DT(g->remote_actor), DT(g->remote_host),
                    DT(g->remote_join)) < 0 ? -1 : 0;
}

int registration_of_remote(DbConn *c, Err *e, int64_t event, const char *actor, const char *join, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT id, event_id, status FROM registrations WHERE status <> 'cancelled' AND remote_actor = $2"
                  " AND (event_id = $1 OR ($1 = 0 AND remote_join = $3)) ORDER BY id LIMIT 1",
                  DI(event), DT(actor), DT(join ? join : ""));
}

int tier_free_first(DbConn *c, Err *e, int64_t event, int64_t *id)
{
    *id = 0;
    return db_int64(c, e, id, "SELECT id FROM ticket_tiers WHERE event_id = $1 AND price = 0 AND is_members_only = 0 ORDER BY position, id LIMIT 1", DI(event));
}

int code_taken(DbConn *c, Err *e, int64_t event, const char *code)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM registrations WHERE event_id = $1 AND code = $2", DI(event), DT(code)) < 0) return -1;
    return n > 0;
}

#define REGISTRATION_COLUMNS \
    "g.id, g.event_id, g.tier_id, g.user_id, g.guest_email, g.name, g.status, g.code, g.is_paid, g.paid_tx," \
    " g.checked_in_at, g.created_at, t.name AS tier, t.price, t.currency, r.decimals," \
    " CASE WHEN g.user_id IS NULL THEN 1 ELSE 0 END AS is_guest, CASE WHEN g.unverified_until IS NULL THEN 0 ELSE 1 END AS is_unverified," \
    " g.remote_actor, g.remote_host, g.remote_join"

json_t *event_registration_list(DbConn *c, Err *e, int64_t event)
{
    return db_rows(c, e,
                   "SELECT " REGISTRATION_COLUMNS " FROM registrations g JOIN ticket_tiers t ON t.id = g.tier_id"
                   " JOIN resources r ON r.code = t.currency WHERE g.event_id = $1"
                   " ORDER BY CASE g.status WHEN 'ticket' THEN 0 WHEN 'waitlist' THEN 1 ELSE 2 END, g.created_at, g.id",
                   DI(event));
}

int registration_get(DbConn *c, Err *e, int64_t event, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT " REGISTRATION_COLUMNS " FROM registrations g JOIN ticket_tiers t ON t.id = g.tier_id"
                  " JOIN resources r ON r.code = t.currency WHERE g.id = $1 AND g.event_id = $2", DI(id), DI(event));
}

int registration_by_token(DbConn *c, Err *e, const char *hash, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT " REGISTRATION_COLUMNS ", ev.slug AS event_slug, ev.title AS event_title, ev.starts_at, ev.timezone,"
                  " ev.venue, ev.status AS event_status"
                  "  FROM registrations g JOIN ticket_tiers t ON t.id = g.tier_id JOIN resources r ON r.code = t.currency"
                  "  JOIN events ev ON ev.id = g.event_id WHERE g.token_hash = $1", DT(hash));
}

int registration_by_code(DbConn *c, Err *e, int64_t event, const char *code, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT " REGISTRATION_COLUMNS " FROM registrations g JOIN ticket_tiers t ON t.id = g.tier_id"
                  " JOIN resources r ON r.code = t.currency WHERE g.event_id = $1 AND g.code = $2", DI(event), DT(code));
}

int registration_set_status(DbConn *c, Err *e, int64_t id, const char *status)
{
    return db_exec(c, e, "UPDATE registrations SET status = $2, updated_at = $3 WHERE id = $1", DI(id), DT(status), DI(now_unix()));
}

int registration_mark_paid(DbConn *c, Err *e, int64_t id, int64_t tx)
{
    return db_exec(c, e, "UPDATE registrations SET is_paid = 1, paid_tx = $2, updated_at = $3 WHERE id = $1 AND is_paid = 0",
                   DI(id), DI(tx), DI(now_unix()));
}

int registration_mark_refunded(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e, "UPDATE registrations SET is_paid = 0, updated_at = $2 WHERE id = $1", DI(id), DI(now_unix())) < 0 ? -1 : 0;
}

int registration_check_in(DbConn *c, Err *e, int64_t id)
{
    return db_exec(c, e, "UPDATE registrations SET checked_in_at = $2 WHERE id = $1 AND checked_in_at IS NULL", DI(id), DI(now_unix()));
}

/* The first on the waitlist: 1 found, 0 none, -1 error ({id, name, email, code}). */
int waitlist_first(DbConn *c, Err *e, int64_t event, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT g.id, g.name, coalesce(g.guest_email, u.email) AS email, g.code,"
                  " CASE WHEN g.unverified_until IS NULL THEN 0 ELSE 1 END AS is_unverified FROM registrations g"
                  "  LEFT JOIN users u ON u.id = g.user_id"
                  " WHERE g.event_id = $1 AND g.status = 'waitlist' ORDER BY g.created_at, g.id LIMIT 1", DI(event));
}

int waitlist_position(DbConn *c, Err *e, int64_t event, int64_t id, int64_t *pos)
{
    return db_int64(c, e, pos,
                    "SELECT count(*) FROM registrations a JOIN registrations b ON b.id = $2"
                    " WHERE a.event_id = $1 AND a.status = 'waitlist' AND (a.created_at < b.created_at OR (a.created_at = b.created_at AND a.id <= b.id))",
                    DI(event), DI(id)) < 0 ? -1 : 0;
}

json_t *my_registrations(DbConn *c, Err *e, int64_t user_id, int64_t from)
{
    return db_rows(c, e,
                   "SELECT g.id, g.status, g.code, ev.slug, ev.title, ev.starts_at, ev.timezone FROM registrations g"
                   " JOIN events ev ON ev.id = g.event_id WHERE g.user_id = $1 AND g.status <> 'cancelled' AND ev.ends_at >= $2"
                   " ORDER BY ev.starts_at", DI(user_id), DI(from));
}

/* ---------- sponsors and shares ---------- */

int sponsor_insert(DbConn *c, Err *e, int64_t event, int64_t org, const char *package, int64_t amount, const char *currency,
                   const char *placement, int64_t tx)
{
    return db_exec(c, e,
                   "INSERT INTO event_sponsors (event_id, organisation_id, package, amount, currency, placement, tx_id, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   DI(event), DI(org), DT(package), DI(amount), DT(currency), DT(placement), DID(tx), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *event_sponsor_list(DbConn *c, Err *e, int64_t event)
{
    return db_rows(c, e,
                   "SELECT s.id, s.package, s.amount, s.currency, r.decimals, s.placement, s.tx_id, o.name, o.slug, o.website,"
                   " CASE WHEN EXISTS (SELECT 1 FROM ledger_transactions x WHERE x.reverses_id = s.tx_id) THEN 1 ELSE 0 END AS is_refunded"
                   "  FROM event_sponsors s JOIN organisations o ON o.id = s.organisation_id JOIN resources r ON r.code = s.currency"
                   " WHERE s.event_id = $1"
                   " ORDER BY CASE s.placement WHEN 'headline' THEN 0 WHEN 'listed' THEN 1 ELSE 2 END, s.amount DESC, o.name", DI(event));
}

int share_insert(DbConn *c, Err *e, int64_t event, const char *party, int64_t account, int64_t user_id, int64_t share,
                 int64_t amount, const char *currency, int64_t tx)
{
    return db_exec(c, e,
                   "INSERT INTO event_shares (event_id, party, account_id, user_id, share, amount, currency, tx_id)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   DI(event), DT(party), DI(account), DID(user_id), DI(share), DI(amount), DT(currency), DID(tx)) < 0 ? -1 : 0;
}

json_t *event_share_list(DbConn *c, Err *e, int64_t event)
{
    return db_rows(c, e,
                   "SELECT s.party, s.account_id, a.name AS account, s.user_id, s.share, s.amount, s.currency, r.decimals, s.tx_id,"
                   " t.seq AS tx_seq"
                   "  FROM event_shares s JOIN ledger_accounts a ON a.id = s.account_id JOIN resources r ON r.code = s.currency"
                   "  LEFT JOIN ledger_transactions t ON t.id = s.tx_id"
                   " WHERE s.event_id = $1 ORDER BY s.currency, s.share DESC, s.party", DI(event));
}

json_t *user_earnings(DbConn *c, Err *e, int64_t user_id)
{
    return db_rows(c, e,
                   "SELECT ev.slug, ev.title, ev.closed_at, s.amount, s.currency, r.decimals, s.share"
                   "  FROM event_shares s JOIN events ev ON ev.id = s.event_id JOIN resources r ON r.code = s.currency"
                   " WHERE s.user_id = $1 ORDER BY ev.closed_at DESC, ev.id DESC", DI(user_id));
}

json_t *share_totals(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT s.currency, r.decimals, s.party, CAST(SUM(s.amount) AS BIGINT) AS amount"
                   "  FROM event_shares s JOIN resources r ON r.code = s.currency"
                   " GROUP BY s.currency, r.decimals, s.party ORDER BY s.currency, 4 DESC, s.party");
}

json_t *all_shares(DbConn *c, Err *e, int64_t user_id, bool admin, int64_t limit, int64_t offset)
{
    /* every share counts in the totals; the events a reader may not see keep their name to themselves */
    return db_rows(c, e,
                   "SELECT CASE WHEN $3 = 1 OR" EVENT_VISIBLE(1) " THEN ev.slug END AS slug,"
                   " CASE WHEN $3 = 1 OR" EVENT_VISIBLE(1) " THEN ev.title ELSE 'An event for its chapter''s members' END AS title,"
                   " ev.closed_at, s.party, a.name AS account, s.amount, s.currency, r.decimals, s.share"
                   "  FROM event_shares s JOIN events ev ON ev.id = s.event_id JOIN ledger_accounts a ON a.id = s.account_id"
                   "  JOIN resources r ON r.code = s.currency"
                   " ORDER BY ev.closed_at DESC, ev.id DESC, s.share DESC, s.party, s.account_id, s.currency LIMIT $2 OFFSET $4",
                   DI(user_id), DI(limit), DBOOL(admin), DI(offset));
}

/* ---------- the places a split needs ---------- */

int place_parent(DbConn *c, Err *e, int64_t place, int64_t *parent, char *kind, size_t n)
{
    DbRes *r = db_query(c, e, "SELECT coalesce(parent_id, 0), kind FROM places WHERE id = $1", DI(place));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) {
        *parent = db_int(r, 0);
        snprintf(kind, n, "%s", db_text(r, 1));
    }
    db_done(r);
    return found;
}

json_t *events_for_place_feed(DbConn *c, Err *e, int64_t place, int64_t from)
{
    return db_rows(c, e,
                   "WITH RECURSIVE sub(id) AS (SELECT $1 UNION ALL SELECT p.id FROM places p JOIN sub ON p.parent_id = sub.id)"
                   " SELECT " EVENT_COLUMNS EVENT_JOINS
                   " WHERE ev.visibility = 'public' AND ev.ends_at >= $2 AND coalesce(ch.metro_id, ev.place_id) IN (SELECT id FROM sub)"
                   " ORDER BY ev.starts_at LIMIT 500", DI(place), DI(from));
}

json_t *hostable_chapters(DbConn *c, Err *e, int64_t user_id, bool admin)
{
    return db_rows(c, e,
                   "SELECT ch.id, ch.slug, ch.name, ch.metro_id, p.timezone FROM chapters ch JOIN places p ON p.id = ch.metro_id"
                   " WHERE ch.status IN ('forming', 'active') AND ($2 = 1 OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.chapter_id = ch.id"
                   "       AND ms.user_id = $1 AND ms.role = 'connector'))"
                   " ORDER BY ch.name", DI(user_id), DBOOL(admin));
}

json_t *hostable_places(DbConn *c, Err *e, int64_t user_id, bool admin)
{
    return db_rows(c, e,
                   "WITH RECURSIVE up(id) AS ("
                   "   SELECT ch.metro_id FROM chapters ch JOIN memberships ms ON ms.chapter_id = ch.id"
                   "    WHERE ms.user_id = $1 AND ms.role = 'connector'"
                   "   UNION SELECT p.parent_id FROM places p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL)"
                   " SELECT p.id, p.slug, p.name, p.kind, p.timezone FROM places p"
                   " WHERE $2 = 1 OR p.id IN (SELECT id FROM up)"
                   " ORDER BY CASE p.kind WHEN 'country' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, p.name",
                   DI(user_id), DBOOL(admin));
}

int chapter_id_by_slug(DbConn *c, Err *e, const char *slug, int64_t *id, int64_t *metro)
{
    DbRes *r = db_query(c, e, "SELECT id, metro_id FROM chapters WHERE slug = $1", DT(slug));
    if (!r) return -1;
    int found = db_next(r);
    if (found > 0) {
        *id = db_int(r, 0);
        if (metro) *metro = db_int(r, 1);
    }
    db_done(r);
    return found;
}

json_t *app_events(DbConn *c, Err *e, int64_t app_id, int64_t user_id, int64_t from)
{
    return db_rows(c, e,
                   "SELECT " EVENT_COLUMNS EVENT_JOINS
                   " WHERE (ev.app_id = $2 OR ap.origin_id = $2) AND ev.ends_at >= $3 AND ev.status <> 'cancelled' AND" EVENT_VISIBLE(1)
                   " ORDER BY ev.starts_at LIMIT 20", DI(user_id), DI(app_id), DI(from));
}

json_t *events_organised(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset)
{
    return db_rows(c, e,
                   "SELECT " EVENT_COLUMNS EVENT_JOINS
                   " WHERE ev.organiser_id = $1 ORDER BY ev.starts_at DESC, ev.id DESC LIMIT $2 OFFSET $3",
                   DI(user_id), DI(limit), DI(offset));
}

int event_brief(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ev.id, ev.slug, ev.title, ev.status, ev.capacity, ev.starts_at, ev.ends_at, ev.timezone, ev.basket_id, ev.organiser_id,"
                  " ev.visibility, ev.chapter_id, ev.place_id, ev.split_rule, coalesce(ch.metro_id, ev.place_id) AS host_place_id,"
                  " u.name AS organiser, ch.name AS chapter, p.name AS place"
                  "  FROM events ev LEFT JOIN chapters ch ON ch.id = ev.chapter_id JOIN users u ON u.id = ev.organiser_id"
                  "  LEFT JOIN places p ON p.id = ev.place_id WHERE ev.id = $1", DI(id));
}

int currency_known(DbConn *c, Err *e, const char *code)
{
    int64_t n = 0;
    if (db_int64(c, e, &n, "SELECT count(*) FROM resources WHERE code = $1 AND kind = 'money'", DT(code)) < 0) return -1;
    return n > 0;
}

int event_set_status(DbConn *c, Err *e, int64_t id, const char *status)
{
    return db_exec(c, e, "UPDATE events SET status = $2, sequence = sequence + 1, updated_at = $3 WHERE id = $1",
                   DI(id), DT(status), DI(now_unix())) < 0 ? -1 : 0;
}

int registration_of_user(DbConn *c, Err *e, int64_t event, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT " REGISTRATION_COLUMNS " FROM registrations g JOIN ticket_tiers t ON t.id = g.tier_id"
                  " JOIN resources r ON r.code = t.currency WHERE g.event_id = $1 AND g.user_id = $2 AND g.status <> 'cancelled'",
                  DI(event), DI(user_id));
}

json_t *basket_movements(DbConn *c, Err *e, int64_t basket)
{
    return db_rows(c, e,
                   "SELECT t.id AS tx_id, t.seq, t.kind, t.description, t.category, t.occurred_on, p.amount, p.resource, r.decimals,"
                   " t.reverses_id, CASE WHEN EXISTS (SELECT 1 FROM ledger_transactions x WHERE x.reverses_id = t.id) THEN 1 ELSE 0 END"
                   " AS is_reversed, t.visibility"
                   "  FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id JOIN resources r ON r.code = p.resource"
                   " WHERE p.account_id = $1 ORDER BY t.seq", DI(basket));
}

int app_load(DbConn *c, Arena *a, Err *e, const char *slug, int64_t user_id, bool admin, json_t **app, int64_t *id, bool *owner)
{
    (void)a;
    *owner = false;
    int found = app_by_slug(c, e, slug, app);
    if (found <= 0) return found;
    /* formats are open to everyone (copies too: what one chapter adapts, others learn from) */
    int64_t own = json_integer_value(json_object_get(*app, "owner_id"));
    if (!json_is_true(json_object_get(*app, "is_published")) && !admin && own != user_id) {
        json_decref(*app);
        *app = NULL;
        return 0;
    }
    *id = json_integer_value(json_object_get(*app, "id"));
    *owner = admin || (own && own == user_id);
    return 1;
}

json_t *place_options(DbConn *c, Err *e)
{
    return db_rows(c, e,
                   "SELECT p.id, p.slug, p.name, p.kind FROM places p"
                   " ORDER BY CASE p.kind WHEN 'country' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, p.name");
}

json_t *chapter_options(DbConn *c, Err *e)
{
    return db_rows(c, e, "SELECT id, slug, name FROM chapters WHERE status IN ('forming', 'active') ORDER BY name");
}

json_t *place_chain(DbConn *c, Err *e, int64_t place)
{
    return db_rows(c, e,
                   "WITH RECURSIVE up(id, depth) AS (SELECT $1, 0 UNION ALL"
                   "   SELECT p.parent_id, up.depth + 1 FROM places p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL AND up.depth < 20)"
                   " SELECT p.id, p.name, p.kind FROM up JOIN places p ON p.id = up.id ORDER BY up.depth", DI(place));
}

int guests_organisation(DbConn *c, Err *e, int64_t *id)
{
    int found = db_int64(c, e, id, "SELECT id FROM organisations WHERE slug = 'event-guests'");
    if (found != 0) return found < 0 ? -1 : 0;
    return db_int64(c, e, id,
                    "INSERT INTO organisations (name, slug, kind, website, created_at) VALUES ('Guests at events', 'event-guests', 'other', '', $1)"
                    " RETURNING id", DI(now_unix())) < 0 ? -1 : 0;
}

int event_by_basket(DbConn *c, Err *e, int64_t basket, json_t **out)
{
    return db_row(c, e, out, "SELECT id, visibility, chapter_id, organiser_id FROM events WHERE basket_id = $1", DI(basket));
}

int event_open_brief(DbConn *c, Err *e, int64_t id, json_t **ev)
{
    if (event_brief(c, e, id, ev) <= 0) return -1;
    if (!str_eq(json_string_value(json_object_get(*ev, "status")), "open")) {
        err_set(e, E_CONFLICT, "The event is %s; its books are settled.", json_string_value(json_object_get(*ev, "status")));
        json_decref(*ev);
        *ev = NULL;
        return -1;
    }
    return 0;
}

json_t *event_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT ev.id, ev.slug, ev.title, ev.description, ev.venue, ev.visibility, ev.status, a.name AS format,"
                   "       coalesce(ev.place_id, ch.metro_id) AS place_id, ch.sector_id, ev.updated_at"
                   "  FROM events ev JOIN apps a ON a.id = ev.app_id LEFT JOIN chapters ch ON ch.id = ev.chapter_id"
                   " WHERE ev.id > $1 ORDER BY ev.id LIMIT $2",
                   DI(after), DI(limit));
}

json_t *app_search_rows(DbConn *c, Err *e, int64_t after, int64_t limit)
{
    return db_rows(c, e,
                   "SELECT id, slug, name, summary, description, updated_at FROM apps"
                   " WHERE id > $1 AND is_published = 1 ORDER BY id LIMIT $2",
                   DI(after), DI(limit));
}

int registration_confirmed(DbConn *c, Err *e, int64_t id, const char *token_hash)
{
    return db_exec(c, e, "UPDATE registrations SET unverified_until = NULL, token_hash = $2, updated_at = $3 WHERE id = $1",
                   DI(id), DT(token_hash), DI(now_unix())) < 0 ? -1 : 0;
}

json_t *registrations_lapsed(DbConn *c, Err *e, int64_t now)
{
    return db_rows(c, e,
                   "SELECT g.id, g.event_id FROM registrations g JOIN events ev ON ev.id = g.event_id"
                   " WHERE g.unverified_until IS NOT NULL AND g.unverified_until <= $1 AND g.status <> 'cancelled'"
                   " AND ev.status = 'open' ORDER BY g.unverified_until, g.id LIMIT 100", DI(now));
}

int registration_brief(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT g.id, g.event_id, g.name, g.status, coalesce(g.unverified_until, 0) AS unverified_until, g.guest_email,"
                  " g.code, ev.title, ev.slug, ev.starts_at, ev.timezone FROM registrations g JOIN events ev ON ev.id = g.event_id"
                  " WHERE g.id = $1", DI(id));
}

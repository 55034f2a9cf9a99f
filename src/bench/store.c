/* store.c - the SQL of `glocal bench-data` (see bench.h and data.c).
 *
 * Small tables (places, sectors, chapters, meetings) are written row by row
 * from the plan in C; everything large is written set-based from the plan's
 * temporary tables: members, memberships and their events, RSVPs, attendance,
 * ledger accounts, postings and the totals of the accounts. The one large table written from C is
 * ledger_transactions, because every row carries the hash of the chain, which
 * ledger_hash computes in C: on SQLite one prepared INSERT per row, on
 * PostgreSQL one INSERT per batch from a JSON array (json_to_recordset), since
 * a round trip per row would cost more than the insert.
 *
 * Where the dialects differ (PRAGMA / SET, the JSON batch, identity sequences,
 * statistics, the WAL checkpoint) the function branches on db_conn_kind. */
#include <jansson.h>
#include <string.h>

#include "bench/bench.h"
#include "db/db.h"

static bool is_pg(DbConn *c) { return db_conn_kind(c) == DB_POSTGRES; }

int bench_existing_rows(DbConn *c, Err *e, int64_t *n)
{
    return db_int64(c, e, n,
                    "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM places) + (SELECT count(*) FROM sectors)"
                    "     + (SELECT count(*) FROM chapters) + (SELECT count(*) FROM meetings)"
                    "     + (SELECT count(*) FROM ledger_transactions)") < 0 ? -1 : 0;
}

/* The generator writes on the one connection it took from the pool, in a few
 * large transactions of its own (not db_write: that would be SQLite's shared
 * writer, whose settings cannot change inside a transaction). On SQLite the
 * connection stops being read-only, stops checking foreign keys and CHECK
 * constraints (the plan is consistent by construction; the tests run PRAGMA
 * foreign_key_check, and a CHECK with an IN list costs SQLite a temporary
 * table per row) and syncing, and gets a 2 GiB page cache, so that the indexes that grow in
 * random order (users by name, RSVPs by user, transactions by hash, postings
 * by account) are built in memory and each page reaches the write-ahead log
 * once; bench_connection_restore puts the read settings back. On PostgreSQL
 * commits do not wait for the disk, and a superuser's session skips the
 * foreign-key triggers (session_replication_role = replica). */
int bench_connection_bulk(DbConn *c, Err *e)
{
    if (is_pg(c)) {
        if (db_exec(c, e, "SET synchronous_commit = off") < 0 || db_exec(c, e, "SET work_mem = '256MB'") < 0 ||
            db_exec(c, e, "SET maintenance_work_mem = '512MB'") < 0)
            return -1;
        /* a superuser (the throwaway server of make bench) can skip the
         * triggers that check foreign keys row by row, as SQLite does above */
        int64_t super = 0;
        if (db_int64(c, e, &super, "SELECT CASE WHEN current_setting('is_superuser') = 'on' THEN 1 ELSE 0 END") < 0) return -1;
        return super && db_exec(c, e, "SET session_replication_role = replica") < 0 ? -1 : 0;
    }
    if (db_exec(c, e, "PRAGMA query_only = 0") < 0 || db_exec(c, e, "PRAGMA foreign_keys = OFF") < 0 ||
        db_exec(c, e, "PRAGMA ignore_check_constraints = ON") < 0 || db_exec(c, e, "PRAGMA synchronous = OFF") < 0 ||
        db_exec(c, e, "PRAGMA cache_size = -2097152") < 0 ||
        db_exec(c, e, "PRAGMA temp_store = MEMORY") < 0)
        return -1;
    return 0;
}

int bench_connection_restore(DbConn *c, Err *e)
{
    if (is_pg(c))
        return db_exec(c, e, "SET synchronous_commit = on") < 0 || db_exec(c, e, "RESET session_replication_role") < 0 ? -1 : 0;
    if (db_exec(c, e, "PRAGMA foreign_keys = ON") < 0 || db_exec(c, e, "PRAGMA ignore_check_constraints = OFF") < 0 ||
        db_exec(c, e, "PRAGMA synchronous = NORMAL") < 0 ||
        db_exec(c, e, "PRAGMA cache_size = -8000") < 0 || db_exec(c, e, "PRAGMA query_only = 1") < 0)
        return -1;
    return 0;
}

int bench_begin(DbConn *c, Err *e)
{
    if (is_pg(c)) return db_exec(c, e, "BEGIN") < 0 ? -1 : 0;
    return db_exec(c, e, "BEGIN IMMEDIATE") < 0 ? -1 : 0;
}

int bench_commit(DbConn *c, Err *e)
{
    return db_exec(c, e, "COMMIT") < 0 ? -1 : 0;
}

void bench_rollback(DbConn *c)
{
    Err e = { 0 };
    db_exec(c, &e, "ROLLBACK");
}

int bench_temp_tables(DbConn *c, Err *e)
{
    if (db_exec(c, e,
                "CREATE TEMP TABLE bench_plan (chapter_id BIGINT PRIMARY KEY, base BIGINT NOT NULL, size BIGINT NOT NULL,"
                " connectors BIGINT NOT NULL, metro_id BIGINT NOT NULL, sector_offset BIGINT NOT NULL,"
                " created_at BIGINT NOT NULL)") < 0 ||
        db_exec(c, e, "CREATE TEMP TABLE bench_slots (k BIGINT PRIMARY KEY)") < 0 ||
        db_exec(c, e, "CREATE TEMP TABLE bench_first (i BIGINT PRIMARY KEY, name TEXT NOT NULL)") < 0 ||
        db_exec(c, e, "CREATE TEMP TABLE bench_last (i BIGINT PRIMARY KEY, name TEXT NOT NULL)") < 0 ||
        db_exec(c, e, "CREATE TEMP TABLE bench_org (i BIGINT PRIMARY KEY, name TEXT NOT NULL)") < 0)
        return -1;
    return 0;
}

int bench_temp_drop(DbConn *c, Err *e)
{
    if (db_exec(c, e, "DROP TABLE IF EXISTS bench_plan") < 0 || db_exec(c, e, "DROP TABLE IF EXISTS bench_slots") < 0 ||
        db_exec(c, e, "DROP TABLE IF EXISTS bench_first") < 0 || db_exec(c, e, "DROP TABLE IF EXISTS bench_last") < 0 ||
        db_exec(c, e, "DROP TABLE IF EXISTS bench_org") < 0)
        return -1;
    return 0;
}

int bench_slot_insert(DbConn *c, Err *e, int64_t k)
{
    return db_exec(c, e, "INSERT INTO bench_slots (k) VALUES ($1)", DI(k)) < 0 ? -1 : 0;
}

int bench_name_insert(DbConn *c, Err *e, int which, int64_t i, const char *name)
{
    int n;
    if (which == 0) n = db_exec(c, e, "INSERT INTO bench_first (i, name) VALUES ($1, $2)", DI(i), DT(name));
    else if (which == 1) n = db_exec(c, e, "INSERT INTO bench_last (i, name) VALUES ($1, $2)", DI(i), DT(name));
    else n = db_exec(c, e, "INSERT INTO bench_org (i, name) VALUES ($1, $2)", DI(i), DT(name));
    return n < 0 ? -1 : 0;
}

/* ---------- the network: settings, pledge, places, sectors, chapters ---------- */

int bench_setting(DbConn *c, Err *e, const char *key, const char *value, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                   DT(key), DT(value), DI(now)) < 0 ? -1 : 0;
}

int bench_pledge(DbConn *c, Err *e, const char *title, const char *body, int64_t at)
{
    return db_exec(c, e, "INSERT INTO pledges (version, title, body, created_at, created_by) VALUES (1, $1, $2, $3, NULL)",
                   DT(title), DT(body), DI(at)) < 0 ? -1 : 0;
}

int bench_place_insert(DbConn *c, Err *e, int64_t id, int64_t parent, const char *kind, const char *name,
                       const char *slug, const char *tz, int64_t at)
{
    return db_exec(c, e,
                   "INSERT INTO places (id, parent_id, kind, name, slug, timezone, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   DI(id), DID(parent), DT(kind), DT(name), DT(slug), DT(tz), DI(at)) < 0 ? -1 : 0;
}

int bench_sector_insert(DbConn *c, Err *e, int64_t id, const char *name, const char *slug, const char *description,
                        int64_t at)
{
    return db_exec(c, e, "INSERT INTO sectors (id, name, slug, description, created_at) VALUES ($1, $2, $3, $4, $5)",
                   DI(id), DT(name), DT(slug), DT(description), DI(at)) < 0 ? -1 : 0;
}

int bench_chapter_insert(DbConn *c, Err *e, int64_t id, const char *slug, const char *name, int64_t metro,
                         int64_t sector, const char *status, const char *description, int64_t capacity,
                         const char *rule, int64_t created_by, int64_t created, int64_t updated)
{
    return db_exec(c, e,
                   "INSERT INTO chapters (id, slug, name, metro_id, sector_id, status, description, capacity, sector_rule,"
                   "                      created_by, created_at, updated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                   DI(id), DT(slug), DT(name), DI(metro), DID(sector), DT(status), DT(description), DI(capacity),
                   DT(rule), DID(created_by), DI(created), DI(updated)) < 0 ? -1 : 0;
}

int bench_item_insert(DbConn *c, Err *e, const char *slug, const char *kind, const char *title, const char *body,
                      const char *licence, const char *tags, int64_t place, int64_t sector, int64_t by, int64_t at)
{
    return db_exec(c, e,
                   "INSERT INTO commons_items (slug, kind, title, body, licence, tags, status, place_id, sector_id, origin,"
                   "                           created_by, published_at, created_at, updated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, 'published', $7, $8, 'network', $9, $10, $10, $10)",
                   DT(slug), DT(kind), DT(title), DT(body), DT(licence), DT(tags), DID(place), DID(sector), DI(by), DI(at)) < 0
               ? -1
               : 0;
}

int bench_plan_insert(DbConn *c, Err *e, int64_t chapter, int64_t base, int64_t size, int64_t connectors,
                      int64_t metro, int64_t sector_offset, int64_t created)
{
    return db_exec(c, e,
                   "INSERT INTO bench_plan (chapter_id, base, size, connectors, metro_id, sector_offset, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                   DI(chapter), DI(base), DI(size), DI(connectors), DI(metro), DI(sector_offset), DI(created)) < 0 ? -1 : 0;
}

/* ---------- people ---------- */

/* Member k of chapter p is user u = base + k + 1. They joined at an even pace
 * since the chapter started (the connectors first, on its first day), made
 * their account a few days before, and share the chapter's metro; sectors go
 * round from the chapter's offset, so no two members of a chapter of up to
 * `sectors` members share one (the one-per-sector rule holds). */
int bench_members_insert(DbConn *c, Err *e, int64_t first, int64_t last, const char *hash, int64_t sectors,
                         int64_t nfirst, int64_t nlast, int64_t norg, int64_t now)
{
    return db_exec(c, e,
                "INSERT INTO users (id, email, name, password_hash, is_admin, metro_id, sector_id, organisation, bio,"
                "                   created_at, password_changed_at, calendar_key)"
                " SELECT p.base + s.k + 1, 'member' || (p.base + s.k + 1) || '@bench.glocal.example',"
                "        f.name || ' ' || l.name, CAST($3 AS TEXT), 0, p.metro_id, 1 + (p.sector_offset + s.k) % $4,"
                "        CASE WHEN (p.base + s.k) % 4 = 0 THEN '' ELSE l2.name || ' ' || o.name END, '',"
                "        p.created_at + ((CAST($8 AS BIGINT) - p.created_at) / (p.size + 1)) * s.k - 86400 * (1 + (p.base + s.k) % 30),"
                "        p.created_at + ((CAST($8 AS BIGINT) - p.created_at) / (p.size + 1)) * s.k - 86400 * (1 + (p.base + s.k) % 30),"
                "        0"
                "   FROM bench_plan p JOIN bench_slots s ON s.k < p.size"
                "   JOIN bench_first f ON f.i = ((p.base + s.k) * 7919) % $5"
                "   JOIN bench_last l ON l.i = ((p.base + s.k) * 104729 + (p.base + s.k) / $5) % $6"
                "   JOIN bench_last l2 ON l2.i = ((p.base + s.k) * 31) % $6"
                "   JOIN bench_org o ON o.i = ((p.base + s.k) * 17) % $7"
                "  WHERE p.chapter_id BETWEEN $1 AND $2",
                DI(first), DI(last), DT(hash), DI(sectors), DI(nfirst), DI(nlast), DI(norg), DI(now)) < 0 ? -1 : 0;
}

int bench_memberships_insert(DbConn *c, Err *e, int64_t first, int64_t last, int64_t now)
{
    if (db_exec(c, e,
                "INSERT INTO memberships (chapter_id, user_id, role, joined_at)"
                " SELECT p.chapter_id, p.base + s.k + 1, CASE WHEN s.k < p.connectors THEN 'connector' ELSE 'member' END,"
                "        p.created_at + ((CAST($3 AS BIGINT) - p.created_at) / (p.size + 1)) * s.k"
                "   FROM bench_plan p JOIN bench_slots s ON s.k < p.size"
                "  WHERE p.chapter_id BETWEEN $1 AND $2",
                DI(first), DI(last), DI(now)) < 0)
        return -1;
    /* the history: everyone joined (invited by the first connector), connectors became connectors */
    if (db_exec(c, e,
                "INSERT INTO membership_events (chapter_id, user_id, kind, actor_id, at)"
                " SELECT m.chapter_id, m.user_id, 'joined', p.base + 1, m.joined_at"
                "   FROM memberships m JOIN bench_plan p ON p.chapter_id = m.chapter_id"
                "  WHERE m.chapter_id BETWEEN $1 AND $2",
                DI(first), DI(last)) < 0)
        return -1;
    if (db_exec(c, e,
                "INSERT INTO membership_events (chapter_id, user_id, kind, actor_id, at)"
                " SELECT m.chapter_id, m.user_id, 'connector', m.user_id, m.joined_at"
                "   FROM memberships m WHERE m.chapter_id BETWEEN $1 AND $2 AND m.role = 'connector'",
                DI(first), DI(last)) < 0)
        return -1;
    /* joining needs the pledge: every member accepted it before joining */
    return db_exec(c, e,
                   "INSERT INTO pledge_acceptances (user_id, version, accepted_at)"
                   " SELECT m.user_id, 1, m.joined_at - 3600 FROM memberships m WHERE m.chapter_id BETWEEN $1 AND $2",
                   DI(first), DI(last)) < 0 ? -1 : 0;
}

int bench_guests_insert(DbConn *c, Err *e, int64_t first, int64_t last, const char *hash, int64_t metro_base,
                        int64_t metros, int64_t sectors, int64_t nfirst, int64_t nlast, int64_t norg, int64_t now)
{
    return db_exec(c, e,
                   "WITH RECURSIVE n(u) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT u + 1 FROM n WHERE u < $2)"
                   " INSERT INTO users (id, email, name, password_hash, is_admin, metro_id, sector_id, organisation, bio,"
                   "                    created_at, password_changed_at, calendar_key)"
                   " SELECT n.u, 'member' || n.u || '@bench.glocal.example', f.name || ' ' || l.name, CAST($3 AS TEXT), 0,"
                   "        $4 + ((n.u * 2654435761) % $5) * ((n.u * 40503) % $5) / $5,"
                   "        1 + (n.u * 40503) % $6,"
                   "        CASE WHEN n.u % 3 = 0 THEN '' ELSE l2.name || ' ' || o.name END, '',"
                   "        CAST($10 AS BIGINT) - 86400 * (1 + n.u % 900), CAST($10 AS BIGINT) - 86400 * (1 + n.u % 900), 0"
                   "   FROM n JOIN bench_first f ON f.i = (n.u * 7919) % $7"
                   "   JOIN bench_last l ON l.i = (n.u * 104729 + n.u / $7) % $8"
                   "   JOIN bench_last l2 ON l2.i = (n.u * 31) % $8"
                   "   JOIN bench_org o ON o.i = (n.u * 17) % $9",
                   DI(first), DI(last), DT(hash), DI(metro_base), DI(metros), DI(sectors), DI(nfirst), DI(nlast), DI(norg),
                   DI(now)) < 0 ? -1 : 0;
}

int bench_admin_insert(DbConn *c, Err *e, int64_t id, const char *hash, int64_t at)
{
    if (db_exec(c, e,
                "INSERT INTO users (id, email, name, password_hash, is_admin, created_at, password_changed_at)"
                " VALUES ($1, 'admin@bench.glocal.example', 'Bench Administrator', $2, 1, $3, $3)",
                DI(id), DT(hash), DI(at)) < 0)
        return -1;
    return db_exec(c, e, "INSERT INTO pledge_acceptances (user_id, version, accepted_at) VALUES ($1, 1, $2)", DI(id), DI(at)) < 0
               ? -1 : 0;
}

/* ---------- meetings ---------- */

int bench_meeting_insert(DbConn *c, Err *e, int64_t id, int64_t chapter, int64_t starts, int64_t ends, const char *tz,
                         const char *venue, const char *status, const char *phase, int64_t opened, int64_t closed,
                         int64_t created, int64_t version)
{
    return db_exec(c, e,
                   "INSERT INTO meetings (id, chapter_id, occurrence, starts_at, ends_at, timezone, venue, online_url, status,"
                   "                      phase, opened_at, closed_at, sequence, version, created_at, updated_at)"
                   " VALUES ($1, $2, NULL, $3, $4, $5, $6, '', $7, $8, $9, $10,"
                   "         CASE WHEN $7 = 'cancelled' THEN 1 ELSE 0 END, $11, $12, $12)",
                   DI(id), DI(chapter), DI(starts), DI(ends), DT(tz), DT(venue), DT(status), DT(phase), DID(opened),
                   DID(closed), DI(version), DI(created)) < 0 ? -1 : 0;
}

int bench_rsvps_insert(DbConn *c, Err *e, int64_t first, int64_t last, int64_t per, int64_t guest_base, int64_t guests)
{
    return db_exec(c, e,
                   "INSERT INTO rsvps (meeting_id, user_id, answer, updated_at)"
                   " SELECT m.id,"
                   "        CASE WHEN s.k < p.size THEN p.base + s.k + 1 ELSE $4 + 1 + (m.id * 7919 + s.k * 104729) % $5 END,"
                   "        CASE WHEN (m.id * 31 + s.k * 17) % 20 < 13 THEN 'yes'"
                   "             WHEN (m.id * 31 + s.k * 17) % 20 < 17 THEN 'no' ELSE 'maybe' END,"
                   "        m.starts_at - 86400 * (8 + (m.id + s.k) % 20)"
                   "   FROM meetings m JOIN bench_plan p ON p.chapter_id = m.chapter_id JOIN bench_slots s ON s.k < $3"
                   "  WHERE m.id BETWEEN $1 AND $2",
                   DI(first), DI(last), DI(per), DI(guest_base), DI(guests)) < 0 ? -1 : 0;
}

int bench_attendance_insert(DbConn *c, Err *e, int64_t first, int64_t last)
{
    return db_exec(c, e,
                   "INSERT INTO attendance (meeting_id, user_id, is_present, recorded_by, recorded_at)"
                   " SELECT m.id, p.base + s.k + 1, CASE WHEN (m.id * 13 + s.k * 7) % 10 < 8 THEN 1 ELSE 0 END,"
                   "        p.base + 1, m.opened_at + 120"
                   "   FROM meetings m JOIN bench_plan p ON p.chapter_id = m.chapter_id JOIN bench_slots s ON s.k < p.size"
                   "  WHERE m.id BETWEEN $1 AND $2 AND m.status = 'held'",
                   DI(first), DI(last)) < 0 ? -1 : 0;
}

/* ---------- the books ---------- */

int bench_accounts_insert(DbConn *c, Err *e, int64_t chapters, int64_t members, int64_t now)
{
    if (db_exec(c, e,
                "INSERT INTO ledger_accounts (id, kind, ref_id, parent_id, name, purpose, created_at)"
                " VALUES (1, 'network', 0, NULL, 'The network', '', $1)", DI(now)) < 0)
        return -1;
    if (db_exec(c, e,
                "INSERT INTO ledger_accounts (id, kind, ref_id, parent_id, name, purpose, created_at)"
                " SELECT 1 + c.id, 'chapter', c.id, NULL, c.name, '', c.created_at FROM chapters c WHERE c.id <= $1",
                DI(chapters)) < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO ledger_accounts (id, kind, ref_id, parent_id, name, purpose, created_at)"
                   " SELECT 1 + $1 + u.id, 'member', u.id, NULL, u.name, '', u.created_at FROM users u WHERE u.id <= $2",
                   DI(chapters), DI(members)) < 0 ? -1 : 0;
}

int bench_transaction_insert(DbConn *c, Err *e, int64_t id, int64_t seq, const char *kind, const char *description,
                             const char *occurred_on, const char *visibility, int64_t payer, int64_t recipient,
                             int64_t recorded_by, int64_t recorded_at, const char *prev_hash, const char *hash)
{
    return db_exec(c, e,
                   "INSERT INTO ledger_transactions (id, seq, kind, description, category, occurred_on, visibility, payer_id,"
                   "  recipient_id, recorded_by, recorded_at, prev_hash, hash)"
                   " VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9, $10, $11, $12)",
                   DI(id), DI(seq), DT(kind), DT(description), DT(occurred_on), DT(visibility), DI(payer), DI(recipient),
                   DI(recorded_by), DI(recorded_at), DT(prev_hash), DT(hash)) < 0 ? -1 : 0;
}

int bench_transactions_insert_json(DbConn *c, Err *e, const char *rows)
{
    return db_exec(c, e,
                   "INSERT INTO ledger_transactions (id, seq, kind, description, category, occurred_on, visibility, payer_id,"
                   "  recipient_id, recorded_by, recorded_at, prev_hash, hash)"
                   " SELECT x.id, x.seq, x.kind, x.description, '', x.occurred_on, x.visibility, x.payer_id, x.recipient_id,"
                   "        x.recorded_by, x.recorded_at, x.prev_hash, x.hash"
                   "   FROM json_to_recordset(CAST($1 AS json)) AS x(id bigint, seq bigint, kind text, description text,"
                   "        occurred_on text, visibility text, payer_id bigint, recipient_id bigint, recorded_by bigint,"
                   "        recorded_at bigint, prev_hash text, hash text)",
                   DT(rows)) < 0 ? -1 : 0;
}

/* The amounts here are bench_posting_amount (bench.h), in SQL. */
int bench_postings_insert(DbConn *c, Err *e, int64_t first, int64_t last, int64_t total)
{
    if (db_exec(c, e,
                "INSERT INTO ledger_postings (id, transaction_id, account_id, resource, amount, value_amount, value_currency)"
                " SELECT t.id, t.id, t.payer_id, CASE WHEN t.description = 'Hours given' THEN 'HOURS' ELSE 'EUR' END,"
                "        -(CASE WHEN t.description = 'Hours given' THEN 30 * (1 + t.seq % 16)"
                "               WHEN t.description = 'Contribution' THEN 500 * (1 + (t.seq * 7) % 40)"
                "               ELSE 2500 * (1 + (t.seq * 13) % 40) END), NULL, NULL"
                "   FROM ledger_transactions t WHERE t.id BETWEEN $1 AND $2",
                DI(first), DI(last)) < 0)
        return -1;
    return db_exec(c, e,
                   "INSERT INTO ledger_postings (id, transaction_id, account_id, resource, amount, value_amount, value_currency)"
                   " SELECT $3 + t.id, t.id, t.recipient_id, CASE WHEN t.description = 'Hours given' THEN 'HOURS' ELSE 'EUR' END,"
                   "        CASE WHEN t.description = 'Hours given' THEN 30 * (1 + t.seq % 16)"
                   "             WHEN t.description = 'Contribution' THEN 500 * (1 + (t.seq * 7) % 40)"
                   "             ELSE 2500 * (1 + (t.seq * 13) % 40) END, NULL, NULL"
                   "   FROM ledger_transactions t WHERE t.id BETWEEN $1 AND $2",
                   DI(first), DI(last), DI(total)) < 0 ? -1 : 0;
}

/* ledger_totals from the postings, as migration 007 fills it: one pass in the
 * order of ledger_postings_account (account_id, resource, amount), which
 * holds every column summed, so SQLite groups without sorting and without
 * reading the table; PostgreSQL hashes one scan (work_mem is large here). */
int64_t bench_totals_insert(DbConn *c, Err *e)
{
    /* and the volume of each resource (migration 008), from the totals */
    return db_exec(c, e,
                   "INSERT INTO ledger_totals (account_id, resource, inflow, outflow)"
                   " SELECT account_id, resource, sum(CASE WHEN amount > 0 THEN amount ELSE 0 END),"
                   "        sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END)"
                   "   FROM ledger_postings GROUP BY account_id, resource") < 0 ||
                   db_exec(c, e,
                           "INSERT INTO ledger_volume (resource, volume)"
                           " SELECT resource, sum(inflow) FROM ledger_totals GROUP BY resource") < 0 ||
                   /* and each unit's, its baskets included (migration 035), from the totals */
                   db_exec(c, e,
                           "INSERT INTO ledger_unit_totals (unit_id, resource, inflow, outflow)"
                           " SELECT CASE WHEN a.kind = 'basket' AND a.parent_id IS NOT NULL THEN a.parent_id ELSE a.id END, t.resource,"
                           "        sum(t.inflow), sum(t.outflow)"
                           "   FROM ledger_totals t JOIN ledger_accounts a ON a.id = t.account_id"
                           "  GROUP BY CASE WHEN a.kind = 'basket' AND a.parent_id IS NOT NULL THEN a.parent_id ELSE a.id END, t.resource") < 0
               ? -1 : 0;
}

/* The directory's counts (migration 037), from the chapters: a superuser's
 * session on PostgreSQL (session_replication_role = replica) skips the
 * triggers that keep them as chapters are inserted; on SQLite they are made
 * again the same. */
int bench_chapter_counts_fill(DbConn *c, Err *e)
{
    return db_exec(c, e, "DELETE FROM chapter_counts") < 0 ||
                   db_exec(c, e,
                           "INSERT INTO chapter_counts (metro_id, sector_id, status, chapters)"
                           " SELECT metro_id, coalesce(sector_id, 0), status, count(*) FROM chapters"
                           "  GROUP BY metro_id, coalesce(sector_id, 0), status") < 0
               ? -1 : 0;
}

static void copy_text(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

int bench_transaction_read(DbConn *c, Err *e, int64_t seq, BenchTx *x)
{
    memset(x, 0, sizeof *x);
    DbRes *r = db_query(c, e,
                        "SELECT id, seq, kind, description, category, occurred_on, visibility, coalesce(payer_id, 0),"
                        "       coalesce(recipient_id, 0), coalesce(beneficiary_id, 0), coalesce(approved_by, 0),"
                        "       coalesce(recorded_by, 0), recorded_at, coalesce(reverses_id, 0), coalesce(meeting_id, 0),"
                        "       prev_hash, hash"
                        "  FROM ledger_transactions WHERE seq = $1", DI(seq));
    if (!r) return -1;
    int found = db_next(r);
    int64_t id = 0;
    if (found > 0) {
        id = db_int(r, 0);
        x->seq = db_int(r, 1);
        copy_text(x->kind, sizeof x->kind, db_text(r, 2));
        copy_text(x->description, sizeof x->description, db_text(r, 3));
        copy_text(x->category, sizeof x->category, db_text(r, 4));
        copy_text(x->occurred_on, sizeof x->occurred_on, db_text(r, 5));
        copy_text(x->visibility, sizeof x->visibility, db_text(r, 6));
        x->payer = db_int(r, 7);
        x->recipient = db_int(r, 8);
        x->beneficiary = db_int(r, 9);
        x->approved_by = db_int(r, 10);
        x->recorded_by = db_int(r, 11);
        x->recorded_at = db_int(r, 12);
        x->reverses = db_int(r, 13);
        x->meeting = db_int(r, 14);
        copy_text(x->prev_hash, sizeof x->prev_hash, db_text(r, 15));
        copy_text(x->hash, sizeof x->hash, db_text(r, 16));
    }
    db_done(r);
    if (found <= 0) return found < 0 ? -1 : 0;
    r = db_query(c, e,
                 "SELECT account_id, resource, amount, coalesce(value_amount, 0), value_currency FROM ledger_postings"
                 " WHERE transaction_id = $1 ORDER BY id", DI(id));
    if (!r) return -1;
    int s;
    while ((s = db_next(r)) > 0 && x->npostings < 4) {
        int i = x->npostings++;
        x->account[i] = db_int(r, 0);
        copy_text(x->resource[i], sizeof x->resource[i], db_text(r, 1));
        x->amount[i] = db_int(r, 2);
        x->value_amount[i] = db_int(r, 3);
        copy_text(x->value_currency[i], sizeof x->value_currency[i], db_null(r, 4) ? NULL : db_text(r, 4));
    }
    db_done(r);
    return s < 0 ? -1 : 1;
}

/* ---------- tokens, statistics, the end ---------- */

int bench_token_insert(DbConn *c, Err *e, int64_t user, const char *name, const char *hash, const char *hint, int64_t at)
{
    return db_exec(c, e, "INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at) VALUES ($1, $2, $3, $4, $5)",
                   DI(user), DT(name), DT(hash), DT(hint), DI(at)) < 0 ? -1 : 0;
}

int bench_sequences_fix(DbConn *c, Err *e)
{
    if (!is_pg(c)) return 0;
    if (db_exec(c, e, "SELECT setval(pg_get_serial_sequence('places', 'id'), (SELECT max(id) FROM places))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('sectors', 'id'), (SELECT max(id) FROM sectors))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('chapters', 'id'), (SELECT max(id) FROM chapters))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('meetings', 'id'), (SELECT max(id) FROM meetings))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('ledger_accounts', 'id'), (SELECT max(id) FROM ledger_accounts))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('ledger_transactions', 'id'),"
                      " (SELECT max(id) FROM ledger_transactions))") < 0 ||
        db_exec(c, e, "SELECT setval(pg_get_serial_sequence('ledger_postings', 'id'), (SELECT max(id) FROM ledger_postings))") < 0)
        return -1;
    return 0;
}

/* PostgreSQL: what autovacuum would do a minute later (statistics for the
 * planner, the visibility map for index-only scans), outside a transaction.
 * SQLite: nothing — Glocal never runs ANALYZE, so the benchmark measures the
 * plans a real database gets. */
int bench_analyze(DbConn *c, Err *e)
{
    if (!is_pg(c)) return 0;
    return db_exec(c, e, "VACUUM (ANALYZE)") < 0 ? -1 : 0;
}

int bench_checkpoint(DbConn *c, Err *e)
{
    if (is_pg(c)) return db_exec(c, e, "CHECKPOINT") < 0 ? -1 : 0;
    return db_exec(c, e, "PRAGMA wal_checkpoint(TRUNCATE)") < 0 ? -1 : 0;
}

json_t *bench_counts(DbConn *c, Err *e)
{
    json_t *row = NULL;
    if (db_row(c, e, &row,
               "SELECT (SELECT count(*) FROM places WHERE kind = 'country') AS countries,"
               "       (SELECT count(*) FROM places WHERE kind = 'region') AS regions,"
               "       (SELECT count(*) FROM places WHERE kind = 'metro') AS metros,"
               "       (SELECT count(*) FROM sectors) AS sectors,"
               "       (SELECT count(*) FROM chapters) AS chapters,"
               "       (SELECT count(*) FROM users WHERE is_admin = 0) AS members,"
               "       (SELECT count(*) FROM memberships) AS memberships,"
               "       (SELECT count(*) FROM meetings) AS meetings,"
               "       (SELECT count(*) FROM rsvps) AS rsvps,"
               "       (SELECT count(*) FROM attendance) AS attendance,"
               "       (SELECT count(*) FROM ledger_accounts) AS ledger_accounts,"
               "       (SELECT count(*) FROM ledger_transactions) AS ledger_transactions,"
               "       (SELECT count(*) FROM ledger_postings) AS ledger_postings,"
               "       (SELECT count(*) FROM api_tokens) AS api_tokens") <= 0) {
        if (!e->code) err_set(e, E_INTERNAL, "The bench network could not be counted.");
        return NULL;
    }
    return row;
}

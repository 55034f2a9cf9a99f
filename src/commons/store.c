/* store.c - the SQL of the commons' items: the items themselves, their frozen
 * revisions, the people named with their consent, the tags index, and the
 * few facts of the registry an item is checked against (store.h). */
#include "commons/store.h"

int commons_item_insert(DbConn *c, Err *e, const ItemRow *w, int64_t *id)
{
    DbRes *r = db_query(c, e,
                        "INSERT INTO commons_items (slug, kind, title, summary, body, url, licence, tags, status, place_id,"
                        " sector_id, origin, chapter_id, meeting_id, event_id, session_id, round_id, based_on_id, root_id,"
                        " depth, revision, created_by, created_at, updated_at)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
                        " $19, 1, $20, $21, $21) RETURNING id",
                        DT(w->slug), DT(w->kind), DT(w->title), DT(w->summary), DT(w->body), DT(w->url), DT(w->licence),
                        DT(w->tags), DID(w->place_id), DID(w->sector_id), DT(w->origin), DID(w->chapter_id),
                        DID(w->meeting_id), DID(w->event_id), DI(w->session_id), DID(w->round_id), DID(w->based_on_id),
                        DID(w->root_id), DI(w->depth), DI(w->created_by), DI(w->now));
    if (!r) return -1;
    int rc = db_next(r);
    if (rc > 0) *id = db_int(r, 0);
    db_done(r);
    return rc > 0 ? 0 : (rc == 0 ? err_set(e, E_INTERNAL, "The item was not stored.") : -1);
}

int commons_slug_taken(DbConn *c, Err *e, const char *slug)
{
    int64_t id = 0;
    return db_int64(c, e, &id, "SELECT id FROM commons_items WHERE slug = $1", DT(slug));
}

int commons_item_id(DbConn *c, Err *e, const char *slug, int64_t *id)
{
    return db_int64(c, e, id, "SELECT id FROM commons_items WHERE slug = $1", DT(slug));
}

int commons_item_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT i.id, i.slug, i.kind, i.title, i.summary, i.body, i.url, i.licence, i.tags, i.status,"
                  " i.place_id, p.name AS place_name, p.slug AS place_slug, i.sector_id, s.name AS sector_name,"
                  " s.slug AS sector_slug, i.origin, i.chapter_id, ch.name AS chapter_name, ch.slug AS chapter_slug,"
                  " i.meeting_id, i.event_id, ev.title AS event_title, ev.slug AS event_slug,"
                  " ev.visibility AS event_visibility, i.session_id, i.round_id, i.based_on_id, b.slug AS based_on_slug,"
                  " b.title AS based_on_title, b.status AS based_on_status, i.root_id, i.depth, i.revision, i.created_by,"
                  " i.withdrawn_reason, i.withdrawn_by, wu.name AS withdrawn_by_name, i.published_at, i.withdrawn_at,"
                  " i.created_at, i.updated_at"
                  " FROM commons_items i"
                  " LEFT JOIN places p ON p.id = i.place_id"
                  " LEFT JOIN sectors s ON s.id = i.sector_id"
                  " LEFT JOIN chapters ch ON ch.id = i.chapter_id"
                  " LEFT JOIN events ev ON ev.id = i.event_id"
                  " LEFT JOIN commons_items b ON b.id = i.based_on_id"
                  " LEFT JOIN users wu ON wu.id = i.withdrawn_by"
                  " WHERE i.id = $1",
                  DI(id));
}

int commons_item_text_set(DbConn *c, Err *e, int64_t id, const ItemRow *w, int64_t revision)
{
    return db_exec(c, e,
                   "UPDATE commons_items SET kind = $2, title = $3, summary = $4, body = $5, url = $6, licence = $7,"
                   " tags = $8, revision = $9, updated_at = $10 WHERE id = $1",
                   DI(id), DT(w->kind), DT(w->title), DT(w->summary), DT(w->body), DT(w->url), DT(w->licence),
                   DT(w->tags), DI(revision), DI(w->now)) < 0
               ? -1
               : 0;
}

int commons_item_status_set(DbConn *c, Err *e, int64_t id, const char *status, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE commons_items SET status = $2, updated_at = $3,"
                   " published_at = CASE WHEN $2 = 'published' THEN COALESCE(published_at, $3) ELSE published_at END"
                   " WHERE id = $1",
                   DI(id), DT(status), DI(now)) < 0
               ? -1
               : 0;
}

int commons_item_withdrawn_set(DbConn *c, Err *e, int64_t id, const char *reason, int64_t by, int64_t now)
{
    return db_exec(c, e,
                   "UPDATE commons_items SET status = 'withdrawn', withdrawn_reason = $2, withdrawn_by = $3,"
                   " withdrawn_at = $4, updated_at = $4 WHERE id = $1",
                   DI(id), DT(reason), DI(by), DI(now)) < 0
               ? -1
               : 0;
}

/* ---------- revisions ---------- */

int commons_revision_insert(DbConn *c, Err *e, const RevisionRow *v)
{
    return db_exec(c, e,
                   "INSERT INTO commons_revisions (item_id, number, title, summary, body, url, licence, tags, note,"
                   " edited_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                   DI(v->item_id), DI(v->number), DT(v->title), DT(v->summary), DT(v->body), DT(v->url),
                   DT(v->licence), DT(v->tags), DT(v->note), DI(v->edited_by), DI(v->now)) < 0
               ? -1
               : 0;
}

json_t *commons_revision_rows(DbConn *c, Err *e, int64_t item_id)
{
    return db_rows(c, e,
                   "SELECT r.number, r.title, r.note, r.licence, r.tags, r.edited_by, u.name AS editor, r.created_at,"
                   " LENGTH(r.body) AS body_length"
                   " FROM commons_revisions r JOIN users u ON u.id = r.edited_by"
                   " WHERE r.item_id = $1 ORDER BY r.number DESC",
                   DI(item_id));
}

int commons_revision_row(DbConn *c, Err *e, int64_t item_id, int64_t number, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT r.number, r.title, r.summary, r.body, r.url, r.licence, r.tags, r.note, r.edited_by,"
                  " u.name AS editor, r.created_at"
                  " FROM commons_revisions r JOIN users u ON u.id = r.edited_by"
                  " WHERE r.item_id = $1 AND r.number = $2",
                  DI(item_id), DI(number));
}

/* ---------- people and consent ---------- */

json_t *commons_people_rows(DbConn *c, Err *e, int64_t item_id)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name, u.email, p.role, p.consent, p.consent_at, p.position"
                   " FROM commons_people p JOIN users u ON u.id = p.user_id"
                   " WHERE p.item_id = $1 ORDER BY p.role, p.position, u.id",
                   DI(item_id));
}

json_t *commons_author_rows(DbConn *c, Err *e, int64_t item_id)
{
    return db_rows(c, e,
                   "SELECT u.id, u.name FROM commons_people p JOIN users u ON u.id = p.user_id"
                   " WHERE p.item_id = $1 AND p.role = 'author' ORDER BY p.position, u.id",
                   DI(item_id));
}

int commons_person_insert(DbConn *c, Err *e, int64_t item_id, int64_t user_id, const char *role, int64_t now)
{
    return db_exec(c, e,
                   "INSERT INTO commons_people (item_id, user_id, role, consent, position, added_at)"
                   " VALUES ($1, $2, $3, 'asked',"
                   " (SELECT COUNT(*) FROM commons_people WHERE item_id = $1 AND role = $3), $4)",
                   DI(item_id), DI(user_id), DT(role), DI(now)) < 0
               ? -1
               : 0;
}

int commons_consent_set(DbConn *c, Err *e, int64_t item_id, int64_t user_id, const char *consent, int64_t now)
{
    return db_exec(c, e, "UPDATE commons_people SET consent = $3, consent_at = $4 WHERE item_id = $1 AND user_id = $2",
                   DI(item_id), DI(user_id), DT(consent), DI(now)) < 0
               ? -1
               : 0;
}

int commons_consent_reask(DbConn *c, Err *e, int64_t item_id, int64_t except)
{
    return db_exec(c, e,
                   "UPDATE commons_people SET consent = 'asked', consent_at = NULL"
                   " WHERE item_id = $1 AND (($2 = 0 AND consent <> 'given') OR ($2 <> 0 AND user_id <> $2))",
                   DI(item_id), DI(except)) < 0
               ? -1
               : 0;
}

int commons_pending_count(DbConn *c, Err *e, int64_t item_id, int64_t *n)
{
    *n = 0;
    return db_int64(c, e, n, "SELECT COUNT(*) FROM commons_people WHERE item_id = $1 AND consent <> 'given'",
                    DI(item_id)) < 0
               ? -1
               : 0;
}

int commons_tags_set(DbConn *c, Err *e, int64_t item_id, const char *tags)
{
    if (db_exec(c, e, "DELETE FROM commons_tags WHERE item_id = $1", DI(item_id)) < 0) return -1;
    const char *p = tags ? tags : "";
    while (*p) {
        size_t n = 0;
        while (p[n] && p[n] != ' ') n++;
        if (n) {
            char tag[64];
            snprintf(tag, sizeof tag, "%.*s", (int)(n < 63 ? n : 63), p);
            if (db_exec(c, e, "INSERT INTO commons_tags (item_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        DI(item_id), DT(tag)) < 0)
                return -1;
        }
        p += n;
        while (*p == ' ') p++;
    }
    return 0;
}

/* ---------- what an item is attached to ---------- */

int commons_user_row(DbConn *c, Err *e, int64_t id, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, email FROM users WHERE id = $1", DI(id));
}

int commons_user_by_email(DbConn *c, Err *e, const char *email, json_t **out)
{
    return db_row(c, e, out, "SELECT id, name, email FROM users WHERE LOWER(email) = LOWER($1)", DT(email));
}

int commons_chapter_row(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ch.id, ch.metro_id, ch.sector_id,"
                  " (SELECT m.role FROM memberships m WHERE m.chapter_id = ch.id AND m.user_id = $2) AS role"
                  " FROM chapters ch WHERE ch.id = $1",
                  DI(chapter_id), DI(user_id));
}

int commons_event_row(DbConn *c, Err *e, int64_t event_id, int64_t user_id, json_t **out)
{
    return db_row(c, e, out,
                  "SELECT ev.id, ev.chapter_id, COALESCE(ev.place_id, ch.metro_id) AS place_id, ch.sector_id,"
                  " ev.organiser_id,"
                  " (SELECT COUNT(*) FROM registrations g WHERE g.event_id = ev.id AND g.user_id = $2"
                  "   AND g.status <> 'cancelled') AS registered"
                  " FROM events ev LEFT JOIN chapters ch ON ch.id = ev.chapter_id WHERE ev.id = $1",
                  DI(event_id), DI(user_id));
}

int commons_meeting_chapter(DbConn *c, Err *e, int64_t meeting_id, int64_t *chapter_id)
{
    *chapter_id = 0;
    return db_int64(c, e, chapter_id, "SELECT chapter_id FROM meetings WHERE id = $1", DI(meeting_id));
}

int commons_place_exists(DbConn *c, Err *e, int64_t id)
{
    int64_t x = 0;
    return db_int64(c, e, &x, "SELECT id FROM places WHERE id = $1", DI(id));
}

int commons_sector_exists(DbConn *c, Err *e, int64_t id)
{
    int64_t x = 0;
    return db_int64(c, e, &x, "SELECT id FROM sectors WHERE id = $1", DI(id));
}

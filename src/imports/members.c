/* members.c - importing a chapter's members: the upload (read, checked and
 * kept for its preview), the preview's figures, and the confirmation, which
 * writes every row in one transaction. Rows are people matched by e-mail
 * address: someone who is a member already is skipped, so the same file
 * imported twice adds nobody the second time. */
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/str.h"
#include "imports/internal.h"
#include "mail/mail.h"

typedef struct Upload {
    ImportRow row;
    int64_t id;
} Upload;

static int upload_tx(DbConn *c, void *ctx, Err *e)
{
    Upload *u = ctx;
    return import_insert(c, e, &u->row, &u->id);
}

int import_keep(DbConn *c, Err *e, Arena *a, const ImportRow *row, const ImportRead *rd, int64_t *id)
{
    const char *name = row->filename ? row->filename : "";
    if (!str_single_line(name)) name = "";
    char *accepted = json_dumps(rd->accepted, JSON_COMPACT), *refused = json_dumps(rd->refused, JSON_COMPACT);
    Upload up = { *row, 0 };
    up.row.filename = str_truncate(a, name, 200);
    up.row.format = rd->format;
    up.row.total = rd->total;
    up.row.accepted = accepted;
    up.row.refused = refused;
    up.row.expires_at = row->created_at + IMPORT_WAIT_SECONDS;
    int rc = db_write(c, upload_tx, &up, e);
    *id = up.id;
    free(accepted);
    free(refused);
    return rc;
}

int import_members_upload(DbConn *c, Err *e, MembersUpload *u)
{
    if (str_empty(u->csv)) return err_field(e, E_INVALID, "csv", "Please choose a CSV file to import.");
    ImportRead rd;
    if (import_members_read(u->a, u->csv, strlen(u->csv), &rd, e) < 0) return -1;
    ImportRow row = { .kind = "members", .filename = u->filename, .chapter_id = u->chapter_id, .by = u->by, .created_at = u->now };
    int rc = import_keep(c, e, u->a, &row, &rd, &u->id);
    json_decref(rd.accepted);
    json_decref(rd.refused);
    return rc;
}

/* How many of the accepted rows (JSON text) are members of the chapter now. */
static int already_members(DbConn *c, Err *e, int64_t chapter_id, json_t *accepted, int64_t *n)
{
    json_t *members = chapter_member_emails(c, e, chapter_id);
    if (!members) return -1;
    json_t *set = json_object();
    size_t i;
    json_t *m;
    json_array_foreach(members, i, m) json_object_set_new(set, json_string_value(json_object_get(m, "email")), json_true());
    *n = 0;
    json_array_foreach(accepted, i, m) if (json_object_get(set, json_string_value(json_object_get(m, "email"))))(*n)++;
    json_decref(set);
    json_decref(members);
    return 0;
}

int import_get(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, ImportCount count, json_t **out)
{
    json_t *row = NULL;
    int found = import_find(c, e, id, chapter_id, by, now, &row);
    if (found <= 0) return found;
    json_t *accepted = json_loads(json_string_value(json_object_get(row, "accepted")), 0, NULL);
    json_t *refused = json_loads(json_string_value(json_object_get(row, "refused")), 0, NULL);
    int64_t already = 0;
    int rc = -1;
    if (!accepted || !refused) {
        err_set(e, E_INTERNAL, "The import's rows could not be read back.");
        goto done;
    }
    if (count(c, e, chapter_id, accepted, &already) < 0) goto done;
    json_object_del(row, "accepted");
    json_object_set_new(row, "refused", json_incref(refused));
    json_object_set_new(row, "refused_count", json_integer((json_int_t)json_array_size(refused)));
    json_object_set_new(row, "already", json_integer(already));
    json_object_set_new(row, "to_import", json_integer((json_int_t)json_array_size(accepted) - already));
    json_object_set_new(row, "is_done", json_boolean(!json_is_null(json_object_get(row, "done_at"))));
    *out = json_incref(row);
    rc = 1;
done:
    json_decref(accepted);
    json_decref(refused);
    json_decref(row);
    return rc;
}

int import_members_get(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, json_t **out)
{
    return import_get(c, e, id, chapter_id, by, now, already_members, out);
}

/* Mails one person added to the chapter: a new account gets a link to choose
 * its password (a reset link that lasts IMPORT_LINK_SECONDS). */
static int welcome(DbConn *c, Err *e, MembersConfirm *k, const json_t *p, int64_t user, bool fresh)
{
    const char *link = "";
    if (fresh) {
        const char *token = token_new(k->a);
        AccountToken t = { .purpose = "reset", .hash = token_hash(k->a, token), .user_id = user, .created_at = k->now,
                           .expires_at = k->now + IMPORT_LINK_SECONDS };
        if (account_token_put(c, e, &t) < 0) return -1;
        link = arena_printf(k->a, "%s/password/reset/%s", k->public_url ? k->public_url : "", token);
    }
    k->invited++;
    return mail_queuef(c, e, json_string_value(json_object_get(p, "email")), "import_welcome", "{s:O, s:s, s:s, s:s, s:s}",
                       "name", json_object_get(p, "name"), "chapter", k->chapter_name, "inviter", k->inviter, "link", link,
                       "login", arena_printf(k->a, "%s/login", k->public_url ? k->public_url : ""));
}

/* One accepted row: skipped when a member already, else added (and its account made). */
static int import_person(DbConn *c, Err *e, MembersConfirm *k, const json_t *p, json_t *metros)
{
    int64_t user = 0;
    bool member = false;
    int found = person_find(c, e, json_string_value(json_object_get(p, "email")), k->chapter_id, &user, &member);
    if (found < 0) return -1;
    if (member) {
        k->skipped++;
        return 0;
    }
    if (!found) {
        const char *city = json_string_value(json_object_get(p, "city"));
        int64_t metro = 0;
        if (*city && json_is_integer(json_object_get(metros, city))) metro = json_integer_value(json_object_get(metros, city));
        else if (*city && import_metro_named(c, e, city, &metro) < 0) return -1;
        if (*city) json_object_set_new(metros, city, json_integer(metro));
        if (person_insert(c, e, p, metro, k->now, &user) < 0 || member_index(c, e, user) < 0) return -1;
    }
    if (member_insert(c, e, k->chapter_id, user, k->by, k->now) < 0) return -1;
    k->imported++;
    return k->send_invitations ? welcome(c, e, k, p, user, !found) : 0;
}

int import_take(DbConn *c, Err *e, int64_t id, int64_t chapter_id, int64_t by, int64_t now, json_t **accepted)
{
    json_t *row = NULL;
    int found = import_find(c, e, id, chapter_id, by, now, &row);
    if (found <= 0) {
        if (!found) err_set(e, E_NOT_FOUND, "There is no such import waiting: it may have expired (an upload waits an hour). Upload the file again.");
        return -1;
    }
    int claimed = import_claim(c, e, id, now);
    if (claimed > 0 && !(*accepted = json_loads(json_string_value(json_object_get(row, "accepted")), 0, NULL)))
        claimed = err_set(e, E_INTERNAL, "The import's rows could not be read back.");
    else if (claimed == 0)
        claimed = err_set(e, E_CONFLICT, "This import was confirmed already; its report shows what it did.");
    json_decref(row);
    return claimed < 0 ? -1 : 0;
}

static int confirm_tx(DbConn *c, void *ctx, Err *e)
{
    MembersConfirm *k = ctx;
    json_t *accepted = NULL;
    if (import_take(c, e, k->id, k->chapter_id, k->by, k->now, &accepted) < 0) return -1;
    json_t *metros = json_object();
    int rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(accepted, i, p) if ((rc = import_person(c, e, k, p, metros)) < 0) break;
    if (rc == 0) rc = import_settle(c, e, k->id, k->imported, k->skipped, k->invited, k->now + IMPORT_REPORT_SECONDS);
    json_decref(metros);
    json_decref(accepted);
    return rc;
}

int import_members_confirm(DbConn *c, Err *e, MembersConfirm *k)
{
    if (str_eq(k->chapter_status, "closed"))
        return err_set(e, E_CONFLICT, "%s is closed and takes no new members.", k->chapter_name ? k->chapter_name : "This chapter");
    if (!k->inviter) k->inviter = "A connector";
    k->imported = k->skipped = k->invited = 0;
    return db_write(c, confirm_tx, k, e);
}

typedef struct Purge {
    int64_t now;
    int n;
} Purge;

static int purge_tx(DbConn *c, void *ctx, Err *e)
{
    Purge *p = ctx;
    return (p->n = imports_purge(c, e, p->now)) < 0 ? -1 : 0;
}

int imports_tick(DbConn *c, int64_t now, Buf *report, Err *e)
{
    Purge p = { now, 0 };
    if (db_write(c, purge_tx, &p, e) < 0) return -1;
    int n = p.n;
    if (n > 0) buf_printf(report, "%s%d expired import%s forgotten", report->len ? ", " : "", n, n == 1 ? "" : "s");
    return 0;
}

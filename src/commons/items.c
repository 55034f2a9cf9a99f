/* items.c - the operations on the commons' items: create (an original or an
 * adaptation), edit (a new frozen revision), publish, give or take back
 * consent, name another person. Each is one transaction: it loads the item
 * and what the caller is to it, asks the rules (rules.c), writes, keeps the
 * search index in step (search_put while published, search_drop when it stops
 * being public), tells the peer nodes (fed_item_changed: a Create, Update or
 * Delete of its Article, only about what is or was published) and queues its
 * mail. Mail goes only to people named on the
 * item, so a draft's words never reach anyone else. */
#include <string.h>

#include "base/str.h"
#include "commons/store.h"
#include "federation/federation.h"
#include "mail/mail.h"
#include "search/search.h"
#include "settings/settings.h"
#include "webhooks/webhooks.h"

static int64_t num(json_t *row, const char *key)
{
    return json_integer_value(json_object_get(row, key));
}

static const char *text(json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s ? s : "";
}

/* Joins the caller's transaction, or runs its own. */
static int in_write(DbConn *c, DbTxFn fn, void *ctx, Err *e)
{
    return db_in_write(c) ? fn(c, ctx, e) : db_write(c, fn, ctx, e);
}

const char *commons_default_licence(DbConn *c, Err *e)
{
    (void)e;
    Arena a;
    arena_init(&a, 128);
    const Licence *l = licence_find(setting_get(c, &a, "commons_default_licence", "cc-by-4.0"));
    arena_release(&a);
    return l ? l->code : licences[0].code;
}

/* ---------- an item and what the caller is to it ---------- */

typedef struct Loaded {
    json_t *row, *people;
    ItemRel rel;
    const char *status;
} Loaded;

static void loaded_free(Loaded *l)
{
    json_decref(l->row);
    json_decref(l->people);
}

static int load(DbConn *c, Err *e, int64_t id, int64_t by, ItemAct act, Loaded *l)
{
    memset(l, 0, sizeof *l);
    int found = commons_item_row(c, e, id, &l->row);
    if (found < 0) return -1;
    if (!found) return err_set(e, E_NOT_FOUND, "There is no such item in the commons.");
    if (!(l->people = commons_people_rows(c, e, id))) return -1;
    l->status = text(l->row, "status");
    l->rel.logged_in = by > 0;
    size_t i;
    json_t *p;
    json_array_foreach(l->people, i, p) {
        if (num(p, "id") != by) continue;
        l->rel.author = str_eq(text(p, "role"), "author");
        l->rel.quoted = !l->rel.author;
        l->rel.consent = text(p, "consent");
    }
    return item_may(act, l->status, &l->rel, e);
}

/* ---------- search and mail ---------- */

/* Mail `name` to each person named on the item (people rows) that `want`
 * selects, never to `except`. */
typedef bool (*Pick)(json_t *person);
static bool pick_all(json_t *p)
{
    (void)p;
    return true;
}
static bool pick_asked(json_t *p)
{
    return str_eq(text(p, "consent"), "asked");
}
static bool pick_authors(json_t *p)
{
    return str_eq(text(p, "role"), "author");
}

static int mail_people(DbConn *c, Err *e, const Loaded *l, const char *name, Pick want, int64_t except, const char *who,
                       const char *reason)
{
    Arena a;
    arena_init(&a, 256);
    const char *network = setting_get(c, &a, "network_name", "Glocal");
    /* in full: the node's address as it was last served (web/app.c keeps it for mail written outside a request) */
    const char *page = arena_printf(&a, "%s/commons/%s", setting_get(c, &a, "public_url", ""), text(l->row, "slug"));
    const char *quoted_page = arena_printf(&a, "%s/quoted", page);   /* where a quoted member reads and answers */
    bool was_published = str_eq(text(l->row, "status"), "published");
    int rc = 0;
    size_t i;
    json_t *p;
    json_array_foreach(l->people, i, p) {
        if (rc < 0 || num(p, "id") == except || !want(p)) continue;
        bool quoted = str_eq(text(p, "role"), "quoted");
        rc = mail_queuef(c, e, text(p, "email"), name, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "name",
                         text(p, "name"), "title", text(l->row, "title"), "summary", text(l->row, "summary"), "link",
                         quoted ? quoted_page : page, "network", network, "who", who ? who : "", "reason",
                         reason ? reason : "", "is_quoted", quoted, "was_published", was_published);
    }
    arena_release(&a);
    return rc;
}

static const char *name_of(const Loaded *l, int64_t user)
{
    size_t i;
    json_t *p;
    json_array_foreach(l->people, i, p) if (num(p, "id") == user) return text(p, "name");
    return "";
}

/* The people rows again (after consents changed), for the mail. */
static int people_reload(DbConn *c, Err *e, Loaded *l)
{
    json_decref(l->people);
    l->people = commons_people_rows(c, e, num(l->row, "id"));
    return l->people ? 0 : -1;
}

/* ---------- create ---------- */

typedef struct Create {
    const ItemIn *in;
    FieldErrs *f;
    int64_t id;
} Create;

/* Where the item came from: the chapter, event and meeting named, checked for
 * its author; place and sector taken from them unless given. */
static int origin_check(DbConn *c, Err *e, const ItemIn *in, ItemRow *w, FieldErrs *f)
{
    json_t *row = NULL;
    int found;
    if (in->chapter_id) {
        if ((found = commons_chapter_row(c, e, in->chapter_id, in->by, &row)) < 0) return -1;
        if (!found) field_err(f, "chapter_id", "There is no such chapter.");
        else if (json_is_null(json_object_get(row, "role")))
            field_err(f, "chapter_id", "You can credit only a chapter you belong to.");
        else if (!w->place_id) w->place_id = num(row, "metro_id"), w->sector_id = w->sector_id ? w->sector_id : num(row, "sector_id");
        json_decref(row);
        row = NULL;
    }
    if (in->meeting_id) {
        int64_t ch = 0;
        if (commons_meeting_chapter(c, e, in->meeting_id, &ch) < 0) return -1;
        if (!ch || ch != in->chapter_id) field_err(f, "meeting_id", "The meeting must be one of the chapter's.");
    }
    if (in->event_id) {
        if ((found = commons_event_row(c, e, in->event_id, in->by, &row)) < 0) return -1;
        if (!found) field_err(f, "event_id", "There is no such event.");
        else if (num(row, "organiser_id") != in->by && num(row, "registered") == 0)
            field_err(f, "event_id", "You can credit only an event you organised or took part in.");
        else {
            if (!w->place_id) w->place_id = num(row, "place_id");
            if (!w->sector_id) w->sector_id = num(row, "sector_id");
            if (!w->chapter_id) w->chapter_id = num(row, "chapter_id");
        }
        json_decref(row);
    }
    if (in->place_id && (found = commons_place_exists(c, e, in->place_id)) <= 0) {
        if (found < 0) return -1;
        field_err(f, "place_id", "There is no such place.");
    }
    if (in->sector_id && (found = commons_sector_exists(c, e, in->sector_id)) <= 0) {
        if (found < 0) return -1;
        field_err(f, "sector_id", "There is no such sector.");
    }
    const char *o = w->origin;
    if ((str_eq(o, "meeting") || str_eq(o, "chapter")) && !in->chapter_id)
        field_err(f, "origin", "Name the chapter it came from.");
    if ((str_eq(o, "event") || str_eq(o, "session")) && !in->event_id)
        field_err(f, "origin", "Name the event it came from.");
    return 0;
}

static const char *origin_default(const ItemIn *in)
{
    if (!str_empty(in->origin)) return in->origin;
    if (in->meeting_id) return "meeting";
    if (in->session_id) return "session";
    if (in->event_id) return "event";
    return in->chapter_id ? "chapter" : "network";
}

/* An adaptation: the item it is based on must be published; its line and depth. */
static int based_on_check(DbConn *c, Err *e, const ItemIn *in, ItemRow *w, FieldErrs *f)
{
    Loaded l;
    if (load(c, e, in->based_on_id, in->by, IA_ADAPT, &l) < 0) {
        loaded_free(&l);
        return -1;
    }
    w->root_id = num(l.row, "root_id") ? num(l.row, "root_id") : in->based_on_id;
    w->depth = num(l.row, "depth") + 1;
    const char *parent = text(l.row, "licence");
    if (str_empty(in->licence)) w->licence = str_eq(parent, "cc-by-sa-4.0") ? "cc-by-sa-4.0" : w->licence;
    else if (!licence_adapt_allowed(parent, in->licence))
        field_err(f, "licence", "It is based on an item under CC BY-SA 4.0 (ShareAlike): an adaptation keeps that licence.");
    loaded_free(&l);
    return 0;
}

static int create_tx(DbConn *c, void *ctx, Err *e)
{
    Create *k = ctx;
    const ItemIn *in = k->in;
    Arena *a = k->f->a;
    ItemRow w = {
        .kind = in->kind, .title = str_trim(a, in->title), .summary = in->summary ? in->summary : "",
        .body = in->body ? in->body : "", .url = in->url ? in->url : "", .origin = origin_default(in),
        .licence = str_empty(in->licence) ? commons_default_licence(c, e) : in->licence,
        .place_id = in->place_id, .sector_id = in->sector_id, .chapter_id = in->chapter_id,
        .meeting_id = in->meeting_id, .event_id = in->event_id, .session_id = in->session_id,
        .round_id = in->round_id, .based_on_id = in->based_on_id, .created_by = in->by, .now = in->now,
    };
    w.tags = item_tags_parse(a, in->tags, k->f);
    if (origin_check(c, e, in, &w, k->f) < 0) return -1;
    if (in->based_on_id && based_on_check(c, e, in, &w, k->f) < 0) return -1;
    if (fields_check(k->f, e) < 0) return -1;
    int taken = 1;
    for (int n = 1; taken && n < 1000; n++) {
        w.slug = item_slug_try(a, w.title, n);
        if ((taken = commons_slug_taken(c, e, w.slug)) < 0) return -1;
    }
    if (taken) return err_set(e, E_CONFLICT, "Too many items have this title: choose another.");
    if (commons_item_insert(c, e, &w, &k->id) < 0) return -1;
    RevisionRow v = { k->id, 1, w.title, w.summary, w.body, w.url, w.licence, w.tags,
                      in->note ? in->note : "", in->by, in->now };
    if (commons_revision_insert(c, e, &v) < 0 || commons_tags_set(c, e, k->id, w.tags) < 0) return -1;
    return commons_person_insert(c, e, k->id, in->by, "author", in->now);
}

int item_create(DbConn *c, Err *e, const ItemIn *in, FieldErrs *f, int64_t *id)
{
    if (in->by <= 0) return err_set(e, E_UNAUTHORIZED, "Log in to add to the commons.");
    item_fields_problems(in, true, f);
    if (fields_check(f, e) < 0) return -1;
    Create k = { in, f, 0 };
    if (in_write(c, create_tx, &k, e) < 0) return -1;
    *id = k.id;
    return 0;
}

/* ---------- edit ---------- */

typedef struct Edit {
    int64_t id;
    const ItemIn *in;
    FieldErrs *f;
} Edit;

static const char *pick(const char *given, json_t *row, const char *key)
{
    return given ? given : text(row, key);
}

/* Consent is to the words that get published: when an author changes them on
 * an item waiting for consent or published, everyone else named is asked
 * again, and a published item leaves public view until they consent (rules.c:
 * item_status_on_edit). Otherwise a published item is indexed anew. */
static int after_edit(DbConn *c, Err *e, Loaded *l, int64_t by, bool words, int64_t now)
{
    int64_t id = num(l->row, "id"), others = (int64_t)json_array_size(l->people) - 1;
    bool ask = false;
    const char *next = item_status_on_edit(l->status, words, others, &ask);
    if (!ask) return str_eq(next, "published") && (item_index(c, e, id) < 0 || fed_item_changed(c, e, id, true) < 0) ? -1 : 0;
    if (commons_consent_reask(c, e, id, by) < 0 || people_reload(c, e, l) < 0) return -1;
    if (!str_eq(next, l->status) && (commons_item_status_set(c, e, id, next, now) < 0 || search_drop(c, e, "item", id) < 0 ||
                                     fed_item_changed(c, e, id, str_eq(l->status, "published")) < 0))
        return -1;
    return mail_people(c, e, l, "commons_consent_reasked", pick_asked, by, name_of(l, by), NULL);
}

static int edit_tx(DbConn *c, void *ctx, Err *e)
{
    Edit *k = ctx;
    const ItemIn *in = k->in;
    Arena *a = k->f->a;
    Loaded l;
    int rc = -1;
    if (load(c, e, k->id, in->by, IA_EDIT, &l) < 0) goto done;
    json_t *row = l.row;
    ItemRow w = { .kind = pick(in->kind, row, "kind"), .title = in->title ? str_trim(a, in->title) : text(row, "title"),
                  .summary = pick(in->summary, row, "summary"), .body = pick(in->body, row, "body"),
                  .url = pick(in->url, row, "url"), .licence = str_empty(in->licence) ? text(row, "licence") : in->licence,
                  .tags = in->tags ? item_tags_parse(a, in->tags, k->f) : text(row, "tags"), .now = in->now };
    if (num(row, "based_on_id") && in->licence && !str_eq(w.licence, text(row, "licence"))) {
        json_t *parent = NULL;
        if (commons_item_row(c, e, num(row, "based_on_id"), &parent) < 0) goto done;
        if (parent && !licence_adapt_allowed(text(parent, "licence"), w.licence))
            field_err(k->f, "licence", "It is based on an item under CC BY-SA 4.0 (ShareAlike): an adaptation keeps that licence.");
        json_decref(parent);
    }
    if (fields_check(k->f, e) < 0) goto done;
    /* the words first: what those named consent to; then kind and tags */
    static const char *const keys[] = { "title", "summary", "body", "url", "licence", "kind", "tags" };
    const char *now[] = { w.title, w.summary, w.body, w.url, w.licence, w.kind, w.tags };
    enum { WORDS = 5 };
    bool words = false, changed = false;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        bool differs = !str_eq(now[i], text(row, keys[i]));
        words = words || (differs && i < WORDS);
        changed = changed || differs;
    }
    if (!changed) {   /* nothing to keep: no empty revision */
        rc = 0;
        goto done;
    }
    int64_t number = num(row, "revision") + 1;
    RevisionRow v = { k->id, number, w.title, w.summary, w.body, w.url, w.licence, w.tags,
                      in->note ? in->note : "", in->by, in->now };
    if (commons_revision_insert(c, e, &v) < 0 || commons_item_text_set(c, e, k->id, &w, number) < 0 ||
        commons_tags_set(c, e, k->id, w.tags) < 0)
        goto done;
    rc = after_edit(c, e, &l, in->by, words, in->now);
done:
    loaded_free(&l);
    return rc;
}

int item_edit(DbConn *c, Err *e, int64_t id, const ItemIn *in, FieldErrs *f)
{
    item_fields_problems(in, false, f);
    if (fields_check(f, e) < 0) return -1;
    Edit k = { id, in, f };
    return in_write(c, edit_tx, &k, e);
}

/* ---------- publishing and consent ---------- */

typedef struct Consent {
    int64_t id, user;
    bool give;
    const char *reason;
    int64_t now;
    int64_t seen;   /* the revision the consent is to (0: the current one) */
} Consent;

/* The item became public: indexed, and everyone named told (but `by`). */
static int went_public(DbConn *c, Err *e, Loaded *l, int64_t by, int64_t now)
{
    int64_t id = num(l->row, "id");
    if (commons_item_status_set(c, e, id, "published", now) < 0 || item_index(c, e, id) < 0 ||
        fed_item_changed(c, e, id, false) < 0)
        return -1;
    json_t *v = NULL;   /* the webhooks hear of it as its public page shows it */
    int found = item_view_id(c, e, id, 0, &v);
    int rc = found < 0 ? -1
             : found   ? webhook_emit(c, e, "commons.published", json_integer_value(json_object_get(json_object_get(v, "chapter"), "id")), v)
                       : 0;
    json_decref(v);
    if (rc < 0) return -1;
    return mail_people(c, e, l, "commons_published", pick_all, by, name_of(l, by), NULL);
}

static int publish_tx(DbConn *c, void *ctx, Err *e)
{
    Consent *k = ctx;
    Loaded l;
    int rc = -1;
    int64_t pending = 0;
    if (load(c, e, k->id, k->user, IA_PUBLISH, &l) < 0) goto done;
    if (commons_consent_set(c, e, k->id, k->user, "given", k->now) < 0 || commons_consent_reask(c, e, k->id, 0) < 0 ||
        commons_pending_count(c, e, k->id, &pending) < 0 || people_reload(c, e, &l) < 0)
        goto done;
    if (str_eq(item_status_on_publish(pending), "published")) rc = went_public(c, e, &l, k->user, k->now);
    else if (commons_item_status_set(c, e, k->id, "consenting", k->now) == 0)
        rc = mail_people(c, e, &l, "commons_consent_asked", pick_asked, k->user, name_of(&l, k->user), NULL);
done:
    loaded_free(&l);
    return rc;
}

int item_publish(DbConn *c, Err *e, int64_t id, int64_t by, int64_t now)
{
    Consent k = { id, by, true, NULL, now };
    return in_write(c, publish_tx, &k, e);
}

static int consent_tx(DbConn *c, void *ctx, Err *e)
{
    Consent *k = ctx;
    Loaded l;
    int rc = -1;
    int64_t pending = 0;
    if (load(c, e, k->id, k->user, IA_CONSENT, &l) < 0 ||
        item_consent_current(k->give, k->seen, num(l.row, "revision"), e) < 0)
        goto done;
    if (str_eq(l.rel.consent, k->give ? "given" : "withdrawn")) {   /* already so: nothing changes */
        rc = 0;
        goto done;
    }
    if (commons_consent_set(c, e, k->id, k->user, k->give ? "given" : "withdrawn", k->now) < 0 ||
        commons_pending_count(c, e, k->id, &pending) < 0)
        goto done;
    const char *next = item_status_on_consent(l.status, k->give, pending);
    const char *who = name_of(&l, k->user);
    if (str_eq(next, l.status)) rc = 0;
    else if (str_eq(next, "published")) rc = went_public(c, e, &l, k->user, k->now);
    else if (str_eq(next, "withdrawn")) {
        if (commons_item_withdrawn_set(c, e, k->id, k->reason, k->user, k->now) == 0 &&
            search_drop(c, e, "item", k->id) == 0 && fed_item_changed(c, e, k->id, str_eq(l.status, "published")) == 0)
            rc = mail_people(c, e, &l, "commons_withdrawn", pick_all, k->user, who, k->reason);
    } else if (commons_item_status_set(c, e, k->id, next, k->now) == 0)   /* declined while asked: back to draft */
        rc = mail_people(c, e, &l, "commons_declined", pick_authors, k->user, who, k->reason);
done:
    loaded_free(&l);
    return rc;
}

int item_consent(DbConn *c, Err *e, int64_t id, int64_t user_id, bool give, const char *reason, int64_t now)
{
    return item_consent_to(c, e, id, user_id, give, reason, 0, now);
}

int item_consent_to(DbConn *c, Err *e, int64_t id, int64_t user_id, bool give, const char *reason, int64_t seen,
                    int64_t now)
{
    if (!give) {
        if (str_empty(reason))
            return err_field(e, E_INVALID, "reason", "Say why you take your consent back: it stays on the item's page.");
        if (str_utf8_len(reason) > ITEM_NOTE_MAX)
            return err_field(e, E_INVALID, "reason", "The reason can be at most %d characters long.", ITEM_NOTE_MAX);
    }
    Consent k = { id, user_id, give, give ? "" : reason, now, seen };
    return in_write(c, consent_tx, &k, e);
}

/* ---------- naming people ---------- */

typedef struct AddPerson {
    int64_t id, user;
    const char *role;
    int64_t by, now;
} AddPerson;

static int add_person_tx(DbConn *c, void *ctx, Err *e)
{
    AddPerson *k = ctx;
    Loaded l;
    json_t *user = NULL;
    int rc = -1, found;
    if (load(c, e, k->id, k->by, IA_ADD_PERSON, &l) < 0) goto done;
    if ((found = commons_user_row(c, e, k->user, &user)) <= 0) {
        if (found == 0) err_field(e, E_INVALID, "email", "There is no member with this address.");
        goto done;
    }
    size_t i;
    json_t *p;
    json_array_foreach(l.people, i, p) if (num(p, "id") == k->user) {
        err_field(e, E_CONFLICT, "email", "%s is already named on this item.", text(user, "name"));
        goto done;
    }
    if (commons_person_insert(c, e, k->id, k->user, k->role, k->now) < 0 || people_reload(c, e, &l) < 0) goto done;
    rc = 0;
    if (str_eq(l.status, "draft")) goto done;   /* asked when an author asks to publish */
    if (str_eq(l.status, "published")) {        /* public again once they consent */
        if (commons_item_status_set(c, e, k->id, "consenting", k->now) < 0 || search_drop(c, e, "item", k->id) < 0 ||
            fed_item_changed(c, e, k->id, true) < 0) {
            rc = -1;
            goto done;
        }
    }
    json_array_foreach(l.people, i, p) if (num(p, "id") != k->user) json_object_set_new(p, "consent", json_string("-"));
    rc = mail_people(c, e, &l, "commons_consent_asked", pick_asked, k->by, name_of(&l, k->by), NULL);
done:
    json_decref(user);
    loaded_free(&l);
    return rc;
}

int item_add_person(DbConn *c, Err *e, int64_t id, int64_t user_id, const char *role, int64_t by, int64_t now)
{
    if (!str_eq(role, "author") && !str_eq(role, "quoted"))
        return err_field(e, E_INVALID, "role", "Name them as an author or as someone whose story it quotes.");
    AddPerson k = { id, user_id, role, by, now };
    return in_write(c, add_person_tx, &k, e);
}

/* ---------- the network's default licence ---------- */

static int settings_tx(DbConn *c, void *ctx, Err *e)
{
    return setting_put(c, e, "commons_default_licence", ctx);
}

int commons_settings_save(DbConn *c, Err *e, const char *licence, FieldErrs *f)
{
    const Licence *l = licence_find(licence);
    if (!l) field_err(f, "licence", "Choose one of the licences offered: CC BY 4.0, CC BY-SA 4.0 or CC0 1.0.");
    if (fields_check(f, e) < 0) return -1;
    return db_write(c, settings_tx, (void *)l->code, e);
}

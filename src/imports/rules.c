/* rules.c - what an uploaded file means, as pure functions: which column
 * holds what (a spreadsheet's own headings, or a Meetup group's member
 * export), and whether each row can be imported, with the reason when not;
 * for members, and for chapters (with the network's cities and sectors given).
 * No SQL, no clock: whether someone is a member already is the operation's
 * question (members.c). */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/csv.h"
#include "base/i18n.h"
#include "base/str.h"
#include "imports/imports.h"
#include "network/network.h"

/* A heading reduced to its ASCII letters and digits, lower-cased ("E-mail
 * address" -> "emailaddress"). */
static char *heading_key(Arena *a, const char *s)
{
    char *k = arena_alloc(a, strlen(s) + 1), *o = k;
    for (; *s; s++) {
        char ch = *s;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) *o++ = ch;
    }
    *o = 0;
    return k;
}

static bool key_in(const char *key, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(key, *names) == 0) return true;
    return false;
}

static const char *const NAME_KEYS[] = { "name", "fullname", "membername", "displayname", NULL };
static const char *const FIRST_KEYS[] = { "firstname", "givenname", "forename", NULL };
static const char *const LAST_KEYS[] = { "lastname", "surname", "familyname", NULL };
static const char *const EMAIL_KEYS[] = { "email", "emailaddress", "mail", "memberemail", NULL };
static const char *const ORG_KEYS[] = { "organisation", "organization", "company", "employer", "org", NULL };
static const char *const BIO_KEYS[] = { "bio", "intro", "introduction", "about", NULL };
static const char *const CITY_KEYS[] = { "city", "location", "town", "metro", NULL };
/* Headings only a Meetup member export has ("Member ID", "URL of Member Profile", ...). */
static const char *const MEETUP_KEYS[] = { "memberid", "userid", "urlofmemberprofile", "joinedgroupon",
                                           "lastvisitedgroupon", "assistantorganizer", NULL };

static void set_once(int *slot, int i)
{
    if (*slot < 0) *slot = i;
}

int import_columns(const char *const *cells, int n, ImportColumns *cols, Err *e)
{
    Arena a;
    arena_init(&a, 1024);
    *cols = (ImportColumns){ "plain", -1, -1, -1, -1, -1, -1, -1 };
    int meetup = 0, email_like = -1;
    for (int i = 0; i < n; i++) {
        const char *k = heading_key(&a, cells[i]);
        if (key_in(k, MEETUP_KEYS)) meetup++;
        if (key_in(k, NAME_KEYS)) set_once(&cols->name, i);
        else if (key_in(k, FIRST_KEYS)) set_once(&cols->first_name, i);
        else if (key_in(k, LAST_KEYS)) set_once(&cols->last_name, i);
        else if (key_in(k, EMAIL_KEYS)) set_once(&cols->email, i);
        else if (key_in(k, ORG_KEYS)) set_once(&cols->organisation, i);
        else if (key_in(k, BIO_KEYS)) set_once(&cols->bio, i);
        else if (key_in(k, CITY_KEYS)) set_once(&cols->city, i);
        else if (strstr(k, "email") && email_like < 0) email_like = i;   /* "What is your e-mail address?" */
    }
    arena_release(&a);
    if (meetup >= 2) cols->format = "meetup";
    if (cols->email < 0) cols->email = email_like;
    if (cols->email < 0 && meetup >= 2)
        return err_field(e, E_INVALID, "csv",
                         "This is a Meetup member export, which has no e-mail addresses (Meetup keeps them). Add a "
                         "column \"Email\" with each member's address (from the answers to a profile question, or "
                         "by hand) and upload it again.");
    if (cols->email < 0)
        return err_field(e, E_INVALID, "csv",
                         "The first line must name the columns, and none is for the e-mail address: call it \"email\".");
    if (cols->name < 0 && cols->first_name < 0)
        return err_field(e, E_INVALID, "csv",
                         "The first line must name the columns, and none is for the name: call it \"name\" (or "
                         "\"first name\" and \"last name\").");
    return 0;
}

/* Cell i of the record, trimmed ("" when the row is shorter). */
static const char *cell(Arena *a, const CsvRecord *rec, int i)
{
    return i >= 0 && i < rec->n ? str_trim(a, rec->cells[i]) : "";
}

/* Whether s (one line of text) holds a control character. */
static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F) return true;
    return false;
}

/* The row's person as {line, name, email, organisation, bio, city}, or NULL
 * with the reason (arena) in *why. */
static json_t *member_row(Arena *a, const ImportColumns *cols, const CsvRecord *rec, const char **why)
{
    const char *email = str_lower(a, cell(a, rec, cols->email));
    const char *name = cell(a, rec, cols->name);
    if (!*name) name = str_trim(a, arena_printf(a, "%s %s", cell(a, rec, cols->first_name), cell(a, rec, cols->last_name)));
    const char *org = cell(a, rec, cols->organisation), *bio = cell(a, rec, cols->bio), *city = cell(a, rec, cols->city);
    Err ne = { 0 };
    if (!*email) *why = _("No e-mail address.");
    else if (!str_email_valid(email)) *why = arena_printf(a, _("\"%s\" is not a valid e-mail address."), str_truncate(a, email, 80));
    else if (!*name) *why = _("No name.");
    else if (account_name_check(name, "name", &ne) < 0) *why = arena_strdup(a, ne.msg);
    else if (str_utf8_len(org) > IMPORT_ORG_MAX) *why = arena_printf(a, _("The organisation is longer than %d characters."), IMPORT_ORG_MAX);
    else if (!str_single_line(org) || has_control(org)) *why = _("The organisation holds a line break or a control character.");
    else if (str_utf8_len(bio) > IMPORT_BIO_MAX) *why = arena_printf(a, _("The introduction is longer than %d characters."), IMPORT_BIO_MAX);
    else if (str_utf8_len(city) > 100 || !str_single_line(city)) *why = _("The city is longer than 100 characters or holds a line break.");
    else return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "line", (json_int_t)rec->line, "name", name, "email", email,
                          "organisation", org, "bio", bio, "city", city);
    return NULL;
}

/* The reader's refusal (in e) as a refusal at the field "csv". */
static int at_csv(Err *e)
{
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg);
    return err_field(e, E_INVALID, "csv", "%s", msg);
}

static int read_fail(ImportRead *out, Err *e)
{
    json_decref(out->accepted);
    json_decref(out->refused);
    out->accepted = out->refused = NULL;
    return at_csv(e);
}

/* What a kind of file needs of the reading loop (read_rows). */
typedef struct Reading {
    const char *what;            /* "person": "a row per person" */
    /* reads the heading row into ctx: 0, or -1 with a sentence at "csv" */
    int (*columns)(const char *const *cells, int n, void *ctx, const char **format, Err *e);
    /* the row as accepted, or NULL and the reason in *why */
    json_t *(*row)(Arena *a, const CsvRecord *rec, void *ctx, const char **why);
    /* the key two rows may not share (accepted rows only), and the sentence naming the first line */
    const char *(*key)(Arena *a, const json_t *row);
    const char *same;            /* "The same e-mail address as line %lld." (a message, said by tr) */
    /* what a refused row shows of itself, under the name `shown` */
    const char *shown;
    const char *(*shown_cell)(Arena *a, const CsvRecord *rec, void *ctx);
    void *ctx;
} Reading;

/* One data row: accepted into out->accepted, or refused with its reason. */
static void take_row(Arena *a, const Reading *rd, const CsvRecord *rec, json_t *seen, ImportRead *out)
{
    const char *why = NULL;
    json_t *row = rd->row(a, rec, rd->ctx, &why);
    const char *key = row ? rd->key(a, row) : NULL;
    json_t *first = key ? json_object_get(seen, key) : NULL;
    if (first) {
        /* both messages of the table take one %lld (msgfmt --check keeps the translations to it) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        why = arena_printf(a, tr(rd->same), (long long)json_integer_value(first));
#pragma GCC diagnostic pop
        json_decref(row);
        row = NULL;
    }
    if (row) {
        json_object_set_new(seen, key, json_integer(rec->line));
        json_array_append_new(out->accepted, row);
        return;
    }
    json_array_append_new(out->refused, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)rec->line, rd->shown,
                                                  str_truncate(a, rd->shown_cell(a, rec, rd->ctx), 120), "reason", why));
}

/* Reads a file: its heading, then every row (blank lines aside), at most IMPORT_MAX_ROWS. */
static int read_rows(Arena *a, const char *text, size_t len, const Reading *rd, ImportRead *out, Err *e)
{
    *out = (ImportRead){ "plain", 0, NULL, NULL };
    if (!str_utf8_valid(text, len))
        return err_field(e, E_INVALID, "csv", "The file is not UTF-8 text: save it as \"CSV UTF-8\" and upload it again.");
    CsvReader cr;
    csv_reader_init(&cr, text, len);
    CsvRecord head;
    int got;
    while ((got = csv_next(&cr, a, &head, e)) == 1 && csv_blank(&head)) {}
    if (got < 0) return at_csv(e);
    if (got == 0)
        return err_field(e, E_INVALID, "csv", "The file is empty: it needs a line of headings and a row per %s.", tr(rd->what));
    if (rd->columns(head.cells, head.n, rd->ctx, &out->format, e) < 0) return -1;
    out->accepted = json_array();
    out->refused = json_array();
    json_t *seen = json_object();   /* key -> the line it was first on */
    CsvRecord rec;
    while ((got = csv_next(&cr, a, &rec, e)) == 1) {
        if (csv_blank(&rec)) continue;
        if (++out->total > IMPORT_MAX_ROWS) {
            err_set(e, E_INVALID, "The file has more than %d rows; split it into files of %d rows or fewer.",
                    IMPORT_MAX_ROWS, IMPORT_MAX_ROWS);
            got = -1;
            break;
        }
        take_row(a, rd, &rec, seen, out);
    }
    json_decref(seen);
    if (got < 0) return read_fail(out, e);
    if (out->total == 0) {
        err_set(e, E_INVALID, "The file has headings but no rows: add a row per %s.", tr(rd->what));
        return read_fail(out, e);
    }
    return 0;
}

/* ---------- members ---------- */

static int member_columns(const char *const *cells, int n, void *ctx, const char **format, Err *e)
{
    ImportColumns *cols = ctx;
    if (import_columns(cells, n, cols, e) < 0) return -1;
    *format = cols->format;
    return 0;
}

static json_t *member_row_of(Arena *a, const CsvRecord *rec, void *ctx, const char **why)
{
    return member_row(a, ctx, rec, why);
}

static const char *member_key(Arena *a, const json_t *row)
{
    (void)a;
    return json_string_value(json_object_get(row, "email"));
}

static const char *member_shown(Arena *a, const CsvRecord *rec, void *ctx)
{
    return cell(a, rec, ((ImportColumns *)ctx)->email);
}

int import_members_read(Arena *a, const char *text, size_t len, ImportRead *out, Err *e)
{
    ImportColumns cols;
    Reading rd = { N_("person"), member_columns, member_row_of, member_key, N_("The same e-mail address as line %lld."), "email",
                   member_shown, &cols };
    return read_rows(a, text, len, &rd, out, e);
}

/* ---------- chapters ---------- */

typedef struct ChapterColumns {
    int name, city, sector, description, capacity, connector;
    const json_t *metros, *sectors;
} ChapterColumns;

static const char *const CAPACITY_KEYS[] = { "capacity", "places", "seats", "size", NULL };
static const char *const CONNECTOR_KEYS[] = { "connector", "connectoremail", "connectoraddress", "organiser", "organizer", NULL };
static const char *const SECTOR_KEYS[] = { "sector", "industry", "focus", NULL };
static const char *const DESCRIPTION_KEYS[] = { "description", "about", "summary", NULL };

static int chapter_columns(const char *const *cells, int n, void *ctx, const char **format, Err *e)
{
    ChapterColumns *cols = ctx;
    Arena a;
    arena_init(&a, 1024);
    cols->name = cols->city = cols->sector = cols->description = cols->capacity = cols->connector = -1;
    for (int i = 0; i < n; i++) {
        const char *k = heading_key(&a, cells[i]);
        if (key_in(k, NAME_KEYS) || strcmp(k, "chapter") == 0 || strcmp(k, "chaptername") == 0) set_once(&cols->name, i);
        else if (key_in(k, CITY_KEYS)) set_once(&cols->city, i);
        else if (key_in(k, SECTOR_KEYS)) set_once(&cols->sector, i);
        else if (key_in(k, DESCRIPTION_KEYS)) set_once(&cols->description, i);
        else if (key_in(k, CAPACITY_KEYS)) set_once(&cols->capacity, i);
        else if (key_in(k, CONNECTOR_KEYS)) set_once(&cols->connector, i);
    }
    arena_release(&a);
    *format = "plain";
    if (cols->name < 0 || cols->city < 0)
        return err_field(e, E_INVALID, "csv", "The first line must name the columns, and none is for the chapter's %s: call it \"%s\".",
                         cols->name < 0 ? "name" : "city", cols->name < 0 ? "name" : "city");
    return 0;
}

/* The id `name` (lower-cased) has in `ids`, or 0. */
static int64_t id_named(Arena *a, const json_t *ids, const char *name)
{
    return json_integer_value(json_object_get(ids, str_lower(a, name)));
}

static json_t *chapter_row(Arena *a, const CsvRecord *rec, void *ctx, const char **why)
{
    const ChapterColumns *cols = ctx;
    const char *city = cell(a, rec, cols->city), *sector = cell(a, rec, cols->sector);
    const char *capacity = cell(a, rec, cols->capacity), *connector = str_lower(a, cell(a, rec, cols->connector));
    ChapterFields f = { .name = cell(a, rec, cols->name), .description = cell(a, rec, cols->description), .status = "forming",
                        .capacity = CHAPTER_CAPACITY_DEFAULT };
    f.metro_id = id_named(a, cols->metros, city);
    f.sector_id = *sector ? id_named(a, cols->sectors, sector) : 0;
    FieldErrs problems = { a, NULL, 0 };
    bool number = !*capacity || str_to_i64(capacity, &f.capacity);
    chapter_fields_problems(&f, &problems);
    if (str_empty(f.name)) *why = _("No name.");
    else if (!*city) *why = _("No city.");
    else if (!f.metro_id) *why = arena_printf(a, _("No city of the network is called \"%s\": add it under Places first."), str_truncate(a, city, 80));
    else if (*sector && !f.sector_id) *why = arena_printf(a, _("No sector is called \"%s\"."), str_truncate(a, sector, 80));
    else if (!number) *why = arena_printf(a, _("The capacity \"%s\" is not a whole number."), str_truncate(a, capacity, 20));
    else if (*connector && !str_email_valid(connector)) *why = _("The connector's address is not a valid e-mail address.");
    else if (problems.n) *why = problems.at[0].msg;
    else return json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:I, s:s}", "line", (json_int_t)rec->line, "name", f.name, "metro_id",
                          (json_int_t)f.metro_id, "city", city, "sector_id", (json_int_t)f.sector_id, "description",
                          f.description, "capacity", (json_int_t)f.capacity, "connector", connector);
    return NULL;
}

static const char *chapter_key(Arena *a, const json_t *row)
{
    return arena_printf(a, "%lld %s", (long long)json_integer_value(json_object_get(row, "metro_id")),
                        str_lower(a, json_string_value(json_object_get(row, "name"))));
}

static const char *chapter_shown(Arena *a, const CsvRecord *rec, void *ctx)
{
    return cell(a, rec, ((ChapterColumns *)ctx)->name);
}

int import_chapters_read(Arena *a, const char *text, size_t len, const json_t *metros, const json_t *sectors, ImportRead *out,
                         Err *e)
{
    ChapterColumns cols = { .metros = metros, .sectors = sectors };
    Reading rd = { N_("chapter"), chapter_columns, chapter_row, chapter_key, N_("The same name and city as line %lld."), "name",
                   chapter_shown, &cols };
    return read_rows(a, text, len, &rd, out, e);
}

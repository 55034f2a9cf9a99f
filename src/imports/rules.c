/* rules.c - what an uploaded members' file means, as pure functions: which
 * column holds what (a spreadsheet's own headings, or a Meetup group's member
 * export), and whether each row can be imported, with the reason when not.
 * No SQL, no clock: whether someone is a member already is the operation's
 * question (members.c). */
#include <stdio.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/csv.h"
#include "base/str.h"
#include "imports/imports.h"

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
    if (!*email) *why = "No e-mail address.";
    else if (!str_email_valid(email)) *why = arena_printf(a, "\"%s\" is not a valid e-mail address.", str_truncate(a, email, 80));
    else if (!*name) *why = "No name.";
    else if (account_name_check(name, "name", &ne) < 0) *why = arena_strdup(a, ne.msg);
    else if (str_utf8_len(org) > IMPORT_ORG_MAX) *why = arena_printf(a, "The organisation is longer than %d characters.", IMPORT_ORG_MAX);
    else if (!str_single_line(org) || has_control(org)) *why = "The organisation holds a line break or a control character.";
    else if (str_utf8_len(bio) > IMPORT_BIO_MAX) *why = arena_printf(a, "The introduction is longer than %d characters.", IMPORT_BIO_MAX);
    else if (str_utf8_len(city) > 100 || !str_single_line(city)) *why = "The city is longer than 100 characters or holds a line break.";
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

int import_members_read(Arena *a, const char *text, size_t len, ImportRead *out, Err *e)
{
    *out = (ImportRead){ "plain", 0, NULL, NULL };
    if (!str_utf8_valid(text, len))
        return err_field(e, E_INVALID, "csv", "The file is not UTF-8 text: save it as \"CSV UTF-8\" and upload it again.");
    CsvReader rd;
    csv_reader_init(&rd, text, len);
    CsvRecord head;
    int got;
    while ((got = csv_next(&rd, a, &head, e)) == 1 && csv_blank(&head)) {}
    if (got < 0) return at_csv(e);
    if (got == 0) return err_field(e, E_INVALID, "csv", "The file is empty: it needs a line of headings and a row per person.");
    ImportColumns cols;
    if (import_columns(head.cells, head.n, &cols, e) < 0) return -1;
    out->format = cols.format;
    out->accepted = json_array();
    out->refused = json_array();
    json_t *seen = json_object();   /* address -> the line it was first on */
    CsvRecord rec;
    while ((got = csv_next(&rd, a, &rec, e)) == 1) {
        if (csv_blank(&rec)) continue;
        if (++out->total > IMPORT_MAX_ROWS) {
            err_set(e, E_INVALID, "The file has more than %d rows; split it into files of %d rows or fewer.",
                    IMPORT_MAX_ROWS, IMPORT_MAX_ROWS);
            got = -1;
            break;
        }
        const char *why = NULL;
        json_t *row = member_row(a, &cols, &rec, &why);
        const char *email = row ? json_string_value(json_object_get(row, "email")) : NULL;
        json_t *first = email ? json_object_get(seen, email) : NULL;
        if (first) {
            why = arena_printf(a, "The same e-mail address as line %lld.", (long long)json_integer_value(first));
            json_decref(row);
            row = NULL;
        }
        if (row) {
            json_object_set_new(seen, email, json_integer(rec.line));
            json_array_append_new(out->accepted, row);
        } else {
            json_array_append_new(out->refused, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)rec.line, "email",
                                                          str_truncate(a, cell(a, &rec, cols.email), 120), "reason", why));
        }
    }
    json_decref(seen);
    if (got < 0) return read_fail(out, e);
    if (out->total == 0) {
        err_set(e, E_INVALID, "The file has headings but no rows: add a row per person.");
        return read_fail(out, e);
    }
    return 0;
}

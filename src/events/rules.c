/* rules.c - rules of apps and events: split rules and exact splits, tiers,
 * sponsor packages, run-books, check-in codes, who may pay or check in, the
 * sums of a statement. No I/O, no clock, no randomness (the caller draws it). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/figures.h"
#include "base/i18n.h"
#include "base/str.h"
#include "events/events.h"
#include "ledger/ledger.h"

static const char *parties[] = { "organiser", "host", "cohosts", "region", "country", "network" };
/* English messages, said in the reader's language by split_party_label… */
static const char *party_labels[] = { N_("The organising connector"), N_("The host chapter"), N_("The co-hosting chapters"),
                                      N_("The region"), N_("The country"), N_("The network") };
static const char *party_words[] = { N_("the organising connector"), N_("the host chapter"), N_("the co-hosting chapters"),
                                     N_("the region"), N_("the country"), N_("the network") };

int split_party_slot(const char *party)
{
    static const int slots[] = { 0, 1, 4, 2, 5, 3 };   /* the colour of each party in charts, the same on every page */
    for (size_t i = 0; i < sizeof parties / sizeof *parties; i++)
        if (str_eq(party, parties[i])) return slots[i];
    return 5;
}

const char *split_party_label_lower(const char *party)
{
    for (size_t i = 0; i < sizeof parties / sizeof *parties; i++)
        if (str_eq(party, parties[i])) return tr(party_words[i]);
    return party;
}

const char *split_party_label(const char *party)
{
    for (size_t i = 0; i < sizeof parties / sizeof *parties; i++)
        if (str_eq(party, parties[i])) return tr(party_labels[i]);
    return party;
}

int split_rule_parse(const char *text, SplitRule *out, Err *e)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *j = text ? json_loads(text, 0, &je) : NULL;
    int rc = -1;
    if (!json_is_array(j) || json_array_size(j) == 0) {
        err_field(e, E_INVALID, "split_rule", "The revenue split is a list of parties and their shares, like [{\"party\": \"organiser\", \"share\": 5000}].");
        goto done;
    }
    if (json_array_size(j) > SPLIT_MAX_PARTIES) {
        err_field(e, E_INVALID, "split_rule", "A split has at most %d parties.", SPLIT_MAX_PARTIES);
        goto done;
    }
    int64_t total = 0;
    size_t i;
    json_t *p;
    json_array_foreach(j, i, p) {
        const char *party = json_string_value(json_object_get(p, "party"));
        json_t *share = json_object_get(p, "share");
        const char *known = NULL;
        for (size_t k = 0; k < sizeof parties / sizeof *parties; k++)
            if (str_eq(party, parties[k])) known = parties[k];
        if (!known) {
            err_field(e, E_INVALID, "split_rule", "\"%s\" is not a party of a split; use organiser, host, cohosts, region, country or network.",
                      party ? party : "");
            goto done;
        }
        for (int k = 0; k < out->n; k++)
            if (str_eq(out->party[k], known)) {
                err_field(e, E_INVALID, "split_rule", "%s appears twice in the split.", known);
                goto done;
            }
        if (!json_is_integer(share) || json_integer_value(share) < 0 || json_integer_value(share) > SPLIT_WHOLE) {
            err_field(e, E_INVALID, "split_rule", "Each share is a whole number of basis points from 0 to 10000 (5000 is half).");
            goto done;
        }
        out->party[out->n] = known;
        out->share[out->n] = json_integer_value(share);
        total += out->share[out->n];
        out->n++;
    }
    if (total != SPLIT_WHOLE) {
        err_field(e, E_INVALID, "split_rule", "The shares add up to %lld.%02lld%%; they must add up to 100%%.",
                  (long long)total / 100, (long long)total % 100);
        goto done;
    }
    rc = 0;
done:
    json_decref(j);
    return rc;
}

void split_amount(int64_t amount, const int64_t *shares, int n, int64_t *parts)
{
    int64_t given = 0;
    int64_t rem[SPLIT_MAX_PARTIES];
    for (int i = 0; i < n; i++) {
        /* amount * share can overflow for huge amounts: divide first, then the rest */
        int64_t q = amount / SPLIT_WHOLE, r = amount % SPLIT_WHOLE;
        parts[i] = q * shares[i] + (r * shares[i]) / SPLIT_WHOLE;
        rem[i] = (r * shares[i]) % SPLIT_WHOLE;
        given += parts[i];
    }
    /* the cents left, one each, to the largest remainders; ties go to the earlier party */
    for (int64_t left = amount - given; left > 0; left--) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (shares[i] > 0 && (best < 0 || rem[i] > rem[best])) best = i;
        if (best < 0) break;
        parts[best]++;
        rem[best] = -1;
    }
}

/* Zero written as people write it: "0", "0.00", "free". */
static bool zero_text(const char *text)
{
    if (str_eq(text, "free")) return true;
    bool digit = false;
    for (const char *p = text; *p; p++) {
        if (*p == '0') digit = true;
        else if (*p != '.' && *p != ',') return false;
    }
    return digit && strlen(text) <= 8;
}

/* A price as text ("10.00", "0") in minor units of a two-decimal currency. */
static bool price_ok(const char *text, int64_t *out)
{
    Err e = { 0 };
    if (!text) return false;
    if (zero_text(text)) {
        *out = 0;
        return true;
    }
    return amount_parse(text, "money", 2, out, &e) == 0;
}

static bool currency_ok(const char *cur)
{
    if (!cur || strlen(cur) != 3) return false;
    for (int i = 0; i < 3; i++)
        if (cur[i] < 'A' || cur[i] > 'Z') return false;
    return true;
}

bool placement_valid(const char *p)
{
    return str_eq(p, "headline") || str_eq(p, "listed") || str_eq(p, "thanks");
}

static int list_check(const char *text, const char *field, const char *what, bool packages, Err *e)
{
    json_error_t je;
    json_t *j = text ? json_loads(text, 0, &je) : NULL;
    int rc = -1;
    if (!json_is_array(j)) {
        err_field(e, E_INVALID, field, "The %s are a list, like [{\"name\": \"Standard\", \"price\": \"10.00\", \"currency\": \"EUR\"}].", what);
        goto done;
    }
    if (json_array_size(j) > 12) {
        err_field(e, E_INVALID, field, "At most 12 %s.", what);
        goto done;
    }
    size_t i;
    json_t *t;
    json_array_foreach(j, i, t) {
        const char *name = json_string_value(json_object_get(t, "name"));
        const char *price = json_string_value(json_object_get(t, "price"));
        const char *cur = json_string_value(json_object_get(t, "currency"));
        int64_t minor;
        if (str_empty(name) || str_utf8_len(name) > 80 || !str_single_line(name)) {
            err_field(e, E_INVALID, field, "Each of the %s needs a name on one line (under 80 characters).", what);
            goto done;
        }
        for (size_t k = 0; k < i; k++)
            if (str_eq(name, json_string_value(json_object_get(json_array_get(j, k), "name")))) {
                err_field(e, E_INVALID, field, "There are two %s called \"%s\".", what, name);
                goto done;
            }
        if (!price || !price_ok(price, &minor)) {
            err_field(e, E_INVALID, field, "The price of %s is written like 10.00 (0 for free).", name);
            goto done;
        }
        if (!currency_ok(cur)) {
            err_field(e, E_INVALID, field, "The price of %s needs a currency code like EUR.", name);
            goto done;
        }
        json_t *mo = json_object_get(t, "members_only");
        if (mo && (packages || !json_is_boolean(mo))) {
            err_field(e, E_INVALID, field, "members_only of %s is true or false (and only tiers have it).", name);
            goto done;
        }
        if (packages) {
            if (minor == 0) {
                err_field(e, E_INVALID, field, "The package %s needs a price; a sponsor gives something.", name);
                goto done;
            }
            if (!placement_valid(json_string_value(json_object_get(t, "placement")))) {
                err_field(e, E_INVALID, field, "Say where the package %s places its sponsor: headline, listed or thanks.", name);
                goto done;
            }
            const char *benefits = json_string_value(json_object_get(t, "benefits"));
            if (str_empty(benefits) || str_utf8_len(benefits) > 300) {
                err_field(e, E_INVALID, field, "Say in a sentence what the package %s gives the sponsor.", name);
                goto done;
            }
        }
    }
    rc = 0;
done:
    json_decref(j);
    return rc;
}

int tiers_check(const char *text, Err *e)
{
    return list_check(text, "tiers", "ticket tiers", false, e);
}

int packages_check(const char *text, Err *e)
{
    return list_check(text, "packages", "sponsor packages", true, e);
}

int64_t price_minor(const char *text)
{
    int64_t v = 0;
    return price_ok(text, &v) ? v : -1;
}

/* ---------- the line formats of the forms ---------- */

/* The cells of one line "a | b | c", trimmed (arena); returns how many. */
static int cells(Arena *a, const char *line, size_t len, char **out, int max)
{
    int n = 0;
    const char *p = line, *end = line + len;
    while (n < max) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *stop = bar ? bar : end;
        out[n++] = str_trim(a, arena_strndup(a, p, (size_t)(stop - p)));
        if (!bar) break;
        p = bar + 1;
    }
    return n;
}

/* Calls fn for each non-empty line of text with its cells; stops at an error. */
typedef int (*LineFn)(Arena *a, char **cell, int n, int lineno, json_t *out, Err *e);
static int each_line(Arena *a, const char *text, LineFn fn, json_t *out, const char *field, Err *e)
{
    const char *p = text ? text : "";
    int lineno = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        char *cell[6];
        char *whole = str_trim(a, arena_strndup(a, p, len));
        if (*whole) {
            int n = cells(a, whole, strlen(whole), cell, 6);
            if (fn(a, cell, n, lineno, out, e) < 0) {
                snprintf(e->field, sizeof e->field, "%s", field);
                return -1;
            }
        }
        p = nl ? nl + 1 : p + len;
    }
    return 0;
}

static int runbook_line(Arena *a, char **cell, int n, int lineno, json_t *out, Err *e)
{
    (void)a;
    int64_t minutes;
    if (n != 2 || !str_to_i64(cell[0], &minutes) || minutes < 0 || str_empty(cell[1]))
        return err_set(e, E_INVALID, "Line %d: write a step as minutes | what happens, like 30 | Doors open.", lineno);
    json_array_append_new(out, json_pack("{s:s, s:I}", "step", cell[1], "minutes", (json_int_t)minutes));
    return 0;
}

/* "10.00 EUR", "0", "free", "25" (EUR) into price and currency. */
static int price_cell(Arena *a, const char *cell, const char **price, const char **cur, int lineno, Err *e)
{
    const char *sp = strchr(cell, ' ');
    *price = sp ? arena_strndup(a, cell, (size_t)(sp - cell)) : cell;
    *cur = sp ? str_trim(a, sp + 1) : "EUR";
    if (str_eq(*price, "free")) *price = "0";
    int64_t v;
    if (!price_ok(*price, &v) || !currency_ok(*cur))
        return err_set(e, E_INVALID, "Line %d: write the price like 10.00 EUR (0 for free).", lineno);
    return 0;
}

static int tier_line(Arena *a, char **cell, int n, int lineno, json_t *out, Err *e)
{
    const char *price, *cur;
    bool members = n == 3 && (str_eq(str_lower(a, cell[2]), "members") || str_eq(str_lower(a, cell[2]), "members only"));
    if ((n != 2 && !members) || str_empty(cell[0]))
        return err_set(e, E_INVALID, "Line %d: write a tier as name | price, like Standard | 10.00 EUR "
                                     "(and | members for a tier only members of a chapter may take).", lineno);
    if (price_cell(a, cell[1], &price, &cur, lineno, e) < 0) return -1;
    json_t *tier = json_pack("{s:s, s:s, s:s}", "name", cell[0], "price", price, "currency", cur);
    if (members) json_object_set_new(tier, "members_only", json_true());
    json_array_append_new(out, tier);
    return 0;
}

static int package_line(Arena *a, char **cell, int n, int lineno, json_t *out, Err *e)
{
    const char *price, *cur;
    if (n != 4 || str_empty(cell[0]))
        return err_set(e, E_INVALID, "Line %d: write a package as name | price | placement | what it gives, like "
                                     "Gold | 500.00 EUR | headline | Logo on the screen and a two-minute pitch.", lineno);
    if (price_cell(a, cell[1], &price, &cur, lineno, e) < 0) return -1;
    json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", cell[0], "price", price, "currency", cur,
                                         "placement", cell[2], "benefits", cell[3]));
    return 0;
}

static int split_line(Arena *a, char **cell, int n, int lineno, json_t *out, Err *e)
{
    (void)a;
    int64_t bp;
    Err pe = { 0 };
    char *pct = cell[n > 1 ? 1 : 0];
    size_t len = strlen(pct);
    if (len && pct[len - 1] == '%') pct[len - 1] = 0;
    pct = str_trim(a, pct);
    if (zero_text(pct)) bp = 0;
    else if (n != 2 || amount_parse(pct, "money", 2, &bp, &pe) < 0) bp = -1;
    if (n != 2 || bp < 0)
        return err_set(e, E_INVALID, "Line %d: write a share as party | percent, like organiser | 50.", lineno);
    json_array_append_new(out, json_pack("{s:s, s:I}", "party", cell[0], "share", (json_int_t)bp));
    return 0;
}

int format_lines_parse(Arena *a, const char *kind, const char *text, char **json_out, Err *e)
{
    struct { const char *kind; LineFn fn; } kinds[] = {
        { "runbook", runbook_line }, { "tiers", tier_line }, { "packages", package_line }, { "split_rule", split_line },
    };
    LineFn fn = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (str_eq(kind, kinds[i].kind)) fn = kinds[i].fn;
    if (!fn) return err_set(e, E_INTERNAL, "no line format %s", kind);
    json_t *out = json_array();
    int rc = each_line(a, text, fn, out, kind, e);
    if (rc == 0) {
        char *s = json_dumps(out, JSON_COMPACT);
        *json_out = arena_strdup(a, s);
        free(s);
    }
    json_decref(out);
    return rc;
}

char *format_lines_text(Arena *a, const char *kind, const char *json_text)
{
    json_error_t je;
    json_t *j = json_text ? json_loads(json_text, 0, &je) : NULL;
    Buf b;
    buf_init(&b, a);
    size_t i;
    json_t *x;
    json_array_foreach(j, i, x) {
        const char *name = json_string_value(json_object_get(x, "name"));
        if (str_eq(kind, "runbook"))
            buf_printf(&b, "%lld | %s\n", (long long)json_integer_value(json_object_get(x, "minutes")),
                       json_string_value(json_object_get(x, "step")));
        else if (str_eq(kind, "tiers"))
            buf_printf(&b, "%s | %s %s%s\n", name, json_string_value(json_object_get(x, "price")),
                       json_string_value(json_object_get(x, "currency")), json_is_true(json_object_get(x, "members_only")) ? " | members" : "");
        else if (str_eq(kind, "packages"))
            buf_printf(&b, "%s | %s %s | %s | %s\n", name, json_string_value(json_object_get(x, "price")),
                       json_string_value(json_object_get(x, "currency")), json_string_value(json_object_get(x, "placement")),
                       json_string_value(json_object_get(x, "benefits")));
        else if (str_eq(kind, "split_rule")) {
            int64_t bp = json_integer_value(json_object_get(x, "share"));
            if (bp % 100) buf_printf(&b, "%s | %lld.%02lld\n", json_string_value(json_object_get(x, "party")), (long long)bp / 100, (long long)bp % 100);
            else buf_printf(&b, "%s | %lld\n", json_string_value(json_object_get(x, "party")), (long long)bp / 100);
        }
    }
    json_decref(j);
    return (char *)buf_str(&b);
}

int runbook_check(const char *text, int64_t *total, Err *e)
{
    json_error_t je;
    json_t *j = text ? json_loads(text, 0, &je) : NULL;
    int rc = -1;
    *total = 0;
    if (!json_is_array(j)) {
        err_field(e, E_INVALID, "runbook", "The run-book is a list of steps, like [{\"step\": \"Doors open\", \"minutes\": 30}].");
        goto done;
    }
    size_t i;
    json_t *s;
    json_array_foreach(j, i, s) {
        const char *step = json_string_value(json_object_get(s, "step"));
        json_t *m = json_object_get(s, "minutes");
        if (str_empty(step) || !json_is_integer(m) || json_integer_value(m) < 0 || json_integer_value(m) > 24 * 60 * 3) {
            err_field(e, E_INVALID, "runbook", "Step %zu needs a name and its minutes (a whole number).", i + 1);
            goto done;
        }
        *total += json_integer_value(m);
    }
    rc = 0;
done:
    json_decref(j);
    return rc;
}

static const char code_alphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";

char *checkin_code(Arena *a, const uint32_t random[CHECKIN_CODE_LENGTH])
{
    char *code = arena_alloc(a, CHECKIN_CODE_LENGTH + 1);
    /* 2^32 is not a multiple of 25: the bias is below one in 10^8 */
    for (int i = 0; i < CHECKIN_CODE_LENGTH; i++) code[i] = code_alphabet[random[i] % (sizeof code_alphabet - 1)];
    code[CHECKIN_CODE_LENGTH] = 0;
    return code;
}

char *checkin_normalise(Arena *a, const char *typed)
{
    size_t n = typed ? strlen(typed) : 0, o = 0;
    char *out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++) {
        char c = typed[i];
        if (c == ' ' || c == '-') continue;
        out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    out[o] = 0;
    return out;
}

bool event_visibility_valid(const char *v)
{
    return str_eq(v, "public") || str_eq(v, "network") || str_eq(v, "chapter");
}

const char *money_text(Arena *a, int64_t amount, const char *currency, int64_t decimals)
{
    return arena_printf(a, "%s %s", figure_grouped(a, amount_format(a, amount, "money", decimals)), currency);
}

/* ---------- registrations ---------- */

const char *signup_status(int64_t tickets, int64_t capacity)
{
    return tickets < capacity ? "ticket" : "waitlist";
}

char *tiers_from_rows(Arena *a, const TierRow *rows, int n, Err *e)
{
    json_t *out = json_array();
    char *text = NULL;
    for (int i = 0; i < n; i++) {
        const TierRow *t = &rows[i];
        const char *name = t->name ? str_trim(a, t->name) : "", *price = t->price ? str_trim(a, t->price) : "";
        if (!*name && !*price) continue;   /* an empty row: left for another tier */
        if (!*name) {
            err_field(e, E_INVALID, "tiers", "Row %d has a price but no name: name the tier, or clear its price.", i + 1);
            goto done;
        }
        if (!*price) {
            err_field(e, E_INVALID, "tiers", "Give %s a price, like 10.00 (0 for free).", name);
            goto done;
        }
        json_t *tier = json_pack("{s:s, s:s, s:s}", "name", name, "price", str_eq(str_lower(a, price), "free") ? "0" : price, "currency",
                                 t->currency && *t->currency ? t->currency : "EUR");
        if (t->members) json_object_set_new(tier, "members_only", json_true());
        json_array_append_new(out, tier);
    }
    char *s = json_dumps(out, JSON_COMPACT);
    text = arena_strdup(a, s);
    free(s);
    if (!json_array_size(out)) {
        err_field(e, E_INVALID, "tiers", "Give at least one ticket tier, e.g. Standard with price 0 for a free event.");
        text = NULL;
    } else if (tiers_check(text, e) < 0) {
        text = NULL;
    }
done:
    json_decref(out);
    return text;
}

int event_start_check(int64_t starts_at, int64_t now, bool recording, Err *e)
{
    if (!recording && starts_at < now - START_GRACE_SECONDS)
        return err_field(e, E_INVALID, "date", "That start is in the past. Choose a date and time to come, or, to record an event that "
                                               "already happened, tick \"It already happened\".");
    if (recording && starts_at < now - PAST_RECORD_SECONDS)
        return err_field(e, E_INVALID, "date", "That is more than 30 days ago; events are recorded within 30 days of happening.");
    return 0;
}

int tier_open_to(bool members_only, bool is_member, const char *name, Err *e)
{
    if (!members_only || is_member) return 0;
    return err_field(e, E_INVALID, "tier", "The %s ticket is for members of a chapter: log in as a member, or choose another ticket.", name);
}

int64_t tier_first_open(const json_t *tiers, bool is_member)
{
    size_t i;
    json_t *t;
    json_array_foreach(tiers, i, t)
        if (is_member || !json_is_true(json_object_get(t, "is_members_only"))) return json_integer_value(json_object_get(t, "id"));
    return 0;
}

const char *remote_join_refusal(const char *status, int64_t ends_at, int64_t now, int64_t tickets, int64_t capacity, bool free_tier)
{
    if (!str_eq(status, "open")) return str_eq(status, "cancelled") ? "The event is cancelled." : "Registration for the event has ended.";
    if (ends_at < now) return "The event is over.";
    if (!free_tier) return "The event's tickets are paid: register on its page.";
    if (tickets >= capacity) return "The event is full.";
    return NULL;
}

int payment_allowed(const char *status, int64_t price, bool paid, const char *name, Err *e)
{
    if (!str_eq(status, "ticket")) return err_set(e, E_CONFLICT, "%s has no ticket (%s); only tickets are paid.", name, status);
    if (price <= 0) return err_set(e, E_CONFLICT, "%s's ticket is free; there is nothing to pay.", name);
    if (paid) return err_set(e, E_CONFLICT, "%s's ticket is paid already.", name);
    return 0;
}

int checkin_allowed(const char *status, int64_t price, bool paid, const char *name, const char *tier, Err *e)
{
    if (str_eq(status, "cancelled")) return err_field(e, E_CONFLICT, "code", "%s cancelled this registration.", name);
    if (str_eq(status, "waitlist")) return err_field(e, E_CONFLICT, "code", "%s is on the waitlist, without a ticket yet.", name);
    if (price > 0 && !paid)
        return err_field(e, E_CONFLICT, "code", "%s's ticket (%s) is not paid yet: confirm the payment first.", name, tier);
    return 0;
}

/* ---------- the split among co-hosts, the statement ---------- */

void split_equally(int64_t part, int64_t share, int m, int64_t *amounts, int64_t *shares)
{
    int64_t q = part / m, rest = part % m;
    for (int k = 0; k < m; k++) {
        amounts[k] = q + (k < rest ? 1 : 0);
        shares[k] = share / m + (k < share % m ? 1 : 0);
    }
}

StatementSums *statement_add(StatementSums *s, int *n, const char *kind, const char *category, int64_t amount,
                             const char *currency, int64_t decimals)
{
    StatementSums *x = NULL;
    for (int i = 0; i < *n && !x; i++)
        if (str_eq(s[i].currency, currency)) x = &s[i];
    if (!x && *n >= STATEMENT_CURRENCIES) x = &s[STATEMENT_CURRENCIES - 1];
    if (!x) {
        x = &s[(*n)++];
        memset(x, 0, sizeof *x);
        snprintf(x->currency, sizeof x->currency, "%s", currency ? currency : "");
        x->decimals = decimals;
    }
    if (str_eq(kind, "income") && str_eq(category, "tickets")) {
        x->tickets += amount;
        x->tickets_n++;
    } else if (str_eq(kind, "income") && str_eq(category, "sponsorship")) {
        x->sponsorship += amount;
    } else if (str_eq(kind, "reversal")) {
        x->refunds += -amount;
    } else if (str_eq(kind, "basket_spending")) {
        x->costs += -amount;
    } else if (str_eq(kind, "transfer") && amount < 0) {
        x->shared += -amount;
    } else {
        x->other += amount;
    }
    return x;
}

int64_t statement_net(const StatementSums *s)
{
    return s->tickets + s->sponsorship - s->refunds - s->costs + s->other;
}

json_t *format_list(const char *json_text)
{
    json_error_t je;
    json_t *list = json_text ? json_loads(json_text, 0, &je) : NULL;
    if (json_is_array(list)) return list;
    json_decref(list);
    return json_array();
}

int64_t guest_confirm_until(int64_t now, int64_t starts_at)
{
    int64_t until = now + GUEST_CONFIRM_SECONDS;
    if (starts_at < until) until = starts_at;
    return until < now + 3600 ? now + 3600 : until;
}

int guest_confirmed_check(bool unverified, const char *name, const char *field, Err *e)
{
    if (!unverified) return 0;
    return err_field(e, E_CONFLICT, field ? field : "",
                     "%s has not confirmed their e-mail address yet; the ticket counts once they follow the link we sent them.", name);
}

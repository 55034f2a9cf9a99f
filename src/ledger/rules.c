/* rules.c - rules of the books: the hash chain's canonical form, balancing,
 * amounts, visibility, and the formats of exports. No I/O. */
#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/figures.h"
#include "base/i18n.h"
#include "base/str.h"
#include "ledger/ledger.h"

/* ---------- the hash chain ---------- */

static void put_text(crypto_hash_sha256_state *st, const char *s)
{
    char len[24];
    if (!s) s = "";
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)n);
    crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
    crypto_hash_sha256_update(st, (const unsigned char *)";", 1);
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)v);
    put_text(st, num);
}

void ledger_hash(const char *prev, const Entry *x, char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    put_text(&st, "glocal-ledger-v1");
    put_text(&st, prev);
    put_int(&st, x->seq);
    put_text(&st, x->kind);
    put_text(&st, x->description);
    put_text(&st, x->category);
    put_text(&st, x->occurred_on);
    put_text(&st, x->visibility);
    put_int(&st, x->payer_id);
    put_int(&st, x->recipient_id);
    put_int(&st, x->beneficiary_id);
    put_int(&st, x->approved_by);
    put_int(&st, x->recorded_by);
    put_int(&st, x->recorded_at);
    put_int(&st, x->reverses_id);
    put_int(&st, x->meeting_id);
    put_int(&st, x->npostings);
    for (int i = 0; i < x->npostings; i++) {
        const Posting *p = &x->postings[i];
        put_int(&st, p->account_id);
        put_text(&st, p->resource);
        put_int(&st, p->amount);
        put_int(&st, p->value_amount);
        put_text(&st, p->value_currency);
        if (x->hash_version >= 2) {
            put_text(&st, p->account_digest);
            put_text(&st, p->resource_digest);
        }
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void digest_end(crypto_hash_sha256_state *st, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void account_digest(int64_t id, const char *kind, int64_t ref_id, int64_t parent_id, const char *name, const char *purpose,
                    char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    put_text(&st, "glocal-account-v1");
    put_int(&st, id);
    put_text(&st, kind);
    put_int(&st, ref_id);
    put_int(&st, parent_id);
    put_text(&st, name);
    put_text(&st, purpose);
    digest_end(&st, out);
}

void resource_digest(const char *code, const char *kind, int64_t decimals, char out[65])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    put_text(&st, "glocal-resource-v1");
    put_text(&st, code);
    put_text(&st, kind);
    put_int(&st, decimals);
    digest_end(&st, out);
}

bool ledger_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t v;
    if (__builtin_add_overflow(a, b, &v) || v > LEDGER_TOTAL_MAX || v < -LEDGER_TOTAL_MAX) return false;
    *out = v;
    return true;
}

int ledger_check_balance(const Entry *x, Err *e)
{
    if (x->npostings < 2) return err_set(e, E_INVALID, "A transaction moves something from one account to another: it needs at least two postings.");
    if (x->npostings > LEDGER_MAX_POSTINGS) return err_set(e, E_INVALID, "A transaction has at most %d postings.", LEDGER_MAX_POSTINGS);
    for (int i = 0; i < x->npostings; i++) {
        const Posting *p = &x->postings[i];
        if (!p->account_id) return err_set(e, E_INVALID, "Posting %d names no account.", i + 1);
        if (str_empty(p->resource)) return err_set(e, E_INVALID, "Posting %d names no resource.", i + 1);
        if (p->amount == 0) return err_set(e, E_INVALID, "Posting %d moves nothing (an amount of 0).", i + 1);
        if (p->amount > LEDGER_AMOUNT_MAX || p->amount < -LEDGER_AMOUNT_MAX)
            return err_set(e, E_INVALID, "Posting %d is too large: one posting moves at most %lld of a resource's smallest unit.", i + 1,
                           LEDGER_AMOUNT_MAX);
        if (p->value_amount < 0 || p->value_amount > LEDGER_AMOUNT_MAX)
            return err_set(e, E_INVALID, "Posting %d: the worth of goods is between 0 and %lld.", i + 1, LEDGER_AMOUNT_MAX);
    }
    /* each resource sums to zero (at most 32 postings of at most 10^12: no overflow) */
    for (int i = 0; i < x->npostings; i++) {
        bool first = true;
        for (int k = 0; k < i; k++)
            if (strcmp(x->postings[k].resource, x->postings[i].resource) == 0) first = false;
        if (!first) continue;
        int64_t sum = 0;
        for (int k = i; k < x->npostings; k++)
            if (strcmp(x->postings[k].resource, x->postings[i].resource) == 0) sum += x->postings[k].amount;
        if (sum != 0)
            return err_set(e, E_INVALID, "The postings in %s do not balance: they are off by %lld (counted in %s's smallest unit).",
                           x->postings[i].resource, (long long)sum, x->postings[i].resource);
    }
    return 0;
}

/* ---------- the gate ---------- */

int amount_within(Arena *a, int64_t amount, const char *resource, const char *kind, int64_t decimals, int64_t max, Err *e)
{
    if (max > LEDGER_AMOUNT_MAX || max <= 0) max = LEDGER_AMOUNT_MAX;
    if (amount <= max) return 0;
    return err_set(e, E_INVALID, "%s %s is more than one entry may move: at most %s %s.", amount_format(a, amount, kind, decimals), resource,
                   amount_format(a, max, kind, decimals), resource);
}

const Actor ledger_operator = { .operator = true };

static bool in(const int64_t *list, int n, int64_t id);

static bool is_unit(const char *kind)
{
    return str_eq(kind, "network") || str_eq(kind, "place") || str_eq(kind, "chapter");
}

bool ledger_keeps(const Actor *a, const GateLine *l)
{
    if (a->operator) return true;
    if (str_eq(l->kind, "basket")) {
        if (in(a->baskets, a->nbaskets, l->account)) return true;
        return str_eq(l->unit_kind, "chapter") && in(a->connector_of, a->nconnector, l->unit_ref);
    }
    /* a place's or the network's books are kept by the network's administrators */
    return str_eq(l->kind, "chapter") && in(a->connector_of, a->nconnector, l->ref_id);
}

static const char *gate_amount(Arena *a, const GateLine *l, int64_t amount)
{
    return arena_printf(a, "%s %s", amount_format(a, amount, l->resource_kind, l->decimals), l->resource);
}

int ledger_gate(const Actor *actor, const GateLine *lines, int n, Arena *a, Err *e)
{
    /* does the entry bring anything into books the actor keeps? */
    bool into_kept = false;
    for (int i = 0; i < n; i++)
        if (lines[i].amount > 0 && ledger_keeps(actor, &lines[i])) into_kept = true;
    for (int i = 0; i < n; i++) {
        const GateLine *l = &lines[i];
        int64_t size = l->amount < 0 ? -l->amount : l->amount;
        if (l->amount == 0) return err_set(e, E_INVALID, "Posting %d moves nothing (an amount of 0).", i + 1);
        if (amount_within(a, size, l->resource, l->resource_kind, l->decimals, l->max_amount, e) < 0) return -1;
        if (l->value_amount < 0 || l->value_amount > LEDGER_AMOUNT_MAX)
            return err_set(e, E_INVALID, "The worth of goods is between 0 and %lld in the currency's smallest unit.", LEDGER_AMOUNT_MAX);
        for (int k = 0; k < i; k++)
            if (lines[k].account == l->account && str_eq(lines[k].resource, l->resource))
                return err_set(e, E_INVALID, "Postings %d and %d name the same account in %s; an account appears once per resource.",
                               k + 1, i + 1, l->resource);
    }
    /* then who may move what */
    for (int i = 0; i < n; i++) {
        const GateLine *l = &lines[i];
        int64_t size = l->amount < 0 ? -l->amount : l->amount;
        bool keeps = ledger_keeps(actor, l);
        bool basket = str_eq(l->kind, "basket");
        /* a basket's name may say what only its keepers may read (an event's title): others see its number */
        const char *name = basket && !keeps ? arena_printf(a, "basket %lld", (long long)l->account) : l->name;
        if (l->amount < 0) {
            if ((is_unit(l->kind) || basket) && !keeps)
                return err_set(e, E_FORBIDDEN, "Only those who keep the books of %s can take from it; you do not.", name);
            if ((str_eq(l->kind, "member") || str_eq(l->kind, "organisation")) && !keeps && !into_kept &&
                !(str_eq(l->kind, "member") && actor->user_id && l->ref_id == actor->user_id))
                return err_set(e, E_FORBIDDEN,
                               "%s's account gives only to books you keep: record what they gave to your chapter, or let them record it.",
                               l->name);
            if (basket && l->balance + l->amount < 0)
                return err_set(e, E_CONFLICT, "The basket \"%s\" holds %s; it cannot pay %s.", l->name, gate_amount(a, l, l->balance),
                               gate_amount(a, l, size));
        } else if (basket && !keeps) {
            return err_set(e, E_FORBIDDEN, "The basket %lld receives only from the hand of those who keep it.", (long long)l->account);
        }
    }
    return 0;
}

/* ---------- names, amounts, kinds ---------- */

int account_ref_parse(Arena *a, const char *text, AccountRef *out, Err *e)
{
    static const struct { const char *prefix, *kind; } kinds[] = {
        { "chapter:", "chapter" }, { "member:", "member" }, { "org:", "organisation" },
        { "organisation:", "organisation" }, { "place:", "place" }, { "basket:", "basket" },
    };
    if (str_eq(text, "network")) {
        out->kind = "network";
        out->key = "";
        return 0;
    }
    for (size_t i = 0; text && i < sizeof kinds / sizeof *kinds; i++)
        if (str_starts(text, kinds[i].prefix) && text[strlen(kinds[i].prefix)]) {
            out->kind = kinds[i].kind;
            out->key = arena_strdup(a, text + strlen(kinds[i].prefix));
            return 0;
        }
    return err_set(e, E_INVALID, "Name an account like chapter:lisbon-fintech, member:42, org:acme, place:portugal, basket:7 or network.");
}

const char *ledger_country_currency(const char *country_slug)
{
    static const struct { const char *slug, *code; } table[] = {
        { "austria", "EUR" },  { "belgium", "EUR" },         { "brazil", "BRL" }, { "finland", "EUR" },        { "france", "EUR" },
        { "germany", "EUR" },  { "greece", "EUR" },          { "ireland", "EUR" }, { "italy", "EUR" },         { "kenya", "KES" },
        { "luxembourg", "EUR" }, { "netherlands", "EUR" },   { "portugal", "EUR" }, { "spain", "EUR" },       { "united-kingdom", "GBP" },
        { "united-states", "USD" },
    };
    for (size_t i = 0; country_slug && i < sizeof table / sizeof *table; i++)
        if (str_eq(country_slug, table[i].slug)) return table[i].code;
    return NULL;
}

int amount_parse(const char *text, const char *kind, int64_t decimals, int64_t *out, Err *e)
{
    /* hours are typed in hours and kept in minutes; money in its minor units */
    bool hours = str_eq(kind, "time");
    int places = hours ? 2 : (int)decimals;
    if (str_empty(text)) return err_set(e, E_INVALID, "Please give an amount.");
    const char *p = text;
    while (*p == ' ') p++;
    if (*p == '-') return err_set(e, E_INVALID, "Amounts are positive; the direction comes from who gives and who receives.");
    int64_t whole = 0, frac = 0;
    int nfrac = 0, ndig = 0;
    for (; *p && *p != '.' && *p != ','; p++) {
        if (*p < '0' || *p > '9') return err_set(e, E_INVALID, "\"%s\" is not an amount; write it like 12.50.", text);
        if (whole > (INT64_MAX / 100) / 10000) return err_set(e, E_INVALID, "That amount is too large.");
        whole = whole * 10 + (*p - '0');
        ndig++;
    }
    if (*p == '.' || *p == ',') {
        p++;
        for (; *p; p++) {
            if (*p < '0' || *p > '9') return err_set(e, E_INVALID, "\"%s\" is not an amount; write it like 12.50.", text);
            if (++nfrac > places) {
                if (!places) return err_set(e, E_INVALID, "This resource is counted in whole numbers.");
                return err_set(e, E_INVALID, "At most %d digits after the point.", places);
            }
            frac = frac * 10 + (*p - '0');
        }
    }
    if (!ndig && !nfrac) return err_set(e, E_INVALID, "\"%s\" is not an amount; write it like 12.50.", text);
    for (int i = nfrac; i < places; i++) frac *= 10;
    int64_t scale = 1;
    for (int i = 0; i < places; i++) scale *= 10;
    /* whole may have up to 14 digits: times 10^5 or 10^6 it would overflow */
    int64_t v;
    if (__builtin_mul_overflow(whole, scale, &v) || __builtin_add_overflow(v, frac, &v))
        return err_set(e, E_INVALID, "That amount is too large.");
    if (hours) v = (v * 60 + 50) / 100;   /* hundredths of an hour to minutes */
    if (v <= 0) return err_set(e, E_INVALID, "The amount must be more than zero.");
    *out = v;
    return 0;
}

char *amount_format(Arena *a, int64_t amount, const char *kind, int64_t decimals)
{
    bool neg = amount < 0;
    uint64_t v = neg ? 0 - (uint64_t)amount : (uint64_t)amount;
    if (str_eq(kind, "time")) {
        /* minutes as hours: 90 -> 1.5, 20 -> 0.33 */
        uint64_t h = v / 60, m = v % 60;
        if (m == 0) return arena_printf(a, "%s%llu", neg ? "-" : "", (unsigned long long)h);
        uint64_t cents = (m * 100 + 30) / 60;
        if (cents % 10 == 0) return arena_printf(a, "%s%llu.%llu", neg ? "-" : "", (unsigned long long)h, (unsigned long long)(cents / 10));
        return arena_printf(a, "%s%llu.%02llu", neg ? "-" : "", (unsigned long long)h, (unsigned long long)cents);
    }
    if (decimals <= 0) return arena_printf(a, "%s%llu", neg ? "-" : "", (unsigned long long)v);
    uint64_t scale = 1;
    for (int64_t i = 0; i < decimals; i++) scale *= 10;
    return arena_printf(a, "%s%llu.%0*llu", neg ? "-" : "", (unsigned long long)(v / scale), (int)decimals,
                        (unsigned long long)(v % scale));
}

bool ledger_kind_valid(const char *kind)
{
    static const char *kinds[] = { "contribution", "expense", "transfer", "basket_funding", "basket_spending", "income", "reversal" };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (str_eq(kind, kinds[i])) return true;
    return false;
}

bool ledger_visibility_valid(const char *v)
{
    return str_eq(v, "public") || str_eq(v, "network") || str_eq(v, "unit") || str_eq(v, "parties");
}

/* The words pages show for what the books keep, in the reader's language. */
const char *ledger_kind_label(const char *kind)
{
    static const char *const labels[][2] = {
        { "contribution", N_("Contribution") },       { "expense", N_("Expense") },       { "transfer", N_("Transfer") },
        { "basket_funding", N_("Basket funding") },   { "basket_spending", N_("Basket spending") },
        { "income", N_("Income") },                   { "reversal", N_("Reversal") },
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (str_eq(kind, labels[i][0])) return tr(labels[i][1]);
    return kind;
}

const char *ledger_visibility_label(const char *v)
{
    if (str_eq(v, "public")) return _("Everyone");
    if (str_eq(v, "network")) return _("Everyone in the network");
    if (str_eq(v, "unit")) return _("Members of the units involved");
    if (str_eq(v, "parties")) return _("Only the parties (and connectors)");
    return v;
}

const char *resource_name_label(const char *name)
{
    /* the names schema/003_ledger.sql gives the resources, kept in English */
    static const char *const names[] = { N_("Euro"),           N_("US dollar"),   N_("Pound sterling"),
                                         N_("Brazilian real"), N_("Kenyan shilling"), N_("Hours given"),
                                         N_("Goods in kind"),  N_("Favours") };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (str_eq(name, names[i])) return tr(names[i]);
    return name;
}

const char *organisation_kind_label(const char *kind)
{
    if (str_eq(kind, "sponsor")) return _("Sponsor");
    if (str_eq(kind, "venue")) return _("Venue");
    if (str_eq(kind, "supplier")) return _("Supplier");
    if (str_eq(kind, "other")) return _("Other");
    return kind;
}

const char *claim_status_label(const char *status)
{
    if (str_eq(status, "pending")) return C_("a claim's status", "Pending");
    if (str_eq(status, "approved")) return C_("a claim's status", "Approved");
    if (str_eq(status, "declined")) return C_("a claim's status", "Declined");
    return status;
}

/* ---------- managed transparency ---------- */

static bool in(const int64_t *list, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (list[i] == id) return true;
    return false;
}

bool ledger_visible_by_parties(const Viewer *v)
{
    /* someone not logged in reads the public lines only, whoever their parties are */
    return v->user_id != 0;
}

bool ledger_visible(const char *visibility, const Viewer *v, const Party *parties, int n)
{
    if (str_eq(visibility, "public")) return true;
    if (!v->user_id) return false;
    if (str_eq(visibility, "network")) return true;
    if (v->admin) return true;
    bool unit = str_eq(visibility, "unit");
    if (!unit && !str_eq(visibility, "parties")) return false;
    for (int i = 0; i < n; i++) {
        const Party *p = &parties[i];
        if (!p->kind) continue;
        if (str_eq(p->kind, "member") && p->ref_id == v->user_id) return true;
        if (str_eq(p->kind, "chapter")) {
            if (in(v->connector_of, v->nconnector, p->ref_id)) return true;
            if (unit && in(v->member_of, v->nmember, p->ref_id)) return true;
        }
    }
    return false;
}

/* ---------- exports ---------- */

void csv_cell(Buf *b, const char *text, bool last)
{
    if (!text) text = "";
    bool formula = text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r';
    buf_addc(b, '"');
    if (formula) buf_addc(b, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '"') buf_addc(b, '"');
        buf_addc(b, *p);
    }
    buf_addc(b, '"');
    buf_adds(b, last ? "\r\n" : ",");
}

void csv_number(Buf *b, const char *number, bool last)
{
    buf_adds(b, number ? number : "");
    buf_adds(b, last ? "\r\n" : ",");
}

char *journal_segment(Arena *a, const char *name)
{
    char *s = str_slugify(a, name ? name : "");
    return *s ? s : arena_strdup(a, "unnamed");
}

/* ---------- the rules of the forms ---------- */

bool ledger_day_valid(const char *day)
{
    int y, m, d;
    char rest;
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-') return false;
    /* digits only: %d alone skips white space and takes signs ("2026- 2-\n3", "2026-+2-+3") */
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)day[i])) return false;
    if (sscanf(day, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3 || y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

void ledger_entry_check(Entry *x, const char *idem, const char *today, FieldErrs *f)
{
    if (!ledger_kind_valid(x->kind) || str_eq(x->kind, "reversal"))
        field_err(f, "kind", "Choose what happened: a contribution, income, an expense, a transfer, or basket funding or spending.");
    if (str_empty(x->description)) field_err(f, "description", "Say what it was for, in a few words.");
    else if (str_utf8_len(x->description) > 300) field_err(f, "description", "Please keep the description under 300 characters.");
    if (!x->category) x->category = "";
    if (str_utf8_len(x->category) > 80) field_err(f, "category", "Please keep the category under 80 characters.");
    if (str_empty(x->occurred_on)) x->occurred_on = today;
    else if (!ledger_day_valid(x->occurred_on)) field_err(f, "occurred_on", "Give the day like 2026-03-10.");
    if (str_empty(x->visibility)) x->visibility = "unit";
    if (!ledger_visibility_valid(x->visibility)) field_err(f, "visibility", "Visibility is public, network, unit or parties.");
    if (idem && strlen(idem) > 100) field_err(f, "idempotency_key", "An idempotency key has at most 100 characters.");
}

static int basket_spend_check(const char *purpose, const char *category, Err *e);

int ledger_sides(Sides *s, Err *e)
{
    const char *kind = s->kind;
    int64_t own = s->chapter;
    if (s->other == s->chapter)
        return err_field(e, E_INVALID, "counterpart", "The other side of a transaction cannot be the chapter itself.");
    if (str_eq(s->other_kind, "basket"))
        return err_field(e, E_INVALID, "counterpart", "Baskets are chosen with the basket field, not as the other side.");
    if (str_eq(kind, "basket_funding") || str_eq(kind, "basket_spending")) {
        if (!s->basket) return err_field(e, E_INVALID, "basket", "Choose one of this chapter's baskets.");
        if (str_eq(kind, "basket_spending")) {
            if (basket_spend_check(s->basket_purpose, s->category, e) < 0) return -1;
            s->category = s->basket_purpose;
        }
        own = s->basket;
    }
    if (str_eq(kind, "transfer") && !(str_eq(s->other_kind, "chapter") || str_eq(s->other_kind, "place") || str_eq(s->other_kind, "network")))
        return err_field(e, E_INVALID, "counterpart",
                         "A transfer goes between units of the network (a chapter, a place, the network). Pay an organisation or a person with an expense.");
    if ((str_eq(kind, "expense") || str_eq(kind, "basket_spending")) && !s->other)
        return err_field(e, E_INVALID, "counterpart", "Say who is paid (the other side).");
    if (!s->other) return err_field(e, E_INVALID, "counterpart", "Say who gives or who receives (the other side).");
    /* which way it flows, seen from the chapter (or its basket) */
    bool inwards = str_eq(kind, "contribution") || str_eq(kind, "income") || str_eq(kind, "basket_funding");
    s->payer = inwards ? s->other : own;
    s->recipient = inwards ? own : s->other;
    return 0;
}

static int basket_spend_check(const char *purpose, const char *category, Err *e)
{
    /* money in a basket is spent on its purpose (and, by the gate, not beyond what it holds) */
    if (!str_empty(category) && !str_eq(category, purpose))
        return err_field(e, E_INVALID, "category", "This basket is for \"%s\"; it cannot pay for \"%s\".", purpose, category);
    return 0;
}

const char *amount_words(Arena *a, int64_t amount, const char *resource, const char *kind, int64_t decimals)
{
    const char *n = figure_grouped(a, amount_format(a, amount, kind, decimals));   /* for people: 1,234.50 */
    int64_t whole = amount < 0 ? -amount : amount;
    if (str_eq(kind, "time"))   /* kept in minutes: "1 hour", "2.5 hours" (a fraction takes the plural) */
        return arena_printf(a, trn("%s hour", "%s hours", whole % 60 ? 2 : whole / 60), n);
    if (str_eq(kind, "goods")) return arena_printf(a, trn("%s item", "%s items", whole), n);
    if (str_eq(kind, "favours")) return arena_printf(a, trn("%s favour", "%s favours", whole), n);
    return arena_printf(a, "%s %s", n, resource);
}

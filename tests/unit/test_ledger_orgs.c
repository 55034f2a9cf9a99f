/* test_ledger_orgs.c - an organisation's managers (schema 034) and its
 * profile: the pure rules (rules_orgs.c), then the operations on a database
 * (organisations.c): adding, the refusals (no such member, twice), removing,
 * the last manager kept unless an administrator removes them, the loader's
 * answer of who manages it, the profile's update.
 *
 * The database test runs on GLOCAL_TEST_DB (tests/run runs this program once
 * on SQLite and once on PostgreSQL); by hand without it, on a SQLite file. */
#include <string.h>

#include "base/str.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "testutil.h"

Test(org_rules, the_last_manager_is_kept_unless_an_administrator_removes_them)
{
    cr_assert_null(org_manager_removal_refused(false, 2), "another manager stays");
    cr_assert_null(org_manager_removal_refused(true, 1), "an administrator may remove the last one");
    cr_assert_null(org_manager_removal_refused(true, 0));
    const char *why = org_manager_removal_refused(false, 1);
    cr_assert_not_null(why);
    cr_assert(strstr(why, "last manager") != NULL, "%s", why);
}

Test(org_rules, an_organisation_has_a_bounded_number_of_managers)
{
    cr_assert_null(org_manager_add_refused(0));
    cr_assert_null(org_manager_add_refused(ORG_MANAGERS_MAX - 1));
    const char *why = org_manager_add_refused(ORG_MANAGERS_MAX);
    cr_assert_not_null(why);
    cr_assert(strstr(why, "at most 50 managers") != NULL, "%s", why);
}

Test(org_rules, a_profile_is_checked_field_by_field_with_defaults)
{
    Arena a;
    arena_init(&a, 4096);
    FieldErrs f = { &a, NULL, 0 };
    OrgProfile ok = { 1, "Casa Estrela", NULL, NULL };
    org_profile_check(&ok, &f);
    cr_assert_eq(f.n, 0);
    cr_assert_str_eq(ok.kind, "sponsor", "an empty kind is a sponsor");
    cr_assert_str_eq(ok.website, "", "no website is an empty one");
    struct { OrgProfile o; const char *field; } bad[] = {
        { { 1, "", "venue", "" }, "name" },
        { { 1, "Two\nlines", "venue", "" }, "name" },
        { { 1, "Acme", "bank", "" }, "kind" },
        { { 1, "Acme", "venue", "ftp://acme.example" }, "website" },
        { { 1, "Acme", "venue", "https://acme.example/\nmore" }, "website" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        FieldErrs g = { &a, NULL, 0 };
        org_profile_check(&bad[i].o, &g);
        cr_assert_eq(g.n, 1, "case %zu: one problem", i);
        cr_assert_str_eq(g.at[0].field, bad[i].field, "case %zu", i);
    }
    arena_release(&a);
}

typedef struct NewUser {
    const char *email, *name;
    int64_t id;
} NewUser;

static int user_tx(DbConn *c, void *ctx, Err *e)
{
    NewUser *u = ctx;
    return db_int64(c, e, &u->id,
                    "INSERT INTO users (email, name, password_hash, created_at, password_changed_at)"
                    " VALUES ($1, $2, 'x', 1, 1) RETURNING id",
                    DT(u->email), DT(u->name)) < 0 ? -1 : 0;
}

static int64_t user(DbConn *c, const char *name, const char *tag)
{
    Err e = { 0 };
    char email[96];
    snprintf(email, sizeof email, "%s-%s@orgs.test", name, tag);
    NewUser u = { email, name, 0 };
    cr_assert_eq(db_write(c, user_tx, &u, &e), 0, "%s", e.msg);
    return u.id;
}

Test(org_managers, added_removed_and_the_last_one_kept)
{
    TestDb t;
    Db *db;
    DbConn *c;
    test_db_open(&t, &db, &c);
    Err e = { 0 };
    Arena a;
    arena_init(&a, 4096);
    char tag[24];
    snprintf(tag, sizeof tag, "%lld", (long long)now_unix() ^ (long long)getpid());
    int64_t admin = user(c, "Ada", tag), ana = user(c, "Ana", tag), bo = user(c, "Bo", tag);
    char name[64];
    snprintf(name, sizeof name, "Managed %s", tag);
    NewOrg o = { name, "venue", "", NULL, 0 };
    FieldErrs f = { &a, NULL, 0 };
    cr_assert_eq(ledger_organisation_add(c, &e, &a, &o, &f), 0, "%s", e.msg);

    /* nobody manages it yet: the loader says so, except for an administrator */
    json_t *org = NULL;
    int64_t id = 0;
    bool manager = true;
    cr_assert_eq(organisation_load(c, &e, o.slug, ana, false, &org, &id, &manager), 1);
    cr_assert_eq(id, o.id);
    cr_assert(!manager);
    json_decref(org);
    cr_assert_eq(organisation_load(c, &e, o.slug, admin, true, &org, &id, &manager), 1);
    cr_assert(manager);
    json_decref(org);
    cr_assert_eq(organisation_load(c, &e, "no-such-organisation", ana, false, &org, &id, &manager), 0);

    /* added by an administrator; then by a manager */
    OrgManagerChange m = { .org_id = o.id, .user_id = ana, .by = admin, .by_admin = true, .now = 1800000000 };
    cr_assert_eq(ledger_org_manager_add(c, &e, &a, &m), 0, "%s", e.msg);
    cr_assert_str_eq(m.name, "Ana");
    cr_assert_eq(organisation_load(c, &e, o.slug, ana, false, &org, &id, &manager), 1);
    cr_assert(manager, "Ana manages it now");
    json_decref(org);
    OrgManagerChange twice = m;
    err_clear(&e);
    cr_assert_eq(ledger_org_manager_add(c, &e, &a, &twice), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(e.field, "member");
    OrgManagerChange ghost = { .org_id = o.id, .user_id = 987654321, .by = ana, .now = 1800000001 };
    err_clear(&e);
    cr_assert_eq(ledger_org_manager_add(c, &e, &a, &ghost), -1);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_str_eq(e.field, "member");
    OrgManagerChange second = { .org_id = o.id, .user_id = bo, .by = ana, .now = 1800000002 };
    cr_assert_eq(ledger_org_manager_add(c, &e, &a, &second), 0, "%s", e.msg);
    json_t *list = organisation_managers(c, &e, o.id);
    cr_assert_eq(json_array_size(list), 2);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "name")), "Ana", "by name");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 1), "added_by_name")), "Ana");
    json_decref(list);
    list = organisations_managed_by(c, &e, bo);
    cr_assert_eq(json_array_size(list), 1);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 0), "slug")), o.slug);
    json_decref(list);

    /* Bo removes Ana; Bo, the last, may not leave; an administrator may remove Bo */
    OrgManagerChange out = { .org_id = o.id, .user_id = ana, .by = bo };
    cr_assert_eq(ledger_org_manager_remove(c, &e, &a, &out), 0, "%s", e.msg);
    err_clear(&e);
    cr_assert_eq(ledger_org_manager_remove(c, &e, &a, &out), -1, "Ana no longer manages it");
    cr_assert_eq(e.code, E_NOT_FOUND);
    OrgManagerChange last = { .org_id = o.id, .user_id = bo, .by = bo };
    err_clear(&e);
    cr_assert_eq(ledger_org_manager_remove(c, &e, &a, &last), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    last.by = admin;
    last.by_admin = true;
    cr_assert_eq(ledger_org_manager_remove(c, &e, &a, &last), 0, "%s", e.msg);
    list = organisation_managers(c, &e, o.id);
    cr_assert_eq(json_array_size(list), 0);
    json_decref(list);

    /* the profile: renamed, the slug kept; a name another has is refused */
    char renamed[64];
    snprintf(renamed, sizeof renamed, "Renamed %s", tag);
    OrgProfile p = { o.id, renamed, "supplier", "https://renamed.example" };
    FieldErrs g = { &a, NULL, 0 };
    cr_assert_eq(ledger_organisation_update(c, &e, &p, &g), 0, "%s", e.msg);
    cr_assert_eq(organisation_by_slug(c, &e, o.slug, &org), 1, "the slug stays");
    cr_assert_str_eq(json_string_value(json_object_get(org, "name")), renamed);
    cr_assert_str_eq(json_string_value(json_object_get(org, "kind")), "supplier");
    json_decref(org);
    NewOrg other = { "Taken Name", "sponsor", "", NULL, 0 };
    char taken[64];
    snprintf(taken, sizeof taken, "Taken %s", tag);
    other.name = taken;
    cr_assert_eq(ledger_organisation_add(c, &e, &a, &other, &g), 0, "%s", e.msg);
    OrgProfile clash = { o.id, taken, "supplier", "" };
    err_clear(&e);
    cr_assert_eq(ledger_organisation_update(c, &e, &clash, &g), -1);
    cr_assert_eq(e.code, E_CONFLICT);
    cr_assert_str_eq(e.field, "name");

    arena_release(&a);
    test_db_close(&t, db, c);
}

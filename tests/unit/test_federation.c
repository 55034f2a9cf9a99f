/* test_federation.c - unit tests of federation (src/federation/): the pure
 * rules (Accept headers, WebFinger resources, blocked domains and their
 * form, the delivery schedule, the Event and actor documents); and, on a
 * database (SQLite and PostgreSQL through GLOCAL_TEST_DB), an actor's key
 * made once and kept, and a rotation that keeps the old key readable. */
#include "testutil.h"

#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "federation/ap.h"
#include "federation/federation.h"

static Db *db;
static DbConn *conn;
static TestDb tdb;

static void db_up(void)
{
    test_db_open(&tdb, &db, &conn);
    log_level = -1;
}

static void db_down(void)
{
    test_db_close(&tdb, db, conn);
}

Test(fed_rules, accept_headers)
{
    cr_assert(fed_accepts_ap("application/activity+json"));
    cr_assert(fed_accepts_ap("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
    cr_assert(fed_accepts_ap("text/html;q=0.9, application/activity+json"));
    cr_assert(fed_accepts_ap("application/ld+json"));
    cr_assert_not(fed_accepts_ap("application/ld+json; profile=\"https://example.org/other\""));
    cr_assert_not(fed_accepts_ap("text/html,application/xhtml+xml,*/*;q=0.8"));
    cr_assert_not(fed_accepts_ap("application/activity+json;q=0"));
    cr_assert_not(fed_accepts_ap("application/json"));
    cr_assert_not(fed_accepts_ap(NULL));
}

Test(fed_rules, webfinger_resources)
{
    Arena a;
    arena_init(&a, 256);
    const char *u = NULL;
    cr_assert_eq(fed_webfinger_user(&a, "acct:lisbon@glocal.example", "glocal.example", &u), 0);
    cr_assert_str_eq(u, "lisbon");
    cr_assert_eq(fed_webfinger_user(&a, "acct:LISBON@Glocal.Example", "glocal.example", &u), 0);
    cr_assert_eq(fed_webfinger_user(&a, "@porto@glocal.example", "glocal.example", &u), 0);
    cr_assert_str_eq(u, "porto");
    cr_assert_eq(fed_webfinger_user(&a, "acct:glocal.example@glocal.example", "glocal.example", &u), 0);
    cr_assert_str_eq(u, "glocal.example");
    cr_assert_eq(fed_webfinger_user(&a, "acct:lisbon@elsewhere.example", "glocal.example", &u), -1);
    cr_assert_eq(fed_webfinger_user(&a, "acct:@glocal.example", "glocal.example", &u), -1);
    cr_assert_eq(fed_webfinger_user(&a, "lisbon", "glocal.example", &u), -1);
    cr_assert_str_eq(fed_host_of(&a, "https://User@Node.Example:8443/ap/x?y"), "node.example:8443");
    cr_assert_null(fed_host_of(&a, "ftp://node.example/"));
    arena_release(&a);
}

Test(fed_rules, a_remote_guests_name)
{
    Arena a;
    arena_init(&a, 512);
    cr_assert_str_eq(fed_guest_name(&a, "Ana Lima", "ana", "social.example", "https://social.example/users/ana"), "Ana Lima");
    cr_assert_str_eq(fed_guest_name(&a, "  ", "ana", "social.example", "https://social.example/users/ana"), "@ana@social.example");
    cr_assert_str_eq(fed_guest_name(&a, NULL, "", "x.example", "https://x.example/a/1"), "https://x.example/a/1");
    cr_assert_str_eq(fed_guest_name(&a, "Ana\nLima\t", NULL, NULL, "u"), "Ana Lima", "one line");
    cr_assert_str_eq(fed_guest_name(&a, "\xff\xfe", NULL, NULL, "u"), "A guest from the fediverse", "not UTF-8");
    cr_assert_str_eq(fed_guest_name(&a, "Line\xe2\x80\xa8Two", NULL, NULL, "u"), "A guest from the fediverse");
    char longname[300];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    cr_assert_eq(strlen(fed_guest_name(&a, longname, NULL, NULL, "u")), 100);
    arena_release(&a);
}

Test(fed_rules, double_knocking)
{
    cr_assert_str_eq(fed_scheme_first(NULL), "rfc9421", "an unknown server is tried in RFC 9421 first");
    cr_assert_str_eq(fed_scheme_first("rfc9421"), "rfc9421");
    cr_assert_str_eq(fed_scheme_first("cavage"), "cavage", "a server known to take draft-cavage gets it at once");
    cr_assert_str_eq(fed_scheme_other("rfc9421"), "cavage");
    cr_assert_str_eq(fed_scheme_other("cavage"), "rfc9421");
    cr_assert(fed_knock_again(401));
    cr_assert(fed_knock_again(400));
    cr_assert_not(fed_knock_again(202));
    cr_assert_not(fed_knock_again(403), "a refusal of who we are is not one of the scheme");
    cr_assert_not(fed_knock_again(500));
    cr_assert_not(fed_knock_again(0), "no answer: retried later, not knocked again");
}

Test(fed_rules, blocked_domains)
{
    const char *list = "bad.example\nspam.example, evil.test";
    cr_assert(fed_domain_blocked(list, "bad.example"));
    cr_assert(fed_domain_blocked(list, "mx.bad.example"));
    cr_assert(fed_domain_blocked(list, "evil.test:8443"));
    cr_assert(fed_domain_blocked(list, "SPAM.example"));
    cr_assert_not(fed_domain_blocked(list, "notbad.example"));
    cr_assert_not(fed_domain_blocked(list, "bad.example.org"));
    cr_assert_not(fed_domain_blocked("", "bad.example"));
    Arena a;
    arena_init(&a, 256);
    FieldErrs f = { .a = &a };
    cr_assert_str_eq(fed_domains_check(&a, " Bad.Example,spam.example\n\n", &f), "bad.example\nspam.example\n");
    cr_assert_eq(f.n, 0);
    cr_assert_null(fed_domains_check(&a, "good.example bad/one", &f));
    cr_assert_eq(f.n, 1);
    cr_assert_str_eq(f.at[0].field, "blocked_domains");
    cr_assert_null(fed_domains_check(&a, ".leading.example", &f));
    arena_release(&a);
}

Test(fed_rules, a_peer_is_named_by_its_node_actor)
{
    Arena a;
    arena_init(&a, 256);
    FieldErrs f = { .a = &a };
    cr_assert_str_eq(fed_peer_actor_url(&a, " https://net.example/ ", &f), "https://net.example/ap/node");
    cr_assert_str_eq(fed_peer_actor_url(&a, "http://127.0.0.1:8080/ap/node/", &f), "http://127.0.0.1:8080/ap/node");
    cr_assert_str_eq(fed_peer_actor_url(&a, "https://net.example/glocal", &f), "https://net.example/glocal/ap/node");
    cr_assert_eq(f.n, 0);
    cr_assert_null(fed_peer_actor_url(&a, "  ", &f));
    cr_assert_null(fed_peer_actor_url(&a, "ftp://net.example", &f));
    cr_assert_null(fed_peer_actor_url(&a, "https://net.example/?x=1", &f));
    cr_assert_null(fed_peer_actor_url(&a, "https://", &f));
    cr_assert_eq(f.n, 4);
    cr_assert_str_eq(f.at[3].field, "url");
    arena_release(&a);
}

Test(fed_rules, a_peer_is_decided_by_the_node_it_asked)
{
    const char *next, *why;
    cr_assert_eq(fed_peer_decision("asked", false, true, &next, &why), 0);
    cr_assert_str_eq(next, "approved");
    cr_assert_eq(fed_peer_decision("asked", false, false, &next, &why), 0);
    cr_assert_str_eq(next, "refused");
    cr_assert_eq(fed_peer_decision("approved", false, false, &next, &why), 0);
    cr_assert_str_eq(next, "refused");
    cr_assert_eq(fed_peer_decision("refused", false, true, &next, &why), 0);
    cr_assert_str_eq(next, "approved");
    cr_assert_eq(fed_peer_decision("approved", false, true, &next, &why), -1);
    cr_assert_not_null(why);
    cr_assert_eq(fed_peer_decision("refused", false, false, &next, &why), -1);
    cr_assert_eq(fed_peer_decision("asked", true, true, &next, &why), -1);
    cr_assert_null(next);
}

Test(fed_rules, times_and_groups_for_peers)
{
    cr_assert_eq(fed_iso_time("2026-12-06T18:00:00Z"), 1796580000);
    cr_assert_eq(fed_iso_time("2026-12-06T18:00:00.250Z"), 1796580000);
    cr_assert_eq(fed_iso_time("2026-12-06T19:30:00+01:30"), 1796580000);
    cr_assert_eq(fed_iso_time("2026-12-06T16:00:00-02:00"), 1796580000);
    cr_assert_eq(fed_iso_time("2026-12-06 18:00"), -1);
    cr_assert_eq(fed_iso_time("2026-12-06T18:00:00"), -1);
    cr_assert_eq(fed_iso_time(NULL), -1);
    json_t *ch = json_pack("{s:s, s:s, s:s}", "slug", "lisbon", "name", "Lisbon", "description", "Mondays.");
    json_t *pp = json_pack("[{s:s, s:s}]", "name", "Portugal", "id", "https://n.example/ap/places/portugal");
    json_t *g = fed_group_object("https://n.example", ch, pp);
    cr_assert_str_eq(json_string_value(json_object_get(g, "id")), "https://n.example/ap/chapters/lisbon");
    cr_assert_str_eq(json_string_value(json_object_get(g, "type")), "Group");
    cr_assert_str_eq(json_string_value(json_object_get(g, "url")), "https://n.example/chapters/lisbon");
    cr_assert_str_eq(json_string_value(json_object_get(g, "summary")), "Mondays.");
    cr_assert(json_equal(json_object_get(g, "placePath"), pp));
    cr_assert_null(json_object_get(g, "publicKey"));
    json_decref(g);
    json_decref(pp);
    json_decref(ch);
}

Test(fed_rules, the_schedule_ends)
{
    cr_assert_eq(fed_backoff(1), 60);
    cr_assert_eq(fed_backoff(2), 300);
    for (int i = 1; i < FED_ATTEMPTS; i++) cr_assert_gt(fed_backoff(i), 0);
    cr_assert_eq(fed_backoff(FED_ATTEMPTS), -1);
    cr_assert_eq(fed_backoff(0), -1);
    /* refused for good: dead at once; a network error, a 5xx, 401, 408 and 429 are tried again */
    cr_assert(!fed_delivery_retries(404));
    cr_assert(!fed_delivery_retries(403));
    cr_assert(!fed_delivery_retries(410));
    cr_assert(!fed_delivery_retries(400));
    cr_assert(fed_delivery_retries(401));
    cr_assert(fed_delivery_retries(408));
    cr_assert(fed_delivery_retries(429));
    cr_assert(fed_delivery_retries(500));
    cr_assert(fed_delivery_retries(503));
    cr_assert(fed_delivery_retries(0));
}

Test(fed_rules, a_peer_items_licence_is_named_by_its_code_or_its_deed)
{
    /* the code Glocal sends wins; else the deed's URL names one known here; else none */
    cr_assert_str_eq(fed_licence_code("cc0-1.0", "https://creativecommons.org/licenses/by/4.0/"), "cc0-1.0");
    cr_assert_str_eq(fed_licence_code(NULL, "https://creativecommons.org/licenses/by-sa/4.0/"), "cc-by-sa-4.0");
    cr_assert_str_eq(fed_licence_code("no-such", "https://creativecommons.org/publicdomain/zero/1.0/"), "cc0-1.0");
    cr_assert_str_eq(fed_licence_code(NULL, "https://example.org/my-licence"), "");
    cr_assert_str_eq(fed_licence_code(NULL, NULL), "");
    cr_assert_str_eq(fed_licence_code("", ""), "");
}

Test(fed_rules, an_event_carries_what_fep_8a8e_asks)
{
    json_t *ev = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "slug", "talk", "title",
                           "A talk", "description", "About *it*.", "starts_at", (json_int_t)1800000000, "ends_at",
                           (json_int_t)1800003600, "timezone", "Europe/Lisbon", "venue", "", "online_url",
                           "https://meet.example/x", "status", "cancelled", "capacity", (json_int_t)40, "updated_at",
                           (json_int_t)1700000000, "host_kind", "place", "host_slug", "porto", "place_name", "Porto");
    json_t *o = fed_event_json("https://n.example", ev, NULL);
    cr_assert_str_eq(json_string_value(json_object_get(o, "id")), "https://n.example/ap/events/talk");
    cr_assert_str_eq(json_string_value(json_object_get(o, "startTime")), "2027-01-15T08:00:00Z");
    cr_assert_str_eq(json_string_value(json_object_get(o, "endTime")), "2027-01-15T09:00:00Z");
    cr_assert_str_eq(json_string_value(json_object_get(o, "timezone")), "Europe/Lisbon");
    cr_assert_str_eq(json_string_value(json_object_get(json_object_get(o, "location"), "type")), "VirtualLocation");
    cr_assert_str_eq(json_string_value(json_object_get(o, "attributedTo")), "https://n.example/ap/places/porto");
    cr_assert_str_eq(json_string_value(json_object_get(o, "eventStatus")), "EventCancelled");
    cr_assert_str_eq(json_string_value(json_object_get(o, "joinMode")), "restricted");
    /* an activity carries the context once */
    json_t *act = fed_activity("https://n.example", "Update", "https://n.example/ap/events/talk#u", "/ap/places/porto", o);
    cr_assert_null(json_object_get(json_object_get(act, "object"), "@context"));
    cr_assert_not_null(json_object_get(act, "@context"));
    cr_assert_str_eq(json_string_value(json_object_get(act, "actor")), "https://n.example/ap/places/porto");
    json_decref(act);
    json_decref(ev);
}

Test(fed_keys, made_once_kept_and_rotated, .init = db_up, .fini = db_down)
{
    Arena a;
    arena_init(&a, 8192);
    Err e = { 0 };
    const char *id1, *pub1, *priv1, *id2, *pub2, *id3, *pub3;
    cr_assert_eq(fed_key_current(conn, &a, &e, "https://n.example", "/ap/node", &id1, &pub1, &priv1), 0, "%s", e.msg);
    cr_assert(str_starts(id1, "https://n.example/ap/node#key-"));
    cr_assert(str_starts(pub1, "-----BEGIN PUBLIC KEY-----"));
    cr_assert(str_starts(priv1, "-----BEGIN PRIVATE KEY-----"));
    cr_assert_eq(fed_key_current(conn, &a, &e, "https://n.example", "/ap/node", &id2, &pub2, NULL), 0, "%s", e.msg);
    cr_assert_str_eq(id2, id1, "the key is kept");
    cr_assert_str_eq(pub2, pub1);
    cr_assert_eq(fed_key_rotate(conn, &e, "/ap/node"), 0, "%s", e.msg);
    cr_assert_eq(fed_key_current(conn, &a, &e, "https://n.example", "/ap/node", &id3, &pub3, NULL), 0, "%s", e.msg);
    cr_assert_str_neq(id3, id1, "a rotation makes a new key");
    cr_assert_str_neq(pub3, pub1);
    /* another actor, another key */
    const char *other;
    cr_assert_eq(fed_key_current(conn, &a, &e, "https://n.example", "/ap/chapters/x", &other, NULL, NULL), 0, "%s", e.msg);
    cr_assert_str_neq(other, id3);
    arena_release(&a);
}

/* test_webhooks.c - unit tests of webhooks (src/webhooks/): the signature
 * against the Standard Webhooks specification's own example, which addresses
 * are refused, the URL and form checks, the retry schedule; and, on a database
 * (SQLite and PostgreSQL through GLOCAL_TEST_DB), an event queued to the
 * endpoints that want it, claimed by one sender only, and its failed attempt
 * logged and scheduled again. */
#include "testnet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "base/log.h"
#include "webhooks/webhooks.h"

static Db *db;
static DbConn *conn;
static TestDb tdb;
static Arena arena;

static void db_up(void)
{
    test_db_open(&tdb, &db, &conn);
    log_level = -1;
    arena_init(&arena, 4096);
}

static void db_down(void)
{
    arena_release(&arena);
    test_db_close(&tdb, db, conn);
}

/* ---------- pure rules ---------- */

Test(webhook_rules, signature_of_the_specification_example)
{
    Arena a;
    arena_init(&a, 1024);
    /* the example of the Standard Webhooks specification (and its libraries' tests) */
    const char *body = "{\"test\": 2432232314}";
    const char *sig = webhook_sign(&a, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                   body, strlen(body));
    cr_assert_str_eq(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    /* another id, time or body, another signature; a malformed secret, none */
    cr_assert_str_neq(webhook_sign(&a, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331,
                                   body, strlen(body)), sig);
    cr_assert_null(webhook_sign(&a, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_x", 1, body, strlen(body)));
    cr_assert_null(webhook_sign(&a, "whsec_!!!", "msg_x", 1, body, strlen(body)));
    arena_release(&a);
}

Test(webhook_rules, secrets_have_the_standard_form)
{
    Arena a;
    arena_init(&a, 256);
    unsigned char r[24];
    for (int i = 0; i < 24; i++) r[i] = (unsigned char)(i * 11);
    const char *s = webhook_secret_from(&a, r);
    cr_assert(str_starts(s, "whsec_"));
    cr_assert_eq(strlen(s), 6 + 32);
    cr_assert_not_null(webhook_sign(&a, s, "msg_1", 1, "{}", 2), "a new secret signs");
    arena_release(&a);
}

static bool refused4(const char *text)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    cr_assert_eq(inet_pton(AF_INET, text, &sa.sin_addr), 1, "%s", text);
    return webhook_addr_private((struct sockaddr *)&sa);
}

static bool refused6(const char *text)
{
    struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
    cr_assert_eq(inet_pton(AF_INET6, text, &sa.sin6_addr), 1, "%s", text);
    return webhook_addr_private((struct sockaddr *)&sa);
}

Test(webhook_rules, private_and_reserved_addresses_are_refused)
{
    const char *no4[] = { "127.0.0.1", "127.255.1.2", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                          "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "239.255.255.250",
                          "255.255.255.255", "192.0.2.1", "198.18.0.1", "203.0.113.9" };
    for (size_t i = 0; i < sizeof no4 / sizeof *no4; i++) cr_assert(refused4(no4[i]), "%s is refused", no4[i]);
    const char *yes4[] = { "93.184.215.14", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "8.8.8.8" };
    for (size_t i = 0; i < sizeof yes4 / sizeof *yes4; i++) cr_assert_not(refused4(yes4[i]), "%s is public", yes4[i]);
    const char *no6[] = { "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1",
                          "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::a00:1", "2001:db8::1", "fec0::1", "::127.0.0.1" };
    for (size_t i = 0; i < sizeof no6 / sizeof *no6; i++) cr_assert(refused6(no6[i]), "%s is refused", no6[i]);
    const char *yes6[] = { "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:93.184.215.14", "64:ff9b::808:808" };
    for (size_t i = 0; i < sizeof yes6 / sizeof *yes6; i++) cr_assert_not(refused6(yes6[i]), "%s is public", yes6[i]);
}

Test(webhook_rules, urls)
{
    Arena a;
    arena_init(&a, 1024);
    WebhookTarget t;
    Err e = { 0 };
    cr_assert_eq(webhook_url_parse(&a, "https://example.org/hooks?x=1", &t, &e), 0, "%s", e.msg);
    cr_assert_str_eq(t.scheme, "https");
    cr_assert_str_eq(t.host, "example.org");
    cr_assert_eq(t.port, 443);
    cr_assert_eq(webhook_url_parse(&a, "http://[2001:db8::1]:8080/x", &t, &e), 0, "%s", e.msg);
    cr_assert_str_eq(t.host, "2001:db8::1");
    cr_assert_eq(t.port, 8080);
    const char *bad[] = { "", "ftp://example.org/x", "file:///etc/passwd", "https://user:pw@example.org/",
                          "not a url", "https://example.org/#frag", "gopher://example.org" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        Err x = { 0 };
        cr_assert_lt(webhook_url_parse(&a, bad[i], &t, &x), 0, "%s is refused", bad[i]);
        cr_assert_str_eq(x.field, "url");
        cr_assert_gt(strlen(x.msg), 10);
    }
    arena_release(&a);
}

Test(webhook_rules, kinds_and_fields)
{
    Arena a;
    arena_init(&a, 1024);
    cr_assert(webhook_kinds_has("chapter.created meeting.scheduled", "meeting.scheduled"));
    cr_assert_not(webhook_kinds_has("chapter.created meeting.scheduled", "meeting"));
    cr_assert_not(webhook_kinds_has("", "chapter.created"));
    WebhookFields f = { .url = "https://example.org/h", .description = "CRM", .kinds = { "ticket.paid", "chapter.created", "ticket.paid" },
                        .nkinds = 3 };
    FieldErrs p = { .a = &a };
    cr_assert_str_eq(webhook_fields_check(&a, &f, &p), "ticket.paid chapter.created");
    cr_assert_eq(p.n, 0);
    WebhookFields g = { .url = "https://example.org/h", .kinds = { "meeting.held" }, .nkinds = 1 };
    FieldErrs q = { .a = &a };
    webhook_fields_check(&a, &g, &q);
    cr_assert_eq(q.n, 1);
    cr_assert_str_eq(q.at[0].field, "kinds");
    WebhookFields h = { .url = "ftp://x", .nkinds = 0 };
    FieldErrs r = { .a = &a };
    webhook_fields_check(&a, &h, &r);
    cr_assert_eq(r.n, 2, "the address and the kinds");
    arena_release(&a);
}

Test(webhook_rules, the_retry_schedule)
{
    const int64_t want[] = { 5, 300, 1800, 7200, 18000, 36000, 36000 };
    for (int i = 1; i < WEBHOOK_ATTEMPTS; i++) cr_assert_eq(webhook_backoff(i), want[i - 1], "after attempt %d", i);
    cr_assert_eq(webhook_backoff(WEBHOOK_ATTEMPTS), -1, "the last attempt is the last");
    cr_assert_eq(webhook_backoff(0), -1);
    cr_assert_gt(WEBHOOK_DISABLE_AFTER, WEBHOOK_ATTEMPTS, "one failed delivery alone never disables an endpoint");
}

/* ---------- on a database ---------- */

TestSuite(webhook_store, .init = db_up, .fini = db_down);

typedef struct Emit {
    const char *kind;
    json_t *data;
} Emit;

static int emit_tx(DbConn *c, void *ctx, Err *e)
{
    Emit *m = ctx;
    return webhook_emit(c, e, m->kind, 0, m->data);
}

static int64_t registered(int64_t by, const char *url, const char *kind)
{
    Err e = { 0 };
    WebhookFields f = { .url = url, .kinds = { kind }, .nkinds = 1 };
    FieldErrs p = { .a = &arena };
    int64_t id = 0;
    const char *secret = NULL;
    cr_assert_eq(webhook_register(conn, &e, &arena, 0, by, &f, &p, &id, &secret), 0, "%s", e.msg);
    cr_assert(str_starts(secret, "whsec_"));
    return id;
}

/* Private targets need the network's setting. The setting is the whole
 * database's and Criterion runs tests side by side, so the test that turns it
 * off and on is the first part of the one that then relies on it. */
static void private_targets_need_the_setting(void)
{
    Err e = { 0 };
    int64_t by = test_user_make(conn, &arena, "ada@test.example", "Ada", true);
    cr_assert_eq(webhook_private_allow(conn, &e, false), 0, "%s", e.msg);
    WebhookFields f = { .url = "http://127.0.0.1:9/x", .kinds = { "ledger.entry" }, .nkinds = 1 };
    FieldErrs p = { .a = &arena };
    int64_t id = 0;
    const char *secret = NULL;
    cr_assert_not(webhook_private_allowed(conn, &arena));
    cr_assert_lt(webhook_register(conn, &e, &arena, 0, by, &f, &p, &id, &secret), 0);
    cr_assert_eq(e.code, E_INVALID);
    cr_assert_str_eq(p.at[0].field, "url");
    cr_assert_eq(webhook_private_allow(conn, &e, true), 0, "%s", e.msg);
    cr_assert(webhook_private_allowed(conn, &arena));
    cr_assert_gt(registered(by, "http://127.0.0.1:9/x", "ledger.entry"), 0);
}

Test(webhook_store, private_targets_need_the_setting_then_an_event_is_queued_claimed_once_and_retried)
{
    private_targets_need_the_setting();
    Err e = { 0 };
    int64_t by = test_user_make(conn, &arena, "bo@test.example", "Bo", true);
    cr_assert_eq(webhook_private_allow(conn, &e, true), 0, "%s", e.msg);
    int64_t wants = registered(by, "http://127.0.0.1:9/a", "chapter.created");   /* port 9: refused at once */
    registered(by, "http://127.0.0.1:9/b", "ticket.paid");
    Emit m = { "chapter.created", json_pack("{s:s}", "slug", "lisbon") };
    cr_assert_eq(db_write(conn, emit_tx, &m, &e), 0, "%s", e.msg);
    json_decref(m.data);
    int64_t now = now_unix();
    cr_assert_eq(webhooks_deliver(conn, now, "one", 10, &e), 1, "one delivery, to the endpoint that wants the kind: %s", e.msg);
    cr_assert_eq(webhooks_deliver(conn, now, "two", 10, &e), 0, "nothing left for another sender");
    json_t *list = webhook_list(conn, &e, 0, true);
    cr_assert_not_null(list, "%s", e.msg);
    size_t at = json_array_size(list) - 2;   /* this test's two, after any another test made */
    json_t *ep = json_array_get(list, at);
    cr_assert_eq(json_integer_value(json_object_get(ep, "id")), wants);
    json_t *d = json_array_get(json_object_get(ep, "deliveries"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(d, "status")), "retry");
    cr_assert_eq(json_integer_value(json_object_get(d, "attempts")), 1);
    cr_assert_geq(json_integer_value(json_object_get(d, "next_at")), now + 5);
    json_t *log = json_object_get(d, "attempt_log");
    cr_assert_eq(json_array_size(log), 1);
    cr_assert_eq(json_integer_value(json_object_get(json_array_get(log, 0), "status_code")), 0);
    cr_assert_gt(strlen(json_string_value(json_object_get(json_array_get(log, 0), "error"))), 0, "the error is kept");
    cr_assert_eq(json_integer_value(json_object_get(ep, "failures")), 1);
    cr_assert_eq(json_array_size(json_object_get(json_array_get(list, at + 1), "deliveries")), 0, "the other kind got nothing");
    json_decref(list);
    /* due again after its backoff: a second attempt with the same webhook-id */
    cr_assert_eq(webhooks_deliver(conn, now + 6, "two", 10, &e), 1, "%s", e.msg);
    list = webhook_list(conn, &e, 0, true);
    d = json_array_get(json_object_get(json_array_get(list, at), "deliveries"), 0);
    cr_assert_eq(json_integer_value(json_object_get(d, "attempts")), 2);
    cr_assert_eq(json_array_size(json_object_get(d, "attempt_log")), 2);
    json_decref(list);
    /* disabled by its owner: nothing is claimed until it is enabled again */
    cr_assert_eq(webhook_enable(conn, &e, 0, wants, false), 0, "%s", e.msg);
    cr_assert_eq(webhooks_deliver(conn, now + 400, "one", 10, &e), 0);
    cr_assert_eq(webhook_enable(conn, &e, 0, wants, true), 0, "%s", e.msg);
    cr_assert_eq(webhooks_deliver(conn, now + 400, "one", 10, &e), 1);
    cr_assert_eq(webhook_remove(conn, &e, 0, wants), 0, "%s", e.msg);
    cr_assert_lt(webhook_remove(conn, &e, 0, wants), 0);
    cr_assert_eq(e.code, E_NOT_FOUND);
}

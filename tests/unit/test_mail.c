/* test_mail.c - unit tests of the mail room (src/mail/): messages rendered from
 * templates/mail/ in text mode and queued in the outbox, on a database
 * (SQLite and PostgreSQL through GLOCAL_TEST_DB, see tests/run). */
#include "testutil.h"

#include <jansson.h>
#include <string.h>

#include "base/log.h"
#include "db/db.h"
#include "mail/mail.h"

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

TestSuite(mail, .init = db_up, .fini = db_down);

typedef struct Send {
    const char *to, *name;
    json_t *data;
} Send;

static int send_tx(DbConn *c, void *ctx, Err *e)
{
    Send *s = ctx;
    return mail_queue(c, e, s->to, s->name, s->data);
}

/* Queues one message and returns the newest row of the outbox (new reference). */
static json_t *send(const char *to, const char *name, const char *data_json, Err *e)
{
    Send s = { to, name, json_loads(data_json, 0, NULL) };
    cr_assert_not_null(s.data, "%s", data_json);
    int rc = db_write(conn, send_tx, &s, e);
    json_decref(s.data);
    if (rc < 0) return NULL;
    json_t *rows = outbox_recent(conn, e, 1, 0);
    cr_assert_not_null(rows, "%s", e->msg);
    json_t *row = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return row;
}

static const char *field(json_t *row, const char *k)
{
    return json_string_value(json_object_get(row, k));
}

Test(mail, every_template_compiles_and_has_a_subject)
{
    Err e = { 0 };
    cr_expect_eq(mail_templates_check(&e), 0, "%s", e.msg);
}

Test(mail, an_invitation_is_rendered_as_plain_text_and_queued)
{
    Err e = { 0 };
    json_t *row = send("ines@example.org", "invitation",
                       "{\"inviter\": \"Tom & <Jerry>\", \"chapter\": \"Lisbon Founders\", \"message\": \"Come along!\","
                       " \"link\": \"https://glocal.test/invitations/abc\"}", &e);
    cr_assert_not_null(row, "%s", e.msg);
    cr_expect_str_eq(field(row, "kind"), "invitation");
    cr_expect_str_eq(field(row, "to_email"), "ines@example.org");
    cr_expect_str_eq(field(row, "subject"), "Tom & <Jerry> invites you to Lisbon Founders");
    const char *body = field(row, "body");
    cr_expect(strncmp(body, "Hello,\n\nTom & <Jerry> invites you to join Lisbon Founders", 56) == 0, "%s", body);
    cr_expect(strstr(body, "Their message:\n  Come along!\n\nOpen this link within 14 days to accept:\n"
                           "https://glocal.test/invitations/abc\n") != NULL, "%s", body);
    json_decref(row);
}

Test(mail, optional_parts_are_left_out_when_empty)
{
    Err e = { 0 };
    json_t *row = send("a@example.org", "join_declined", "{\"chapter\": \"Porto Makers\", \"reason\": \"\"}", &e);
    cr_assert_not_null(row, "%s", e.msg);
    cr_expect_str_eq(field(row, "body"), "The connectors of Porto Makers could not take you in this time.\n\n"
                                         "Other chapters near you are listed in the directory.\n");
    json_decref(row);
    row = send("a@example.org", "join_declined", "{\"chapter\": \"Porto Makers\", \"reason\": \"We are full.\"}", &e);
    cr_assert_not_null(row, "%s", e.msg);
    cr_expect_str_eq(field(row, "body"), "The connectors of Porto Makers could not take you in this time.\n\n"
                                         "Their note: We are full.\n\nOther chapters near you are listed in the directory.\n");
    json_decref(row);
}

Test(mail, a_registration_says_ticket_or_waitlist)
{
    Err e = { 0 };
    json_t *row = send("g@example.org", "event_registration",
                       "{\"ticket\": false, \"name\": \"Gus\", \"title\": \"Pitch Night\", \"position\": 3, \"link\": \"L\"}", &e);
    cr_assert_not_null(row, "%s", e.msg);
    cr_expect_str_eq(field(row, "subject"), "You are on the waitlist for Pitch Night");
    cr_expect(strstr(field(row, "body"), "you are number 3 on the waitlist") != NULL, "%s", field(row, "body"));
    json_decref(row);
}

static int insert_tx(DbConn *c, void *ctx, Err *e)
{
    return outbox_insert(c, e, ctx);
}

Test(mail, an_address_or_subject_with_a_line_break_is_refused)
{
    Err e = { 0 };
    OutboxMessage bad_to = { .kind = "test", .to = "a@example.org\r\nBcc: all@example.org", .subject = "Hi", .body = "x\n" };
    OutboxMessage bad_subject = { .kind = "test", .to = "a@example.org", .subject = "Tomorrow:\nBcc: all@example.org", .body = "x\n" };
    /* counted by what only these two would queue: the suite's other tests share the database and
     * run at the same time (criterion's workers), queueing mail of their own */
#define THESE "SELECT count(*) FROM outbox WHERE to_email LIKE '%Bcc:%' OR subject LIKE '%Bcc:%'"
    int64_t before = 0, after = 0;
    cr_assert_geq(db_int64(conn, &e, &before, THESE), 0, "%s", e.msg);
    cr_expect_eq(db_write(conn, insert_tx, &bad_to, &e), -1);
    cr_expect(strstr(e.msg, "line break") != NULL, "%s", e.msg);
    err_clear(&e);
    cr_expect_eq(db_write(conn, insert_tx, &bad_subject, &e), -1);
    err_clear(&e);
    cr_assert_geq(db_int64(conn, &e, &after, THESE), 0, "%s", e.msg);
#undef THESE
    cr_expect_eq(after, before, "nothing was queued");
}

Test(mail, an_unknown_template_is_an_error_and_queues_nothing)
{
    Err e = { 0 };
    /* counted by its address: the suite's other tests queue mail at the same time */
    int64_t before = 0, after = 0;
    cr_assert_geq(db_int64(conn, &e, &before, "SELECT count(*) FROM outbox WHERE to_email = 'x@example.org'"), 0, "%s", e.msg);
    json_t *row = send("x@example.org", "no_such_message", "{}", &e);
    cr_expect_null(row);
    cr_expect_eq(e.code, E_INTERNAL);
    cr_expect(strstr(e.msg, "no_such_message") != NULL, "%s", e.msg);
    Err e2 = { 0 };
    cr_assert_geq(db_int64(conn, &e2, &after, "SELECT count(*) FROM outbox WHERE to_email = 'x@example.org'"), 0, "%s", e2.msg);
    cr_expect_eq(after, before, "nothing was queued");
}

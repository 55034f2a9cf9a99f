/* testnet.h - what the governance tests make on a database before they test:
 * an account and a place, each in its own write transaction through the
 * features' own store functions (included once per test program). */
#ifndef GLOCAL_TESTNET_H
#define GLOCAL_TESTNET_H

#include "accounts/accounts.h"
#include "base/arena.h"
#include "base/str.h"
#include "network/network.h"
#include "testutil.h"

typedef struct TestNew {
    Arena *a;
    int64_t parent;
    const char *kind, *email, *name;
    bool admin;
    int64_t id;
} TestNew;

static int test_user_tx(DbConn *conn, void *ctx, Err *e)
{
    TestNew *u = ctx;
    return user_insert(conn, e, u->email, u->name, "not-a-hash", u->admin, 0, 0, &u->id);
}

static int test_place_tx(DbConn *conn, void *ctx, Err *e)
{
    TestNew *p = ctx;
    return place_insert(conn, e, p->parent, p->kind, p->name, str_slugify(p->a, p->name), "Europe/Lisbon", &p->id);
}

/* An account (no password anyone could use): its id. */
static inline int64_t test_user_make(DbConn *c, Arena *a, const char *email, const char *name, bool admin)
{
    Err e = { 0 };
    TestNew u = { .a = a, .email = email, .name = name, .admin = admin };
    cr_assert_eq(db_write(c, test_user_tx, &u, &e), 0, "%s", e.msg);
    return u.id;
}

/* A place of any kind under any parent (0: a country), in Lisbon's zone: its id. */
static inline int64_t test_place_make(DbConn *c, Arena *a, int64_t parent, const char *kind, const char *name)
{
    Err e = { 0 };
    TestNew p = { .a = a, .parent = parent, .kind = kind, .name = name };
    cr_assert_eq(db_write(c, test_place_tx, &p, &e), 0, "%s", e.msg);
    return p.id;
}

#endif

/* indexing.c - members in the network's search: each account is a document
 * only those logged in find (members_only), with what any member sees on
 * the member's profile — name, organisation, bio, city and sector, never the
 * e-mail address. Put inside the write that made or changed the account, and
 * all of them again when the index is rebuilt. In the same write, the words
 * of the name and the organisation that the member list finds by prefix
 * (member_words, schema 036). */
#include "accounts/accounts.h"
#include "accounts/store.h"
#include "base/arena.h"
#include "base/log.h"
#include "base/str.h"
#include "settings/settings.h"
#include "search/search.h"

/* Bump when what member_words holds changes (or the folding does): the next
 * start makes the table again. */
#define MEMBER_WORDS_VERSION "1"
/* A name and an organisation give at most this many words to search by. */
enum { MEMBER_WORDS_MAX = 24 };

static const char *text(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(json_t *o, const char *k) { return json_integer_value(json_object_get(o, k)); }

static int put_words(DbConn *c, Err *e, json_t *row)
{
    Arena a;
    arena_init(&a, 256);
    const char *words[MEMBER_WORDS_MAX];
    size_t n = search_words(&a, arena_printf(&a, "%s %s", text(row, "name"), text(row, "organisation")), words,
                            MEMBER_WORDS_MAX);
    const char *all = " ";
    for (size_t i = 0; i < n; i++) all = arena_printf(&a, "%s%s ", all, words[i]);
    int rc = user_words_set(c, e, num(row, "id"), text(row, "name"), words, n, all);
    arena_release(&a);
    return rc;
}

static int put_member(DbConn *c, Err *e, json_t *row)
{
    if (put_words(c, e, row) < 0) return -1;
    Arena a;
    arena_init(&a, 256);
    SearchDoc d = {
        .kind = "member", .ref_id = num(row, "id"), .title = text(row, "name"),
        .body = arena_printf(&a, "%s\n\n%s", text(row, "organisation"), text(row, "bio")), .markdown = true,
        .url = arena_printf(&a, "/members/%lld", (long long)num(row, "id")), .place_id = num(row, "metro_id"),
        .sector_id = num(row, "sector_id"), .members_only = true, .updated_at = num(row, "created_at"),
    };
    int rc = search_put(c, e, &d);
    arena_release(&a);
    return rc;
}

int member_index(DbConn *c, Err *e, int64_t id)
{
    return search_put_rows(c, e, user_search_rows, put_member, id - 1, 1);
}

int accounts_reindex(DbConn *c, Err *e)
{
    if (user_words_clear(c, e) < 0) return -1;
    return search_put_rows(c, e, user_search_rows, put_member, 0, 1000);
}

int accounts_start(DbConn *c, void *ctx, Err *e)
{
    (void)ctx;
    Arena a;
    arena_init(&a, 128);
    bool current = str_eq(setting_get(c, &a, "accounts.member_words", "0"), MEMBER_WORDS_VERSION);
    arena_release(&a);
    if (current) return 0;
    if (user_words_clear(c, e) < 0 || search_put_rows(c, e, user_search_rows, put_words, 0, 1000) < 0) return -1;
    log_info("accounts: the words members are found by were made again");
    return setting_put(c, e, "accounts.member_words", MEMBER_WORDS_VERSION);
}

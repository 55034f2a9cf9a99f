/* test_web.c - unit tests of src/web/ that need no server and no database:
 * the router (router.c: route_match over the table of src/routes.h), the
 * input a handler reads (req.c: req_input and friends, req_next), the guard's
 * CSRF tokens and the checks of its route flags that touch no database
 * (guard.c), the pool of hashing threads (workers.c) and the cutting of a
 * list into pages (paging.c).
 *
 * A Req is made by hand here: an arena, an App with a node secret, and the
 * input lists a parsed request would have. */
#include "testutil.h"

#include <jansson.h>
#include <pthread.h>
#include <unistd.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/str.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/paging.h"
#include "web/workers.h"
#include "web/req.h"
#include "web/route.h"

/* ---- a request made by hand ---- */

static Arena A;
static App app;
static Req R;

static void req_up(void)
{
    arena_init(&A, 0);
    memset(&app, 0, sizeof app);
    memset(app.secret, 0x5a, sizeof app.secret);
    memset(&R, 0, sizeof R);
    R.arena = &A;
    R.app = &app;
    R.method = M_GET;
}

static void req_down(void)
{
    json_decref(R.json);
    json_decref(R.errors);
    json_decref(R.model);
    arena_release(&A);
}

/* A list of fields from name, value, name, value, ..., NULL, in that order. */
static Field *fields_(const char *const *kv)
{
    Field *head = NULL, **tail = &head;
    for (; kv[0]; kv += 2) {
        Field *f = arena_alloc(&A, sizeof *f);
        f->name = kv[0];
        f->value = kv[1];
        *tail = f;
        tail = &f->next;
    }
    return head;
}
#define FIELDS(...) fields_((const char *const[]){ __VA_ARGS__, NULL })

static json_t *load(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    cr_assert_not_null(j, "bad test JSON: %s", err.text);
    return j;
}

/* ---- the router ---- */

TestSuite(router, .init = req_up, .fini = req_down);

/* The route for method and path on one face; NULL when none (allowed: the methods that would be). */
static const Route *match(int method, const char *path, bool api, int *allowed)
{
    int dummy;
    return route_match(&R, method, path, api, allowed ? allowed : &dummy);
}

static void expect_route(int method, const char *path, bool api, const char *pattern)
{
    const Route *rt = match(method, path, api, NULL);
    cr_assert_not_null(rt, "%s %s (%s) found no route", route_method_name(method), path, api ? "api" : "page");
    cr_assert_str_eq(rt->pattern, pattern, "%s %s (%s)", route_method_name(method), path, api ? "api" : "page");
    cr_assert_eq(rt->method, method);
}

static void expect_no_route(int method, const char *path, bool api, int want_allowed)
{
    int allowed = -1;
    const Route *rt = match(method, path, api, &allowed);
    cr_assert_null(rt, "%s %s (%s) matched %s", route_method_name(method), path, api ? "api" : "page",
                   rt ? rt->pattern : "");
    cr_assert_eq(allowed, want_allowed, "%s %s (%s): allowed %d, not %d", route_method_name(method), path,
                 api ? "api" : "page", allowed, want_allowed);
    cr_assert_eq(R.nparams, 0, "a failed match leaves no parameters");
}

Test(router, a_literal_segment_wins_over_a_parameter)
{
    expect_route(M_GET, "/chapters/new", false, "/chapters/new");
    cr_assert_eq(R.nparams, 0);
    cr_assert_null(req_param(&R, "chapter"));
    expect_route(M_GET, "/events/splits", false, "/events/splits");
    expect_route(M_GET, "/events/splits", true, "/events/splits");
    cr_assert_null(req_param(&R, "event"));
    /* the form is a page: on /api/v1 the same path names a chapter called "new" */
    expect_route(M_GET, "/chapters/new", true, "/chapters/{chapter}");
    cr_assert_str_eq(req_param(&R, "chapter"), "new");
}

Test(router, parameters_are_filled_in_order)
{
    expect_route(M_POST, "/chapters/lisbon-tech/meetings/42/rounds/7/stories", false,
                 "/chapters/{chapter}/meetings/{meeting}/rounds/{round}/stories");
    cr_assert_eq(R.nparams, 3);
    cr_assert_str_eq(R.pnames[0], "chapter");
    cr_assert_str_eq(R.pvalues[0], "lisbon-tech");
    cr_assert_str_eq(req_param(&R, "meeting"), "42");
    cr_assert_str_eq(req_param(&R, "round"), "7");
    cr_assert_null(req_param(&R, "id"));
    /* a value is taken as it is: decoding is the caller's */
    expect_route(M_GET, "/chapters/caf%C3%A9", false, "/chapters/{chapter}");
    cr_assert_str_eq(req_param(&R, "chapter"), "caf%C3%A9");
    cr_assert_eq(R.nparams, 1, "the parameters of an earlier match are replaced");
}

Test(router, each_face_sees_only_its_routes)
{
    expect_route(M_GET, "/", false, "/");
    expect_no_route(M_GET, "/", true, 0);                       /* F_PAGE */
    expect_route(M_POST, "/me/password", false, "/me/password");
    expect_no_route(M_POST, "/me/password", true, 0);
    expect_route(M_GET, "/me", false, "/me");                   /* both faces */
    expect_route(M_GET, "/me", true, "/me");
    expect_route(M_GET, "/health", true, "/health");
    for (size_t i = 0; i < route_count; i++) {
        cr_assert_neq(routes[i].flags & (F_PAGE | F_API), F_PAGE | F_API, "%s %s serves no face",
                      route_method_name(routes[i].method), routes[i].pattern);
    }
}

Test(router, a_known_path_with_another_method_says_what_is_allowed)
{
    expect_no_route(M_DELETE, "/chapters/lisbon", false, M_GET | M_HEAD | M_POST);
    expect_no_route(M_POST, "/health", false, M_GET | M_HEAD);
    expect_no_route(M_PUT, "/me/password", false, M_POST);
    expect_no_route(M_GET, "/logout", false, M_POST);
    /* on the API face the page-only POST does not count */
    expect_no_route(M_GET, "/me/password", true, 0);
    expect_no_route(M_GET, "/nowhere", false, 0);
}

Test(router, trailing_missing_and_empty_segments_do_not_match)
{
    expect_no_route(M_GET, "/chapters/lisbon/", false, 0);
    expect_no_route(M_GET, "/chapters/", false, 0);
    expect_no_route(M_GET, "/chapters//members", false, 0);
    expect_no_route(M_GET, "/chapters/lisbon/members/extra", false, 0);
    expect_no_route(M_GET, "/chapters/lisbon/member", false, 0);
    expect_no_route(M_GET, "/chapterss", false, 0);
    expect_no_route(M_GET, "", false, 0);
    expect_no_route(M_GET, "chapters", false, 0);
    expect_no_route(M_GET, "//", false, 0);
    expect_route(M_GET, "/chapters", false, "/chapters");
}

/* A concrete path for a pattern: each {name} becomes "v-name". */
static const char *instance(const char *pattern)
{
    Buf b;
    buf_init(&b, &A);
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            buf_adds(&b, "v-");
            buf_add(&b, p + 1, (size_t)(end - p - 1));
            p = end + 1;
        } else {
            buf_add(&b, p++, 1);
        }
    }
    return buf_str(&b);
}

/* No route hides another: each is what its own path finds, on each face it serves. */
Test(router, every_route_in_the_table_is_reachable)
{
    cr_assert_gt(route_count, 50);
    for (size_t i = 0; i < route_count; i++) {
        const Route *want = &routes[i];
        const char *path = instance(want->pattern);
        for (int api = 0; api < 2; api++) {
            if (want->flags & (api ? F_PAGE : F_API)) continue;
            expect_route(want->method, path, api, want->pattern);
            int n = 0;
            for (const char *p = want->pattern; (p = strchr(p, '{')); p++) n++;
            cr_assert_eq(R.nparams, n, "%s", want->pattern);
            for (int k = 0; k < R.nparams; k++)
                cr_assert_str_eq(R.pvalues[k], arena_printf(&A, "v-%s", R.pnames[k]), "%s", want->pattern);
        }
    }
}

Test(router, method_names_read_back)
{
    static const int methods[] = { M_GET, M_POST, M_HEAD, M_PUT, M_PATCH, M_DELETE, M_OPTIONS };
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        cr_assert_eq(route_method_parse(route_method_name(methods[i])), methods[i]);
    cr_assert_eq(route_method_parse("get"), 0, "method names are case-sensitive");
    cr_assert_eq(route_method_parse("TRACE"), 0);
    cr_assert_str_eq(route_method_name(0), "OTHER");
}

/* ---- input ---- */

TestSuite(input, .init = req_up, .fini = req_down);

Test(input, form_fields_are_trimmed_and_raw_is_not)
{
    R.method = M_POST;
    R.form = FIELDS("name", "  Ada Lovelace \t", "password", "  secret  ", "empty", "");
    cr_assert_str_eq(req_input(&R, "name"), "Ada Lovelace");
    cr_assert_str_eq(req_input_raw(&R, "name"), "  Ada Lovelace \t");
    cr_assert_str_eq(req_input_raw(&R, "password"), "  secret  ");
    cr_assert_str_eq(req_input(&R, "empty"), "");
    cr_assert_null(req_input(&R, "missing"));
    cr_assert_null(req_input(&R, "Name"), "names are case-sensitive");
}

Test(input, the_first_of_a_repeated_field_and_the_query_only_on_get)
{
    R.method = M_POST;
    R.form = FIELDS("tag", "a", "tag", "b");
    R.query = FIELDS("next", "/from-query", "tag", "q");
    cr_assert_str_eq(req_input(&R, "tag"), "a");
    cr_assert_null(req_input(&R, "next"), "a POST reads its body, not the query");
    cr_assert_str_eq(req_query(&R, "next"), "/from-query");
    R.method = M_GET;
    cr_assert_str_eq(req_input(&R, "next"), "/from-query");
    cr_assert_str_eq(req_input(&R, "tag"), "a", "the form first");
}

Test(input, json_members_as_text)
{
    R.method = M_POST;
    R.form = FIELDS("name", "from the form");
    R.json = load("{\"name\": \" Ada \", \"n\": 42, \"neg\": -7, \"x\": 1.5, \"yes\": true, \"no\": false,"
                  " \"nil\": null, \"obj\": {\"a\": 1}, \"list\": [1, 2]}");
    cr_assert_str_eq(req_input(&R, "name"), "Ada", "a JSON body replaces the form");
    cr_assert_str_eq(req_input_raw(&R, "name"), " Ada ");
    cr_assert_str_eq(req_input(&R, "n"), "42");
    cr_assert_str_eq(req_input(&R, "neg"), "-7");
    cr_assert_str_eq(req_input(&R, "x"), "1.5");
    cr_assert_str_eq(req_input(&R, "yes"), "true");
    cr_assert_str_eq(req_input(&R, "no"), "false");
    cr_assert_null(req_input(&R, "nil"));
    cr_assert_null(req_input(&R, "obj"));
    cr_assert_null(req_input(&R, "list"));
    cr_assert_null(req_input(&R, "missing"));
}

Test(input, booleans)
{
    R.method = M_POST;
    R.form = FIELDS("a", "on", "b", "1", "c", "true", "d", "yes", "e", " yes ", "f", "off", "g", "0", "h", "",
                    "i", "TRUE", "j", "y");
    static const char *const yes[] = { "a", "b", "c", "d", "e" };
    static const char *const no[] = { "f", "g", "h", "i", "j", "missing" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) cr_assert(req_input_bool(&R, yes[i]), "%s", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) cr_assert_not(req_input_bool(&R, no[i]), "%s", no[i]);
    json_t *j = load("{\"t\": true, \"f\": false, \"one\": 1, \"zero\": 0, \"s\": \"on\"}");
    R.json = j;
    cr_assert(req_input_bool(&R, "t"));
    cr_assert_not(req_input_bool(&R, "f"));
    cr_assert(req_input_bool(&R, "one"));
    cr_assert_not(req_input_bool(&R, "zero"));
    cr_assert(req_input_bool(&R, "s"));
}

Test(input, integers_present_absent_and_wrong)
{
    R.method = M_POST;
    R.form = FIELDS("n", " 12 ", "neg", "-3", "empty", "", "word", "twelve", "half", "1.5", "big",
                    "99999999999999999999", "other", "x");
    int64_t v = -1;
    cr_assert_eq(req_input_int(&R, "n", &v), 1);
    cr_assert_eq(v, 12);
    cr_assert_eq(req_input_int(&R, "neg", &v), 1);
    cr_assert_eq(v, -3);
    v = 77;
    cr_assert_eq(req_input_int(&R, "empty", &v), 0);
    cr_assert_eq(req_input_int(&R, "missing", &v), 0);
    cr_assert_eq(v, 77, "absent leaves the value alone");
    cr_assert_not(req_has_errors(&R), "absent is no error");
    cr_assert_eq(req_input_int(&R, "word", &v), -1);
    cr_assert_eq(req_input_int(&R, "half", &v), -1);
    cr_assert_eq(req_input_int(&R, "big", &v), -1, "beyond 64 bits");
    cr_assert(req_has_errors(&R));
    cr_assert_eq(json_array_size(R.errors), 3, "one error per field: %s", json_dumps(R.errors, JSON_COMPACT));
    json_t *first = json_array_get(R.errors, 0);
    cr_assert_str_eq(json_string_value(json_object_get(first, "field")), "word");
    cr_assert_str_eq(json_string_value(json_object_get(first, "message")), "Please enter a whole number.");
    cr_assert_eq(req_input_int(&R, "word", &v), -1);
    cr_assert_eq(json_array_size(R.errors), 3, "the same field is not noted twice");
    R.json = load("{\"n\": 5, \"s\": \"6\", \"x\": 1.5}");
    cr_assert_eq(req_input_int(&R, "n", &v), 1);
    cr_assert_eq(v, 5);
    cr_assert_eq(req_input_int(&R, "s", &v), 1);
    cr_assert_eq(v, 6);
    cr_assert_eq(req_input_int(&R, "x", &v), -1);
}

Test(input, every_value_of_a_repeated_field)
{
    R.method = M_POST;
    R.form = FIELDS("c", "1", "other", "x", "c", "2", "c", "3");
    const char *out[4] = { 0 };
    cr_assert_eq(req_input_all(&R, "c", out, 4), 3);
    cr_assert_str_eq(out[0], "1");
    cr_assert_str_eq(out[1], "2");
    cr_assert_str_eq(out[2], "3");
    cr_assert_eq(req_input_all(&R, "c", out, 2), 2, "at most max");
    cr_assert_eq(req_input_all(&R, "missing", out, 4), 0);
    R.json = load("{\"c\": [7, \"eight\", null, true], \"one\": \"solo\", \"obj\": {}}");
    cr_assert_eq(req_input_all(&R, "c", out, 4), 3, "null is no value");
    cr_assert_str_eq(out[0], "7");
    cr_assert_str_eq(out[1], "eight");
    cr_assert_str_eq(out[2], "true");
    cr_assert_eq(req_input_all(&R, "c", out, 1), 1);
    cr_assert_eq(req_input_all(&R, "one", out, 4), 1, "a single member counts as one value");
    cr_assert_str_eq(out[0], "solo");
    cr_assert_eq(req_input_all(&R, "obj", out, 4), 0);
    cr_assert_eq(req_input_all(&R, "missing", out, 4), 0);
}

Test(input, next_follows_only_local_paths)
{
    R.method = M_POST;
    static const char *const local[] = { "/", "/chapters/lisbon", "/events?x=1#top", " /me " };
    static const char *const elsewhere[] = { "", "//evil.example/x", "/\\evil.example", "http://evil.example/",
                                             "chapters", "/a\\b", "/a\x01" "b", "/a\nb", "javascript:alert(1)" };
    for (size_t i = 0; i < sizeof local / sizeof *local; i++) {
        R.form = FIELDS("next", local[i]);
        const char *got = req_next(&R, "/fallback");
        cr_assert_str_neq(got, "/fallback", "\"%s\" is local", local[i]);
        cr_assert_eq(got[0], '/');
    }
    for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++) {
        R.form = FIELDS("next", elsewhere[i]);
        cr_assert_str_eq(req_next(&R, "/fallback"), "/fallback", "\"%s\" was followed", elsewhere[i]);
    }
    char *longer = repeat("a", 500);
    R.form = FIELDS("next", arena_printf(&A, "/%s", longer));
    cr_assert_str_eq(req_next(&R, "/fallback"), "/fallback", "longer than 500 bytes");
    free(longer);
    /* absent from the body: the query's */
    R.form = NULL;
    R.query = FIELDS("next", "/from-query");
    cr_assert_str_eq(req_next(&R, "/fallback"), "/from-query");
    R.query = NULL;
    cr_assert_str_eq(req_next(&R, "/fallback"), "/fallback");
    cr_assert_null(req_next(&R, NULL));
}

/* ---- the guard's CSRF tokens and its checks that need no database ---- */

TestSuite(guard, .init = req_up, .fini = req_down);

static const char *const SESSION = "session-token-0123456789abcdef0123456789abcdef";
static const char *const ANON = "anonymous-cookie-0123456789abcdef0123";   /* 32 to 64 characters */

Test(guard, a_token_is_stable_and_bound_to_what_it_was_made_for)
{
    const char *t = guard_csrf_for(&R, SESSION);
    cr_assert_eq(strlen(t), 32, "24 bytes in URL-safe base64: %s", t);
    for (const char *p = t; *p; p++)
        cr_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p), "%s", t);
    cr_assert_str_eq(guard_csrf_for(&R, SESSION), t, "the same binding, the same token");
    cr_assert_str_neq(guard_csrf_for(&R, ANON), t);
    cr_assert_str_neq(guard_csrf_for(&R, "session-token-0123456789abcdef0123456789abcdeF"), t, "one character");
    cr_assert_str_neq(guard_csrf_for(&R, ""), t);
    app.secret[31] ^= 1;
    cr_assert_str_neq(guard_csrf_for(&R, SESSION), t, "another node's secret, another token");
    app.secret[31] ^= 1;
    cr_assert_str_eq(guard_csrf_for(&R, SESSION), t);
}

Test(guard, a_session_binds_the_token_of_its_forms)
{
    cr_assert_null(guard_csrf(&R), "not identified (or an API token): no token");
    R.session_token = SESSION;
    R.csrf_due = true;
    const char *t = guard_csrf(&R);
    cr_assert_str_eq(t, guard_csrf_for(&R, SESSION));
    cr_assert_eq(guard_csrf(&R), t, "made once");
    cr_assert_null(R.cookies_out, "a session needs no other cookie");
}

Test(guard, an_anonymous_visitor_keeps_a_valid_cookie)
{
    R.cookie_anon = ANON;
    R.csrf_due = true;
    cr_assert_str_eq(guard_csrf(&R), guard_csrf_for(&R, ANON));
    cr_assert_null(R.cookies_out, "the cookie they have is kept");
    cr_assert_null(R.anon_cookie);
}

Test(guard, an_anonymous_visitor_without_a_valid_cookie_gets_one)
{
    const char *invalid[] = { NULL, "short", arena_printf(&A, "%s%s", ANON, ANON) };
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        R.cookie_anon = invalid[i];
        R.cookies_out = NULL;
        R.csrf = NULL;
        R.csrf_due = true;
        const char *t = guard_csrf(&R);
        cr_assert_not_null(R.anon_cookie, "case %zu", i);
        cr_assert_str_eq(t, guard_csrf_for(&R, R.anon_cookie));
        cr_assert_null(R.cookie_anon, "the cookie sent cannot have carried a valid token");
        cr_assert_not_null(R.cookies_out);
        cr_assert_str_eq(R.cookies_out->name, "glocal_csrf");
        cr_assert(str_starts(R.cookies_out->value, R.anon_cookie), "%s", R.cookies_out->value);
    }
}

/* Routes made here: their flags, and no {chapter}, {event} or {app}, so the guard asks no database. */
static int check(int method, unsigned flags)
{
    static Route rt;
    rt = (Route){ method, "/unit", NULL, flags, "a route of the unit tests" };
    R.route = &rt;
    R.method = method;
    R.err = (Err){ 0 };
    return guard_check(&R);
}

static void as_session(void)
{
    R.me = (Me){ .id = 7, .name = "Ada" };
    R.session_id = 3;
    R.session_token = SESSION;
    R.csrf_due = true;
    R.csrf = NULL;
}

Test(guard, login_is_asked_before_anything_else)
{
    cr_assert_eq(check(M_GET, 0), 0, "an open page");
    unsigned need[] = { F_LOGIN, F_ADMIN, F_PLEDGE, F_MEMBER, F_CONNECTOR, F_MANAGER };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
        cr_assert_eq(check(M_GET, need[i]), -1, "flag %u", need[i]);
        cr_assert_eq(R.err.code, E_UNAUTHORIZED, "flag %u", need[i]);
        cr_assert_eq(check(M_POST, need[i]), -1);
        cr_assert_eq(R.err.code, E_UNAUTHORIZED, "a POST without login: 401 before the CSRF check");
    }
    as_session();
    cr_assert_eq(check(M_GET, F_LOGIN), 0);
}

Test(guard, administrators_only)
{
    as_session();
    cr_assert_eq(check(M_GET, F_ADMIN), -1);
    cr_assert_eq(R.err.code, E_FORBIDDEN);
    cr_assert(strstr(R.err.msg, "administrators"), "%s", R.err.msg);
    R.me.is_admin = true;
    cr_assert_eq(check(M_GET, F_ADMIN), 0, "%s", R.err.msg);
}

Test(guard, a_change_riding_on_a_session_carries_its_token)
{
    as_session();
    static const int unsafe[] = { M_POST, M_PUT, M_PATCH, M_DELETE };
    for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++) {
        R.csrf_header = NULL;
        R.form = NULL;
        cr_assert_eq(check(unsafe[i], F_LOGIN), -1, "%s without a token", route_method_name(unsafe[i]));
        cr_assert_eq(R.err.code, E_FORBIDDEN);
        cr_assert(strstr(R.err.msg, "CSRF"), "%s", R.err.msg);
    }
    for (int safe = M_GET; safe <= M_HEAD; safe <<= 1) {
        if (safe == M_POST) continue;
        cr_assert_eq(check(safe, F_LOGIN), 0, "%s needs no token", route_method_name(safe));
    }
    cr_assert_eq(check(M_OPTIONS, F_LOGIN), 0);

    const char *token = guard_csrf_for(&R, SESSION);
    R.csrf_header = token;
    cr_assert_eq(check(M_POST, F_LOGIN), 0, "in the header: %s", R.err.msg);
    R.csrf_header = NULL;
    R.form = FIELDS("_csrf", token);
    cr_assert_eq(check(M_POST, F_LOGIN), 0, "in the form: %s", R.err.msg);
    R.form = FIELDS("_csrf", guard_csrf_for(&R, ANON));
    cr_assert_eq(check(M_POST, F_LOGIN), -1, "a token bound to something else");
    R.form = FIELDS("_csrf", arena_printf(&A, " %s", token));
    cr_assert_eq(check(M_POST, F_LOGIN), -1, "the token is not trimmed");
    R.form = NULL;
    R.csrf_header = "";
    cr_assert_eq(check(M_POST, F_LOGIN), -1, "an empty header");
}

Test(guard, an_anonymous_form_carries_the_token_of_its_cookie)
{
    R.cookie_anon = ANON;
    R.csrf_due = true;
    R.form = FIELDS("_csrf", guard_csrf_for(&R, ANON));
    cr_assert_eq(check(M_POST, 0), 0, "%s", R.err.msg);
    /* the same token without the cookie it is bound to */
    R.cookie_anon = NULL;
    R.csrf = NULL;
    R.csrf_due = true;
    cr_assert_eq(check(M_POST, 0), -1);
    cr_assert_eq(R.err.code, E_FORBIDDEN);
}

Test(guard, api_tokens_and_secret_addresses_need_no_csrf_token)
{
    R.me = (Me){ .id = 7 };
    R.via_token = true;
    R.api = true;
    cr_assert_eq(check(M_POST, F_LOGIN), 0, "%s", R.err.msg);
    cr_assert_eq(check(M_DELETE, F_LOGIN), 0, "%s", R.err.msg);
    R = (Req){ .arena = &A, .app = &app, .csrf_due = true };
    cr_assert_eq(check(M_POST, F_NOCSRF), 0, "%s", R.err.msg);
    cr_assert_eq(check(M_POST, 0), -1);
}

/* ---- the pool of hashing threads ---- */

typedef struct Gate {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool open;
    int ran;
} Gate;

/* A job that waits until the gate opens, so the test decides when it ends. */
static void gated(void *ctx)
{
    Gate *g = ctx;
    pthread_mutex_lock(&g->lock);
    while (!g->open) pthread_cond_wait(&g->cond, &g->lock);
    g->ran++;
    pthread_mutex_unlock(&g->lock);
}

typedef struct Runner {
    Workers *w;
    Gate *g;
    int rc;
} Runner;

static void *run_one(void *ctx)
{
    Runner *r = ctx;
    Err e = { 0 };
    r->rc = workers_run(r->w, gated, r->g, &e);
    return NULL;
}

Test(workers, runs_jobs_and_refuses_beyond_the_queue_with_retry_after)
{
    Workers *w = workers_new(1, 2);
    Gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0 };
    Runner rs[3];
    pthread_t t[3];
    /* one job runs (held at the gate), two wait: the queue is full */
    for (int i = 0; i < 3; i++) {
        rs[i] = (Runner){ w, &g, -2 };
        pthread_create(&t[i], NULL, run_one, &rs[i]);
        for (int k = 0; k < 200 && workers_waiting(w) < (i == 0 ? 0 : i); k++) usleep(5000);
        if (i == 0) usleep(50000);   /* the first is taken by the thread, not waiting */
    }
    cr_assert_eq(workers_waiting(w), 2, "two jobs wait behind the running one");
    Err e = { 0 };
    cr_assert_eq(workers_run(w, gated, &g, &e), -1, "a fourth job is refused at once");
    cr_assert_eq(e.code, E_UNAVAILABLE);
    cr_assert_eq(e.retry_after, WORKERS_RETRY_SECONDS);
    cr_assert(strstr(e.msg, "busy") != NULL, "%s", e.msg);
    pthread_mutex_lock(&g.lock);
    g.open = true;
    pthread_cond_broadcast(&g.cond);
    pthread_mutex_unlock(&g.lock);
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(rs[i].rc, 0, "job %d ran", i);
    }
    cr_assert_eq(g.ran, 3);
    cr_assert_eq(workers_run(w, gated, &g, &e), 0, "the queue has room again");
    workers_free(w);
}

typedef struct Nested {
    Workers *w;
    Gate *inner;       /* opened: the inner job may end */
    int rc;
    bool done;
    pthread_mutex_t lock;
    pthread_cond_t cond;
} Nested;

/* A submitted job that waits for more work on its own pool, as a request
 * handled on the hashing pool hashes a password. */
static void nested(void *ctx)
{
    Nested *n = ctx;
    Err e = { 0 };
    int rc = workers_run(n->w, gated, n->inner, &e);
    pthread_mutex_lock(&n->lock);
    n->rc = rc;
    n->done = true;
    pthread_cond_signal(&n->cond);
    pthread_mutex_unlock(&n->lock);
}

Test(workers, a_submitted_job_returns_at_once_and_its_own_waits_run_inline)
{
    Workers *w = workers_new(1, 1);
    Gate open = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, true, 0 };
    Nested n = { .w = w, .inner = &open, .rc = -2, .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };
    Err e = { 0 };
    cr_assert_eq(workers_submit(w, nested, &n, &e), 0);
    /* one thread only: had the inner job been queued, it would wait for itself forever */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&n.lock);
    while (!n.done && pthread_cond_timedwait(&n.cond, &n.lock, &until) == 0) {}
    pthread_mutex_unlock(&n.lock);
    cr_assert(n.done, "the job's own workers_run ran inline instead of waiting for the busy pool");
    cr_assert_eq(n.rc, 0);
    cr_assert_eq(open.ran, 1);
    workers_free(w);
}

Test(workers, submitting_beyond_the_queue_is_refused_at_once_and_runs_nothing)
{
    Workers *w = workers_new(1, 1);
    Gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0 };
    Err e = { 0 };
    cr_assert_eq(workers_submit(w, gated, &g, &e), 0, "the first runs (held at the gate)");
    for (int k = 0; k < 200 && workers_waiting(w) > 0; k++) usleep(5000);
    cr_assert_eq(workers_submit(w, gated, &g, &e), 0, "the second waits");
    cr_assert_eq(workers_waiting(w), 1);
    cr_assert_eq(workers_submit(w, gated, &g, &e), -1, "a third is refused without waiting");
    cr_assert_eq(e.code, E_UNAVAILABLE);
    cr_assert_eq(e.retry_after, WORKERS_RETRY_SECONDS);
    pthread_mutex_lock(&g.lock);
    g.open = true;
    pthread_cond_broadcast(&g.cond);
    pthread_mutex_unlock(&g.lock);
    workers_free(w);   /* lets the two accepted jobs finish */
    cr_assert_eq(g.ran, 2, "the refused job never ran");
}

/* ---- pages of a list ---- */

/* The numbers 1..n as a JSON array (a new reference). */
static json_t *numbers(int n)
{
    json_t *a = json_array();
    for (int i = 1; i <= n; i++) json_array_append_new(a, json_integer(i));
    return a;
}

Test(paging, trim_drops_the_row_that_only_says_there_is_more)
{
    Paging p = { .page = 1, .per_page = 3, .limit = 4, .total = -1 };
    json_t *rows = paging_trim(&p, numbers(4));
    cr_assert_eq(json_array_size(rows), 3);
    cr_assert(p.more);
    json_decref(rows);
    p.more = false;
    rows = paging_trim(&p, numbers(3));   /* exactly a page: the last one */
    cr_assert_eq(json_array_size(rows), 3);
    cr_assert_not(p.more);
    json_decref(rows);
    cr_assert_null(paging_trim(&p, NULL));
}

Test(paging, slice_keeps_the_page_of_a_list_read_whole_and_counts_it_all)
{
    Paging p = { .page = 2, .per_page = 4, .limit = 5, .offset = 4, .total = -1 };
    json_t *page = paging_slice(&p, numbers(10));
    cr_assert_eq(json_array_size(page), 4);
    cr_assert_eq(json_integer_value(json_array_get(page, 0)), 5);
    cr_assert_eq(json_integer_value(json_array_get(page, 3)), 8);
    cr_assert_eq(p.total, 10);
    cr_assert(p.more);
    json_decref(page);

    p = (Paging){ .page = 3, .per_page = 4, .limit = 5, .offset = 8, .total = -1 };
    page = paging_slice(&p, numbers(10));   /* the last page holds the rest */
    cr_assert_eq(json_array_size(page), 2);
    cr_assert_eq(json_integer_value(json_array_get(page, 1)), 10);
    cr_assert_not(p.more);
    json_decref(page);

    p = (Paging){ .page = 9, .per_page = 4, .limit = 5, .offset = 32, .total = -1 };
    page = paging_slice(&p, numbers(10));   /* beyond the end: empty, not an error */
    cr_assert_eq(json_array_size(page), 0);
    cr_assert_not(p.more);
    json_decref(page);
    cr_assert_null(paging_slice(&p, NULL));
}

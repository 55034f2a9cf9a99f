/* test_base_json.c - the API's JSON writer (src/base/json_out.c): what it
 * writes is what jansson itself writes compactly, and what jansson reads back
 * is the value written; keys left out by the filter; the depth limit. */
#include <string.h>

#include "base/json_out.h"
#include "testutil.h"

static Arena A;
static void setup(void) { arena_init(&A, 1 << 16); }
static void teardown(void) { arena_release(&A); }
TestSuite(json_out, .init = setup, .fini = teardown);

static const char *written(const json_t *v, JsonKeySkip skip)
{
    Buf b;
    buf_init(&b, &A);
    json_out(&b, v, skip);
    return buf_str(&b);
}

static void same_as_jansson(json_t *v)
{
    char *want = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
    cr_assert_str_eq(written(v, NULL), want);
    json_error_t err;
    json_t *back = json_loads(written(v, NULL), JSON_DECODE_ANY, &err);
    cr_assert_not_null(back, "it reads back: %s", err.text);
    cr_assert(json_equal(back, v));
    json_decref(back);
    free(want);
    json_decref(v);
}

Test(json_out, writes_what_jansson_writes)
{
    same_as_jansson(json_pack("{s:i, s:I, s:I, s:s, s:b, s:b, s:n, s:f, s:f, s:f, s:[i, s, [], {}], s:{}}", "one", 1, "big",
                              (json_int_t)9007199254740993LL, "neg", (json_int_t)-9223372036854775807LL - 1, "text",
                              "a \"quoted\" \\ back/slash\n\t\r\b\f \x01\x1f \x7f é 漢字 \xe2\x80\xa8", "yes", 1, "no", 0, "none",
                              "whole", 2.0, "half", 0.5, "tiny", 1e-300, "list", 7, "x", "nested", "empty"));
    same_as_jansson(json_array());
    same_as_jansson(json_string(""));
    same_as_jansson(json_integer(0));
    same_as_jansson(json_real(-123456.789));
    same_as_jansson(json_pack("{s:s}", "key \"with\" quotes\n", "v"));
}

static bool no_underscore(const char *key, int depth)
{
    (void)depth;
    return key[0] == '_';
}

static bool top_next(const char *key, int depth)
{
    return depth == 0 && !strcmp(key, "next");
}

Test(json_out, leaves_out_what_the_filter_names)
{
    json_t *v = json_pack("{s:i, s:s, s:[{s:i, s:i}], s:{s:s, s:i}}", "a", 1, "_page", "x", "rows", "_svg", 2, "b", 3, "next",
                          "_in", "y", "next", 4);
    cr_assert_str_eq(written(v, no_underscore), "{\"a\":1,\"rows\":[{\"b\":3}],\"next\":{\"next\":4}}");
    cr_assert_str_eq(written(v, top_next), "{\"a\":1,\"_page\":\"x\",\"rows\":[{\"_svg\":2,\"b\":3}]}",
                     "a key left out at the top only");
    json_decref(v);
}

Test(json_out, too_deep_is_null)
{
    json_t *v = json_array(), *inner = v;
    for (int i = 0; i < JSON_OUT_DEPTH_MAX + 5; i++) {
        json_t *next = json_array();
        json_array_append_new(inner, next);
        inner = next;
    }
    const char *s = written(v, NULL);
    cr_assert(strstr(s, "null") != NULL, "the depth limit writes null");
    json_error_t err;
    json_t *back = json_loads(s, 0, &err);
    cr_assert_not_null(back, "still JSON: %s", err.text);
    json_decref(back);
    json_decref(v);
}

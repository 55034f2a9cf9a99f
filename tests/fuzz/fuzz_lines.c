/* fuzz_lines.c - the line formats of the events' forms (format_lines_parse):
 * run-books ("30 | Doors open"), ticket tiers ("Standard | 10.00 EUR"),
 * sponsor packages ("Gold | 500.00 EUR | headline | ...") and revenue splits
 * ("organiser | 50"), and the checks of the JSON they make (runbook_check,
 * tiers_check, packages_check, split_rule_parse), which the API takes directly.
 *
 * Input: the first byte picks the format, the rest is the text (valid UTF-8,
 * as every form field is). Invariants: a parsed text is a JSON array, and
 * writing it back as lines (format_lines_text) and parsing those gives the same
 * JSON; a refusal names the field and says why. */
#include "fuzz.h"

#include "base/err.h"
#include "events/events.h"

static const char *const kinds[] = { "runbook", "tiers", "packages", "split_rule" };

static void check_json(const char *kind, const char *json)
{
    Err e = { 0 };
    int64_t total;
    SplitRule rule;
    if (strcmp(kind, "runbook") == 0) (void)runbook_check(json, &total, &e);
    else if (strcmp(kind, "tiers") == 0) (void)tiers_check(json, &e);
    else if (strcmp(kind, "packages") == 0) (void)packages_check(json, &e);
    else if (split_rule_parse(json, &rule, &e) == 0) FUZZ_CHECK(rule.n > 0);
    if (e.code) FUZZ_CHECK(e.msg[0] && e.field[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || !str_utf8_valid((const char *)data + 1, size - 1)) return 0;
    Arena a;
    arena_init(&a, 4096);
    const char *kind = kinds[data[0] % 4];
    char *text = fuzz_text(&a, data + 1, size - 1);
    char *json = NULL;
    Err e = { 0 };
    if (format_lines_parse(&a, kind, text, &json, &e) == 0) {
        FUZZ_CHECK(json && json[0] == '[');
        char *lines = format_lines_text(&a, kind, json);
        char *again = NULL;
        Err e2 = { 0 };
        FUZZ_CHECK(format_lines_parse(&a, kind, lines, &again, &e2) == 0);
        FUZZ_CHECK(strcmp(json, again) == 0);
        check_json(kind, json);
    } else {
        FUZZ_CHECK(e.code == E_INVALID && strcmp(e.field, kind) == 0 && e.msg[0]);
    }
    check_json(kind, text);   /* the same text given to the API as JSON */
    arena_release(&a);
    return 0;
}

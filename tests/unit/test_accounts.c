/* test_accounts.c - unit tests of src/accounts/rules.c and rules_throttle.c:
 * the password and name policy, the session lifetime, the limits and the
 * known-device cookie. No database. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"

/* ---- passwords ---- */

#define PW(pw) account_password_check((pw), "ada@example.org", "Ada Lovelace", &e_)

Test(password, missing)
{
    expect_refused(PW(NULL), "password", "Please choose a password");
    expect_refused(PW(""), "password", "Please choose a password");
}

Test(password, too_short)
{
    expect_refused(PW("short"), "password", "at least 10 characters");
    expect_refused(PW("nine char"), "password", "at least 10 characters");
    /* characters, not bytes: 9 characters in 14 bytes are still too few */
    expect_refused(PW("ééééé4321"), "password", "at least 10 characters");
}

Test(password, ten_characters_are_enough)
{
    expect_accepted(PW("tenletters"));
    expect_accepted(PW("ééééé54321"));
    expect_accepted(PW("correct horse battery staple"));
}

Test(password, one_repeated_character)
{
    expect_refused(PW("aaaaaaaaaa"), "password", "one repeated character");
    expect_refused(PW("                "), "password", "one repeated character");
    expect_accepted(PW("aaaaaaaaab"));
}

/* A non-ASCII character repeated is just as easy to guess as an ASCII one. */
Test(password, one_repeated_multibyte_character)
{
    expect_refused(PW("éééééééééé"), "password", "one repeated character");
    expect_refused(PW("🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉"), "password", "one repeated character");
}

Test(password, common_ones_in_any_case)
{
    expect_refused(PW("password123"), "password", "most common");
    expect_refused(PW("PassWord123"), "password", "most common");
    expect_refused(PW("QWERTYUIOP"), "password", "most common");
    expect_refused(PW("1234567890"), "password", "most common");
    expect_accepted(PW("password1234x"));
}

Test(password, not_the_email_or_name)
{
    expect_refused(account_password_check("Ada@Example.ORG", "ada@example.org", "Ada", &e_), "password",
                   "name or e-mail");
    expect_refused(account_password_check("ada lovelace king", "a@b.org", "Ada Lovelace King", &e_), "password",
                   "name or e-mail");
    /* NULL email and name are allowed */
    expect_accepted(account_password_check("ada lovelace king", NULL, NULL, &e_));
    expect_accepted(account_password_check("ada lovelace king", "ada@example.org", "Ada", &e_));
}

Test(password, at_most_256_bytes)
{
    char *ok = repeat("ab", 128), *long1 = repeat("b", 257);
    long1[0] = 'a';
    cr_assert_eq(strlen(ok), 256);
    cr_assert_eq(strlen(long1), 257);
    expect_accepted(PW(ok));
    expect_refused(PW(long1), "password", "at most 256");
    free(ok);
    free(long1);
}

Test(password, invalid_utf8)
{
    expect_refused(PW("abcdefghij\xff"), "password", "not valid text");
    expect_refused(PW("\xc3\x28xxxxxxxxxx"), "password", "not valid text");
    expect_refused(PW("overlong \xc0\xafslash"), "password", "not valid text");
}

/* ---- names ---- */

Test(name, empty_or_blank)
{
    expect_refused(account_name_check(NULL, "name", &e_), "name", "Please enter a name");
    expect_refused(account_name_check("", "display_name", &e_), "display_name", "Please enter a name");
    expect_refused(account_name_check(" \t ", "name", &e_), "name", "Please enter a name");
}

Test(name, length_in_characters)
{
    char *eighty = repeat("é", 80), *more = repeat("é", 81);
    expect_accepted(account_name_check("A", "name", &e_));
    expect_accepted(account_name_check(eighty, "name", &e_));
    expect_refused(account_name_check(more, "name", &e_), "name", "under 80 characters");
    free(eighty);
    free(more);
}

Test(name, control_characters_and_bad_utf8)
{
    expect_accepted(account_name_check("Zoë Ðaniel 🎉", "name", &e_));
    expect_refused(account_name_check("Ada\nLovelace", "name", &e_), "name", "on one line");
    expect_refused(account_name_check("Ada\xe2\x80\xa8Lovelace", "name", &e_), "name", "on one line");
    expect_refused(account_name_check("Ada\tLovelace", "name", &e_), "name", "control characters");
    expect_refused(account_name_check("Ada\x7f", "name", &e_), "name", "control characters");
    expect_refused(account_name_check("Ada \xff", "name", &e_), "name", "not valid text");
}

/* U+0080..U+009F are control characters too (e.g. U+0085 NEXT LINE breaks lines). */
Test(name, c1_control_characters)
{
    expect_refused(account_name_check("Ada\xc2\x85Lovelace", "name", &e_), "name", "on one line");
    expect_refused(account_name_check("Ada\xc2\x9b", "name", &e_), "name", "control characters");
}

/* ---- sessions ---- */

Test(session, alive_until_the_idle_limit)
{
    const int64_t t0 = 1800000000;
    cr_assert(session_alive(t0, t0, t0));
    cr_assert(session_alive(t0, t0, t0 + SESSION_IDLE_SECONDS - 1));
    cr_assert_not(session_alive(t0, t0, t0 + SESSION_IDLE_SECONDS), "alive after exactly the idle limit");
    /* using it keeps it alive */
    int64_t seen = t0 + SESSION_IDLE_SECONDS - 10;
    cr_assert(session_alive(t0, seen, seen + SESSION_IDLE_SECONDS - 1));
    cr_assert_not(session_alive(t0, seen, seen + SESSION_IDLE_SECONDS));
}

Test(session, ended_at_the_absolute_limit_however_used)
{
    const int64_t t0 = 1800000000;
    int64_t end = t0 + SESSION_MAX_SECONDS;
    cr_assert(session_alive(t0, end - 2, end - 1));
    cr_assert_not(session_alive(t0, end - 1, end), "alive after exactly the absolute limit");
    cr_assert_not(session_alive(t0, end, end + 1));
    cr_assert_lt(SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS);
}

Test(links, used_expired_or_usable)
{
    Err e = { 0 };
    cr_expect_eq(account_link_usable(1000, 0, 999, "This link", &e), 0);
    cr_expect_eq(account_link_usable(1000, 0, 1000, "This link", &e), -1, "an hour means up to, not including, the last second");
    cr_expect_eq(e.code, E_GONE);
    cr_expect(strstr(e.msg, "This link has expired") != NULL, "%s", e.msg);
    err_clear(&e);
    cr_expect_eq(account_link_usable(1000, 500, 600, "This link", &e), -1);
    cr_expect_eq(e.code, E_GONE);
    cr_expect(strstr(e.msg, "used already") != NULL, "%s", e.msg);
}

/* ---- limits (rules_throttle.c) ---- */

Test(limits, login_delay_grows_from_the_fifth_failure_up_to_fifteen_minutes)
{
    int64_t t = 1000000;
    for (int n = 0; n < LOGIN_FREE_FAILURES; n++) cr_assert_eq(login_backoff(n, t, t), 0, "%d failures: free", n);
    cr_assert_eq(login_backoff(5, t, t), 5, "the fifth failure: 5 s");
    cr_assert_eq(login_backoff(6, t, t), 10);
    cr_assert_eq(login_backoff(7, t, t), 20);
    cr_assert_eq(login_backoff(12, t, t), 640);
    cr_assert_eq(login_backoff(13, t, t), LOGIN_DELAY_MAX, "capped at 15 minutes");
    cr_assert_eq(login_backoff(100, t, t), LOGIN_DELAY_MAX, "a hundred failures: still 15 minutes");
    cr_assert_eq(login_backoff(7, t, t + 15), 5, "counted from the last failure");
    cr_assert_eq(login_backoff(7, t, t + 20), 0, "over once the delay passed");
}

Test(limits, a_window_limit_refuses_the_one_too_many_until_the_window_ends)
{
    Limit l = { "x", 3, 3600, false, "things" };
    int64_t t = 5000;
    Throttle none = { 0 }, two = { 2, t, t + 10 }, three = { 3, t, t + 20 };
    cr_assert_eq(limit_wait(&l, &none, t), 0, "nothing counted");
    cr_assert_eq(limit_wait(&l, &two, t + 30), 0, "two of three");
    cr_assert_eq(limit_wait(&l, &three, t + 30), 3600 - 30, "until the window ends");
    cr_assert_eq(limit_wait(&l, &three, t + 3600), 0, "a new window");
    Throttle old = { 50, t - 90000, t - 89000 };
    cr_assert_eq(limit_wait(&LIMIT_LOGIN, &old, t), 0, "login failures are forgotten a day after the first");
    Throttle fresh = { 6, t, t };
    cr_assert_eq(limit_wait(&LIMIT_LOGIN, &fresh, t + 1), 9, "the login limit is the growing delay");
}

Test(limits, the_refusal_says_what_and_how_long_with_retry_after)
{
    Err e = { 0 };
    cr_assert_eq(limit_refuse(&e, &LIMIT_SIGNUP, 125), -1);
    cr_assert_eq(e.code, E_TOO_MANY);
    cr_assert_eq(e.retry_after, 125);
    cr_assert(strstr(e.msg, "Too many sign-ups from your address") && strstr(e.msg, "wait 3 minutes"), "%s", e.msg);
    cr_assert(strstr(e.msg, "(at most 10 in an hour)"), "%s", e.msg);
    Limit per_minute = { .what = "activities", .max = 4, .window = 60 }, per_quarter = per_minute, per_day = per_minute;
    per_quarter.window = 900;
    per_day.window = 86400;
    limit_refuse(&e, &per_minute, 5);
    cr_assert(strstr(e.msg, "(at most 4 in a minute)"), "%s", e.msg);   /* not "in 1 minutes" */
    limit_refuse(&e, &per_quarter, 5);
    cr_assert(strstr(e.msg, "(at most 4 in 15 minutes)"), "%s", e.msg);
    limit_refuse(&e, &per_day, 5);
    cr_assert(strstr(e.msg, "(at most 4 in 24 hours)"), "%s", e.msg);
    limit_refuse(&e, &LIMIT_LOGIN, 1);
    cr_assert(strstr(e.msg, "wait 1 second ") && strstr(e.msg, "reset your password"), "%s", e.msg);
}

/* ---- the known-device cookie ---- */

Test(device_cookie, names_its_account_and_browser_until_a_year_has_passed)
{
    Arena a;
    arena_init(&a, 1024);
    unsigned char key[DEVICE_KEY_BYTES] = { 7 };
    int64_t t = 1800000000;
    const char *v = device_cookie_make(&a, key, 42, t, "b-r_owser1");
    const char *device = NULL;
    cr_assert_eq(device_cookie_read(&a, key, v, t + 60, &device), 42);
    cr_assert_str_eq(device, "b-r_owser1");
    cr_assert_eq(device_cookie_read(&a, key, v, t + DEVICE_DAYS * 86400, &device), 42, "a year to the second");
    cr_assert_eq(device_cookie_read(&a, key, v, t + DEVICE_DAYS * 86400 + 1, &device), 0, "older than a year");
    arena_release(&a);
}

Test(device_cookie, refuses_another_key_a_changed_account_or_a_damaged_value)
{
    Arena a;
    arena_init(&a, 1024);
    unsigned char key[DEVICE_KEY_BYTES] = { 7 }, other[DEVICE_KEY_BYTES] = { 8 };
    int64_t t = 1800000000;
    const char *v = device_cookie_make(&a, key, 42, t, "browser");
    const char *device = NULL;
    cr_assert_eq(device_cookie_read(&a, other, v, t, &device), 0, "another node's secret");
    char *forged = arena_strdup(&a, v);
    forged[1] = '3';   /* "43.…": another account, the MAC of 42 */
    cr_assert_eq(device_cookie_read(&a, key, forged, t, &device), 0, "the account changed");
    char *flipped = arena_strdup(&a, v);
    flipped[strlen(flipped) - 1] = flipped[strlen(flipped) - 1] == '0' ? '1' : '0';
    cr_assert_eq(device_cookie_read(&a, key, flipped, t, &device), 0, "the MAC changed");
    const char *bad[] = { "", "42", "42.", "42.1800000000.browser", "0.1800000000.browser.00", "-1.5.x.00", "42.1800000000..",
                          NULL };
    for (int i = 0; bad[i]; i++) cr_assert_eq(device_cookie_read(&a, key, bad[i], t, &device), 0, "%s", bad[i]);
    cr_assert_eq(device_cookie_read(&a, key, NULL, t, &device), 0);
    cr_assert_eq(device_cookie_read(&a, key, device_cookie_make(&a, key, 42, t + 3600, "browser"), t, &device), 0,
                 "issued in the future");
    cr_assert(device == NULL, "nothing is named by a refused cookie");
    arena_release(&a);
}

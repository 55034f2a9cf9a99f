/* rules.c - account rules: passwords, names, session lifetime. No I/O. */
#include <ctype.h>
#include <string.h>

#include "accounts/accounts.h"
#include "base/i18n.h"
#include "base/str.h"

/* Passwords people pick first; refusing them stops the cheapest guesses. */
static const char *common[] = {
    "password", "password1", "password123", "1234567890", "0123456789", "qwertyuiop",
    "iloveyou12", "letmein123", "welcome123", "administrator", "passw0rd12", "abcdefghij",
    "qwerty1234", "1q2w3e4r5t", "changeme123", "glocal2026", "trustno1234",
};

bool language_choice_valid(const char *code)
{
    return code && (!*code || (lang_of(code) >= 0 && str_eq(lang_code((Lang)lang_of(code)), code)));
}

int account_password_check(const char *pw, const char *email, const char *name, Err *e)
{
    if (!pw || !*pw) return err_field(e, E_INVALID, "password", "Please choose a password.");
    size_t n = strlen(pw);
    if (!str_utf8_valid(pw, n)) return err_field(e, E_INVALID, "password", "The password is not valid text.");
    if (str_utf8_len(pw) < PASSWORD_MIN)
        return err_field(e, E_INVALID, "password",
                         "Please use at least %d characters; a few unrelated words make a strong password.",
                         PASSWORD_MIN);
    if (n > PASSWORD_MAX)
        return err_field(e, E_INVALID, "password", "Please use at most %d characters.", PASSWORD_MAX);
    /* one character repeated (compared as whole UTF-8 characters) */
    size_t first = 1;
    while (first < n && ((unsigned char)pw[first] & 0xC0) == 0x80) first++;
    bool same = n % first == 0;
    for (size_t i = first; same && i < n; i += first)
        if (memcmp(pw + i, pw, first) != 0) same = false;
    if (same) return err_field(e, E_INVALID, "password", "A password of one repeated character is too easy to guess.");
    for (size_t i = 0; i < sizeof common / sizeof *common; i++)
        if (strcasecmp(pw, common[i]) == 0)
            return err_field(e, E_INVALID, "password", "That password is among the most common ones; please pick another.");
    if ((email && strcasecmp(pw, email) == 0) || (name && strcasecmp(pw, name) == 0))
        return err_field(e, E_INVALID, "password", "The password should not be your name or e-mail address.");
    return 0;
}

int account_name_check(const char *name, const char *field, Err *e)
{
    if (str_empty(name)) return err_field(e, E_INVALID, field, "Please enter a name.");
    size_t n = strlen(name);
    if (!str_utf8_valid(name, n)) return err_field(e, E_INVALID, field, "The name is not valid text.");
    if (str_utf8_len(name) > 80) return err_field(e, E_INVALID, field, "Please keep the name under 80 characters.");
    if (!str_single_line(name)) return err_field(e, E_INVALID, field, "Please keep the name on one line (without line breaks).");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))   /* C0, DEL, C1 */
            return err_field(e, E_INVALID, field, "The name may not contain control characters.");
    return 0;
}

bool session_alive(int64_t created, int64_t last_seen, int64_t now)
{
    return now - created < SESSION_MAX_SECONDS && now - last_seen < SESSION_IDLE_SECONDS;
}

int account_link_usable(int64_t expires_at, int64_t used_at, int64_t now, const char *what, Err *e)
{
    if (used_at) return err_set(e, E_GONE, "%s was used already; each link works once.", what);
    if (now >= expires_at) return err_set(e, E_GONE, "%s has expired.", what);
    return 0;
}

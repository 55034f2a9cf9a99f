/* i18n.h - languages: which one a thread speaks, the translations of messages
 * written in C, and the few things written differently per language (figures'
 * separators, month and weekday names).
 *
 * English is the source language: every message in the code and the
 * templates is English, and po/<lang>.po translates it (GNU gettext's
 * format, checked by msgfmt at build time; the compiled po/<lang>.mo is
 * embedded in the binary). Templates are translated at build time
 * (tools/i18n.c writes one copy of each per language), so a page costs no
 * lookup; messages made in C (errors, flash messages) are looked up here.
 *
 * The language is per thread (i18n_use): app.c sets the request's at the
 * start of each request, so the errors operations and rules write while they
 * serve it come out in that language; threads that serve no request (the
 * ticker, commands) speak English. Nothing here calls setlocale. */
#ifndef GLOCAL_I18N_H
#define GLOCAL_I18N_H

#include <stdbool.h>
#include <stddef.h>

typedef enum Lang { LANG_EN = 0, LANG_PT, LANG_FR, LANG_COUNT } Lang;

/* "en", "pt", "fr". */
const char *lang_code(Lang l);
/* The language's own name ("Português"). */
const char *lang_name(Lang l);
/* The language of a tag ("pt", "pt-BR", "PT_pt", "fr-CA"): its primary
 * subtag, any case; -1 when none of ours. */
int lang_of(const char *tag);
/* The best of our languages for an Accept-Language header (RFC 9110
 * §12.5.4: q-values, "*", a malformed element skipped); -1 when the header
 * is absent or names none of them (q=0 refuses one). Pure. */
int lang_negotiate(const char *accept_language);

/* The language of the calling thread (LANG_EN until set). */
void i18n_use(Lang l);
Lang i18n_lang(void);

/* The translation of msgid in the thread's language, or msgid itself
 * (English, or no translation). The result lives as long as the program. */
const char *tr(const char *msgid) __attribute__((format_arg(1)));
/* The same for a given language. */
const char *tr_in(Lang l, const char *msgid) __attribute__((format_arg(2)));
/* The translation of a message that depends on a count n: one when n calls
 * for the singular in the thread's language, else many (English: n == 1 is
 * singular; Portuguese: n == 1; French: n <= 1, as the catalogs' Plural-Forms
 * say), translated through the catalog's plural entry (msgid one,
 * msgid_plural many). */
const char *trn(const char *one, const char *many, long long n) __attribute__((format_arg(1), format_arg(2)));
/* The index of the plural form n takes in l (0: singular, 1: plural). */
int i18n_plural(Lang l, long long n);
/* The translation of a message with a context (gettext's msgctxt), for a
 * word that means different things in different places: C_("a kind of
 * place", "city"). key is the context, "\004" and the message, as the
 * catalogs store it; msgid is returned when there is no translation. */
const char *trc(const char *key, const char *msgid) __attribute__((format_arg(2)));
#define C_(ctx, s) trc(ctx "\004" s, s)
/* Marks a literal for the catalog where it is translated later by tr(). */
#define N_(s) (s)
/* Marks a message and its plural for the catalog (a plural entry) where a
 * table holds both, translated later by trn(): { "claims", NP_("%lld claim",
 * "%lld claims") } is two members of the table. */
#define NP_(one, many) one, many
#define _(s) tr(s)

/* How the thread's language writes figures: the group separator of
 * thousands ("," in English, "." in Portuguese, a narrow no-break space in
 * French) and the decimal mark. */
const char *i18n_group_sep(void);
char i18n_decimal_mark(void);
/* Month (1-12) and weekday (0 = Sunday) abbreviations in the thread's
 * language ("Nov", "nov.", "nov"; "Tue", "ter.", "mar."). */
const char *i18n_month_abbr(int month);
/* The month's whole name (1-12): "November", "novembro", "novembre". */
const char *i18n_month_name(int month);
const char *i18n_weekday_abbr(int wday);

/* Counts of the embedded catalog of l (for tests and `glocal version`). */
size_t i18n_catalog_size(Lang l);

#endif

/* unicode.h - text in any script: the one normal form names are kept in
 * (NFC, utf8proc), and Latin letters for any script (ICU's transliteration),
 * so a slug can be made from "Москва Стартап" or "東京ラボ". */
#ifndef GLOCAL_UNICODE_H
#define GLOCAL_UNICODE_H

#include <stdbool.h>

#include "base/arena.h"

/* s in Unicode Normalization Form C (arena): "e" + U+0301 becomes "é", so a
 * name typed either way is one name. ASCII (and any text already in NFC) is
 * returned as it is, without copying; NULL for NULL or invalid UTF-8. */
const char *text_nfc(Arena *a, const char *s);
/* s written in lower-case ASCII by ICU's "Any-Latin; Latin-ASCII; Lower"
 * (arena): "Łódź" → "lodz", "Москва" → "moskva", "東京" → "dong jing".
 * Characters with no Latin form are dropped; NULL when ICU fails. One
 * transliterator per thread, made on first use (they are not thread-safe). */
const char *text_ascii(Arena *a, const char *s);
/* s with every letter in lower case, each code point by Unicode's simple
 * mapping (utf8proc_tolower: "Москва" → "москва", "ÉCOLE" → "école"), as
 * PostgreSQL's lower() does in a UTF-8 database; malloc'd, NULL for invalid
 * UTF-8. The SQLite driver gives SQL's lower() this meaning, so both
 * databases compare names the same way. */
char *text_lower(const char *s, size_t n);
/* Whether s holds a byte beyond ASCII. */
bool text_has_non_ascii(const char *s);

#endif

/* names.h - names in place of ids: one search of people, organisations,
 * chapters and places by name (GET /names, the pickers' source), and the
 * reading of a name a person typed into the value the operations accept
 * (member:42, org:acme, chapter:lisbon-fintech, place:portugal, network).
 * Forms keep sending those values; a form without script sends the name and
 * the handler turns it into the value here, or answers a field error that
 * lists the candidates. See "Pickers" in docs/ARCHITECTURE.md. */
#ifndef GLOCAL_NAMES_H
#define GLOCAL_NAMES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/i18n.h"   /* N_() marks a picker's label and hint */
#include "db/db.h"
#include "web/feature.h"
#include "network/network.h"
#include "web/req.h"

/* What a picker may offer: a set of these bits. */
enum {
    NAME_MEMBER = 1,
    NAME_ORG = 2,
    NAME_CHAPTER = 4,
    NAME_PLACE = 8,
    NAME_NETWORK = 16,
    NAME_ACCOUNTS = NAME_MEMBER | NAME_ORG | NAME_CHAPTER | NAME_PLACE | NAME_NETWORK,
};

#define NAMES_LIMIT 10      /* matches one search gives */
#define NAMES_Q_MAX 80      /* bytes of a query */
#define NAMES_FEW 20        /* at most this many choices: a picker is a plain select */

typedef struct NamesQuery {
    unsigned kinds;
    const char *q;          /* LIKE pattern of the name (names_like): organisations, chapters, places; members when exact */
    TextQuery words;        /* members (not exact): the words typed, each the start of a word of the name (text_query) */
    bool exact;             /* the whole name, case aside */
    const char *chapter;    /* members: only this chapter's, by slug (NULL or "": every member) */
    int limit;
} NamesQuery;

/* --- rules.c (pure) --- */
/* The kinds named by "member,org,chapter,place,network" (any order); 0 for an unknown word. */
unsigned names_kinds_parse(const char *text);
/* The LIKE pattern for `q` (lowercased ASCII, % _ and \ escaped), in a. */
const char *names_like(Arena *a, const char *q, bool exact);
/* Whether text is already a value (member:42, org:x, chapter:x, place:x, basket:7, network). */
bool names_is_value(const char *text);
/* The message of a field whose name matched several (matches: [{label, detail}]) or none. */
const char *names_candidates_text(Arena *a, const char *typed, json_t *matches, unsigned kinds);

/* Gives each match of names_find or names_few its detail in the reader's
 * language ("member, Acme, Lisbon", "organisation, sponsor", "chapter in
 * Lisbon", "city"), from the parts the store read (which it takes away). */
void names_details(json_t *matches);

/* --- store.c --- */
/* Matches [{kind, value, label, and the parts of a detail}] in name order, at
 * most q->limit (names_details says them); NULL with e. */
json_t *names_find(DbConn *c, Err *e, const NamesQuery *q);
/* The name shown for a value (member:42 -> "Ana Silva"); NULL when it names nothing. */
const char *names_label(DbConn *c, Err *e, Arena *a, const char *value);

/* --- resolve.c --- */
/* A picker as the page shows it (names_pick); label and hint are msgids
 * (marked N_() where they are written), translated here: `field` is the form's field,
 * `id` the element's (NULL: the field; rows of one form differ here), `value`
 * what was sent (NULL: the form's field), `few` a plain select of every
 * choice when there are at most NAMES_FEW (a chapter's members, say). */
typedef struct NamesPick {
    const char *field, *id, *label, *hint;
    const char *hint_few;   /* the hint when it is a select of few (NULL: hint) */
    unsigned kinds;
    const char *chapter;    /* a slug: only its members */
    const char *value;
    bool few;
    json_t *choices;        /* borrowed [{value, label, detail?}]: the choices the caller knows (a body's voters); a select when few */
} NamesPick;
/* A member's number from `field`: a whole number passes as it is (the API's
 * ids), member:42 gives 42, a name is looked up among members (of `chapter`,
 * a slug, when given) as names_input does; 0 when empty or with an error in f. */
int64_t names_member_id(Req *r, FieldErrs *f, const char *field, const char *chapter);
/* The text a person typed, read as names_input reads a field; errors and
 * candidates are noted under `field`. */
const char *names_value(Req *r, FieldErrs *f, const char *field, const char *text, unsigned kinds, const char *chapter);
/* Reads the form field `field` as a picker: a value passes as it is; a name is
 * looked up among `kinds` (a chapter's slug narrows members), and the one it names
 * gives its value; none or several add a field error listing the candidates
 * in f and give NULL. Empty gives NULL without error. */
const char *names_input(Req *r, FieldErrs *f, const char *field, unsigned kinds, const char *chapter);
/* Puts the picker of `field` in the page's model as `_picker_<field>`:
 * {id, name, label_text, label, value, kinds, chapter, hint, error} (what was sent, its
 * name, the error at the field), for templates/picker.mustache. */
void names_picker(Req *r, const char *field, const char *label, unsigned kinds, const char *chapter_slug, const char *hint);
/* The picker's model (a new reference) for templates/picker.mustache: as
 * names_picker, plus `options` [{value, label, detail, is_selected}] when p->few
 * and the choices are few; NULL with the page answered when they cannot be read. */
json_t *names_pick(Req *r, const NamesPick *p);
/* Every choice of `kinds` (a chapter's members when `chapter`) when there are
 * at most NAMES_FEW; an empty list when there are more; NULL with e. */
json_t *names_few(DbConn *c, Err *e, unsigned kinds, const char *chapter);

/* --- routes.c --- */
int names_search(Req *r);

extern const Feature names_feature;

#endif

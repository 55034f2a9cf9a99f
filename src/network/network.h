/* network.h - the registry (M1) and membership (M2): places, sectors,
 * chapters, members, invitations, join requests, and the network's figures.
 *
 * rules.c: pure rules (statuses, slugs, admission to a chapter and leaving it,
 * invitation states, form checks, shaping of figures); chapters.c and
 * admission.c: the operations (one transaction each, no Req); store.c and
 * store_members.c: all SQL; routes.c and routes_chapters.c: the handlers. */
#ifndef GLOCAL_NETWORK_H
#define GLOCAL_NETWORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/feature.h"
#include "web/req.h"

#define INVITATION_TTL_SECONDS (14 * 24 * 3600)
#define CHAPTER_CAPACITY_DEFAULT 12
#define CHAPTER_CAPACITY_MAX 500

/* A chapter's editable fields (slug NULL: not being set). */
typedef struct ChapterFields {
    const char *name, *slug, *description, *status, *sector_rule;
    int64_t metro_id, sector_id, capacity;
} ChapterFields;

/* --- rules.c --- */
/* Operations that check several fields note each problem in a FieldErrs
 * (base/err.h) and then fail with E_INVALID (fields_check). */
bool chapter_status_valid(const char *status);
/* A status in the reader's language: "forming" -> "Forming", "En formation"… (the status itself if unknown). */
const char *chapter_status_label(const char *status);
/* Sets status_label on each row of a list that has a chapter's status. */
void chapter_status_labels(json_t *rows);
/* A request to join's status in the reader's language ("Approved"). */
const char *join_request_status_label(const char *status);
bool place_kind_valid(const char *kind);
/* A kind of place in the reader's words ("country", "région", "cidade"). */
const char *place_kind_label(const char *kind);
/* "A country", "Une région", "Uma cidade": a place's kind as a page says it. */
const char *place_kind_sentence(const char *kind);
/* Sets "kind_label" on each place of an array that has a "kind". */
void place_kind_labels(json_t *places);
/* The kind a child of `parent_kind` must have ("country" under none). NULL: no children allowed. */
const char *place_child_kind(const char *parent_kind);
/* Slugs that would collide with pages ("new", "edit", ...). */
bool slug_reserved(const char *slug);
/* Checks of a chapter's editable fields, one per field: 0, or -1 with the
 * field's name and a sentence in e. chapter_fields_check runs them all and
 * stops at the first problem. */
int chapter_name_check(const char *name, Err *e);
int chapter_slug_check(const char *slug, Err *e);
int chapter_description_check(const char *description, Err *e);
int chapter_capacity_check(int64_t capacity, Err *e);
int chapter_status_check(const char *status, Err *e);
int chapter_fields_check(const char *name, const char *slug, const char *description,
                         int64_t capacity, const char *status, Err *e);
/* The same checks over every field of f, each problem noted in `problems`. */
void chapter_fields_problems(const ChapterFields *f, FieldErrs *problems);
/* Whether a member whose role is `role` may leave a chapter that has `connectors`
 * connectors and `members` members (the last connector stays while others do): 0 or -1 (409). */
int membership_leave_check(const char *role, int64_t connectors, int64_t members, const char *chapter_name, Err *e);
/* Whether a connector may step down while the chapter has `connectors` of them: 0 or -1 (409). */
int connector_step_down_check(int64_t connectors, const char *chapter_name, Err *e);
/* Whether `actor` may remove `user` whose role is `role` (connectors are not removed by others;
 * nobody removes themself, they leave): 0 or -1 (409). */
int member_removal_check(int64_t actor, int64_t user, const char *role, Err *e);

typedef struct Admission {
    bool already_member;
    const char *status;          /* of the chapter */
    int64_t members, capacity;
    bool one_per_sector;         /* the chapter admits one member per sector */
    int64_t sector_id;           /* the newcomer's sector, 0 if none given */
    const char *sector_name;
    const char *sector_holder;   /* a member already in that sector, or NULL */
} Admission;
/* Whether someone may join a chapter: 0, or -1 with the reason (409). */
int membership_admit(const Admission *a, const char *chapter_name, Err *e);

/* "pending", "accepted", "revoked" or "expired". */
const char *invitation_state(int64_t expires_at, int64_t accepted_at, int64_t revoked_at, int64_t now);

/* A search by text, as the storage needs it: `like` is "%text%" in lower case
 * ("" when nothing was typed), for the directory's substring search; for member
 * search by word prefix, `words` are the typed words folded as member_words
 * holds them (at most TEXT_WORDS_MAX, the first ones typed), each with `high`,
 * the word followed by U+10FFFF: word >= words[i] AND word < high[i] is every
 * word that starts with it. Text typed without a word (only punctuation) has
 * no words and finds no member. */
enum { TEXT_WORDS_MAX = 4 };
typedef struct TextQuery {
    const char *like;
    const char *words[TEXT_WORDS_MAX], *high[TEXT_WORDS_MAX];
    size_t nwords;
} TextQuery;
TextQuery text_query(Arena *a, const char *text);

/* --- store.c --- */
/* Loads a chapter by slug with the role of user_id in it: 1 found, 0 none, -1 error.
 * *chapter is a new JSON object (id, slug, name, status, metro, sector, ...). */
int chapter_load(DbConn *c, Arena *a, Err *e, const char *slug, int64_t user_id, json_t **chapter,
                 int64_t *id, const char **role);
/* [{id, name, label}] of every metro, labelled "Lisbon (Portugal)". New reference or NULL. */
json_t *metro_options(DbConn *c, Err *e);
json_t *sector_options(DbConn *c, Err *e);
/* 1 if `id` is a metro (or a sector), 0 if not, -1 on error. */
int metro_exists(DbConn *c, Err *e, int64_t id);
int sector_exists(DbConn *c, Err *e, int64_t id);

/* Adds user_id to a chapter after checking admission (inside db_write). */
int membership_add(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *role, int64_t actor);
/* The pending invitation with this token: 1 found (*inv new object), 0 none/used/expired, -1 error. */
int invitation_find(DbConn *c, Err *e, const char *token, json_t **inv);

/* The member's chapters [{slug, name, role, status, metro}] (new reference). */
json_t *member_chapters(DbConn *c, Err *e, int64_t user_id);
/* The member's pending requests to join [{id, status, created_at, slug, name}], newest first (new reference). */
json_t *member_join_requests(DbConn *c, Err *e, int64_t user_id);
/* A place by its slug: 1 and *out ({id, parent_id, kind, name, slug, timezone},
 * a new reference), 0 when there is none, -1 on error. */
int place_by_slug(DbConn *c, Err *e, const char *slug, json_t **out);
/* A sector by its slug: 1 and *out ({id, name, slug, ...}, a new reference), 0 when there is none, -1 on error. */
int sector_by_slug(DbConn *c, Err *e, const char *slug, json_t **out);

/* --- indexing.c: the registry in the search --- */
/* Puts a chapter (a place) into the search index, inside the write that changed it. */
int chapter_index(DbConn *c, Err *e, int64_t id);

/* chapter_counts (migration 037), which the directory's counts read, against
 * the chapters: 0 when every row matches, 1 with the first that differs in
 * reason, -1 on error; *rows: the rows it holds. */
int chapter_counts_check(DbConn *c, Err *e, int64_t *rows, char *reason, size_t n);
/* Makes chapter_counts again from the chapters (in the caller's transaction). */
int chapter_counts_rebuild(DbConn *c, Err *e, int64_t *rows);
int place_index(DbConn *c, Err *e, int64_t id);
/* Feature.reindex: every place and chapter. */
int network_reindex(DbConn *c, Err *e);

/* --- chapters.c: operations on the registry (no Req: the web, CLI, demo, tests) ---
 * Those that check a form note each problem in `problems` (a FieldErrs)
 * and fail with E_INVALID; a taken name or address is E_CONFLICT with its field. */
/* Starts a chapter (status forming) with `by` as its connector. f->slug empty:
 * made from the name (a number added while taken), and set in f. */
int chapter_start(DbConn *c, Err *e, Arena *a, ChapterFields *f, int64_t by, FieldErrs *problems, int64_t *id);
/* The writing half of chapter_start, inside the caller's write transaction
 * (an import, whose rules checked the fields): the address made from the name
 * when f->slug is empty, the search, the peers and the webhooks told. */
int chapter_start_within(DbConn *c, Err *e, Arena *a, ChapterFields *f, int64_t by, int64_t *id);
/* Saves a chapter's fields (f->slug NULL: the address never changes). */
int chapter_change(DbConn *c, Err *e, int64_t id, const ChapterFields *f, FieldErrs *problems);

/* Where a place is on the map (src/web/map.h): decimal degrees as typed, read
 * into micro-degrees by place_position_read. */
typedef struct PlacePosition {
    const char *latitude, *longitude;         /* both "" or NULL: not on the map */
    bool is_set;                              /* out: both given and valid */
    int64_t lat_e6, lon_e6;                   /* out */
} PlacePosition;
/* rules.c: reads p->latitude and p->longitude (-90 to 90, -180 to 180, both or
 * neither) into p's micro-degrees; a problem for each field that cannot be read. */
void place_position_read(PlacePosition *p, FieldErrs *problems);

typedef struct PlaceFields {
    int64_t parent_id;                        /* 0: a country */
    const char *name, *slug, *timezone;       /* slug, timezone "" or NULL: from the name, the parent's (or UTC) */
    const char *kind;                         /* out: by the parent's kind */
    int64_t id;                               /* out */
    PlacePosition position;                   /* optional */
} PlaceFields;
int place_add(DbConn *c, Err *e, Arena *a, PlaceFields *p, FieldErrs *problems);
/* Sets where place `id` is on the map, or takes it off when both degrees are empty. */
int place_position_change(DbConn *c, Err *e, int64_t id, PlacePosition *p, FieldErrs *problems);

typedef struct SectorFields {
    const char *name, *description;
    const char *slug;                         /* out: from the name */
    int64_t id;                               /* out */
} SectorFields;
int sector_add(DbConn *c, Err *e, Arena *a, SectorFields *s, FieldErrs *problems);
/* The choices of a form's home metro and sector, the given ones selected
 * (new references in *metros and *sectors), or -1 with e. */
int metro_sector_options(DbConn *c, Err *e, int64_t metro, int64_t sector, json_t **metros, json_t **sectors);

/* --- admission.c: who comes in, who leaves, who connects (one transaction each) --- */
/* The chapter an operation acts on, as the caller loaded it (borrowed strings). */
typedef struct ChapterRef {
    int64_t id;
    const char *slug, *name, *status;
} ChapterRef;

typedef struct InvitationSend {
    ChapterRef chapter;
    int64_t by;
    const char *inviter;                      /* the inviter's name, for the e-mail */
    const char *email, *message;              /* email is lower-cased */
    const char *public_url;                   /* the link is <public_url>/invitations/<token> */
    bool resend;                              /* the address has a pending invitation: send it again */
    const char *hash, *link;                  /* out */
    int64_t id, expires_at;                   /* out (id: the pending one, when refused for it) */
    bool resent;                              /* out: it was sent again (the same id, a fresh link) */
    Arena *arena;                             /* set by invitation_send */
} InvitationSend;
/* Makes an invitation and queues its e-mail. An address with a pending
 * invitation is refused at the field "email" (E_CONFLICT: when it was sent,
 * and that it may be sent again) unless `resend`: then the same invitation is
 * mailed again with a fresh link (the earlier link stops working). */
int invitation_send(DbConn *c, Err *e, Arena *a, InvitationSend *s, FieldErrs *problems);
/* Withdraws a pending invitation: 404 unknown, 409 not pending. */
int invitation_withdraw(DbConn *c, Err *e, int64_t chapter_id, int64_t id);

typedef struct InvitationTake {
    const char *token;
    int64_t user, pledge_accepted;            /* the newcomer and the pledge version they accepted */
    bool accept_pledge;                       /* they tick the box now ... */
    int64_t pledge_version;                   /* ... for this version */
    Arena *a;
    int64_t pledge;                           /* out: the version accepted now, 0 none */
    ChapterRef chapter;                       /* out (arena) */
} InvitationTake;
/* Takes up an invitation: accepts the pledge when needed (422 field accept_pledge
 * without the tick, 409 when it changed), then admits (membership_add). */
int invitation_take(DbConn *c, Err *e, InvitationTake *t);

typedef struct JoinRequestSend {
    ChapterRef chapter;
    int64_t user;
    const char *requester, *message, *public_url;
    const char *link;                         /* out: the connectors' page of requests */
    int64_t id;                               /* out */
} JoinRequestSend;
/* Asks to join and tells the connectors by e-mail. */
int join_request_send(DbConn *c, Err *e, Arena *a, JoinRequestSend *s);
/* Withdraws the user's pending request (404 when none). */
int join_request_cancel(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id);

typedef struct JoinDecision {
    ChapterRef chapter;
    int64_t id, by;
    bool approve;
    const char *reason;                       /* a note for the declined */
    Arena *a;
    const char *requester;                    /* out: their name (arena) */
} JoinDecision;
/* Approves (admission rules as for invitations) or declines a pending request; mails the answer. */
int join_request_decide(DbConn *c, Err *e, JoinDecision *d);

typedef struct MemberChange {
    ChapterRef chapter;
    int64_t user, by;                         /* whose membership, and who changes it */
    bool hand_over;                           /* membership_promote: `by` becomes a member */
} MemberChange;
/* m->user leaves (the only connector stays while others are in). */
int membership_leave(DbConn *c, Err *e, MemberChange *m);
/* m->user stops being a connector (another must remain). */
int membership_step_down(DbConn *c, Err *e, MemberChange *m);
/* m->by removes m->user (not a connector, not themself). */
int membership_expel(DbConn *c, Err *e, MemberChange *m);
/* m->user becomes a connector; with hand_over m->by steps down in the same transaction. */
int membership_promote(DbConn *c, Err *e, MemberChange *m);

/* --- recording history (store.c): rows written as they were, without the live
 * rules of admission (capacity, one per sector, the pledge) or mail — for what
 * already happened: the demo's eighteen months, an import. Inside db_write.
 * Everything that happens now goes through the operations above. --- */
int place_insert(DbConn *c, Err *e, int64_t parent_id, const char *kind, const char *name, const char *slug,
                 const char *timezone, int64_t *id);
/* Writes p->lat_e6 and p->lon_e6 (NULL both unless p->is_set) on place `id`. */
int place_position_put(DbConn *c, Err *e, int64_t id, const PlacePosition *p);
int sector_insert(DbConn *c, Err *e, const char *name, const char *slug, const char *description, int64_t *id);
/* Inserts a forming chapter with `by` as its connector. */
int chapter_insert(DbConn *c, Err *e, const ChapterFields *f, int64_t by, int64_t *id);
int membership_set_role(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *role, int64_t actor);
int membership_remove(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *kind, int64_t actor);
int invitation_insert(DbConn *c, Err *e, int64_t chapter_id, const char *email, const char *hash,
                      const char *message, int64_t by, int64_t *id);
int invitation_mark_accepted(DbConn *c, Err *e, int64_t id, int64_t user_id);
int join_request_insert(DbConn *c, Err *e, int64_t chapter_id, int64_t user_id, const char *message, int64_t *id);
int join_request_close(DbConn *c, Err *e, int64_t id, const char *status, int64_t by, const char *reason);

/* What the network gives the web layer: the {chapter} and {place} loaders. */
extern const Feature network_feature;

/* --- handlers (see src/routes.h) --- */
int home_show(Req *r);
int places_index(Req *r);
int place_create(Req *r);
int place_show(Req *r);
int place_position_update(Req *r);
int sectors_index(Req *r);
int sector_create(Req *r);
int chapters_index(Req *r);
int chapter_new_form(Req *r);
int chapter_create(Req *r);
int chapter_show(Req *r);
int chapter_update(Req *r);
int chapter_edit_form(Req *r);
int chapter_members(Req *r);
int chapter_leave(Req *r);
int connector_step_down(Req *r);
int member_remove(Req *r);
int member_make_connector(Req *r);
int invitations_index(Req *r);
int invitation_create(Req *r);
int invitation_revoke(Req *r);
int join_requests_index(Req *r);
int join_request_create(Req *r);
int join_request_withdraw(Req *r);
int join_request_approve(Req *r);
int join_request_decline(Req *r);
int invitation_show(Req *r);
int invitation_accept(Req *r);
int members_index(Req *r);
int member_show(Req *r);

#endif

/* --- rules.c: shaping figures (pure functions over JSON rows) --- */
/* Nests flat place rows ({id, parent_id, kind, name, slug, chapters, members, ...})
 * into a tree of countries > regions > metros with "children" arrays and counts
 * rolled up from the metros. Returns a new array of the top level. */
json_t *place_tree(json_t *flat);
/* The subtree rooted at place id `root` inside a tree made by place_tree
 * (borrowed reference), or NULL. */
json_t *place_tree_find(json_t *tree, int64_t root);
/* Ancestors of place id `id` from the top ([country, region]), new array. */
json_t *place_ancestors(json_t *flat, int64_t id);
/* The density table of a place: rows per metro, columns per sector, each cell
 * {chapters, members}. density: rows {metro_id, sector_id, chapters, members};
 * metros: tree nodes of the metros to show; sectors: all sectors {id, name, slug}.
 * Returns {columns: [...], rows: [{metro, slug, cells: [...], chapters, members}], totals}. */
json_t *density_table(json_t *density, json_t *metros, json_t *sectors);
/* Every metro node below (and including) a tree node, in name order (new array). */
json_t *place_metros(json_t *node);

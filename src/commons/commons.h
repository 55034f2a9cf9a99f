/* commons.h - the knowledge commons (M6, issue 13): what chapters, meetings,
 * events and sessions learn, kept as items (session notes, tools, techniques,
 * templates, stories, recordings) under open licences, with revisions,
 * authors who consent, adaptations, and the uses that show how far each has
 * travelled.
 *
 * Files, by area (each area: its rules, operations, store and handlers):
 *   items: rules.c (pure: fields, licences, tags, slugs, who may do what,
 *       the consent state), items.c (create, edit, publish, consent,
 *       withdraw, adapt), views.c (an item as a caller may see it, lists),
 *       store.c, routes.c (pages and API of items, the Feature)
 *   drafts from meetings: rules_drafts.c (pure: what a draft says),
 *       drafts.c (a shared success or challenge and its stories become a
 *       draft naming the quoted members; the reads of the shared stories page
 *       and of a quoted member's consent page), store_drafts.c (store_drafts.h),
 *       routes_drafts.c
 *   spread: rules_spread.c (pure: reach figures, the chart), spread.c (uses,
 *       reach, the sponsors' report), store_spread.c, routes_spread.c
 *   feeds: feeds.c (the commons' Atom feeds through web/atom.h), routes_feeds.c
 * store.h is private to the feature.
 *
 * Consent: an item is public only while its status is "published", which it
 * reaches only when every person named on it (authors, and members whose
 * story it quotes) has given consent. Anyone of them taking consent back
 * withdraws it everywhere (pages, API, search, feeds) and leaves a tombstone
 * with the reason. Every read that others may see goes through a function
 * here that filters on that status first. */
#ifndef GLOCAL_COMMONS_H
#define GLOCAL_COMMONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/atom.h"
#include "web/feature.h"
#include "web/req.h"

/* ======================= items (items.c, rules.c, views.c) ======================= */

/* The licences an item may carry: the code stored, its name, its deed. */
typedef struct Licence {
    const char *code;    /* "cc-by-4.0" */
    const char *name;    /* "CC BY 4.0" */
    const char *title;   /* "Creative Commons Attribution 4.0 International" */
    const char *url;     /* "https://creativecommons.org/licenses/by/4.0/" */
} Licence;
/* The licence with this code, or NULL. */
const Licence *licence_find(const char *code);
/* All of them, ending with { NULL }. */
extern const Licence licences[];
/* The network's default licence (setting commons_default_licence; CC BY 4.0
 * when the administrators chose none). */
const char *commons_default_licence(DbConn *c, Err *e);

/* The kinds of item, and what each is called. */
const char *item_kind_name(const char *kind);   /* "notes" -> "Session notes" (English); NULL if unknown */
/* The same in the reader's language ("Notes de session"); the kind itself if unknown. */
const char *item_kind_label(const char *kind);

/* What an author writes. Text fields may be NULL on an edit (left as they are). */
typedef struct ItemIn {
    const char *kind, *title, *summary, *body, *url, *licence;
    const char *tags;               /* as typed: words separated by commas or spaces */
    const char *note;               /* an edit's note ("what changed") */
    const char *origin;             /* "meeting", "event", "session", "chapter", "network" */
    int64_t chapter_id, meeting_id, event_id, session_id, round_id;
    int64_t place_id, sector_id;    /* 0: from the chapter's (or event's) */
    int64_t based_on_id;            /* an adaptation of this item (0: an original) */
    int64_t by;                     /* the author writing */
    int64_t now;
} ItemIn;

/* A new draft by in->by, its first author (their consent is given when they
 * publish it). Field errors in f (422). *id the new item. Runs its own
 * transaction or joins the caller's. */
int item_create(DbConn *c, Err *e, const ItemIn *in, FieldErrs *f, int64_t *id);
/* A new revision of an item by one of its authors (403 otherwise). Consent
 * is to the words that get published: when they change (title, summary,
 * text, link or licence) on an item waiting for consent or published, every
 * other person named is asked again (mail) and a published item waits for
 * them, out of public view. Alone on it, or for kind and tags, a published
 * item stays published. */
int item_edit(DbConn *c, Err *e, int64_t id, const ItemIn *in, FieldErrs *f);
/* An author asks to publish: their consent is recorded, the others named are
 * asked (mail), and the item is published as soon as every consent is given. */
int item_publish(DbConn *c, Err *e, int64_t id, int64_t by, int64_t now);
/* Someone named on the item gives (give = true) or takes back their consent
 * (reason required then: 422). Taking it back from a published item withdraws
 * it: a tombstone with the reason. */
int item_consent(DbConn *c, Err *e, int64_t id, int64_t user_id, bool give, const char *reason, int64_t now);
/* The same, to the revision `seen` the person read (0: whichever is current):
 * consent given to a revision an author has since replaced is refused (409),
 * so nobody consents to words they did not see. */
int item_consent_to(DbConn *c, Err *e, int64_t id, int64_t user_id, bool give, const char *reason, int64_t seen,
                    int64_t now);
/* Names another member on an item (role "author" or "quoted"); asked for
 * consent when the item is published or already waiting. */
int item_add_person(DbConn *c, Err *e, int64_t id, int64_t user_id, const char *role, int64_t by, int64_t now);

/* One item as `viewer` (0: anonymous) may see it: 1 found (*out), 0 not there
 * or not visible (drafts and consenting items are seen only by the people
 * named on them; a withdrawn item is seen by everyone as a tombstone: slug,
 * status, withdrawn_at, withdrawn_reason, no words), -1 error. *out has
 * {id, slug, kind, kind_name, title, summary, body, url, licence{code,name,url},
 * tags[], status, place{...}, sector{...}, origin, chapter{...}, event{...},
 * based_on{slug,title}|null, root_id, depth, revision, authors[{id,name}],
 * published_at, updated_at, can_edit, can_consent, my_consent}. */
int item_view(DbConn *c, Err *e, const char *slug, int64_t viewer, json_t **out);
/* The same by id. */
int item_view_id(DbConn *c, Err *e, int64_t id, int64_t viewer, json_t **out);
/* Whether the item is published (public): 1, 0 (or no such item), -1. */
int item_is_public(DbConn *c, Err *e, int64_t id);
/* --- items in the search (indexing.c) --- */
/* Puts a published item into the search index (inside the write that published or changed it). */
int item_index(DbConn *c, Err *e, int64_t id);
/* Feature.reindex: every published item, oldest change first. */
int commons_reindex(DbConn *c, Err *e);

/* A list of published items, newest first, filtered: the home page, tag,
 * author, place, sector, chapter pages and the feeds all read through it. */
typedef struct ItemFilter {
    const char *tag, *kind, *licence;
    int64_t author_id, place_id, sector_id, chapter_id, event_id;
    bool with_body;          /* the feeds want the body; lists do not */
    int64_t since;           /* updated after (0: any) */
    int64_t limit, offset;   /* limit 0: 30 */
} ItemFilter;
json_t *items_list(DbConn *c, Err *e, const ItemFilter *f);

/* --- items: the rules (rules.c, pure: no SQL, no clock) --- */
/* The limits of an item's fields. */
enum {
    ITEM_TITLE_MAX = 200, ITEM_SUMMARY_MAX = 500, ITEM_BODY_MAX = 100000, ITEM_URL_MAX = 2000,
    ITEM_NOTE_MAX = 500, ITEM_TAGS_MAX = 10, ITEM_TAG_MIN = 2, ITEM_TAG_LEN = 40,
};
bool item_kind_valid(const char *kind);
/* [{id, label, is_selected}] for a form's select (new reference). */
json_t *item_kind_options(const char *selected);
json_t *item_licence_options(const char *selected);
/* "meeting" -> "A chapter meeting", in the reader's language; NULL if unknown. */
const char *item_origin_name(const char *origin);
/* The tags as typed (commas or spaces between them), checked and made
 * canonical: lower case, each once, space separated (arena; "" for none).
 * NULL when they break the rules (the problem noted at "tags"). */
char *item_tags_parse(Arena *a, const char *typed, FieldErrs *f);
/* The space-separated tags as a JSON array of strings (new reference). */
json_t *item_tags_json(const char *tags);
/* The checks of what an author wrote, each problem noted at its field. On an
 * edit (creating false) NULL fields are left as they are; on creating, the
 * title and kind are required. */
void item_fields_problems(const ItemIn *in, bool creating, FieldErrs *f);
/* Whether an adaptation of an item under `parent` may carry `child`:
 * a ShareAlike item's adaptations stay ShareAlike. */
bool licence_adapt_allowed(const char *parent, const char *child);
/* The slug to try for a title the n-th time (n = 1: the plain slug; then
 * "-2", "-3" ...), at most 80 characters; "item" when the title has no
 * letters. Words the commons' own addresses use are never a slug. */
char *item_slug_try(Arena *a, const char *title, int n);
bool item_slug_reserved(const char *slug);
/* What someone is to an item. */
typedef struct ItemRel {
    bool author, quoted;      /* named on it (either: they consent) */
    const char *consent;      /* "asked", "given", "withdrawn"; NULL when not named */
    bool logged_in;
} ItemRel;
typedef enum ItemAct { IA_EDIT, IA_PUBLISH, IA_CONSENT, IA_ADD_PERSON, IA_ADAPT } ItemAct;
/* Whether the caller may see the item: its words (2), a tombstone (1), nothing (0). */
int item_visibility(const char *status, const ItemRel *rel);
/* Whether rel may do act to an item in `status` now: 0, or -1 with 404 (may
 * not even see it), 403 (who) or 409 (not in this state). */
int item_may(ItemAct act, const char *status, const ItemRel *rel, Err *e);
/* The status after an author asks to publish, with `pending` people named
 * still to consent (not counting the author): "published" or "consenting". */
const char *item_status_on_publish(int64_t pending);
/* The status after someone named gives (or takes back) consent, `pending`
 * being how many named still have not given it after this change:
 *   draft      -> draft (either way)
 *   consenting -> published when pending is 0; draft when taken back
 *   published  -> published; withdrawn when taken back (the tombstone) */
const char *item_status_on_consent(const char *status, bool give, int64_t pending);
/* Whether consent may be given (give) to revision `seen` (0: not said) of an
 * item now at `revision`: 0, or -1 with 409 when the words changed since. */
int item_consent_current(bool give, int64_t seen, int64_t revision, Err *e);
/* What an author's edit does: `words_changed` (title, summary, text, link
 * or licence), `others` the people named on it besides the editor. Sets
 * *ask_again when the others' consent is to be asked again (their earlier
 * consent was to other words) and returns the status after:
 *   draft, withdrawn -> unchanged
 *   consenting       -> consenting (others asked again when the words changed)
 *   published        -> consenting when the words changed and others are
 *                       named; published otherwise */
const char *item_status_on_edit(const char *status, bool words_changed, int64_t others, bool *ask_again);
/* The status in words, in the reader's language ("Draft", "Waiting for consent" ...). */
const char *item_status_label(const char *status);

/* --- items: the network's choice of licence (items.c) --- */
/* Saves setting commons_default_licence (administrators; problems at "licence"). */
int commons_settings_save(DbConn *c, Err *e, const char *licence, FieldErrs *f);

/* --- items: what the pages show (views_pages.c), filtered on visibility first --- */
/* The home: {newest[], has_more, page, kind, most_used[{slug, title, kind_name, uses, places, uses_label}] (the most spread: places reached with adaptations, then uses), tags[{tag, items}]}. */
json_t *commons_home_view(DbConn *c, Err *e, const char *kind, int64_t page);
/* The line of adaptations an item belongs to, as a tree from its first item:
 * {adaptations: [{slug, title, status, depth, is_current, children[]}],
 * adaptation_count (items adapted from this one, at any depth)}; published
 * items with their words, withdrawn ones as tombstones, nothing else. */
json_t *item_line_view(DbConn *c, Err *e, int64_t item_id, int64_t root_id);
/* {revisions: [{number, title, note, editor, created_at, licence{...}}]} (new reference). */
json_t *item_history_view(DbConn *c, Err *e, int64_t item_id);
/* One revision: {number, title, summary, body, url, licence{...}, tags[], note, editor, created_at}: 1, 0, -1. */
int item_revision_view(DbConn *c, Err *e, int64_t item_id, int64_t number, json_t **out);
/* {tags: [{tag, items}]}: a page of the tags of published items, the most
 * used first (limit rows from offset: web/paging.h). */
json_t *commons_tags_view(DbConn *c, Err *e, int64_t limit, int64_t offset);
/* An author's page: {author{id, name, organisation}, items[], has_more, page}:
 * 1, 0 (no such member, or nothing of theirs is published), -1. */
int commons_author_view(DbConn *c, Err *e, int64_t user_id, int64_t page, json_t **out);
/* A page of a member's own items: {items[] (limit rows from offset, web/paging.h:
 * those waiting for their consent first, then drafts, published, withdrawn,
 * each row's `list` naming its list), the page's rows by list: waiting[],
 * drafts[], published[], withdrawn[] (the rows before the last when limit
 * rows were read: paging_trim drops it from items), counts{waiting, drafts,
 * published, withdrawn, total} over every page}. */
json_t *commons_mine_view(DbConn *c, Err *e, int64_t user_id, int64_t limit, int64_t offset);
/* What the new-item form offers its author: {chapters[{id, name}], events[{id, title}]}. */
json_t *commons_origin_options(DbConn *c, Err *e, int64_t user_id);
/* A member by e-mail address (to name them on an item): 1 (*id), 0, -1. */
int commons_member_find(DbConn *c, Err *e, const char *email, int64_t *id);

/* --- items: the handlers (routes.c, routes_items.c) --- */
int commons_home(Req *r);
int commons_new_form(Req *r);
int commons_create(Req *r);
int commons_mine(Req *r);
int commons_settings_show(Req *r);
int commons_settings_update(Req *r);
int commons_tags_index(Req *r);
int commons_tag_show(Req *r);
int commons_author_show(Req *r);
int commons_item_show(Req *r);
int commons_item_edit_form(Req *r);
int commons_item_update(Req *r);
int commons_item_history(Req *r);
int commons_item_revision(Req *r);
int commons_item_publish(Req *r);
int commons_item_consent(Req *r);
int commons_item_people(Req *r);
int commons_item_adapt_form(Req *r);
int commons_item_adapt(Req *r);

/* ======================= drafts from meetings (drafts.c) ======================= */
/* A member's shared success or challenge (round_id, theirs) and the stories it
 * got become a draft item of kind "story" that its author edits to remove what
 * identifies people; the members whose stories are quoted are named "quoted"
 * and must consent before it is published. 409 if the round is not shared or
 * already has an item. */
int draft_from_round(DbConn *c, Err *e, int64_t round_id, int64_t by, int64_t now, int64_t *item_id);

/* rules_drafts.c: what a draft made from a round says (pure). */
#define DRAFT_BODY_ROOM 90000   /* bytes a prefilled body may take (the item's limit is 100,000) */
typedef struct DraftSource {
    const char *kind;                  /* "success" or "challenge" */
    const char *body;                  /* the round's words, as its author wrote them */
    const char *place, *sector;        /* the chapter's metro and sector names (sector: NULL or "") */
    const char *const *stories;        /* the stories it got, oldest first */
    int nstories;
} DraftSource;
typedef struct DraftText {
    const char *title, *summary, *body, *tags, *note;
    int included;                      /* how many stories (the first ones) the body quotes */
} DraftText;
/* The title (the kind and the place only: it makes the permanent address),
 * summary (from the round's first words), body (a note to remove what
 * identifies people, the round, the stories, as Markdown), tags and revision
 * note of a draft; all in the arena. Stories that would take the body
 * past DRAFT_BODY_ROOM are left out (and said so). */
void draft_compose(Arena *a, const DraftSource *s, DraftText *out);
/* Whether a filter of the stories page is valid: NULL, "", "success" or "challenge". */
bool stories_kind_valid(const char *kind);

/* drafts.c: the reads of the pages. */
#define STORIES_PAGE 30
/* The shared successes and challenges, anonymised, newest meeting first
 * (kind NULL/"": both), page from 1: {shared[{id, kind, is_challenge, body,
 * met_at, metro, sector, answers[{body}], item{slug,title}|null}], page,
 * has_more}, and for a logged-in viewer `mine`: their own shared rounds with
 * what became of them [{id, kind, body, met_at, chapter{name,slug},
 * item{slug,title,status}|null, can_draft}], and `quoting`: the items drafted
 * from meetings that quote their stories [{slug, title, status, consent}].
 * New reference, or NULL with e. */
json_t *stories_view(DbConn *c, Err *e, int64_t viewer, const char *kind, int64_t page);
/* What a member named on an item made from a round sees on its consent page:
 * {stories[{body}]: their own stories in the round as they told them,
 * viewer{role, consent, consent_at, is_quoted, has_consented, has_withdrawn}|null
 * (null: not named on it), people{quoted, consented}: how many members it
 * quotes and how many of them consent, from_meeting: it was drafted from a
 * meeting's round}. New reference, or NULL with e. */
json_t *draft_quoted_view(DbConn *c, Err *e, int64_t item_id, int64_t viewer);

/* routes_drafts.c */
int commons_stories(Req *r);
int draft_create(Req *r);
int draft_quoted_show(Req *r);

/* ======================= spread (spread.c, rules_spread.c) ======================= */
typedef struct UseIn {
    int64_t item_id, chapter_id, event_id;   /* one of chapter_id, event_id */
    const char *used_by;                     /* or instead: "chapter:<slug>" / "event:<slug>" (forms, the API) */
    const char *used_on;                     /* YYYY-MM-DD */
    const char *outcome;                     /* "worked", "mixed", "did_not_work" */
    const char *note;
    int64_t by, now;
} UseIn;
/* Records a use (a member of the chapter, or the event's organiser: 403
 * otherwise; only of a published item: 404). */
int use_record(DbConn *c, Err *e, const UseIn *in, FieldErrs *f, int64_t *id);
/* A use of one of this node's items recorded on a peer node (federation's
 * peer_uses.c: a signed Add of a glocal Use from an approved peer). */
typedef struct RemoteUseIn {
    const char *item_slug;                   /* the item's slug here (from its Article's id) */
    const char *use_url, *host;              /* the Use's id on the peer, the peer's host */
    const char *chapter_url, *chapter_name;  /* the chapter that used it: its Group's id, its name */
    const char *city, *city_slug;            /* the deepest place of its place path ("" when none) */
    const char *country, *country_slug;      /* the first */
    const char *used_on;                     /* YYYY-MM-DD */
    const char *outcome;                     /* "worked", "mixed", "did_not_work" */
    int64_t now;
} RemoteUseIn;
/* Inside the caller's write transaction (the inbox's): keeps the use so that
 * it counts in the item's spread — its chapter, its city (one of this node's
 * metros when the slug names one) and its country. 1 kept, 0 already known
 * (the same use_url), -1 with e: E_NOT_FOUND when the item is not published
 * here, E_BAD_REQUEST when a field is missing or malformed. */
int use_remote_record(DbConn *c, Err *e, const RemoteUseIn *in);
/* How far an item has travelled: {uses, chapters, cities, countries,
 * first_outside_days|null, adaptations, depth, by_month[{month, uses}]}.
 * Also uses_own, events, first_other_city_days|null, outcomes{worked, mixed,
 * did_not_work}, last_used_on|null, reached{cities[{name, slug, country}],
 * countries[{name, slug}]}. Counts the item and its published adaptations
 * (their origins and their uses, and the uses peer nodes told of:
 * use_remote_record); NULL on error, zeros for an item that is not published. */
json_t *item_reach(DbConn *c, Err *e, int64_t item_id);

/* ======================= feeds (feeds.c, routes_feeds.c) ======================= */
/* The commons' Atom feeds (through web/atom.h): the whole commons and the
 * items of one tag, author, place, sector or chapter, newest first, only
 * published items (read through items_list), with their licences as
 * rel="license" links. Addresses (literal paths before parameters):
 *   /commons.atom                      COMMONS_FEED_ALL
 *   /commons/tags/{tag}.atom           COMMONS_FEED_TAG      key: the tag
 *   /commons/authors/{member}.atom     COMMONS_FEED_AUTHOR   key: the member's id
 *   /places/{place}/commons.atom       COMMONS_FEED_PLACE    key: the place's slug
 *   /sectors/{sector}/commons.atom     COMMONS_FEED_SECTOR   key: the sector's slug
 *   /chapters/{chapter}/commons.atom   COMMONS_FEED_CHAPTER  key: the chapter's slug */
typedef enum CommonsFeedKind {
    COMMONS_FEED_ALL, COMMONS_FEED_TAG, COMMONS_FEED_AUTHOR, COMMONS_FEED_PLACE, COMMONS_FEED_SECTOR, COMMONS_FEED_CHAPTER,
} CommonsFeedKind;
#define COMMONS_FEED_ENTRIES 50   /* the newest items a feed carries */

/* The path of a feed ("/commons/tags/x.atom"; arena). */
const char *commons_feed_path(Arena *a, CommonsFeedKind kind, const char *key);
/* Its title for people, without the network's name ("Commons: tagged x",
 * "Commons: by Ana Sousa", "Commons: from Lisbon"; name: what the feed follows). */
const char *commons_feed_title(Arena *a, CommonsFeedKind kind, const char *name);
/* What a feed follows, as its title and subtitle name it, and the filter of its items. */
typedef struct CommonsFeedSubject {
    CommonsFeedKind kind;
    const char *key;            /* as in the address */
    const char *name;           /* the tag, the author's, place's, sector's or chapter's name (NULL: all) */
    const char *page;           /* the page the feed mirrors (a path), NULL: none */
    ItemFilter filter;
} CommonsFeedSubject;
/* Resolves a tag (well-formed: 1, else 0), an author (1 when they are an
 * author of a published item: their name is public then; 0 otherwise) or a
 * sector by slug (0: none) into s; place and chapter subjects are made by
 * their loaders (s->filter and s->name filled by the caller). -1 on error. */
int commons_feed_subject(DbConn *c, Err *e, Arena *a, CommonsFeedKind kind, const char *key, CommonsFeedSubject *s);
/* The feed of a subject, ready for atom_respond: its published items (with
 * their bodies) read through items_list, the feed's updated time at least
 * the last time an item left the feeds (withdrawn, or back to waiting for
 * consent), so If-Modified-Since sees an item leave,
 * addresses absolute under base (the node's public URL). Strings live in
 * the arena or in *items (a new reference the caller releases after the
 * answer is written). 0, or -1 with e. */
typedef struct CommonsFeedOut {
    AtomFeed feed;
    AtomEntry *entries;
    size_t n;
    json_t *items;
} CommonsFeedOut;
int commons_feed_build(DbConn *c, Err *e, Arena *a, const CommonsFeedSubject *s, const char *base, const char *network,
                       CommonsFeedOut *out);
/* The entry of one published item as items_list gives it (arena; strings borrowed from `item`). */
void commons_feed_entry(Arena *a, const char *base, json_t *item, AtomEntry *x);

/* --- handlers (routes_feeds.c) --- */
int commons_feed(Req *r);
int commons_tag_feed(Req *r);
int commons_author_feed(Req *r);
int commons_place_feed(Req *r);
int commons_sector_feed(Req *r);
int commons_chapter_feed(Req *r);
/* For the pages that have a feed: announces it in the page's <head>
 * (rel="alternate" type="application/atom+xml") and sets "_feed" {href,
 * title} for a visible link. `name`: the tag, author, place, sector or
 * chapter as the page names it (NULL for the whole commons). The commons'
 * home and tag pages call it; the author, chapter and place pages get it
 * through commons_feeds_extend. */
void commons_feed_link(Req *r, CommonsFeedKind kind, const char *key, const char *name);
/* Feature.extend: the chapter page, a place's page and the commons' author
 * page ("author", the author in r->model) announce their commons feed. 0, or
 * -1 with e. */
int commons_feeds_extend(Req *r, const char *page, Err *e);
/* The published originals that travelled furthest, for the commons' home:
 * counted over each one and its published adaptations (root_id), by the
 * distinct places where they were used, then by uses: [{id, slug, title,
 * kind, summary, published_at, uses, places}] (new reference), NULL on error. */
json_t *items_most_spread(DbConn *c, Err *e, int64_t limit);

/* --- spread.c: the views of reach (Req-free; keys starting with "_" are for
 * pages: the chart's table and its SVG, the form's choices) --- */
#define USES_SHOWN 200   /* the uses an item's reach page lists, newest first */
/* An item's reach page: {reach, uses[{id, used_on, outcome, outcome_label,
 * note, item{slug, title}|null (an adaptation's use), chapter{slug, name}|null,
 * event{slug, title}|null (named if public), place{slug, name}}], uses_more,
 * _chart{bins[{name, uses}], summary, id}, _reach_chart_html}. NULL on error. */
json_t *reach_item_view(DbConn *c, Err *e, Arena *a, int64_t item_id, int64_t now);
/* The form to record a use, for `viewer` (0: anonymous), which leads back to
 * `next`; what was typed (NULL: nothing yet) selected: {_use_form{choices
 * [{value, label, is_event, is_selected}], outcomes[{value, label,
 * is_selected}], today, next, can_record, is_member}}. */
json_t *use_form_view(DbConn *c, Err *e, int64_t viewer, int64_t now, const char *next, const UseIn *typed);
/* An author's reach: {author{id, name}, reach (all their published items
 * together), items[{id, slug, title, kind, licence{code, name, url},
 * published_at, event, reach}], _chart, _reach_chart_html}; NULL with 404
 * when they have no published item (their name stays private then). */
json_t *author_reach_view(DbConn *c, Err *e, Arena *a, int64_t user_id, int64_t now);
/* The sponsors' report of an organisation (org: {id, name, slug}): the
 * published items that came out of the events it sponsored, each with its
 * reach, all of them together, and the events: {organisation, reach,
 * items[...], events[{slug, title (public events), starts_at, place, items}],
 * _chart, _reach_chart_html}. Never an amount paid. */
json_t *sponsor_report_view(DbConn *c, Err *e, Arena *a, const json_t *org, int64_t now);
/* The same items as CSV into b, a header line first (cells escaped against
 * formulas); links are base_url + /commons/<slug>. */
int sponsor_report_csv(DbConn *c, Err *e, Arena *a, int64_t org_id, const char *base_url, int64_t now, Buf *b);

/* --- rules_spread.c: the figures and the chart, pure --- */
#define USE_NOTE_MAX 500          /* characters */
#define REACH_MONTHS_MAX 600      /* the months by_month covers at most (the newest) */

/* "worked" -> "It worked"; NULL if unknown. */
const char *use_outcome_label(const char *outcome);
/* The outcomes as a form's choices [{value, label, is_selected}] (new reference). */
json_t *use_outcome_options(const char *selected);
/* A day "YYYY-MM-DD" that exists, as Unix seconds at midnight UTC: true, or false. */
bool spread_day_parse(const char *day, int64_t *out);
/* Checks a use's fields (the day against `today`, the day in the using
 * chapter's or event's place, and `not_before`, the day the item was added:
 * both YYYY-MM-DD), noting each problem in f; *used_on the day parsed. */
void use_fields_check(const UseIn *in, const char *today, const char *not_before, FieldErrs *f, int64_t *used_on);

/* What the figures are made from: the items of one or more families (an item
 * and the adaptations made from it, and from those), the uses of them, and
 * the registry's places they name with their ancestors. */
typedef struct SpreadNode {
    int64_t top_id;                        /* the item whose family this is */
    int64_t id, parent_id;                 /* parent_id: based_on (0: an original) */
    int64_t chapter_id, event_id, place_id;   /* where it came from (0: none) */
    int64_t published_at;                  /* 0: never */
    bool is_public;                        /* published: only those count */
} SpreadNode;
typedef struct SpreadUse {
    int64_t top_id, id, item_id;
    int64_t chapter_id, event_id, place_id;   /* who used it (one of chapter, event) and where */
    int64_t used_on;                       /* midnight UTC of the day */
    const char *outcome;
} SpreadUse;
typedef struct SpreadPlace {
    int64_t id, parent_id;
    const char *kind, *name, *slug;        /* country, region or metro */
    const char *timezone;                  /* an IANA zone, or NULL (the nearest place above it that has one counts) */
} SpreadPlace;
typedef struct SpreadData {
    const SpreadNode *nodes;
    size_t n_nodes;
    const SpreadUse *uses;
    size_t n_uses;
    const SpreadPlace *places;
    size_t n_places;
} SpreadData;

typedef struct Reach {
    int64_t uses;                          /* of the item and its published adaptations */
    int64_t uses_own;                      /* of the item itself */
    int64_t chapters, events, cities, countries;   /* distinct, origins included */
    int64_t adaptations, depth;            /* published adaptations below it; the deepest */
    int64_t first_outside_days;            /* publication to the first use outside its origin chapter or event; -1 none */
    int64_t first_other_city_days;         /* ... to the first use in another city; -1 none */
    int64_t worked, mixed, did_not_work;
    int64_t last_used_on;                  /* 0: never used */
    const int64_t *city_ids, *country_ids; /* `cities` and `countries` of them */
    int64_t first_month;                   /* year * 12 + month - 1 of by_month[0] */
    int64_t n_months;                      /* 0 when never used */
    const int64_t *by_month;               /* uses in each month up to the month of `now` */
} Reach;
/* The reach of the family of `top` in d, or (top == 0) of every family in d
 * together (each item and use counted once; days to a first use are then
 * -1). Arrays come from the arena. */
void reach_compute(Arena *a, const SpreadData *d, int64_t top, int64_t now, Reach *out);
/* The figures as item_reach gives them (new reference); the places named
 * come from d. */
json_t *reach_json(const Reach *r, const SpreadData *d);

/* The chart of uses over time: by_month grouped into at most 24 bars
 * (months, quarters or years). */
typedef struct ChartBin {
    const char *label, *year;              /* under the bar: "Mar" (or "Q1", or "2026") and its year "2026" */
    const char *name;                      /* in words: "March 2026", "Q1 2026", "2026" */
    int64_t uses;
} ChartBin;
size_t reach_chart_bins(Arena *a, const Reach *r, ChartBin **out);
/* One sentence that says what the chart shows ("12 uses from March 2026 to
 * May 2027; the most in April 2026 (5)."). */
const char *reach_chart_summary(Arena *a, const ChartBin *bins, size_t n);
/* The chart as an SVG (role="img", <title> and <desc> named by `id`-title and
 * `id`-desc), drawn in colours that keep 3:1 against white; arena. Pages put
 * the bins beside it as a table. */
const char *reach_chart_svg(Arena *a, const ChartBin *bins, size_t n, const char *id, const char *title);

/* --- handlers and panels (routes_spread.c) --- */
int reach_show(Req *r);
int use_create(Req *r);
int author_reach_show(Req *r);
int sponsor_report_show(Req *r);
int sponsor_report_csv_show(Req *r);
/* Feature.extend of spread (the commons feature's extend calls it): on the
 * item page (page "item", r->object the item) a published item gets "reach"
 * (item_reach) and "_use_form" (the form to record a use), which
 * templates/commons/reach_panel.mustache shows; on an author's page (page
 * "author", {member} in the path) "author_reach" {author, items, reach} when
 * they have published items, which templates/commons/author_reach_panel.mustache
 * shows. Other pages: nothing. 0, or -1 with e. */
int spread_extend(Req *r, const char *page, Err *e);

/* ======================= the feature ======================= */
extern const Feature commons_feature;

#endif

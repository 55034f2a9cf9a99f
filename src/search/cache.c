/* cache.c - the answers of recent searches, kept and given again while the
 * index has not changed.
 *
 * A search reads the words of up to 140 candidates, scores them and makes
 * the snippets of the 20 shown: about 0.3 ms of a core, the busiest read
 * there is. The same questions come again and again — the words everyone
 * looks for, the next page of results and back, a search typed again — so
 * the answers of the last CACHE_SLOTS distinct questions are kept with the
 * index's generation they were made at (schema/038_search_generation.sql).
 * A search first reads the generation (one row by its key); a kept answer to
 * the same question is given again only if it was made at that generation.
 * The generation is read before the search it keys, and written after the
 * change it counts: an answer kept under generation g holds every change up
 * to g (a later one may be in it too, which is only newer).
 * Every change to the index adds one to the generation in the transaction
 * that makes it, so no kept answer outlives a change (a consent withdrawn,
 * an item edited or unpublished, a place renamed), whichever server made it:
 * several servers on one database agree without telling each other, and a
 * replica's reader compares with the generation the replica has reached.
 *
 * The question: the database, the words as typed, the filters, the page,
 * whether the reader is logged in (members-only documents), the language
 * (the kinds' labels) and the face (pages get marked HTML too). The slots are
 * two-way set associative; the one used longer ago is replaced. An answer is
 * kept as its own copy and given as a new copy (the caller owns and changes
 * it); one lock guards the slots, held while a copy is made (a few µs). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "search/internal.h"

enum { CACHE_SLOTS = 128 };   /* at most ~40 KB an answer (20 results): a few MB */

typedef struct Slot {
    uint64_t hash;
    char *question;   /* NULL: empty */
    int64_t generation;
    json_t *answer;
    uint64_t used;    /* when it was last given or kept (the clock below) */
} Slot;

static Slot slots[CACHE_SLOTS];
static uint64_t clock_now;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* Everything the answer depends on, each part ended by a unit separator. */
static void question_of(Buf *b, DbConn *c, const SearchQuery *s)
{
    buf_printf(b, "%llu\x1f%s\x1f%d%d\x1f%d\x1f%d\x1f%lld\x1f%lld\x1f", (unsigned long long)db_serial(db_of(c)),
               lang_code(i18n_lang()), s->logged_in, s->page_html, s->page, s->per_page, (long long)s->place_id,
               (long long)s->sector_id);
    const char *const parts[] = { s->kind, s->licence, s->tag, s->text };
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        buf_adds(b, parts[i] ? parts[i] : "");
        buf_addc(b, '\x1f');
    }
}

/* The two slots a question may be in. */
static Slot *set_of(uint64_t hash)
{
    return &slots[(hash % (CACHE_SLOTS / 2)) * 2];
}

/* The slot of set (two) that holds the question, or NULL. */
static Slot *holding(Slot *set, uint64_t hash, const char *question)
{
    for (int i = 0; i < 2; i++)
        if (set[i].question && set[i].hash == hash && str_eq(set[i].question, question)) return &set[i];
    return NULL;
}

/* A copy of the kept answer to the question at this generation, or NULL. */
static json_t *take(uint64_t hash, const char *question, int64_t generation)
{
    json_t *out = NULL;
    pthread_mutex_lock(&lock);
    Slot *s = holding(set_of(hash), hash, question);
    if (s && s->generation == generation) {
        out = json_deep_copy(s->answer);
        s->used = ++clock_now;
    }
    pthread_mutex_unlock(&lock);
    return out;
}

/* Keeps a copy of answer: in the slot of the same question, else an empty one, else the one used longer ago. */
static void keep(uint64_t hash, const char *question, int64_t generation, const json_t *answer)
{
    json_t *copy = json_deep_copy(answer);
    char *q = strdup(question);
    if (!copy || !q) {   /* out of memory: nothing is kept, the answer was given all the same */
        json_decref(copy);
        free(q);
        return;
    }
    json_t *old = NULL;
    char *old_q = NULL;
    pthread_mutex_lock(&lock);
    Slot *set = set_of(hash), *s = holding(set, hash, question);
    bool same = s != NULL;
    if (!same) s = !set[0].question ? &set[0] : !set[1].question ? &set[1] : set[0].used <= set[1].used ? &set[0] : &set[1];
    if (same && s->generation > generation) {
        old = copy, old_q = q;   /* a newer answer is there already: kept */
    } else {
        old = s->answer, old_q = s->question;
        *s = (Slot){ .hash = hash, .question = q, .generation = generation, .answer = copy, .used = ++clock_now };
    }
    pthread_mutex_unlock(&lock);
    json_decref(old);   /* freed outside the lock */
    free(old_q);
}

json_t *search_answer(DbConn *c, Err *e, const SearchQuery *s)
{
    int64_t generation;
    if (search_store_generation(c, e, &generation) < 0) return NULL;   /* before the search: see above */
    Arena a;
    arena_init(&a, 1024);
    Buf question;
    buf_init(&question, &a);
    question_of(&question, c, s);
    uint64_t hash = fnv1a(question.data, question.len);
    json_t *out = take(hash, buf_str(&question), generation);
    if (!out) {
        out = search_run(c, e, s);
        if (out) keep(hash, buf_str(&question), generation, out);
    }
    arena_release(&a);
    return out;
}

void search_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        json_decref(slots[i].answer);
        free(slots[i].question);
        slots[i] = (Slot){ 0 };
    }
    pthread_mutex_unlock(&lock);
}

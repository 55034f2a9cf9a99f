/* meetings.c - the meetings of the demo network (src/meetings/ writes them,
 * src/demo/store.c sets what the runner and the periodic work would have): for
 * each chapter a monthly series in its metro's time zone, the meetings held
 * (attendance, one success and one challenge from each member present, the
 * stories told in answer, commitments and how they ended) and cancelled, the
 * meetings the periodic work would have scheduled, the answers for the next one,
 * and the one meeting of today. What is said comes from data/demo/talk.json. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/zone.h"
#include "base/str.h"
#include "demo/demo.h"
#include "demo/internal.h"
#include "meetings/meetings.h"

/* ---------- the meetings: a monthly series per chapter, its history, what comes next ---------- */

#define HOLD_MARGIN (30 * 60)            /* a past meeting counts as held once it ended this long ago */
#define ABSENCE_SINCE (175 * DAY)        /* inside the default window of 182 days, with a week to spare */
#define MAX_PAST 64

enum { PK_NONE, PK_HELD, PK_CANCELLED };

static const char *const weekday_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

/* When and where chapter k meets. Its own generator, so that a plan never depends on the order of the work. */
void plan_series(Demo *d, int k)
{
    const ChapterDef *def = &d->data->chapters[k];
    SeriesPlan *p = &d->chap[k].plan;
    Rng r = { DEMO_SEED ^ (0x9e3779b97f4a7c15ull * (uint64_t)(k + 1)) };
    static const int weeks[] = { 1, 2, 3, 4, -1 };
    static const int slots[][2] = { { 8, 0 }, { 12, 30 }, { 18, 30 }, { 19, 0 }, { 18, 30 }, { 7, 30 } };
    static const int durations[] = { 90, 105, 120, 120, 150 };
    rng_next(&r);
    int week = weeks[rng_int(&r, 0, N(weeks) - 1)];
    int day = rng_one_in(&r, 10) ? 4 : rng_int(&r, 0, 3);   /* Monday to Thursday, now and then a Friday */
    int slot = rng_int(&r, 0, N(slots) - 1);
    p->hour = slots[slot][0];
    p->minute = slots[slot][1];
    p->duration = durations[rng_int(&r, 0, N(durations) - 1)];
    if (strstr(def->name, "Breakfast")) {
        p->hour = rng_one_in(&r, 2) ? 7 : 8;
        p->minute = p->hour == 7 ? 30 : 0;
        p->duration = rng_one_in(&r, 2) ? 90 : 120;
    } else if (strstr(def->name, "Evening")) {
        p->hour = rng_one_in(&r, 3) ? 18 : 19;
        p->minute = p->hour == 18 ? 30 : 0;
    } else if (p->hour == 12) {
        p->duration = 90;                                     /* a lunch */
    }
    p->venue = d->data->metros[def->metro].venues[rng_int(&r, 0, 3)];
    p->url = rng_one_in(&r, 3) ? arena_printf(&d->a, "https://meet.example.org/%s", str_slugify(&d->a, def->name)) : "";
    Err e = { 0 };
    if (series_rule_make(week, weekday_codes[day], p->rrule, sizeof p->rrule, &e) < 0)
        snprintf(p->rrule, sizeof p->rrule, "FREQ=MONTHLY;BYDAY=1TU");
}

/* ---------- sentences ---------- */

/* Per chapter: how often each sentence was used, so that a chapter rarely hears the same one twice. */
typedef struct Talk {
    unsigned short succ[MAX_SECTORS][TALK_LINES], chal[MAX_SECTORS][TALK_LINES];
    unsigned short csucc[MAX_COMMON], cchal[MAX_COMMON];
    unsigned short story[MAX_STORIES], advice[MAX_ADVICE], commit[MAX_TOPICS][3];
    signed char owner[MAX_STORIES];   /* the seat of who first told each story here: only they tell it again */
    bool rejected[MAX_STORIES];       /* read as a directive by the heuristic: never used */
} Talk;

/* A member's own lines are remembered as bits: their sector's first, then the common ones (data.c keeps the
 * common ones to MAX_COMMON). */
_Static_assert(TALK_LINES + MAX_COMMON <= 32, "a member's lines must fit in 32 bits");

/* The least used of n entries (ties drawn at random), skipping those marked in skip; -1 if none. */
static int least_used(Rng *r, const unsigned short *used, int n, const bool *skip)
{
    int best = -1, ties = 0;
    for (int i = 0; i < n; i++) {
        if (skip && skip[i]) continue;
        if (best < 0 || used[i] < used[best]) {
            best = i;
            ties = 1;
        } else if (used[i] == used[best] && rng_one_in(r, ++ties)) {
            best = i;
        }
    }
    return best;
}

/* A sentence with its {slots} filled for a speaker of `sector` in `metro` (in b, valid until the next call). */
static const char *say(Demo *d, Buf *b, const char *t, int metro, int sector)
{
    const SectorDef *st = &d->data->sectors[sector];
    buf_clear(b);
    for (const char *p = t; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (!end) {
            buf_addc(b, *p);
            continue;
        }
        size_t n = (size_t)(end - p - 1);
#define SLOT(w) (n == sizeof(w) - 1 && memcmp(p + 1, w, n) == 0)
        if (SLOT("n")) {
            static const char *const words[] = { "two", "three", "four", "five", "six", "seven", "eight", "nine" };
            int v = rng_int(&d->rng, 2, 9);
            if (end[1] == '%') buf_printf(b, "%d", v);
            else if (p == t) buf_printf(b, "%c%s", toupper((unsigned char)words[v - 2][0]), words[v - 2] + 1);
            else buf_adds(b, words[v - 2]);
        }
        else if (SLOT("nn")) buf_printf(b, "%d", rng_int(&d->rng, 12, 95));
        else if (SLOT("pct")) buf_printf(b, "%d", 5 * rng_int(&d->rng, 1, 8));
        else if (SLOT("weeks")) buf_printf(b, "%d", rng_int(&d->rng, 2, 8));
        else if (SLOT("city")) buf_adds(b, d->data->metros[metro].name);
        else if (SLOT("place")) buf_adds(b, d->data->metros[metro].words[rng_int(&d->rng, 0, 3)]);
        else if (SLOT("partner")) buf_adds(b, st->partner);
        else if (SLOT("customers")) buf_adds(b, st->customers);
        else if (SLOT("product")) buf_adds(b, st->product);
        else buf_add(b, p, (size_t)(end - p + 1));
#undef SLOT
        p = end;
    }
    return buf_str(b);
}

/* Entry i of a bank of lines: a member's sector's (own) or the common one; the topic of a challenge. */
static const char *line_text(const Demo *d, bool success, int sector, bool own, int i, int *topic)
{
    if (success) {
        *topic = -1;
        return own ? d->data->sectors[sector].successes[i] : d->data->common_successes[i];
    }
    const Challenge *c = own ? &d->data->sectors[sector].challenges[i] : &d->data->common_challenges[i];
    *topic = c->topic;
    return c->text;
}

/* A success (or a challenge) for member p: from their sector's lines about half the time (when `own_ok`: the
 * chapter is theirs or has no sector, for the shared rounds are labelled with the chapter's sector), else a
 * common one; the least used in the chapter, never one they brought before (`said`, as bits) nor one already
 * heard in this meeting (`here`). A member who has said everything starts afresh. */
static const char *line_for(Demo *d, Talk *t, Buf *b, const Person *p, bool own_ok, bool success, uint32_t *said,
                            const char **here, int *nhere, int *topic)
{
    bool own_first = rng_int(&d->rng, 1, 100) <= 55 && own_ok;
    for (int fresh = 0; fresh < 2; fresh++, *said = 0)
        for (int pass = 0; pass < 2; pass++) {
            bool own = own_first == (pass == 0);
            if (own && !own_ok) continue;
            int n = own ? TALK_LINES : success ? d->data->ncommon_success : d->data->ncommon_challenge;
            int off = own ? 0 : TALK_LINES;
            unsigned short *used = own ? (success ? t->succ[p->sector] : t->chal[p->sector])
                                       : (success ? t->csucc : t->cchal);
            bool skip[32];
            for (int i = 0; i < n; i++) {
                const char *x = line_text(d, success, p->sector, own, i, topic);
                skip[i] = *said >> (off + i) & 1;
                for (int h = 0; h < *nhere && !skip[i]; h++) skip[i] = here[h] == x;
            }
            int i = least_used(&d->rng, used, n, skip);
            if (i < 0) continue;
            used[i]++;
            *said |= 1u << (off + i);
            const char *x = line_text(d, success, p->sector, own, i, topic);
            here[(*nhere)++] = x;
            return say(d, b, x, p->metro, p->sector);
        }
    return say(d, b, line_text(d, success, p->sector, true, 0, topic), p->metro, p->sector);   /* not reached */
}

/* A story on `topic` told by `p` (at `seat`): not one of `told` (the other answers to the same challenge), not
 * one someone else at this table told before (unless `anyone`), and one the directive heuristic lets through;
 * NULL if p has none left to tell. */
static const char *story_for(Demo *d, Talk *t, Buf *b, const Person *p, int seat, int topic, bool *told, bool anyone)
{
    for (;;) {
        bool skip[MAX_STORIES];
        for (int i = 0; i < d->data->nstory; i++)
            skip[i] = told[i] || t->rejected[i] || d->data->stories[i].topic != topic ||
                      (d->data->stories[i].only != SE_NONE && d->data->stories[i].only != p->sector) ||
                      (!anyone && t->owner[i] >= 0 && t->owner[i] != seat);
        int i = least_used(&d->rng, t->story, d->data->nstory, skip);
        if (i < 0) return NULL;
        const char *text = say(d, b, d->data->stories[i].text, p->metro, p->sector);
        const char *found[4];
        if (story_directive_phrases(text, found, 4) > 0) {
            t->rejected[i] = true;
            d->mt.stories_rejected++;
            continue;
        }
        t->story[i]++;
        if (t->owner[i] < 0) t->owner[i] = (signed char)seat;
        told[i] = true;
        return text;
    }
}

/* ---------- one chapter ---------- */

/* The seats of people who had joined chapter ch by time t (half a day ahead, to have been invited). */
static int seats_at(const Chap *ch, int64_t t, int *out)
{
    int n = 0;
    for (int s = 0; s < ch->n; s++)
        if (ch->at[s] + 12 * HOUR <= t) out[n++] = s;
    return n;
}

void shuffle(Rng *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), x = a[i];
        a[i] = a[j];
        a[j] = x;
    }
}

typedef struct Promise {
    int64_t id;
    int held;   /* index of the held meeting where it was made */
} Promise;

/* What each member of a chapter has brought so far (see line_for), by seat. */
typedef struct Said {
    uint32_t success[MAX_SEATS], challenge[MAX_SEATS];
} Said;

/* The rounds, stories and commitments of one held meeting, where the seats in `present` sat. */
static int meeting_talk(Demo *d, DbConn *c, Err *e, int k, int64_t mid, const int *present, int np, Talk *t, Said *said,
                        Buf *b, int held, Promise *promises, int *npromises)
{
    Chap *ch = &d->chap[k];
    int64_t round_id[MAX_SEATS], ignored;
    int topic[MAX_SEATS], nhere = 0;
    const char *here[2 * MAX_SEATS];
    /* the successes, then the challenges, in the order of the runner */
    int sector = d->data->chapters[k].sector;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < np; i++) {
            bool success = pass == 0;
            const Person *p = &d->people[ch->who[present[i]]];
            uint32_t *brought = success ? &said->success[present[i]] : &said->challenge[present[i]];
            const char *text = line_for(d, t, b, p, sector == SE_NONE || sector == p->sector, success, brought, here,
                                        &nhere, &topic[i]);
            if (round_insert(c, e, mid, p->id, success ? "success" : "challenge", text, &round_id[i]) < 0) return -1;
            if (rng_one_in(&d->rng, 25) && round_set_shared(c, e, round_id[i], true) < 0) return -1;
        }
    /* one to three stories per challenge, from the others at the table */
    for (int i = 0; i < np && np > 1; i++) {
        int others[MAX_SEATS], no = 0;
        for (int j = 0; j < np; j++)
            if (j != i) others[no++] = j;
        shuffle(&d->rng, others, no);
        int want = rng_int(&d->rng, 1, 3), got = 0;
        bool told[MAX_STORIES] = { false };
        for (int s = 0; got < want && s < no; s++) {
            int seat = present[others[s]];
            const Person *teller = &d->people[ch->who[seat]];
            const char *text = NULL;
            bool flagged = false;
            if (rng_one_in(&d->rng, 40)) {
                int a = least_used(&d->rng, t->advice, d->data->nadvice, NULL);
                const char *found[4];
                if (story_directive_phrases(d->data->advice[a], found, 4) > 0) {
                    t->advice[a]++;
                    text = d->data->advice[a];
                    flagged = true;
                }
            }
            /* nothing of their own to tell on this: someone else answers, and if nobody can, the last one retells */
            if (!text) text = story_for(d, t, b, teller, seat, topic[i], told, got == 0 && s == no - 1);
            if (!text) continue;
            if (story_insert(c, e, round_id[i], teller->id, text, flagged, &ignored) < 0) return -1;
            got++;
        }
    }
    /* one or two commitments, about the challenge their author brought */
    int order[MAX_SEATS];
    for (int i = 0; i < np; i++) order[i] = i;
    shuffle(&d->rng, order, np);
    int want = rng_int(&d->rng, 1, 2);
    for (int i = 0; i < want && i < np; i++) {
        int who = order[i], tp = topic[who];
        const Person *p = &d->people[ch->who[present[who]]];
        int line = least_used(&d->rng, t->commit[tp], 3, NULL);
        t->commit[tp][line]++;
        Promise *pr = &promises[(*npromises)++];
        pr->held = held;
        if (commitment_insert(c, e, ch->id, mid, p->id, d->data->commitments[tp][line], &pr->id) < 0) return -1;
    }
    return 0;
}

/* The meeting of today: the chapter's regular one if it falls today and is not over (then 1, with its
 * occurrence in *o), else an extra session (0, and its start in o->starts_at): due in an hour or two, this
 * morning when it is night, or under way when it is late in the evening. -1 on error. */
static int today_meeting(Demo *d, const SeriesPlan *plan, const char *first, const char *tz, Occurrence *o, Err *e)
{
    char date[11], hm[6], local[48];
    int64_t t = 0;
    Occurrence regular[2];
    time_local_parts(d->now, tz, date, hm);
    snprintf(local, sizeof local, "%sT00:00", date);
    if (local_to_utc(local, tz, &t, e) < 0) return -1;
    int n = series_expand(plan->rrule, first, tz, t, t + DAY, regular, 2, e);
    if (n < 0) return -1;
    if (n > 0 && regular[0].starts_at + plan->duration * 60 > d->now) {
        *o = regular[0];
        return 1;
    }
    int at, minutes = atoi(hm) * 60 + atoi(hm + 3);
    if (minutes < 6 * 60) at = 8 * 60;                                    /* this morning, over breakfast */
    else if (minutes < 20 * 60 + 30) at = (minutes + 60 + 29) / 30 * 30;  /* an hour or so from now */
    else at = (minutes - 60) / 30 * 30;                                   /* late: it began a little while ago */
    snprintf(local, sizeof local, "%sT%02d:%02d", date, at / 60, at % 60);
    if (local_to_utc(local, tz, &o->starts_at, e) < 0) return -1;
    return 0;
}

/* One chapter's meetings as they are written. */
typedef struct Run {
    int k;
    const ChapterDef *def;
    Chap *ch;
    const SeriesPlan *plan;
    const char *tz;
    int64_t dur;
    char first[40];                     /* the series' first date and time, local */
    Occurrence occ[MAX_PAST];           /* the past dates of the series */
    int n, kind[MAX_PAST];              /* how many; PK_ held, cancelled or neither */
    uint64_t absent[MAX_SEATS];         /* by seat: the dates a member drifting away missed (bits) */
    bool drifting[MAX_SEATS];
    int64_t held_id[MAX_PAST];
    int nheld, npromises;
    Promise *promises;
    Said said;
    Talk *t;
    Buf b;
} Run;

/* The past dates of the series, as a connector set it up in the chapter's first days: from its first day, at its
 * hour. A closed chapter met until some six weeks before it closed, before anyone left (see chapter_build). */
static int run_dates(Demo *d, Run *R, Err *e)
{
    char day[11], hm[6];
    time_local_parts(R->ch->created, R->tz, day, hm);
    snprintf(R->first, sizeof R->first, "%.4s%.2s%.2sT%02d%02d00", day, day + 5, day + 8, R->plan->hour,
             R->plan->minute);
    int64_t until = R->def->status == ST_CLOSED ? R->ch->updated - 41 * DAY : d->now - R->dur - HOLD_MARGIN;
    R->n = series_expand(R->plan->rrule, R->first, R->tz, R->ch->created, until, R->occ, MAX_PAST, e);
    return R->n < 0 ? -1 : 0;
}

/* A dormant chapter's last meeting: some three months before it was marked dormant, 100 to 200 days ago; -1 if
 * no date fits. */
static int run_last_dormant(Demo *d, const Run *R)
{
    int64_t now = d->now, target = R->ch->updated - 90 * DAY - rng_range(&d->rng, 0, 12) * DAY;
    if (target > now - 105 * DAY) target = now - 105 * DAY;
    if (target < now - 195 * DAY) target = now - 195 * DAY;
    int last = -1;
    for (int i = 0; i < R->n; i++) {
        if (R->occ[i].starts_at < now - 200 * DAY || R->occ[i].starts_at > now - 100 * DAY) continue;
        if (last < 0 || llabs(R->occ[i].starts_at - target) < llabs(R->occ[last].starts_at - target)) last = i;
    }
    return last;
}

/* Which dates were held, which cancelled: from the first date with three members around the table (two if that
 * leaves too few meetings), as the chapter's status has it. */
static void run_kinds(Demo *d, Run *R)
{
    int n = R->n, *kind = R->kind, seats[MAX_SEATS], i0 = 0;
    for (int need = R->def->status == ST_FORMING ? 2 : 3; need >= 2; need--) {
        i0 = 0;
        while (i0 < n && seats_at(R->ch, R->occ[i0].starts_at, seats) < need) i0++;
        if (n - i0 >= 3 || R->def->status == ST_FORMING) break;
    }
    switch (R->def->status) {
    case ST_ACTIVE:
        if (n - i0 < 3) i0 = n > 3 ? n - 3 : 0;
        for (int i = i0; i < n; i++) kind[i] = i < n - 2 && rng_one_in(&d->rng, 14) ? PK_CANCELLED : PK_HELD;
        break;
    case ST_FORMING: {
        int want = rng_int(&d->rng, 0, 7);
        want = want < 2 ? 0 : want < 5 ? 1 : 2;
        for (int i = n - 1; i >= i0 && want > 0; i--, want--) kind[i] = PK_HELD;
        break;
    }
    case ST_DORMANT: {
        int last = run_last_dormant(d, R);
        if (last < 0) break;
        if (i0 > last - 2) i0 = last > 2 ? last - 2 : 0;
        for (int i = i0; i <= last; i++) kind[i] = i < last && rng_one_in(&d->rng, 10) ? PK_CANCELLED : PK_HELD;
        for (int i = last + 1, fade = rng_int(&d->rng, 1, 2); i < n && fade > 0; i++, fade--) kind[i] = PK_CANCELLED;
        break;
    }
    default: {   /* closed: a few meetings in its first months, then one called off */
        int want = rng_int(&d->rng, 3, 6), i = i0;
        for (; i < n && want > 0; i++, want--) kind[i] = PK_HELD;
        if (i < n) kind[i] = PK_CANCELLED;
    }
    }
}

/* Two or three members of some chapters have drifted away: absent from most recent meetings. */
static void run_drifting(Demo *d, Run *R)
{
    const Chap *ch = R->ch;
    if (R->def->status != ST_ACTIVE || !rng_one_in(&d->rng, 3)) return;
    int win[MAX_PAST], w = 0, seats[MAX_SEATS];
    for (int i = 0; i < R->n; i++)
        if (R->kind[i] == PK_HELD && R->occ[i].starts_at >= d->now - ABSENCE_SINCE) win[w++] = i;
    int cand[MAX_SEATS], nc = 0;
    if (w >= 4 && seats_at(ch, R->occ[win[0]].starts_at, seats) < 6) w = 0;   /* a small table: everyone is needed */
    for (int s = 1; w >= 4 && s < ch->n; s++)
        if (!ch->connector[s] && !ch->left[s] && !d->people[ch->who[s]].fixed &&
            ch->at[s] + 12 * HOUR <= R->occ[win[0]].starts_at)
            cand[nc++] = s;
    shuffle(&d->rng, cand, nc);
    int want = rng_int(&d->rng, 2, 3);
    for (int j = 0; j < want && j < nc; j++) {
        int s = cand[j], spared = w >= 5 ? rng_int(&d->rng, 0, w - 1) : -1;
        for (int x = 0; x < w; x++)
            if (x != spared) R->absent[s] |= 1ull << win[x];
        R->drifting[s] = true;
        d->mt.drifting++;
    }
}

/* What a seat had answered before a held meeting: most who came had said yes, and some who did not
 * come had too. A hash of the meeting and the seat, not the generator: the rest of the demo stays
 * as it was. NULL: no answer. */
static const char *past_answer(int64_t meeting, int seat, bool came)
{
    uint32_t h = ((uint32_t)meeting * 2654435761u ^ (uint32_t)seat * 40503u) % 100;
    if (came) return h < 78 ? "yes" : h < 86 ? "maybe" : NULL;
    return h < 30 ? "yes" : h < 60 ? "no" : NULL;
}

/* Who came to the held meeting i (its id, from starts to closed): its attendance, what they had
 * answered, and its talk. */
static int run_attendance(Demo *d, DbConn *c, Err *e, Run *R, int i, int64_t id, int64_t closed)
{
    Chap *ch = R->ch;
    int64_t starts = R->occ[i].starts_at;
    int seats[MAX_SEATS], ns = seats_at(ch, starts, seats), present[MAX_SEATS], np = 0;
    bool here[MAX_SEATS] = { false };
    for (int j = 0; j < ns; j++) {
        int s = seats[j];
        bool steady = s == 0 || ch->connector[s];
        here[j] = !(R->absent[s] >> i & 1) && !rng_one_in(&d->rng, steady ? 25 : R->drifting[s] ? 3 : 8);
        np += here[j];
    }
    for (int j = 0; j < ns && np < 2; j++)
        if (!here[j] && !R->drifting[seats[j]]) {
            here[j] = true;
            np++;
        }
    np = 0;
    if (!ch->held) ch->held = arena_alloc(&d->a, sizeof *ch->held * MAX_PAST);
    Held *h = &ch->held[ch->nheld++];
    *h = (Held){ id, starts, closed, 0 };
    for (int j = 0; j < ns; j++) {
        int64_t person = d->people[ch->who[seats[j]]].id;
        if (attendance_put(c, e, id, person, here[j], chap_connector(d, ch)->id) < 0) return -1;
        const char *answer = past_answer(id, seats[j], here[j]);
        if (answer && rsvp_put(c, e, id, person, answer) < 0) return -1;
        if (here[j]) present[np++] = seats[j];
        if (here[j]) h->present |= 1u << seats[j];
    }
    return meeting_talk(d, c, e, R->k, id, present, np, R->t, &R->said, &R->b, R->nheld, R->promises, &R->npromises);
}

/* The past date i of the series, held or cancelled. Closed chapters have no series any more: their meetings
 * stand alone. */
static int run_meeting(Demo *d, DbConn *c, Err *e, Run *R, int i)
{
    int64_t id = 0, starts = R->occ[i].starts_at, ends = starts + R->dur;
    int64_t created = starts - (int64_t)MEETING_HORIZON_DAYS * DAY;
    if (created < R->ch->created + HOUR) created = R->ch->created + HOUR;
    int added = meeting_insert(c, e, R->ch->id, R->def->status == ST_CLOSED ? NULL : R->occ[i].local, starts, ends,
                               R->tz, R->plan->venue, R->plan->url, &id);
    if (added < 0) return -1;
    if (!added) return err_set(e, E_INTERNAL, "%s already had a meeting on %s.", R->def->name, R->occ[i].local);
    if (R->kind[i] == PK_CANCELLED) {
        int64_t when = starts - rng_range(&d->rng, 2 * DAY, 9 * DAY);
        if (when < created) when = created;
        DemoMeeting m = { "cancelled", "planned", created, when, 0, 0, 0, 0, 1, 1 };
        return demo_meeting_set(c, e, id, &m);
    }
    int64_t opened = starts + rng_range(&d->rng, 0, 8 * 60), closed = ends - rng_range(&d->rng, 0, 10 * 60);
    DemoMeeting m = { "held", "closed", created, closed, opened, closed,
                      starts - REMINDER_BEFORE_SECONDS + rng_range(&d->rng, 0, 5 * 60),
                      closed + rng_range(&d->rng, 60, 10 * 60), 0, 5 };
    if (demo_meeting_set(c, e, id, &m) < 0) return -1;
    R->held_id[R->nheld] = id;
    if (run_attendance(d, c, e, R, i, id, closed) < 0) return -1;
    R->nheld++;
    return 0;
}

/* Commitments come back at the next meeting: most done, some dropped, a few of the recent ones still open. */
static int run_promises(Demo *d, DbConn *c, Err *e, Run *R)
{
    for (int i = 0; i < R->npromises; i++) {
        Promise *pr = &R->promises[i];
        if (pr->held >= R->nheld - 1) continue;
        int r = rng_int(&d->rng, 1, 100);
        if (r > 88 && pr->held >= R->nheld - 4) continue;
        if (commitment_close(c, e, pr->id, r <= 75 ? "done" : "dropped", R->held_id[pr->held + 1]) < 0) return -1;
    }
    return 0;
}

/* The meeting of today, for the chapter that has it. */
static int run_today(Demo *d, DbConn *c, Err *e, Run *R)
{
    Occurrence o = { "", 0 };
    int64_t id = 0, now = d->now;
    int regular = today_meeting(d, R->plan, R->first, R->tz, &o, e);
    if (regular < 0) return -1;
    /* a regular one is in the calendar already, unless it began a moment ago (series_schedule looks ahead) */
    int64_t ends = o.starts_at + (regular ? R->dur : 120 * 60);
    if (!(regular && o.starts_at > now)) {
        int added = meeting_insert(c, e, R->ch->id, regular ? o.local : NULL, o.starts_at, ends, R->tz,
                                   R->plan->venue, R->plan->url, &id);
        if (added < 0) return -1;
        DemoMeeting m = { "scheduled", "planned", now - 9 * DAY, now - 9 * DAY, 0, 0, 0, 0, 0, 0 };
        if (added && demo_meeting_set(c, e, id, &m) < 0) return -1;
    }
    d->today_at = o.starts_at;
    return 0;
}

/* The series, and the meetings the periodic work would have scheduled by now. */
static int run_series(Demo *d, DbConn *c, Err *e, Run *R)
{
    const SeriesPlan *plan = R->plan;
    SeriesFields f = { plan->rrule, R->first, R->tz, plan->venue, plan->url, plan->duration };
    int64_t set_at = R->ch->created + rng_range(&d->rng, 2 * HOUR, 3 * DAY);
    int made = 0;
    if (set_at > d->now - HOUR) set_at = d->now - HOUR;
    if (series_put(c, e, R->ch->id, &f) < 0 || demo_series_backdate(c, e, R->ch->id, set_at) < 0 ||
        series_schedule(c, e, R->ch->id, d->now, &made) < 0 || demo_upcoming_backdate(c, e, R->ch->id, set_at) < 0)
        return -1;
    return R->k == d->today_k ? run_today(d, c, e, R) : 0;
}

/* Answers for the next meeting: two thirds of an active table, fewer where it rests; Tomás has not answered. */
static int run_rsvps(Demo *d, DbConn *c, Err *e, Run *R)
{
    const Chap *ch = R->ch;
    int64_t next = 0;
    int found = demo_next_meeting(c, e, ch->id, d->now, &next);
    if (found < 0) return -1;
    int status = R->def->status, share = status == ST_DORMANT ? 33 : status == ST_FORMING ? 75 : 67;
    for (int s = 0; found && s < ch->n; s++) {
        if (ch->left[s] || ch->who[s] == P_TOMAS) continue;
        const char *answer = NULL;
        if (R->drifting[s]) answer = rng_one_in(&d->rng, 2) ? "no" : NULL;
        else if (s == 0 && status != ST_DORMANT) answer = "yes";
        else if (rng_int(&d->rng, 1, 100) <= share) {
            int r = rng_int(&d->rng, 1, 100);
            answer = r <= 70 ? "yes" : r <= 88 ? "maybe" : "no";
        }
        if (answer && rsvp_put(c, e, next, d->people[ch->who[s]].id, answer) < 0) return -1;
    }
    return demo_rsvp_backdate(c, e, ch->id, d->now);
}

static int chapter_meetings(Demo *d, DbConn *c, Err *e, int k, Talk *t, Arena *tmp)
{
    Run *R = arena_alloc(tmp, sizeof *R);
    R->k = k;
    R->def = &d->data->chapters[k];
    R->ch = &d->chap[k];
    R->plan = &R->ch->plan;
    R->tz = d->metro_tz[R->def->metro];
    R->dur = (int64_t)R->plan->duration * 60;
    R->t = t;
    R->promises = arena_alloc(tmp, sizeof *R->promises * 2 * MAX_PAST);
    buf_init(&R->b, tmp);
    if (run_dates(d, R, e) < 0) return -1;
    run_kinds(d, R);
    run_drifting(d, R);
    for (int i = 0; i < R->n; i++)   /* oldest first */
        if (R->kind[i] != PK_NONE && run_meeting(d, c, e, R, i) < 0) return -1;
    if (run_promises(d, c, e, R) < 0 || demo_talk_backdate(c, e, R->ch->id) < 0) return -1;
    if (R->def->status == ST_CLOSED) return 0;
    return run_series(d, c, e, R) < 0 ? -1 : run_rsvps(d, c, e, R);
}

int meetings_make(Demo *d, DbConn *c, Err *e)
{
    d->rng.s = DEMO_SEED ^ 0x6d656574696e6773ull;
    memset(&d->mt, 0, sizeof d->mt);
    d->today_at = 0;
    d->today_k = -1;
    for (int k = 0; k < d->data->nchapter; k++) {   /* Inês runs it, Tomás sits at it: Lisbon Founders Breakfast */
        const ChapterDef *def = &d->data->chapters[k];
        if (def->creator == FX_INES && (def->fixed & FX_TOMAS) && def->status == ST_ACTIVE) d->today_k = k;
    }
    for (int m = 0; m < d->data->nmetro; m++) {
        int found = demo_place_timezone(c, e, d->metro_id[m], &d->a, &d->metro_tz[m]);
        if (found < 0) return -1;
        if (!found || !timezone_known(d->metro_tz[m])) d->metro_tz[m] = d->data->metros[m].tz;
    }
    Arena tmp;
    arena_init(&tmp, 64 * 1024);
    Talk *t = xcalloc(1, sizeof *t);
    int rc = 0;
    for (int k = 0; k < d->data->nchapter && rc == 0; k++) {
        memset(t, 0, sizeof *t);
        memset(t->owner, -1, sizeof t->owner);
        rc = chapter_meetings(d, c, e, k, t, &tmp);
        arena_reset(&tmp);
    }
    free(t);
    arena_release(&tmp);
    if (rc == 0 && d->mt.stories_rejected)   /* the banks are written to pass: this says one of them no longer does */
        fprintf(stderr, "demo: %d stories left out, read as advice by the directive "
                        "heuristic\n", d->mt.stories_rejected);
    return rc;
}

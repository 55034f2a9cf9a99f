/* rules.c - rules of chapter meetings: phases, the directive heuristic, the
 * chapter lifecycle, absences, and recurrence (expanded with libical, which is
 * pure computation: no I/O here either). */
#include <ctype.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "base/zone.h"
#include "meetings/meetings.h"

/* ---------- lifecycle and absences ---------- */

const char *chapter_next_status(const char *status, int64_t held, int64_t last_held_at, int64_t created_at,
                                int64_t now, const Lifecycle *l)
{
    if (str_eq(status, "closed")) return status;
    int64_t quiet_since = last_held_at ? last_held_at : created_at;
    bool recent = now - quiet_since <= l->dormant_after_days * 86400;
    const char *s = status;
    if (str_eq(s, "forming") && held >= l->activate_after) s = "active";
    if (str_eq(s, "active") && !recent) s = "dormant";
    else if (str_eq(s, "dormant") && last_held_at && recent) s = "active";
    return str_eq(s, status) ? status : s;
}

bool absence_flagged(int64_t absences, int64_t limit)
{
    return absences > limit;
}

/* ---------- phases of the meeting runner ---------- */

static const char *phases[] = { "planned", "checkin", "successes", "challenges", "commitments", "closed" };
static const char *phase_labels[] = { N_("Not started"), N_("Check-in"),    N_("Successes"),
                                      N_("Challenges and stories"), N_("Commitments"), N_("Closed") };

static int phase_index(const char *phase)
{
    for (int i = 0; i < 6; i++)
        if (str_eq(phase, phases[i])) return i;
    return -1;
}

bool phase_valid(const char *phase) { return phase_index(phase) >= 0; }

const char *phase_next(const char *phase)
{
    int i = phase_index(phase);
    return i < 0 ? NULL : phases[i < 5 ? i + 1 : 5];
}

const char *phase_label(const char *phase)
{
    int i = phase_index(phase);
    return i < 0 ? phase : tr(phase_labels[i]);
}

bool phase_allows_round(const char *phase, const char *kind)
{
    int i = phase_index(phase);
    /* a success until the successes phase ends; a challenge until the challenges phase ends */
    if (str_eq(kind, "success")) return i >= 1 && i <= 2;
    if (str_eq(kind, "challenge")) return i >= 1 && i <= 3;
    return false;
}

bool phase_allows_stories(const char *phase)
{
    int i = phase_index(phase);
    return i >= 3 && i <= 4;
}

bool phase_allows_commitments(const char *phase)
{
    int i = phase_index(phase);
    return i >= 3 && i <= 4;
}

const char *phase_flash(const char *phase)
{
    if (str_eq(phase, "checkin")) return N_("The meeting is open. Welcome everyone, then move on to the successes.");
    if (str_eq(phase, "closed")) return N_("The meeting is closed. Commitments will come back next time.");
    return NULL;
}

bool attendance_open(const char *phase, bool cancelled)
{
    return !str_eq(phase, "planned") && !cancelled;
}

MeetingCan meeting_can(const char *phase, bool cancelled, bool planned, bool connector, bool has_success,
                       bool has_challenge)
{
    bool closed = str_eq(phase, "closed");
    bool running = !str_eq(phase, "planned") && !closed;
    return (MeetingCan){
        .post_success = phase_allows_round(phase, "success") && !has_success,
        .post_challenge = phase_allows_round(phase, "challenge") && !has_challenge,
        .commit = phase_allows_commitments(phase),
        .rsvp = str_eq(phase, "planned") && !cancelled,
        .advance = connector && !closed && !cancelled,
        .take_attendance = connector && (running || closed),
        .reschedule = connector && planned,
    };
}

/* ---------- answers, attendance, commitments ---------- */

bool meeting_is_planned(const char *status, const char *phase)
{
    return str_eq(phase, "planned") && str_eq(status, "scheduled");
}

bool rsvp_answer_valid(const char *answer)
{
    return str_eq(answer, "yes") || str_eq(answer, "no") || str_eq(answer, "maybe");
}

const char *rsvp_answer_label(const char *answer)
{
    return str_eq(answer, "yes") ? _("Coming") : str_eq(answer, "no") ? _("Not coming") : str_eq(answer, "maybe") ? _("Maybe") : _("No answer");
}

const char *rsvp_flash(const char *answer)
{
    /* English messages: req_redirect says them in the reader's language */
    return str_eq(answer, "yes") ? N_("See you there.") : str_eq(answer, "no") ? N_("Noted: you will miss this one.") : N_("Noted: maybe.");
}

bool commitment_status_valid(const char *status)
{
    return str_eq(status, "done") || str_eq(status, "dropped") || str_eq(status, "open");
}

bool id_listed(const char *const *ids, int n, int64_t id)
{
    for (int k = 0; k < n; k++) {
        int64_t v;
        if (str_to_i64(ids[k], &v) && v == id) return true;
    }
    return false;
}

void health_average_text(int64_t held, int64_t attendances, char *out, size_t n)
{
    if (held) snprintf(out, n, "%.1f", (double)attendances / (double)held);
    else snprintf(out, n, "%s", "–");
}

/* ---------- the directive heuristic ----------
 *
 * Stories answer a challenge with experience ("When we faced…, we…"). Answers
 * that tell the person what to do usually contain one of a few phrases, or open
 * a sentence with an instruction. This finds them so that the form can ask
 * "post it as it is, or tell it as a story?" — a hint, never a refusal. */

static const char *directive_phrases[] = {
    "you should", "you shouldn't", "you must", "you need to", "you have to", "you ought to", "you'd better",
    "you had better", "why don't you", "why not just", "have you tried", "have you considered",
    "if i were you", "my advice", "i suggest", "i'd suggest", "i recommend", "i would recommend",
    "you could try", "make sure you", "the answer is", "the solution is", "just do", "what you need is",
};

/* Sentence openings that are instructions, with how they are reported. */
static const struct {
    const char *word, *report;
} imperatives[] = {
    { "try", "a sentence opening with \"Try\"" },         { "call", "a sentence opening with \"Call\"" },
    { "ask", "a sentence opening with \"Ask\"" },         { "stop", "a sentence opening with \"Stop\"" },
    { "start", "a sentence opening with \"Start\"" },     { "consider", "a sentence opening with \"Consider\"" },
    { "hire", "a sentence opening with \"Hire\"" },       { "fire", "a sentence opening with \"Fire\"" },
    { "focus", "a sentence opening with \"Focus\"" },     { "avoid", "a sentence opening with \"Avoid\"" },
    { "don't", "a sentence opening with \"Don't\"" },     { "never", "a sentence opening with \"Never\"" },
    { "always", "a sentence opening with \"Always\"" },   { "just", "a sentence opening with \"Just\"" },
    { "go", "a sentence opening with \"Go\"" },           { "get", "a sentence opening with \"Get\"" },
    { "make", "a sentence opening with \"Make\"" },       { "talk", "a sentence opening with \"Talk\"" },
    { "raise", "a sentence opening with \"Raise\"" },     { "cut", "a sentence opening with \"Cut\"" },
    { "use", "a sentence opening with \"Use\"" },         { "tell", "a sentence opening with \"Tell\"" },
};

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '\'' || (c & 0x80);
}

int story_directive_phrases(const char *text, const char **found, int max)
{
    if (!text) return 0;
    /* a lower-case ASCII copy with typographic apostrophes made plain */
    size_t n = strlen(text);
    char *t = malloc(n + 1);
    if (!t) return 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0xE2 && i + 2 < n && (unsigned char)text[i + 1] == 0x80 && (unsigned char)text[i + 2] == 0x99) {
            t[o++] = '\'';
            i += 2;
        } else {
            t[o++] = (char)tolower(c);
        }
    }
    t[o] = 0;
    int hits = 0;
    for (size_t k = 0; k < sizeof directive_phrases / sizeof *directive_phrases; k++) {
        const char *p = directive_phrases[k];
        size_t len = strlen(p);
        for (const char *at = strstr(t, p); at; at = strstr(at + 1, p)) {
            if ((at == t || !is_word_char(at[-1])) && !is_word_char(at[len])) {
                if (hits < max) found[hits] = p;
                hits++;
                break;
            }
        }
    }
    /* sentence openings */
    bool start = true;
    for (size_t i = 0; i < o; i++) {
        if (start && isalpha((unsigned char)t[i])) {
            size_t j = i;
            while (j < o && is_word_char(t[j])) j++;
            for (size_t k = 0; k < sizeof imperatives / sizeof *imperatives; k++) {
                size_t len = strlen(imperatives[k].word);
                if (j - i == len && memcmp(t + i, imperatives[k].word, len) == 0) {
                    if (hits < max) found[hits] = imperatives[k].report;
                    hits++;
                    break;
                }
            }
            start = false;
            i = j - 1;
            continue;
        }
        if (t[i] == '.' || t[i] == '!' || t[i] == '?' || t[i] == '\n' || t[i] == ':' || t[i] == ';') start = true;
        else if (!isspace((unsigned char)t[i]) && t[i] != '"' && t[i] != '(' && t[i] != '-' && t[i] != '*') start = false;
    }
    free(t);
    return hits;
}

/* ---------- recurrence ---------- */

static const char *weekday_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
static const char *weekday_names[] = { N_("Monday"), N_("Tuesday"),  N_("Wednesday"), N_("Thursday"),
                                       N_("Friday"), N_("Saturday"), N_("Sunday") };

const char *series_weekday_name(int i)
{
    return i >= 0 && i < 7 ? tr(weekday_names[i]) : "";
}

/* "second" before a weekday, in the reader's language: an ordinal agrees with
 * the day in some languages (Portuguese: "a segunda terça-feira", "o segundo
 * sábado"), so Saturday and Sunday take their own words. */
static const char *ordinal_before(int week, bool weekend)
{
    switch (week) {
    case -1: return weekend ? C_("an ordinal before Saturday or Sunday", "last") : C_("an ordinal before Monday to Friday", "last");
    case 1: return weekend ? C_("an ordinal before Saturday or Sunday", "first") : C_("an ordinal before Monday to Friday", "first");
    case 2: return weekend ? C_("an ordinal before Saturday or Sunday", "second") : C_("an ordinal before Monday to Friday", "second");
    case 3: return weekend ? C_("an ordinal before Saturday or Sunday", "third") : C_("an ordinal before Monday to Friday", "third");
    default: return weekend ? C_("an ordinal before Saturday or Sunday", "fourth") : C_("an ordinal before Monday to Friday", "fourth");
    }
}

int series_rule_make(int week, const char *weekday, char *out, size_t n, Err *e)
{
    int day = -1;
    for (int i = 0; i < 7; i++)
        if (str_eq(weekday, weekday_codes[i])) day = i;
    if (day < 0) return err_field(e, E_INVALID, "weekday", "Please choose a day of the week.");
    if (!(week == -1 || (week >= 1 && week <= 4)))
        return err_field(e, E_INVALID, "week", "Please choose the first, second, third, fourth or last week.");
    snprintf(out, n, "FREQ=MONTHLY;BYDAY=%d%s", week, weekday_codes[day]);
    return 0;
}

int series_rule_check(const char *rrule, Err *e)
{
    if (str_empty(rrule) || strlen(rrule) > 200 || str_starts(rrule, "RRULE:"))
        return err_field(e, E_INVALID, "rrule", "Give the recurrence as an iCalendar rule, like FREQ=MONTHLY;BYDAY=2TU.");
    icalerror_set_errno(ICAL_NO_ERROR);
    struct icalrecurrencetype r = icalrecurrencetype_from_string(rrule);
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        icalerror_set_errno(ICAL_NO_ERROR);
        return err_field(e, E_INVALID, "rrule", "That recurrence rule is not valid iCalendar (RFC 5545).");
    }
    if (r.freq != ICAL_MONTHLY_RECURRENCE && r.freq != ICAL_WEEKLY_RECURRENCE && r.freq != ICAL_YEARLY_RECURRENCE)
        return err_field(e, E_INVALID, "rrule", "Chapters meet weekly at most often; use FREQ=WEEKLY or FREQ=MONTHLY.");
    return 0;
}

bool series_rule_parts(const char *rrule, int *week, char day[3])
{
    if (rrule && sscanf(rrule, "FREQ=MONTHLY;BYDAY=%d%2s", week, day) == 2) return true;
    *week = 0;
    return false;
}

char *series_rule_words(Arena *a, const char *rrule)
{
    int week = 0;
    char day[3] = "";
    if (rrule && sscanf(rrule, "FREQ=MONTHLY;BYDAY=%d%2s", &week, day) == 2 && (week == -1 || (week >= 1 && week <= 4)))
        for (int i = 0; i < 7; i++)
            if (strcmp(day, weekday_codes[i]) == 0)
                return arena_printf(a, _("the %s %s of every month"), ordinal_before(week, i >= 5), tr(weekday_names[i]));
    return arena_printf(a, _("on a custom schedule (%s)"), rrule ? rrule : "-");
}

int series_expand(const char *rrule, const char *first_local, const char *tz, int64_t from, int64_t to,
                  Occurrence *out, int max, Err *e)
{
    char norm[16];
    icaltimezone *z = zone_for(tz);
    if (!z) return err_field(e, E_INVALID, "timezone", "\"%s\" is not a time zone we know.", tz);
    if (!zone_normalise_local(first_local, norm)) return err_field(e, E_INVALID, "first", "The series has no valid first date.");
    if (series_rule_check(rrule, e) < 0) return -1;
    struct icalrecurrencetype rule = icalrecurrencetype_from_string(rrule);
    struct icaltimetype start = icaltime_from_string(norm);
    start = icaltime_set_timezone(&start, z);
    icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
    if (!it) return err_field(e, E_INVALID, "rrule", "That recurrence rule cannot be expanded.");
    int n = 0;
    for (int guard = 0; guard < 10000 && n < max; guard++) {
        struct icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t)) break;
        int64_t at = (int64_t)icaltime_as_timet_with_zone(t, z);
        if (at >= to) break;
        if (at < from) continue;
        snprintf(out[n].local, sizeof out[n].local, "%04d%02d%02dT%02d%02d%02d", t.year, t.month, t.day, t.hour,
                 t.minute, t.second);
        out[n].starts_at = at;
        n++;
    }
    icalrecur_iterator_free(it);
    return n;
}


/* test_meetings.c - the pure rules of chapter meetings: lifecycle, absences,
 * phases, the directive heuristic, recurrence (with libical) across a
 * daylight-saving change, local times. */
#include <string.h>

#include "base/zone.h"
#include "meetings/meetings.h"
#include "testutil.h"

static const Lifecycle L = { 3, 90 };
#define DAY 86400

Test(lifecycle, forming_becomes_active_at_the_third_meeting)
{
    int64_t now = 1800000000;
    cr_assert_str_eq(chapter_next_status("forming", 2, now - DAY, now - 60 * DAY, now, &L), "forming");
    cr_assert_str_eq(chapter_next_status("forming", 3, now - DAY, now - 60 * DAY, now, &L), "active");
    cr_assert_str_eq(chapter_next_status("forming", 0, 0, now - 400 * DAY, now, &L), "forming", "forming chapters wait, they do not fall asleep");
}

Test(lifecycle, active_becomes_dormant_after_the_silence)
{
    int64_t now = 1800000000;
    cr_assert_str_eq(chapter_next_status("active", 5, now - 90 * DAY, 0, now, &L), "active", "exactly 90 days: still active");
    cr_assert_str_eq(chapter_next_status("active", 5, now - 90 * DAY - 1, 0, now, &L), "dormant");
    cr_assert_str_eq(chapter_next_status("active", 0, 0, now - 91 * DAY, now, &L), "dormant", "never met: counted from the start");
    Lifecycle quick = { 3, 30 };
    cr_assert_str_eq(chapter_next_status("active", 5, now - 31 * DAY, 0, now, &quick), "dormant");
}

Test(lifecycle, dormant_wakes_up_closed_stays_closed)
{
    int64_t now = 1800000000;
    cr_assert_str_eq(chapter_next_status("dormant", 9, now - 2 * DAY, 0, now, &L), "active");
    cr_assert_str_eq(chapter_next_status("dormant", 9, now - 200 * DAY, 0, now, &L), "dormant");
    cr_assert_str_eq(chapter_next_status("closed", 9, now - DAY, 0, now, &L), "closed");
    const char *s = "active";
    cr_assert_eq(chapter_next_status(s, 9, now - DAY, 0, now, &L), s, "no change returns the same pointer");
}

Test(absences, more_than_the_limit_flags)
{
    cr_assert_not(absence_flagged(3, 3));
    cr_assert(absence_flagged(4, 3));
    cr_assert_not(absence_flagged(0, 0));
    cr_assert(absence_flagged(1, 0));
}

Test(phases, order_and_what_each_allows)
{
    cr_assert_str_eq(phase_next("planned"), "checkin");
    cr_assert_str_eq(phase_next("checkin"), "successes");
    cr_assert_str_eq(phase_next("successes"), "challenges");
    cr_assert_str_eq(phase_next("challenges"), "commitments");
    cr_assert_str_eq(phase_next("commitments"), "closed");
    cr_assert_str_eq(phase_next("closed"), "closed");
    cr_assert_null(phase_next("dancing"));
    cr_assert_not(phase_valid("dancing"));
    cr_assert_not(phase_allows_round("planned", "success"));
    cr_assert(phase_allows_round("checkin", "success"));
    cr_assert(phase_allows_round("successes", "success"));
    cr_assert_not(phase_allows_round("challenges", "success"));
    cr_assert(phase_allows_round("challenges", "challenge"));
    cr_assert_not(phase_allows_round("commitments", "challenge"));
    cr_assert_not(phase_allows_round("checkin", "story"));
    cr_assert_not(phase_allows_stories("successes"));
    cr_assert(phase_allows_stories("challenges"));
    cr_assert(phase_allows_stories("commitments"));
    cr_assert_not(phase_allows_stories("closed"));
    cr_assert(phase_allows_commitments("challenges"));
    cr_assert_not(phase_allows_commitments("closed"));
    cr_assert_str_eq(phase_label("challenges"), "Challenges and stories");
}

static int hits(const char *text)
{
    const char *found[8];
    return story_directive_phrases(text, found, 8);
}

Test(directives, advice_is_found)
{
    cr_assert_gt(hits("You should talk to the bank."), 0);
    cr_assert_gt(hits("Have you tried a bridge loan?"), 0);
    cr_assert_gt(hits("If I were you I would wait."), 0);
    cr_assert_gt(hits("Try a smaller pilot first."), 0);
    cr_assert_gt(hits("We did. Don't sign it."), 0, "an instruction opening the second sentence");
    cr_assert_gt(hits("I recommend a lawyer."), 0);
    cr_assert_gt(hits("YOU SHOULD call them."), 0, "case does not matter");
    cr_assert_gt(hits("Why don\xe2\x80\x99t you ask?"), 0, "a typographic apostrophe");
    const char *found[4];
    int n = story_directive_phrases("You should try. Call them.", found, 4);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(found[0], "you should");
}

Test(directives, stories_pass)
{
    cr_assert_eq(hits("When we faced the same delay, we asked the bank for a written timeline."), 0);
    cr_assert_eq(hits("Last year our cooperative waited three months; in the end the pilot went ahead."), 0);
    cr_assert_eq(hits("I once tried to call them every week. It did not help."), 0, "'tried' and 'call' inside a sentence");
    cr_assert_eq(hits("Trying everything at once cost us a season."), 0, "'Trying' is not 'Try'");
    cr_assert_eq(hits("We trust our suppliers more now."), 0, "'trust' contains 'tr' but is no instruction");
    cr_assert_eq(hits(""), 0);
    cr_assert_eq(hits(NULL), 0);
}

Test(series, rules_are_made_checked_and_told)
{
    char rule[64];
    Err e = { 0 };
    cr_assert_eq(series_rule_make(2, "TU", rule, sizeof rule, &e), 0);
    cr_assert_str_eq(rule, "FREQ=MONTHLY;BYDAY=2TU");
    cr_assert_eq(series_rule_make(-1, "FR", rule, sizeof rule, &e), 0);
    cr_assert_str_eq(rule, "FREQ=MONTHLY;BYDAY=-1FR");
    cr_assert_eq(series_rule_make(5, "TU", rule, sizeof rule, &e), -1);
    cr_assert_str_eq(e.field, "week");
    cr_assert_eq(series_rule_make(1, "XX", rule, sizeof rule, &e), -1);
    cr_assert_str_eq(e.field, "weekday");
    cr_assert_eq(series_rule_check("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", &e), 0);
    cr_assert_eq(series_rule_check("FREQ=DAILY", &e), -1);
    cr_assert_eq(series_rule_check("RRULE:FREQ=MONTHLY", &e), -1);
    cr_assert_eq(series_rule_check("not a rule", &e), -1);
    Arena a;
    arena_init(&a, 1024);
    cr_assert_str_eq(series_rule_words(&a, "FREQ=MONTHLY;BYDAY=2TU"), "the second Tuesday of every month");
    cr_assert_str_eq(series_rule_words(&a, "FREQ=MONTHLY;BYDAY=-1FR"), "the last Friday of every month");
    cr_assert(strstr(series_rule_words(&a, "FREQ=WEEKLY;BYDAY=MO"), "custom"));
    arena_release(&a);
}

Test(series, expansion_keeps_local_time_across_daylight_saving)
{
    Occurrence o[8];
    Err e = { 0 };
    int64_t from, to;
    cr_assert_eq(local_to_utc("2027-01-01T00:00", "UTC", &from, &e), 0);
    cr_assert_eq(local_to_utc("2027-06-01T00:00", "UTC", &to, &e), 0);
    int n = series_expand("FREQ=MONTHLY;BYDAY=2TU", "20270101T080000", "Europe/Lisbon", from, to, o, 8, &e);
    cr_assert_eq(n, 5, "January to May");
    const char *local[] = { "20270112T080000", "20270209T080000", "20270309T080000", "20270413T080000", "20270511T080000" };
    for (int i = 0; i < n; i++) {
        cr_assert_str_eq(o[i].local, local[i]);
        int64_t hour_utc = (o[i].starts_at % 86400) / 3600;
        cr_assert_eq(hour_utc, i < 3 ? 8 : 7, "winter 08:00 = 08:00 UTC, summer 08:00 = 07:00 UTC (meeting %d)", i);
    }
    int64_t ny;
    cr_assert_eq(local_to_utc("2027-03-20T18:30", "America/New_York", &ny, &e), 0);
    cr_assert_eq((ny % 86400) / 3600, 22, "New York in daylight time is UTC-4");
    cr_assert_eq(series_expand("FREQ=MONTHLY;BYDAY=2TU", "20270101T080000", "Mars/Olympus", from, to, o, 8, &e), -1);
    cr_assert_eq(local_to_utc("2027-02-30T08:00", "UTC", &ny, &e), -1, "no 30 February");
    cr_assert_eq(local_to_utc("tomorrow", "UTC", &ny, &e), -1);
}

Test(series, expansion_honours_the_window_and_the_cap)
{
    Occurrence o[2];
    Err e = { 0 };
    int64_t from, to;
    local_to_utc("2027-01-12T08:00", "UTC", &from, &e);
    local_to_utc("2028-01-01T00:00", "UTC", &to, &e);
    int n = series_expand("FREQ=MONTHLY;BYDAY=2TU", "20260101T080000", "UTC", from, to, o, 2, &e);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(o[0].local, "20270112T080000", "an occurrence at the start of the window is in it");
}

Test(runner, answers_statuses_and_labels)
{
    cr_assert(rsvp_answer_valid("yes"));
    cr_assert(rsvp_answer_valid("maybe"));
    cr_assert_not(rsvp_answer_valid("perhaps"));
    cr_assert_not(rsvp_answer_valid(NULL));
    /* answers are taken while a meeting is planned and scheduled, not once it runs, is held or is cancelled */
    cr_assert(meeting_is_planned("scheduled", "planned"));
    cr_assert_not(meeting_is_planned("cancelled", "planned"));
    cr_assert_not(meeting_is_planned("held", "closed"));
    cr_assert_not(meeting_is_planned("scheduled", "checkin"));
    cr_assert_not(meeting_is_planned(NULL, NULL));
    cr_assert_str_eq(rsvp_answer_label("yes"), "Coming");
    cr_assert_str_eq(rsvp_answer_label("no"), "Not coming");
    cr_assert_str_eq(rsvp_answer_label(NULL), "No answer");
    cr_assert_str_eq(rsvp_flash("no"), "Noted: you will miss this one.");
    cr_assert_str_eq(rsvp_flash("maybe"), "Noted: maybe.");
    cr_assert(commitment_status_valid("done"));
    cr_assert(commitment_status_valid("open"));
    cr_assert_not(commitment_status_valid("forgotten"));
    cr_assert_not(commitment_status_valid(NULL));
}

Test(runner, attendance_is_taken_once_open)
{
    cr_assert_not(attendance_open("planned", false));
    cr_assert(attendance_open("checkin", false));
    cr_assert(attendance_open("closed", false));
    cr_assert_not(attendance_open("successes", true), "not in a cancelled meeting");
    const char *ids[] = { "12", "x", "7", "" };
    cr_assert(id_listed(ids, 4, 12));
    cr_assert(id_listed(ids, 4, 7));
    cr_assert_not(id_listed(ids, 4, 70));
    cr_assert_not(id_listed(ids, 0, 12));
}

Test(runner, what_the_page_offers)
{
    MeetingCan c = meeting_can("planned", false, true, true, false, false);
    cr_assert(c.rsvp && c.reschedule && c.advance);
    cr_assert_not(c.post_success || c.post_challenge || c.commit || c.take_attendance);
    c = meeting_can("planned", true, false, true, false, false);
    cr_assert_not(c.rsvp || c.reschedule || c.advance, "a cancelled meeting offers nothing");
    c = meeting_can("successes", false, false, false, false, false);
    cr_assert(c.post_success && c.post_challenge);
    cr_assert_not(c.advance || c.take_attendance, "a member does not run the meeting");
    c = meeting_can("successes", false, false, true, true, false);
    cr_assert_not(c.post_success, "one success each");
    cr_assert(c.post_challenge && c.advance && c.take_attendance);
    c = meeting_can("commitments", false, false, false, false, false);
    cr_assert(c.commit);
    cr_assert_not(c.post_success || c.post_challenge);
    c = meeting_can("closed", false, false, true, false, false);
    cr_assert(c.take_attendance, "attendance can be corrected after the meeting");
    cr_assert_not(c.advance || c.commit || c.rsvp);
}

Test(runner, phase_messages)
{
    cr_assert_str_eq(phase_flash("checkin"), "The meeting is open. Welcome everyone, then move on to the successes.");
    cr_assert_str_eq(phase_flash("closed"), "The meeting is closed. Commitments will come back next time.");
    cr_assert_null(phase_flash("challenges"));
}

Test(health, average_attendance_text)
{
    char buf[32];
    health_average_text(0, 0, buf, sizeof buf);
    cr_assert_str_eq(buf, "–");
    health_average_text(2, 9, buf, sizeof buf);
    cr_assert_str_eq(buf, "4.5");
    health_average_text(3, 10, buf, sizeof buf);
    cr_assert_str_eq(buf, "3.3");
}

Test(series, rule_parts_read_back)
{
    char rule[64], day[3] = "TU";
    int week = 2;
    Err e = { 0 };
    cr_assert_eq(series_rule_make(-1, "FR", rule, sizeof rule, &e), 0);
    cr_assert(series_rule_parts(rule, &week, day));
    cr_assert_eq(week, -1);
    cr_assert_str_eq(day, "FR");
    cr_assert_not(series_rule_parts("FREQ=WEEKLY;BYDAY=MO", &week, day));
    cr_assert_eq(week, 0, "another kind of rule selects no week");
}

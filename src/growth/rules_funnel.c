/* rules_funnel.c - the formation funnel's rules, pure: an application's
 * fields, the moves of its status, who may review it, and the report's faces
 * (rows, durations in words, the chart). growth_funnel itself, which turns
 * dated steps into the report, is in rules.c. No SQL, no clock. */
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/str.h"
#include "growth/growth.h"
#include "network/network.h"

void funnel_fields_problems(const FunnelApplyIn *in, FieldErrs *problems)
{
    Err x = { 0 };
    if (chapter_name_check(in->name, &x) < 0) field_err(problems, "name", "%s", x.msg);
    if (in->metro_id <= 0) field_err(problems, "metro_id", "Please choose the city where the chapter would meet.");
    if (in->sector_id <= 0) field_err(problems, "sector_id", "Please choose the sector the chapter would focus on.");
    if (str_empty(in->second_email))
        field_err(problems, "second_email", "Please name a second connector: the e-mail address of someone who would run the chapter with you.");
    else if (!str_email_valid(in->second_email))
        field_err(problems, "second_email", "Please enter a valid e-mail address, like ana@example.org.");
    else if (in->applicant_email && strcasecmp(in->second_email, in->applicant_email) == 0)
        field_err(problems, "second_email", "The second connector is someone else: name the person who would run the chapter with you.");
    if (in->message && str_utf8_len(in->message) > FUNNEL_MESSAGE_MAX)
        field_err(problems, "message", "Please keep the message under %d characters.", FUNNEL_MESSAGE_MAX);
}

int funnel_note_check(const char *note, bool required, Err *e)
{
    if (required && str_empty(note))
        return err_field(e, E_INVALID, "note", "Please say why, in a sentence the applicant can act on.");
    if (note && str_utf8_len(note) > FUNNEL_NOTE_MAX)
        return err_field(e, E_INVALID, "note", "Please keep the note under %d characters.", FUNNEL_NOTE_MAX);
    return 0;
}

int funnel_transition_check(const char *status, const char *to, Err *e)
{
    if (str_eq(status, "applied") && (str_eq(to, "approved") || str_eq(to, "declined") || str_eq(to, "withdrawn")))
        return 0;
    if (str_eq(status, "withdrawn")) return err_set(e, E_CONFLICT, "This application was withdrawn.");
    return err_set(e, E_CONFLICT, "This application has been %s already.", str_eq(status, "approved") ? "approved" : "declined");
}

static const char *const stage_keys[FUNNEL_STAGES] = { "applied", "approved", "forming", "first_meeting", "active" };

int funnel_stage_code(const char *stage)
{
    for (int k = 0; k < FUNNEL_STAGES; k++)
        if (str_eq(stage, stage_keys[k])) return k;
    if (str_eq(stage, "declined") || str_eq(stage, "withdrawn") || str_eq(stage, "closed")) return FUNNEL_EXIT;
    return -2;
}

const char *funnel_status_name(const char *status)
{
    if (str_eq(status, "applied")) return _("Waiting for review");
    if (str_eq(status, "approved")) return C_("an application's status", "Approved");
    if (str_eq(status, "declined")) return C_("an application's status", "Declined");
    if (str_eq(status, "withdrawn")) return C_("an application's status", "Withdrawn");
    return "";
}

const char *funnel_step_name(const char *stage)
{
    int k = funnel_stage_code(stage);
    if (k >= 0) return funnel_stage_name(k);
    if (str_eq(stage, "closed")) return _("Chapter closed");
    return funnel_status_name(stage);
}

bool funnel_may_review(const FunnelReviewer *r, int64_t applicant, const int64_t *chain, size_t nchain)
{
    if (!r->user || r->user == applicant) return false;
    if (r->is_admin || r->board) return true;
    for (size_t i = 0; i < nchain; i++)
        for (size_t k = 0; k < r->nplaces; k++)
            if (chain[i] && chain[i] == r->places[k]) return true;
    return false;
}

const char *funnel_duration_text(Arena *a, int64_t s)
{
    static const int64_t units[] = { GROWTH_DAY, 3600, 60 };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (s < units[i]) continue;
        long long n = (s + units[i] / 2) / units[i];   /* to the nearest */
        if (i == 0) return arena_printf(a, trn("%lld day", "%lld days", n), n);
        if (i == 1) return arena_printf(a, trn("%lld hour", "%lld hours", n), n);
        return arena_printf(a, trn("%lld minute", "%lld minutes", n), n);
    }
    return _("under a minute");
}

/* ---------- the report's faces ---------- */

static const char *percent_text(Arena *a, double v)
{
    return v < 0 ? "—" : arena_printf(a, "%.0f %%", v * 100);
}

json_t *funnel_report_json(Arena *a, const FunnelReport *r)
{
    json_t *stages = json_array();
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        bool timed = r->moved_on[k] > 0, waited = r->waiting[k] > 0;
        json_array_append_new(
            stages, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:s, s:I, s:o, s:s, s:o, s:s}", "stage", stage_keys[k], "name",
                              funnel_stage_name(k), "reached", (json_int_t)r->reached[k], "waiting", (json_int_t)r->waiting[k],
                              "exited", (json_int_t)r->exited[k], "conversion",
                              r->conversion[k] < 0 ? json_null() : json_real(r->conversion[k]), "conversion_text",
                              percent_text(a, k ? r->conversion[k] : -1), "moved_on", (json_int_t)r->moved_on[k], "median_seconds",
                              timed ? json_integer(r->median_seconds[k]) : json_null(), "median_text",
                              timed ? funnel_duration_text(a, r->median_seconds[k]) : "—", "waiting_seconds",
                              waited ? json_integer(r->median_waiting_seconds[k]) : json_null(), "waiting_text",
                              waited ? funnel_duration_text(a, r->median_waiting_seconds[k]) : "—"));
    }
    return json_pack("{s:I, s:o}", "applications", (json_int_t)r->applications, "stages", stages);
}

const char *funnel_chart_summary(Arena *a, const FunnelReport *r)
{
    if (!r->applications) return _("No applications yet.");
    Buf b;
    buf_init(&b, a);
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        buf_printf(&b, "%s%s: %lld", k ? "; " : "", funnel_stage_name(k), (long long)r->reached[k]);
        if (k && r->conversion[k] >= 0) buf_printf(&b, _(" (%.0f %% of the stage before)"), r->conversion[k] * 100);
    }
    buf_adds(&b, ".");
    return buf_str(&b);
}

#define FC_W 440
#define FC_ROW 40
#define FC_TOP 8
#define FC_LEFT 150      /* the stages' names */
#define FC_RIGHT 48      /* the counts after the bars */
#define FC_BAR "#0b5d5e" /* the brand's teal: 7.6:1 on white */
#define FC_INK "#3f4a55" /* 8.6:1 on white */
#define FC_GRID "#c5ced8"

const char *funnel_chart_svg(Arena *a, const FunnelReport *r, const char *id, const char *title)
{
    Buf b;
    buf_init(&b, a);
    int h = FC_TOP * 2 + FC_ROW * FUNNEL_STAGES;
    double plot = FC_W - FC_LEFT - FC_RIGHT, most = r->reached[0] > 0 ? (double)r->reached[0] : 1;
    buf_printf(&b, "<svg class=\"funnel-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
                   "aria-labelledby=\"%s-title %s-desc\" font-family=\"system-ui, sans-serif\" font-size=\"16\">",
               FC_W, h, id, id);
    buf_printf(&b, "<title id=\"%s-title\">", id);
    buf_add_html(&b, title, strlen(title));
    const char *summary = funnel_chart_summary(a, r);
    buf_printf(&b, "</title><desc id=\"%s-desc\">", id);
    buf_add_html(&b, summary, strlen(summary));
    buf_adds(&b, "</desc>");
    buf_printf(&b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1\"/>", FC_LEFT, FC_TOP, FC_LEFT,
               h - FC_TOP, FC_GRID);
    for (int k = 0; k < FUNNEL_STAGES; k++) {
        double y = FC_TOP + FC_ROW * k, w = plot * (double)r->reached[k] / most;
        buf_printf(&b, "<g><title>%s: %lld</title>", funnel_stage_name(k), (long long)r->reached[k]);
        buf_printf(&b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>", FC_LEFT - 8, y + FC_ROW / 2 + 5,
                   FC_INK, funnel_stage_name(k));
        if (r->reached[k])
            buf_printf(&b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>", FC_LEFT, y + 6, w,
                       FC_ROW - 12, FC_BAR);
        buf_printf(&b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-weight=\"600\">%lld</text>", FC_LEFT + w + 6,
                   y + FC_ROW / 2 + 5, FC_INK, (long long)r->reached[k]);
        buf_adds(&b, "</g>");
    }
    buf_adds(&b, "</svg>");
    return buf_str(&b);
}

/* health.c - a chapter's health as the chapter page, the meetings page and the
 * API show it: meetings held, the last one, the average attendance, and the next
 * meeting (when members meet is for members only). */
#include "base/zone.h"
#include "meetings/meetings.h"
#include "meetings/store.h"

json_t *chapter_health(DbConn *c, Err *e, Arena *a, int64_t chapter_id, const char *timezone, bool member)
{
    json_t *h = NULL;
    if (chapter_health_facts(c, e, chapter_id, &h) < 0) return NULL;
    char average[32];
    health_average_text(json_integer_value(json_object_get(h, "meetings_held")),
                        json_integer_value(json_object_get(h, "attendances")), average, sizeof average);
    json_object_set_new(h, "average_attendance", json_string(average));
    json_object_del(h, "attendances");
    int64_t next = json_integer_value(json_object_get(h, "next_meeting_at"));
    if (!member) json_object_del(h, "next_meeting_at");   /* when and where members meet is for members */
    else if (next) json_object_set_new(h, "next_meeting_local", json_string(time_local_text(a, next, timezone)));
    return h;
}

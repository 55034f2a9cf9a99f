/* ical.h - the iCalendar face (RFC 5545), written with libical.
 *
 * Features describe their happenings as IcalEvents and get a VCALENDAR back:
 * times carry their IANA zone (TZID=Europe/Lisbon) with a VTIMEZONE cut down to
 * the span the feed covers (libical's built-in zones otherwise carry history
 * back to 1893, under a /freeassociation.sourceforge.net/ prefix we drop);
 * UIDs are stable and SEQUENCE grows when a happening moves or is cancelled.
 * The calendar says METHOD:PUBLISH, so every VEVENT names its ORGANIZER (RFC 5546
 * §3.2.1): the chapter or place that holds it, as its public address with its
 * name as CN. The calendar's name (X-WR-CALNAME and RFC 7986's NAME) is for
 * people: a chapter's, a place's or an event's display name, never a slug.
 * DESCRIPTION is plain text: features render Markdown with markdown_plain. */
#ifndef GLOCAL_ICAL_H
#define GLOCAL_ICAL_H

#include <stdbool.h>
#include <stdint.h>

#include "web/req.h"

typedef struct IcalEvent {
    const char *uid;            /* "meeting-12@host" */
    int64_t starts_at, ends_at; /* UTC */
    const char *timezone;       /* IANA, or "UTC" */
    const char *summary, *location, *url, *description;   /* description: plain text */
    const char *organizer, *organizer_name;   /* ical_organizer; the host's name */
    int64_t sequence;
    bool cancelled;
} IcalEvent;

/* Writes the calendar, named `name` for people, into r->body and answers it as text/calendar. */
int ical_respond(Req *r, const char *name, const IcalEvent *events, int n);
/* The public address of who organises a happening: the chapter's page when
 * chapter_slug is given, else the place's (arena). */
const char *ical_organizer(Req *r, const char *chapter_slug, const char *place_slug);
/* The host part of the public URL, for UIDs (arena). */
const char *ical_host(Req *r);

#endif

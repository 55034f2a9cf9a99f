/* ical.h - the iCalendar face (RFC 5545), written with libical.
 *
 * Features describe their happenings as IcalEvents and get a VCALENDAR back:
 * times carry their IANA zone (TZID=Europe/Lisbon) with a VTIMEZONE cut down to
 * the span the feed covers (libical's built-in zones otherwise carry history
 * back to 1893, under a /freeassociation.sourceforge.net/ prefix we drop);
 * UIDs are stable and SEQUENCE grows when a happening moves or is cancelled. */
#ifndef GLOCAL_ICAL_H
#define GLOCAL_ICAL_H

#include <stdbool.h>
#include <stdint.h>

#include "web/req.h"

typedef struct IcalEvent {
    const char *uid;            /* "meeting-12@host" */
    int64_t starts_at, ends_at; /* UTC */
    const char *timezone;       /* IANA, or "UTC" */
    const char *summary, *location, *url, *description;
    int64_t sequence;
    bool cancelled;
} IcalEvent;

/* Writes the calendar into r->body and answers it as text/calendar. */
int ical_respond(Req *r, const char *name, const IcalEvent *events, int n);
/* The host part of the public URL, for UIDs (arena). */
const char *ical_host(Req *r);

#endif

#!/usr/bin/python3
"""ical_itip_check.py - checks an iCalendar document (on standard input) with
libical's iTIP restrictions (RFC 5546: what each METHOD requires of each
component, e.g. METHOD:PUBLISH needs one ORGANIZER, DTSTAMP, DTSTART, SUMMARY
and UID in every VEVENT), through libical-glib (Debian's gir1.2-ical-3.0 and
python3-gi). Prints each problem libical found, one a line, and exits 1 when
there is any; 0 and nothing printed when the document passes."""
import sys

import gi

gi.require_version('ICalGLib', '3.0')
from gi.repository import ICalGLib  # noqa: E402

text = sys.stdin.read()
comp = ICalGLib.Component.new_from_string(text)
if comp is None:
    print('not iCalendar: libical could not parse it')
    sys.exit(1)
ok = ICalGLib.restriction_check(comp)
problems = []


def collect(c):
    p = c.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while p is not None:
        problems.append(f"{ICalGLib.Component.kind_to_string(c.isa())}: {p.get_xlicerror()}")
        p = c.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    sub = c.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while sub is not None:
        collect(sub)
        sub = c.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)


collect(comp)
for line in problems:
    print(line)
sys.exit(1 if problems or not ok else 0)

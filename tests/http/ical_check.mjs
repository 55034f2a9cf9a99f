// ical_check.mjs - iCalendar read by independent parsers: ical.js, and libical's
// iTIP restrictions (RFC 5546) through tests/tools/ical_itip_check.py (Debian's
// gir1.2-ical-3.0 and python3-gi). Both throw with what they found.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import ICAL from 'ical.js';

// The --public-url the tests' server runs with (tests/run, qt.sh): feeds' addresses start with it.
export const PUBLIC = 'http://glocal.test';

// The VCALENDAR as an ical.js component, its zones registered.
export function parseCalendar(text) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return comp;
}

// Asserts libical finds nothing against the calendar's METHOD (e.g. PUBLISH's ORGANIZER).
export function assertItip(text, what = 'the calendar') {
  const r = spawnSync('/usr/bin/python3', ['tests/tools/ical_itip_check.py'], { input: text, encoding: 'utf8' });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `libical's iTIP check of ${what}: ${r.stdout}${r.stderr}`);
}

// meetings.test.mjs - chapter meetings: the schedule and its calendar feeds
// (parsed with ical.js, across a daylight-saving change), the meeting runner
// (one success and one challenge each, stories, commitments), confidentiality
// of what is said, absences, lifecycle and reminders.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import ICAL from 'ical.js';
import { PUBLIC, assertItip } from './ical_check.mjs';
import { BIN, DB, Client, member, admin, chapter, admit, geography, unique, sql } from './lib.mjs';

let geo, adm, connector, ana, bruno, outsider, ch, otherCh;

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  connector = await member({ name: `Connie ${unique()}` });
  ana = await member({ name: `Ana ${unique()}` });
  bruno = await member({ name: `Bruno ${unique()}` });
  outsider = await member({ name: `Otto ${unique()}` });
  ch = await chapter(connector, { metro_id: geo.metro.id });
  await admit(connector, ch, ana);
  await admit(connector, ch, bruno);
  otherCh = await chapter(outsider, { metro_id: geo.metro.id });
});

function parse(text) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return comp;
}

test('a monthly series keeps the next meetings scheduled, at the local time', async () => {
  const r = await connector.client.api('POST', `/chapters/${ch.slug}/series`, { week: 2, weekday: 'TU', time: '08:00', venue: 'The library', duration_minutes: 90 });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json().message, /second Tuesday of every month/);
  const list = (await ana.client.api('GET', `/chapters/${ch.slug}/meetings`)).json();
  assert.ok(list.upcoming.length >= 3, 'about four months ahead are scheduled');
  for (const m of list.upcoming) {
    assert.equal(m.time_local, '08:00');
    assert.match(m.starts_local, /^Tue /);
    const day = Number(m.date_local.slice(8, 10));
    assert.ok(day >= 8 && day <= 14, `the second Tuesday falls on the 8th to 14th (${m.date_local})`);
    assert.equal(m.duration_minutes, 90);
  }
  assert.equal(list.series.rrule, 'FREQ=MONTHLY;BYDAY=2TU');
  const bad = await connector.client.api('POST', `/chapters/${ch.slug}/series`, { week: 7, weekday: 'XX', time: '25:00' });
  assert.equal(bad.status, 422);
  const fields = bad.json().errors.map((e) => e.field).sort();
  assert.ok(fields.includes('time') && (fields.includes('week') || fields.includes('weekday')));
  const raw = await connector.client.api('POST', `/chapters/${ch.slug}/series`, { rrule: 'FREQ=HOURLY', time: '08:00' });
  assert.equal(raw.status, 422);
  assert.match(raw.json().errors[0].message, /weekly at most/);
  assert.equal((await ana.client.api('POST', `/chapters/${ch.slug}/series`, { week: 1, weekday: 'MO', time: '09:00' })).status, 403);
});

test('the iCalendar feeds parse with a real parser; times hold across a daylight-saving change', async () => {
  // schedule from a moment before the spring change of 2027 so that the feed spans it
  glocal(['tick', '--db', DB, '--now', '2027-02-01T00:00']);
  const feed = await ana.client.get(`/api/v1/chapters/${ch.slug}/calendar.ics`);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  assert.doesNotMatch(feed.text, /freeassociation/, 'zone ids are plain IANA names');
  assertItip(feed.text, 'a chapter\'s meetings');
  const cal = parse(feed.text);
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.equal(cal.getFirstPropertyValue('x-wr-calname'), ch.name, 'named for people, not by the slug');
  for (const v of cal.getAllSubcomponents('vevent')) {
    assert.equal(v.getFirstPropertyValue('organizer'), `${PUBLIC}/chapters/${ch.slug}`, 'the chapter organises its meetings');
    assert.equal(v.getFirstProperty('organizer').getParameter('cn'), ch.name);
  }
  const zones = cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
  assert.deepEqual(zones, ['Europe/Lisbon']);
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  assert.ok(events.length >= 5);
  const offsets = new Set();
  for (const ev of events) {
    assert.match(ev.uid, /^meeting-\d+@glocal\.test$/);
    assert.equal(ev.startDate.zone.tzid, 'Europe/Lisbon');
    assert.equal(ev.startDate.hour, 8, 'every meeting is at 08:00 local time');
    assert.equal(ev.startDate.minute, 0);
    assert.equal(ev.startDate.dayOfWeek(), ICAL.Time.TUESDAY);
    const day = ev.startDate.day;
    assert.ok(day >= 8 && day <= 14);
    assert.equal(ev.endDate.subtractDate(ev.startDate).toSeconds(), 90 * 60);
    const utc = ev.startDate.toJSDate();
    offsets.add(utc.getUTCHours());
    assert.equal(ev.location, 'The library');
  }
  assert.deepEqual([...offsets].sort(), [7, 8], 'winter meetings are at 08:00 UTC, summer ones at 07:00 UTC');
  const one = events[0];
  const single = await ana.client.get(`/api/v1/chapters/${ch.slug}/meetings/${one.uid.match(/\d+/)[0]}/calendar.ics`);
  assert.equal(single.status, 200);
  assert.equal(parse(single.text).getAllSubcomponents('vevent').length, 1);
});

test('a personal feed at a secret address covers my chapters; resetting it retires the old one', async () => {
  const me = (await ana.client.api('GET', '/me')).json();
  const url = new URL(me.calendar_url);
  assert.match(url.pathname, /^\/calendar\/\d+-[A-Za-z0-9_-]+\.ics$/);
  const anon = new Client();
  const feed = await anon.get(url.pathname);
  assert.equal(feed.status, 200);
  assertItip(feed.text, 'a personal feed');
  const events = parse(feed.text).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  assert.ok(events.length >= 3);
  assert.ok(events.every((e) => e.summary.includes(ch.name)));
  const forged = url.pathname.replace(/-[A-Za-z0-9_-]+\.ics$/, '-AAAAAAAAAAAAAAAAAAAAAAAA.ics');
  assert.equal((await anon.get(forged)).status, 404);
  const other = url.pathname.replace(/^\/calendar\/\d+-/, `/calendar/${outsider.id}-`);
  assert.equal((await anon.get(other)).status, 404, 'the mac is bound to the member');
  const reset = await ana.client.post('/me/calendar', {});
  assert.equal(reset.status, 303);
  assert.equal((await anon.get(url.pathname)).status, 404);
  const fresh = new URL((await ana.client.api('GET', '/me')).json().calendar_url);
  assert.notEqual(fresh.pathname, url.pathname);
  assert.equal((await anon.get(fresh.pathname)).status, 200);
});

async function todaysMeeting(chapterSlug, who = connector) {
  const now = new Date(Date.now() + 3600 * 1000);
  const date = now.toISOString().slice(0, 10);
  const r = await who.client.api('POST', `/chapters/${chapterSlug}/meetings`, { date, time: '23:30', venue: 'Back room' });
  assert.equal(r.status, 201, r.text);
  return r.json().meeting;
}

test('the meeting runner: phases, one success and one challenge each, stories, commitments', async () => {
  const m = await todaysMeeting(ch.slug);
  const base = `/chapters/${ch.slug}/meetings/${m.id}`;
  assert.equal((await ana.client.api('POST', `${base}/rsvp`, { answer: 'yes' })).status, 200);
  assert.equal((await bruno.client.api('POST', `${base}/rsvp`, { answer: 'perhaps' })).status, 422);
  const early = await ana.client.api('POST', `${base}/rounds`, { kind: 'success', body: 'Too early' });
  assert.equal(early.status, 409, 'nothing is shared before the meeting opens');
  assert.equal((await ana.client.api('POST', `${base}/phase`, {})).status, 403, 'only connectors run the meeting');
  const v0 = (await ana.client.api('GET', `${base}/live`)).json().version;
  assert.equal((await connector.client.api('POST', `${base}/phase`, { phase: 'checkin' })).status, 200);
  assert.equal((await connector.client.api('POST', `${base}/phase`, { phase: 'closed' })).status, 422, 'one step at a time');
  assert.equal((await connector.client.api('POST', `${base}/rsvp`, { answer: 'yes' })).status, 409, 'answers close when it opens');

  const s1 = await ana.client.api('POST', `${base}/rounds`, { kind: 'success', body: 'We signed our first bank partner.' });
  assert.equal(s1.status, 201);
  const s2 = await ana.client.api('POST', `${base}/rounds`, { kind: 'success', body: 'And another thing.' });
  assert.equal(s2.status, 409);
  assert.match(s2.json().detail, /already shared a success in this meeting/);
  const edit = await ana.client.api('POST', `${base}/rounds/${s1.json().round.id}`, { body: 'We signed our first bank partner, at last.' });
  assert.equal(edit.status, 200);
  assert.equal((await bruno.client.api('POST', `${base}/rounds/${s1.json().round.id}`, { body: 'hijack' })).status, 403);
  const c1 = await bruno.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: 'Our regulator keeps asking for new documents.' });
  assert.equal(c1.status, 201);
  const c2 = await bruno.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: 'Second one' });
  assert.equal(c2.status, 409);
  const live = (await ana.client.api('GET', `${base}/live`)).json();
  assert.ok(live.version > v0, 'the room sees a new version');
  assert.equal(live.phase, 'checkin');

  const cid = c1.json().round.id;
  assert.equal((await ana.client.api('POST', `${base}/rounds/${cid}/stories`, { body: 'When we faced this...' })).status, 409, 'stories come in the challenges round');
  for (const p of ['successes', 'challenges']) assert.equal((await connector.client.api('POST', `${base}/phase`, { phase: p })).status, 200);
  assert.equal((await ana.client.api('POST', `${base}/rounds`, { kind: 'success', body: 'late' })).status, 409, 'the successes round is over');

  const advice = await ana.client.api('POST', `${base}/rounds/${cid}/stories`, { body: 'You should hire a lawyer. Try calling them weekly.' });
  assert.equal(advice.status, 422);
  assert.match(advice.json().errors[0].message, /reads like advice/);
  assert.match(advice.json().errors[0].message, /you should/);
  const story = await ana.client.api('POST', `${base}/rounds/${cid}/stories`, { body: 'When we faced the same questions, we kept a shared folder the regulator could read.' });
  assert.equal(story.status, 201);
  assert.equal(story.json().story.is_flagged, false);
  const anyway = await connector.client.api('POST', `${base}/rounds/${cid}/stories`, { body: 'You should call them.', post_anyway: true });
  assert.equal(anyway.status, 201);
  assert.equal(anyway.json().story.is_flagged, true);
  assert.equal((await bruno.client.api('POST', `${base}/rounds/${cid}/stories`, { body: 'When I...' })).status, 409, 'not on your own challenge');
  assert.equal((await bruno.client.api('POST', `${base}/rounds/${s1.json().round.id}/stories`, { body: 'When I...' })).status, 409, 'successes are not answered');

  const k = await bruno.client.api('POST', `${base}/commitments`, { body: 'Send the regulator the folder' });
  assert.equal(k.status, 201);
  await connector.client.api('POST', `${base}/phase`, { phase: 'commitments' });
  await connector.client.api('POST', `${base}/attendance`, { present: [ana.id, bruno.id] });
  const closed = await connector.client.api('POST', `${base}/phase`, { phase: 'closed' });
  assert.equal(closed.status, 200);
  const view = (await ana.client.api('GET', base)).json();
  assert.equal(view.meeting.status, 'held');
  assert.equal(view.successes.length, 1);
  assert.equal(view.challenges[0].answers.length, 2);
  assert.equal(view.commitments.length, 1);
  const roster = Object.fromEntries(view.roster.map((p) => [p.name, p.is_present]));
  assert.equal(roster[connector.name], false);
  assert.equal(roster[ana.name], true);
  assert.equal((await ana.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: 'after' })).status, 409);
  // the open commitment comes back at the next meeting
  const next = await todaysMeeting(ch.slug);
  const nextView = (await bruno.client.api('GET', `/chapters/${ch.slug}/meetings/${next.id}`)).json();
  assert.equal(nextView.commitments.length, 1);
  assert.equal(nextView.commitments[0].is_new, false);
  const done = await bruno.client.api('POST', `/chapters/${ch.slug}/commitments/${k.json().commitment.id}`, { status: 'done', meeting_id: next.id });
  assert.equal(done.status, 200);
  assert.equal((await ana.client.api('POST', `/chapters/${ch.slug}/commitments/${k.json().commitment.id}`, { status: 'dropped' })).status, 403);
  // the page shows it all
  const page = await ana.client.get(base);
  assert.match(page.text, /We signed our first bank partner, at last\./);
  assert.match(page.text, /read as advice/);
});

test('nothing said in a meeting reaches anyone outside the chapter, by any route', async () => {
  const marker = `SECRET-${unique('m')}`;
  const m = await todaysMeeting(ch.slug);
  const base = `/chapters/${ch.slug}/meetings/${m.id}`;
  await connector.client.api('POST', `${base}/phase`, { phase: 'checkin' });
  const round = (await ana.client.api('POST', `${base}/rounds`, { kind: 'challenge', body: `${marker} challenge` })).json().round;
  await connector.client.api('POST', `${base}/phase`, { phase: 'successes' });
  await connector.client.api('POST', `${base}/phase`, { phase: 'challenges' });
  await bruno.client.api('POST', `${base}/rounds/${round.id}/stories`, { body: `When we had ${marker} we waited.` });
  await bruno.client.api('POST', `${base}/commitments`, { body: `${marker} commitment` });

  const newToken = async (c) => (await c.post('/me/tokens', { name: 'reader' })).text.match(/<code id="new-token">(glc_[A-Za-z0-9_-]+)<\/code>/)[1];
  const token = await newToken(outsider.client);
  const adminToken = await newToken(adm);

  const paths = [
    base, `${base}/live`, `${base}/calendar.ics`, `/chapters/${ch.slug}/meetings`, `/chapters/${ch.slug}/calendar.ics`,
    `/chapters/${ch.slug}/absences`, `/chapters/${ch.slug}`, `/chapters/${ch.slug}/members`, '/chapters', `/places/${geo.metro.slug}`,
    '/stories', '/commons/stories', '/', '/members', `/members/${ana.id}`, `/members/${bruno.id}`, '/me', '/admin', '/admin/outbox',
  ];
  const callers = {
    anonymous: (p) => new Client().get(p),
    'anonymous API': (p) => new Client().get(`/api/v1${p}`),
    outsider: (p) => outsider.client.get(p),
    'outsider API': (p) => outsider.client.get(`/api/v1${p}`),
    'outsider token': (p) => new Client().get(`/api/v1${p}`, { token }),
    administrator: (p) => adm.get(p),
    'administrator API': (p) => adm.get(`/api/v1${p}`),
    'administrator token': (p) => new Client().get(`/api/v1${p}`, { token: adminToken }),
  };
  for (const [who, call] of Object.entries(callers)) {
    for (const p of paths) {
      const r = await call(p);
      assert.ok(!r.text.includes(marker), `${who} found the marker at ${p} (${r.status})`);
      if (p.startsWith(base) || p.includes('/meetings') || p.endsWith('.ics') || p.endsWith('/absences'))
        assert.ok([401, 403, 303].includes(r.status), `${who} reading ${p}: ${r.status}`);
    }
  }
  // outsiders cannot write either
  assert.equal((await outsider.client.api('POST', `${base}/rounds`, { kind: 'success', body: 'x' })).status, 403);
  assert.equal((await adm.api('POST', `${base}/rounds`, { kind: 'success', body: 'x' })).status, 403);
  assert.equal((await new Client().get(`/api/v1${base}/rounds/${round.id}/stories`)).status, 405);
  // the administrator sees counts only
  const count = (await adm.api('GET', `/chapters/${ch.slug}`)).json();
  assert.ok(count.health.meetings_held >= 1);
  assert.equal(count.health.next_meeting_at, undefined);
  // members see it
  const inside = await bruno.client.get(base);
  assert.ok(inside.text.includes(marker));
  // shared with consent only, and anonymised
  assert.ok(!(await ana.client.get('/api/v1/commons/stories')).text.includes(marker));
  assert.equal((await bruno.client.api('POST', `${base}/rounds/${round.id}/share`, { shared: true })).status, 403, 'only the author shares');
  assert.equal((await ana.client.api('POST', `${base}/rounds/${round.id}/share`, { shared: true })).status, 200);
  const shared = (await outsider.client.api('GET', '/commons/stories')).json().shared;
  const item = shared.find((s) => s.body.includes(marker));
  assert.ok(item, 'shared with the network after consent');
  assert.equal(item.answers.length, 1, 'with the stories it got');
  const text = JSON.stringify(item);
  for (const secret of [ana.name, bruno.name, ch.name, ch.slug]) assert.ok(!text.includes(secret), `anonymised (${secret})`);
  assert.equal((await new Client().get('/api/v1/commons/stories')).status, 401);
  await ana.client.api('POST', `${base}/rounds/${round.id}/share`, { shared: false });
  assert.ok(!(await outsider.client.get('/api/v1/commons/stories')).text.includes(marker));
});

test('meetings move and are cancelled; calendars follow with a new SEQUENCE', async () => {
  const m = await todaysMeeting(ch.slug);
  const base = `/chapters/${ch.slug}/meetings/${m.id}`;
  const moved = await connector.client.api('POST', base, { date: '2027-06-01', time: '19:00', venue: 'Rooftop' });
  assert.equal(moved.status, 200);
  assert.equal(moved.json().meeting.time_local, '19:00');
  assert.equal(moved.json().meeting.venue, 'Rooftop');
  assert.equal((await ana.client.api('POST', base, { time: '20:00' })).status, 403);
  const cancel = await connector.client.api('POST', `${base}/cancel`, {});
  assert.equal(cancel.status, 200);
  const ics = parse((await ana.client.get(`/api/v1${base}/calendar.ics`)).text);
  const ev = ics.getFirstSubcomponent('vevent');
  assert.equal(ev.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(ev.getFirstPropertyValue('sequence'), 2);
  assert.equal((await connector.client.api('POST', `${base}/cancel`, {})).status, 409);
  assert.equal((await connector.client.api('GET', `/chapters/${otherCh.slug}/meetings/${m.id}`)).status, 403);
  assert.equal((await outsider.client.api('GET', `/chapters/${otherCh.slug}/meetings/${m.id}`)).status, 404, 'a meeting belongs to its chapter');
});

test('lifecycle: a forming chapter becomes active at its third meeting; silence makes it dormant', async () => {
  const owner = await member();
  const c = await chapter(owner, { metro_id: geo.metro.id });
  for (let i = 0; i < 3; i++) {
    const m = await todaysMeeting(c.slug, owner);
    for (const p of ['checkin', 'successes', 'challenges', 'commitments']) await owner.client.api('POST', `/chapters/${c.slug}/meetings/${m.id}/phase`, { phase: p });
    const r = await owner.client.api('POST', `/chapters/${c.slug}/meetings/${m.id}/phase`, { phase: 'closed' });
    assert.equal(r.status, 200);
    const status = (await owner.client.api('GET', `/chapters/${c.slug}`)).json().chapter.status;
    assert.equal(status, i < 2 ? 'forming' : 'active', `after meeting ${i + 1}`);
  }
  const future = new Date(Date.now() + 100 * 86400 * 1000).toISOString().slice(0, 16);
  glocal(['tick', '--db', DB, '--now', future]);
  assert.equal((await owner.client.api('GET', `/chapters/${c.slug}`)).json().chapter.status, 'dormant');
  sql(`UPDATE chapters SET status = 'active' WHERE id = ${c.id}`);
});

test('reminders are queued a day ahead, not for those who said no; absences are flagged', async () => {
  const owner = await member();
  const c = await chapter(owner, { metro_id: geo.metro.id });
  const yes = await member();
  const no = await member();
  await admit(owner, c, yes);
  await admit(owner, c, no);
  const r = await owner.client.api('POST', `/chapters/${c.slug}/meetings`, { date: '2027-09-15', time: '18:00' });
  const id = r.json().meeting.id;
  await no.client.api('POST', `/chapters/${c.slug}/meetings/${id}/rsvp`, { answer: 'no' });
  glocal(['tick', '--db', DB, '--now', '2027-09-14T19:00']);
  const to = sql(`SELECT to_email FROM outbox WHERE kind = 'meeting_reminder' AND subject LIKE '%${c.name.replace(/'/g, "''")}%' ORDER BY to_email`).split('\n').filter(Boolean);
  assert.deepEqual(to.sort(), [owner.email, yes.email].sort());
  const body = sql(`SELECT body FROM outbox WHERE kind = 'meeting_reminder' AND to_email = '${yes.email}'`);
  assert.ok(body.includes(`http://glocal.test/chapters/${c.slug}/meetings/${id}\n`), `the reminder links the meeting's page: ${body}`);
  assert.match(body, /please answer on the meeting's page:/, 'and asks one who has not answered to answer there');
  glocal(['tick', '--db', DB, '--now', '2027-09-14T19:00']);
  const again = sql(`SELECT count(*) FROM outbox WHERE kind = 'meeting_reminder' AND subject LIKE '%${c.name.replace(/'/g, "''")}%'`);
  assert.equal(again, '2', 'a second run queues nothing new');

  const rule = await owner.client.api('POST', `/chapters/${c.slug}/series`, { week: 1, weekday: 'MO', time: '08:00', absence_limit: 1, absence_window_days: 182 });
  assert.equal(rule.status, 200);
  for (let i = 0; i < 2; i++) {
    const m = await todaysMeeting(c.slug, owner);
    await owner.client.api('POST', `/chapters/${c.slug}/meetings/${m.id}/phase`, { phase: 'checkin' });
    await owner.client.api('POST', `/chapters/${c.slug}/meetings/${m.id}/attendance`, { present: [owner.id, yes.id] });
    for (const p of ['successes', 'challenges', 'commitments', 'closed']) await owner.client.api('POST', `/chapters/${c.slug}/meetings/${m.id}/phase`, { phase: p });
  }
  const abs = (await owner.client.api('GET', `/chapters/${c.slug}/absences`)).json();
  const byName = Object.fromEntries(abs.members.map((x) => [x.id, x]));
  assert.equal(byName[no.id].absences, 2);
  assert.equal(byName[no.id].is_flagged, true);
  assert.equal(byName[yes.id].is_flagged, false);
  assert.equal(abs.flagged, 1);
  assert.equal((await yes.client.api('GET', `/chapters/${c.slug}/absences`)).status, 403);
});

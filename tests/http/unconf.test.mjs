// unconf.test.mjs - an unconference's session board over HTTP, on each
// database: only ticket holders propose and vote; the dots are limited, votes
// after the close, edits of another's proposal and building the grid by
// anyone but the organisers are refused with clear messages; the organiser
// sets rooms and slots, merges a duplicate and builds the grid from the votes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertItip, parseCalendar } from './ical_check.mjs';
import { Client, member, admin, geography, unique, unconference, sql } from './lib.mjs';

let adm, geo, conn, ana, ben, outsider, ev, base;

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  ana = await member({ name: `Ana ${unique()}` });
  ben = await member({ name: `Ben ${unique()}` });
  outsider = await member({ name: `Olga ${unique()}` });
  const u = await unconference(adm, conn, geo.metro, { attendees: [ana, ben] });
  assert.equal(u.app.has_board, true);
  ev = u.event;
  base = u.base;
});

test('the organiser sets rooms, slots and dots; nobody else may', async () => {
  assert.equal((await ana.client.api('POST', `${base}/rooms`, { name: 'Hall', capacity: 40 })).status, 403);
  assert.equal((await conn.client.api('POST', `${base}/rooms`, { name: 'Hall', capacity: 40 })).status, 201);
  assert.equal((await conn.client.api('POST', `${base}/rooms`, { name: 'Nook', capacity: 8 })).status, 201);
  const bad = await conn.client.api('POST', `${base}/rooms`, { name: '', capacity: 0 });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((x) => x.field).sort(), ['capacity', 'name']);
  const start = new Date(ev.starts_at * 1000);
  const local = (d) => d.toLocaleString('sv-SE', { timeZone: ev.timezone }).replace(' ', 'T').slice(0, 16);
  for (const h of [0, 1]) {
    const s = await conn.client.api('POST', `${base}/slots`, { starts_at: local(new Date(+start + h * 3600e3)),
      ends_at: local(new Date(+start + (h + 1) * 3600e3)) });
    assert.equal(s.status, 201, s.text);
  }
  const outside = await conn.client.api('POST', `${base}/slots`, { starts_at: local(new Date(+start - 7200e3)), ends_at: local(new Date(+start - 3600e3)) });
  assert.equal(outside.status, 422, 'a slot lies within the event');
  assert.equal((await conn.client.api('POST', `${base}/board`, { dots: 3 })).status, 200);
  const board = (await anon().api('GET', `${base}/board`)).json();
  assert.equal(board.rooms.length, 2);
  assert.equal(board.slots.length, 2);
  assert.equal(board.my.dots, 3);
});

const anon = () => new Client();

test('only ticket holders propose and vote; dots are limited; others\' proposals are theirs', async () => {
  const refused = await outsider.client.api('POST', `${base}/sessions`, { title: 'Mine', kind: 'talk' });
  assert.equal(refused.status, 403);
  assert.match(refused.json().detail, /register for the event/);
  assert.equal((await anon().api('POST', `${base}/sessions`, { title: 'x', kind: 'talk' }, { csrf: false })).status, 401);
  const bad = await ana.client.api('POST', `${base}/sessions`, { title: '', kind: 'keynote' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((x) => x.field).sort(), ['kind', 'title']);
  const p1 = await ana.client.api('POST', `${base}/sessions`, { title: 'Pricing for first-timers', kind: 'discussion' });
  assert.equal(p1.status, 201, p1.text);
  const p2 = await ben.client.api('POST', `${base}/sessions`, { title: 'Pricing, again', kind: 'talk' });
  const p3 = await ben.client.api('POST', `${base}/sessions`, { title: 'Hiring the first five', kind: 'workshop' });
  const [s1, s2, s3] = [p1, p2, p3].map((r) => r.json().id);
  assert.equal((await ben.client.api('POST', `${base}/sessions/${s1}`, { title: 'Hijacked', kind: 'talk' })).status, 403);
  assert.equal((await ana.client.api('POST', `${base}/sessions/${s1}/vote`, { dots: 2 })).status, 200);
  const over = await ana.client.api('POST', `${base}/sessions/${s3}/vote`, { dots: 2 });
  assert.equal(over.status, 409);
  assert.match(over.json().detail, /3 dots in all and 1 left/);
  assert.equal((await ana.client.api('POST', `${base}/sessions/${s3}/vote`, { dots: 1 })).status, 200);
  assert.equal((await ben.client.api('POST', `${base}/sessions/${s2}/vote`, { dots: 3 })).status, 200);
  assert.equal((await outsider.client.api('POST', `${base}/sessions/${s2}/vote`, { dots: 1 })).status, 403);
  assert.equal((await ana.client.api('POST', `${base}/sessions/${s2}/merge`, { into: s1 })).status, 403, 'only organisers merge');
  assert.equal((await conn.client.api('POST', `${base}/sessions/${s2}/merge`, { into: s1 })).status, 200);
  const board = (await ana.client.api('GET', `${base}/board`)).json();
  assert.deepEqual(board.sessions.map((s) => [s.id, s.dots]), [[s1, 5], [s3, 1]], 'the duplicate\'s dots moved');
  assert.equal(board.my.left, 0);

  // the grid: only the organisers build it
  assert.equal((await ana.client.api('POST', `${base}/grid`, {})).status, 403);
  const built = await conn.client.api('POST', `${base}/grid`, { seed: 3 });
  assert.equal(built.status, 200, built.text);
  assert.match(built.json().message, /2 sessions placed/);
  const placed = (await ana.client.api('GET', `${base}/board`)).json().sessions;
  assert.ok(placed.every((s) => s.room_id && s.slot_id));
  assert.notEqual(placed[0].slot_id, placed[1].slot_id, 'Ana voted for both: different slots');

  // after the close: no votes, no proposals
  const past = new Date(Date.now() - 60e3).toLocaleString('sv-SE', { timeZone: ev.timezone }).replace(' ', 'T').slice(0, 16);
  assert.equal((await conn.client.api('POST', `${base}/board`, { dots: 3, voting_closes_at: past })).status, 200);
  const late = await ana.client.api('POST', `${base}/sessions/${s3}/vote`, { dots: 0 });
  assert.equal(late.status, 409);
  assert.match(late.json().detail, /Voting has closed/);
  assert.equal((await ben.client.api('POST', `${base}/sessions`, { title: 'Late', kind: 'talk' })).status, 409);
});

test('an event whose format has no board has none', async () => {
  const r = await anon().api('GET', '/events/no-such-event/board');
  assert.equal(r.status, 404);
});

test('the schedule: a page by room and slot, and iCalendar for everyone and for each attendee', async () => {
  const page = await anon().get(`${base}/grid`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Pricing for first-timers/);
  const all = await anon().get(`${base}/schedule.ics`);
  assert.equal(all.status, 200);
  assert.match(all.headers.get ? all.headers.get('content-type') : all.text, /text\/calendar|BEGIN:VCALENDAR/);
  assert.equal((all.text.match(/BEGIN:VEVENT/g) || []).length, 2);
  assertItip(all.text, 'the schedule');
  assert.match(parseCalendar(all.text).getFirstPropertyValue('x-wr-calname'), /: schedule$/);
  assert.doesNotMatch(parseCalendar(all.text).getFirstPropertyValue('x-wr-calname'), new RegExp(`^${base.split('/').pop()}`), 'the event\'s title, not its slug');
  const mine = await ben.client.get(`${base}/my-schedule.ics`);
  assert.equal(mine.status, 200);
  assert.equal((mine.text.match(/BEGIN:VEVENT/g) || []).length, 2, 'Ben proposed the merged one and the hiring session');
  assertItip(mine.text, 'my sessions');
  const refused = await anon().get(`${base}/my-schedule.ics`);
  assert.equal(refused.status, 401, 'your own needs a login: a calendar program is told so, it cannot follow a login form');
  assert.equal(refused.headers.get('content-type'), 'application/problem+json');
});

test('capture: presenters keep the notes, a ticket holder may volunteer as scribe, and the notes go into the commons with consent', async () => {
  const board = (await ana.client.api('GET', `${base}/board`)).json();
  const s1 = board.sessions[0].id;   // Ana's, with Ben presenting too (merged)
  assert.equal((await outsider.client.api('POST', `${base}/sessions/${s1}/capture`, { notes: 'x' })).status, 403);
  const bad = await ana.client.api('POST', `${base}/sessions/${s1}/capture`, { notes: 'x'.repeat(20001) });
  assert.equal(bad.status, 422);
  assert.equal((await ana.client.api('POST', `${base}/sessions/${s1}/publish`, {})).status, 409, 'nothing to publish yet');
  const saved = await ana.client.api('POST', `${base}/sessions/${s1}/capture`, { notes: '## What we found\n\nPrice on **value**.', headcount: 14 });
  assert.equal(saved.status, 200, saved.text);
  const page = await anon().get(`${base}/sessions/${s1}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<strong>value<\/strong>/);
  const pub = await ana.client.api('POST', `${base}/sessions/${s1}/publish`, {});
  assert.equal(pub.status, 200, pub.text);
  assert.ok(pub.json().item_id > 0);
  assert.match(sql(`SELECT summary FROM commons_items WHERE id = ${pub.json().item_id}`), new RegExp(`Notes of a session at ${ev.title}`));
  const mine = (await ben.client.api('GET', '/commons/mine')).json();
  assert.ok(mine.waiting.some((i) => i.title === 'Pricing for first-timers'), 'Ben, a presenter, is asked for his consent');
  assert.equal((await ana.client.api('POST', `${base}/sessions/${s1}/capture`, { notes: 'more' })).status, 409, 'then it lives in the commons');
});

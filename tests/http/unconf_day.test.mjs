// unconf_day.test.mjs - an unconference from the proposal to the day after,
// over HTTP on each database: presenters change their proposal (with the
// slots they cannot make, which the grid keeps) and nobody else may; the
// organisers place, lock and take out sessions on the session's page and
// build again around the locks; the venue's screen shows what is on now and
// next; the audience page counts dots, voters and heads and follows the notes
// into the commons; presenters who have not captured are reminded once.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, DB, Client, member, admin, geography, unique, unconference, sql, mainOf } from './lib.mjs';

let adm, geo, conn, ana, ben, outsider, ev, base, rooms, slots, talk, walk, talk2;

const anon = () => new Client();

function glocal(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const local = (t) => new Date(t).toLocaleString('sv-SE', { timeZone: ev.timezone }).replace(' ', 'T').slice(0, 16);

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  ana = await member({ name: `Ana ${unique()}` });
  ben = await member({ name: `Ben ${unique()}` });
  outsider = await member({ name: `Olga ${unique()}` });
  ({ event: ev, base } = await unconference(adm, conn, geo.metro, { from: 60 * 24 * 2, length: 300, attendees: [ana, ben] }));
  for (const [name, capacity] of [['Hall', 40], ['Nook', 8]])
    assert.equal((await conn.client.api('POST', `${base}/rooms`, { name, capacity })).status, 201);
  for (const h of [0, 1, 2]) {
    const s = await conn.client.api('POST', `${base}/slots`, { starts_at: local(ev.starts_at * 1000 + h * 3600e3),
      ends_at: local(ev.starts_at * 1000 + (h + 1) * 3600e3) });
    assert.equal(s.status, 201, s.text);
  }
  const board = (await anon().api('GET', `${base}/board`)).json();
  rooms = board.rooms.map((x) => x.id);
  slots = board.slots.map((x) => x.id);
  talk = (await ana.client.api('POST', `${base}/sessions`, { title: 'Interviews that teach you something', kind: 'talk' })).json().id;
  walk = (await ben.client.api('POST', `${base}/sessions`, { title: 'A walk about pricing', kind: 'discussion' })).json().id;
  talk2 = (await ben.client.api('POST', `${base}/sessions`, { title: 'Hiring the first five', kind: 'workshop' })).json().id;
  for (const [who, id] of [[ana, talk], [ana, walk], [ben, walk], [ben, talk2]])
    assert.equal((await who.client.api('POST', `${base}/sessions/${id}/vote`, { dots: 1 })).status, 200);
});

test('a presenter changes the proposal and the slots they cannot make; the grid keeps them out of those', async () => {
  const page = await ana.client.get(`${base}/sessions/${talk}`);
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /Change your proposal/);
  assert.match(mainOf(page.text), /name="unavailable" value="\d+"/);
  assert.doesNotMatch(mainOf((await ben.client.get(`${base}/sessions/${talk}`)).text), /Change your proposal/, 'not Ben\'s to change');

  const bad = await ana.client.api('POST', `${base}/sessions/${talk}`, { title: '', kind: 'keynote', unavailable: ['x'] });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json().errors.map((x) => x.field).sort(), ['unavailable']);
  const bad2 = await ana.client.api('POST', `${base}/sessions/${talk}`, { title: '', kind: 'keynote' });
  assert.deepEqual(bad2.json().errors.map((x) => x.field).sort(), ['kind', 'title']);
  const form = await ana.client.post(`${base}/sessions/${talk}`, { title: '', kind: 'talk' });
  assert.equal(form.status, 422, 'a page shows the refused form again');
  assert.match(mainOf(form.text), /aria-invalid="true"/);

  const ok = await ana.client.api('POST', `${base}/sessions/${talk}`, { title: 'Interviews that teach', kind: 'talk',
    description: 'Bring **one** question.', unavailable: [slots[0], slots[1]] });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await ben.client.api('POST', `${base}/sessions/${talk}`, { title: 'Mine now', kind: 'talk' })).status, 403);
  const shown = await ana.client.get(`${base}/sessions/${talk}`);
  assert.match(mainOf(shown.text), /<strong>one<\/strong>/);
  assert.equal((mainOf(shown.text).match(/name="unavailable" value="\d+" checked/g) || []).length, 2);

  const built = await conn.client.api('POST', `${base}/grid`, { seed: 5 });
  assert.equal(built.status, 200, built.text);
  const placed = (await anon().api('GET', `${base}/board`)).json().sessions;
  assert.equal(placed.find((s) => s.id === talk).slot_id, slots[2], 'only the third slot was left to Ana');
});

test('a presenter adds a co-presenter by the address of their ticket, and takes them off again', async () => {
  const nobody = await ana.client.api('POST', `${base}/sessions/${talk2}`, { title: 'x', kind: 'talk' });
  assert.equal(nobody.status, 403, 'not Ana\'s session');
  const noTicket = await ben.client.api('POST', `${base}/sessions/${talk2}`, { title: 'Hiring the first five', kind: 'workshop',
    add_presenter: outsider.email });
  assert.equal(noTicket.status, 422);
  assert.equal(noTicket.json().errors[0].field, 'add_presenter');
  assert.match(noTicket.json().errors[0].message, /registers first/);
  const added = await ben.client.api('POST', `${base}/sessions/${talk2}`, { title: 'Hiring the first five', kind: 'workshop',
    add_presenter: ana.email.toUpperCase() });
  assert.equal(added.status, 200, added.text);
  const twice = await ben.client.api('POST', `${base}/sessions/${talk2}`, { title: 'Hiring the first five', kind: 'workshop',
    add_presenter: ana.email });
  assert.match(twice.json().errors[0].message, /already/);
  let page = mainOf((await anon().get(`${base}/sessions/${talk2}`)).text);
  assert.match(page, new RegExp(`presented by ${ben.name} and ${ana.name}`));
  assert.ok(!page.includes(ana.email) && !page.includes(ben.email), 'no address is shown');
  assert.match(mainOf((await ana.client.get(`${base}/sessions/${talk2}`)).text), /Change your proposal/, 'Ana presents it now');
  const off = await ana.client.api('POST', `${base}/sessions/${talk2}`, { title: 'Hiring the first five', kind: 'workshop',
    remove_presenters: [ana.id] });
  assert.equal(off.status, 200, off.text);
  page = mainOf((await anon().get(`${base}/sessions/${talk2}`)).text);
  assert.match(page, new RegExp(`proposed by ${ben.name}<`));
});

test('the organisers place, lock and take out a session on its page; nobody else may; a rebuild keeps the lock', async () => {
  const page = await conn.client.get(`${base}/sessions/${walk}`);
  assert.match(mainOf(page.text), /For the organisers/);
  assert.match(mainOf(page.text), /Lock it there/);
  assert.doesNotMatch(mainOf((await ana.client.get(`${base}/sessions/${walk}`)).text), /For the organisers/);

  assert.equal((await ben.client.api('POST', `${base}/sessions/${walk}/place`, { room_id: rooms[1], slot_id: slots[0], locked: true })).status, 403);
  const half = await conn.client.api('POST', `${base}/sessions/${walk}/place`, { room_id: rooms[1] });
  assert.equal(half.status, 422);
  assert.equal(half.json().errors[0].field, 'room_id');
  const elsewhere = await conn.client.api('POST', `${base}/sessions/${walk}/place`, { room_id: 999999, slot_id: slots[0] });
  assert.equal(elsewhere.status, 422);
  const locked = await conn.client.api('POST', `${base}/sessions/${walk}/place`, { room_id: rooms[1], slot_id: slots[0], locked: true });
  assert.equal(locked.status, 200, locked.text);
  assert.match(locked.json().message, /locked/);
  assert.equal((await conn.client.api('POST', `${base}/grid`, { seed: 9 })).status, 200);
  let s = (await anon().api('GET', `${base}/board`)).json().sessions.find((x) => x.id === walk);
  assert.deepEqual([s.room_id, s.slot_id, s.is_locked], [rooms[1], slots[0], true], 'the rebuild kept the locked session');
  const grid = await anon().get(`${base}/grid`);
  assert.match(mainOf(grid.text), /locked/);
  assert.match(mainOf(grid.text), new RegExp(`href="${base}/sessions/${walk}"`));
  assert.match(mainOf(grid.text), /<strong>\d+ %<\/strong> of the attendees' votes can be attended/);

  const out = await conn.client.api('POST', `${base}/sessions/${walk}/place`, { room_id: 0, slot_id: 0 });
  assert.equal(out.status, 200);
  s = (await anon().api('GET', `${base}/board`)).json().sessions.find((x) => x.id === walk);
  assert.equal(s.room_id, null);
  assert.equal((await conn.client.api('POST', `${base}/sessions/${walk}/place`, { room_id: rooms[0], slot_id: slots[0] })).status, 200);
});

test('the venue\'s screen shows the sessions on now and next, in the event\'s time', async () => {
  const before = await anon().get(`${base}/screen`);
  assert.equal(before.status, 200);
  assert.match(before.text, /<body class="venue-screen" data-refresh="60">/, 'the screen reloads itself every minute');
  assert.match(before.text, /<h2 id="next-title">Next/, 'before the day: the first slot is next');
  assert.doesNotMatch(before.text, /<h2 id="now-title">/);
  assert.match(before.text, /A walk about pricing/);

  // the first slot moved to this very hour: now on
  const now = Math.floor(Date.now() / 1000);
  sql(`UPDATE unconf_slots SET starts_at = ${now - 600}, ends_at = ${now + 600} WHERE id = ${slots[0]}`);
  const during = await anon().get(`${base}/screen`);
  assert.match(during.text, /<h2 id="now-title">Now/);
  const nowPart = during.text.slice(during.text.indexOf('now-title'), during.text.indexOf('next-title'));
  assert.match(nowPart, /A walk about pricing/);
  assert.match(nowPart, /free/, 'the other room has nothing on');
  assert.equal((await anon().get('/events/no-such-event/screen')).status, 404);
});

test('the audience and the notes: counts for the sponsors, never who voted; notes followed into the commons', async () => {
  assert.equal((await ana.client.api('POST', `${base}/sessions/${talk}/capture`, { notes: 'Ask about the last time.', headcount: 12 })).status, 200);
  assert.equal((await ben.client.api('POST', `${base}/sessions/${walk}/capture`, { notes: 'Price on value.', headcount: 30 })).status, 200);
  const r = await anon().api('GET', `${base}/sessions`);
  assert.equal(r.status, 200);
  const v = r.json();
  assert.equal(v.totals.sessions, 3);
  assert.equal(v.totals.captured, 2);
  assert.equal(v.totals.headcount, 42);
  assert.equal(v.totals.counted, 2);
  assert.equal(v.totals.average, 21);
  const byId = Object.fromEntries(v.sessions.map((s) => [s.id, s]));
  assert.equal(byId[walk].voters, 2);
  assert.equal(byId[walk].bar_percent, 100);
  assert.equal(byId[talk].bar_percent, 40);
  assert.equal(byId[talk2].headcount, null);
  assert.ok(!JSON.stringify(v).includes(ana.email) && !JSON.stringify(v).includes('user_id'), 'no voter is named');
  const page = await anon().get(`${base}/sessions`);
  assert.match(mainOf(page.text), /2 of 3/);
  assert.match(mainOf(page.text), /Not captured yet/);

  // published and consented: the link and its uses appear
  const pub = await ana.client.api('POST', `${base}/sessions/${talk}/publish`, {});
  assert.equal(pub.status, 200, pub.text);
  const item = pub.json().item_id;
  const slug = sql(`SELECT slug FROM commons_items WHERE id = ${item}`);
  const again = (await anon().api('GET', `${base}/sessions`)).json();
  assert.equal(again.totals.published, 1, 'Ana alone presents it: her consent is the only one asked');
  assert.equal(again.sessions.find((s) => s.id === talk).item_slug, slug);
  assert.equal(again.sessions.find((s) => s.id === walk).item_slug, null);
  assert.match(mainOf((await anon().get(`${base}/sessions`)).text), new RegExp(`href="/commons/${slug}"`));
});

test('presenters who have not captured are reminded once, two hours after their session', async () => {
  // Ben's workshop has no notes; its slot ends within the event
  const ends = Number(sql(`SELECT t.ends_at FROM unconf_sessions s JOIN unconf_slots t ON t.id = s.slot_id WHERE s.id = ${talk2}`));
  const at = (t) => new Date(t * 1000).toISOString().slice(0, 16);
  const count = () => Number(sql(`SELECT count(*) FROM outbox WHERE kind = 'unconf_capture_reminder' AND to_email = '${ben.email}'`));
  glocal(['tick', '--db', DB, '--now', at(ends + 3600)]);
  assert.equal(count(), 0, 'not within the first two hours');
  glocal(['tick', '--db', DB, '--now', at(ends + 3 * 3600)]);
  assert.equal(count(), 1);
  const body = sql(`SELECT body FROM outbox WHERE kind = 'unconf_capture_reminder' AND to_email = '${ben.email}'`);
  assert.match(body, /Hiring the first five/);
  assert.match(body, new RegExp(`/events/${ev.slug}/sessions/${talk2}`));
  glocal(['tick', '--db', DB, '--now', at(ends + 4 * 3600)]);
  assert.equal(count(), 1, 'once');
  assert.equal(Number(sql(`SELECT count(*) FROM outbox WHERE kind = 'unconf_capture_reminder' AND to_email = '${ana.email}'`)), 0,
    'Ana captured hers');
});

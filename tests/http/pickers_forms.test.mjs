// pickers_forms.test.mjs - every form that chooses a person, an organisation or
// a member takes the picker (issue 20, point 3; tests/http/pickers.test.mjs has
// the books' record form): the events desk's sponsor and payee, an expense
// claim's payee, a meeting's contributions, delegation, a committee's appointed
// seat and an election's nominee. Each takes the picker's value (member:42,
// org:slug) and, without script, a name; a name that names nobody or several is
// a field error and the form comes back with what was chosen, by name, and the
// other fields kept; the API's ids work as before; a few choices are a select.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { member, admin, chapter, admit, geography, unique, sql, when } from './lib.mjs';

let adm, geo, conn, mem, twin1, twin2, ch, org, venue, app, tag;

const PITCH = {
  name: 'Pitch night', summary: 'Five founders, five minutes each.', description: 'Founders pitch.',
  runbook: [{ step: 'Pitches', minutes: 60 }],
  tiers: [{ name: 'Standard', price: '10.00', currency: 'EUR' }],
  packages: [{ name: 'Gold', price: '500.00', currency: 'EUR', placement: 'headline', benefits: 'Logo on the screen' },
             { name: 'Friend', price: '50.00', currency: 'EUR', placement: 'thanks', benefits: 'Named in the thanks' }],
  split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }],
};

// The value of a picker's text field on a page, and its hidden value for the script.
const textPicker = (html, id) => html.match(new RegExp(`<input type="text" id="${id}" name="[a-z_]+" value="([^"]*)" data-value="([^"]*)"`));
const selected = (html, id) => {
  const sel = html.match(new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`));
  return sel && (sel[1].match(/<option value="([^"]*)" selected>/) || [])[1];
};

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  tag = unique('pf');
  conn = await member({ name: `Cleo Form ${tag}` });
  mem = await member({ name: `Mateus Form ${tag}` });
  twin1 = await member({ name: `Twin Form ${tag}` });
  twin2 = await member({ name: `Twin Form ${tag}` });
  ch = await chapter(conn, { name: `Forms ${tag}`, metro_id: geo.metro.id });
  await admit(conn, ch, mem);
  await admit(conn, ch, twin1);
  await admit(conn, ch, twin2);
  org = (await conn.client.api('POST', '/organisations', { name: `Sponsor Form ${tag}`, kind: 'sponsor' })).json().organisation;
  venue = (await conn.client.api('POST', '/organisations', { name: `Hall Form ${tag}`, kind: 'venue' })).json().organisation;
  const r = await adm.api('POST', '/apps', { ...PITCH, name: `Pitch ${tag}` });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
});

async function newEvent() {
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Pitch ${unique()}`,
    venue: 'The Hub', capacity: 20, ...when(-30, 180), record: true });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

test('the events desk: a sponsor and a payee chosen by name, by the picker\'s value or by the API\'s slug', async () => {
  const ev = await newEvent();
  const desk = `/events/${ev.slug}`;
  // the page offers pickers, no hint in ids, and the currency of the chapter
  let page = await conn.client.get(`${desk}/registrations`);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-picker data-kinds="member,org,chapter"/);
  assert.doesNotMatch(page.text, /org:venue-slug|member:42/);
  // a sponsor by name (no script)
  let r = await conn.client.post(`${desk}/sponsors`, { organisation: `sponsor form ${tag}`, package: 'Friend' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT count(*) FROM event_sponsors s JOIN organisations o ON o.id = s.organisation_id WHERE s.event_id = ${ev.id} AND o.slug = '${org.slug}'`), '1');
  // by the picker's value, and by the API's slug as before
  r = await conn.client.post(`${desk}/sponsors`, { organisation: `org:${venue.slug}`, package: 'Friend' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await conn.client.api('POST', `${desk}/sponsors`, { organisation: org.slug, package: 'Gold' });
  assert.equal(r.status, 201, r.text);
  // an unknown name: the field says so, the package chosen stays
  r = await conn.client.post(`${desk}/sponsors`, { organisation: `Nobody ${tag}`, package: 'Gold' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Nothing is called &quot;Nobody/);
  assert.equal(selected(r.text, 'package'), 'Gold');
  // a bad package: the organisation comes back by its name
  r = await conn.client.post(`${desk}/sponsors`, { organisation: `org:${org.slug}`, package: 'Platinum' });
  assert.equal(r.status, 422);
  const shown = textPicker(r.text, 'organisation') || [null, null, selected(r.text, 'organisation')];
  assert.ok(shown[1] === org.name || shown[2] === `org:${org.slug}`, 'the sponsor chosen is shown again');
  // a cost paid to a venue named in words; then to a member by the picker's value
  r = await conn.client.post(`${desk}/costs`, { payee: `Hall Form ${tag}`, amount: '20', description: 'Room hire', currency: 'EUR' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const payee = sql(`SELECT a.kind || ':' || a.ref_id FROM ledger_transactions t JOIN ledger_accounts a ON a.id = t.recipient_id WHERE t.description LIKE '%Room hire%' ORDER BY t.id DESC LIMIT 1`);
  assert.equal(payee, `organisation:${venue.id}`);
  r = await conn.client.post(`${desk}/costs`, { payee: `member:${mem.id}`, amount: '5', description: 'Snacks', currency: 'EUR' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await conn.client.api('POST', `${desk}/costs`, { payee: `org:${venue.slug}`, amount: '1', description: 'Water' });
  assert.equal(r.status, 201, 'the API\'s value as before');
  // an ambiguous name: the twins to choose from; the other fields kept
  r = await conn.client.post(`${desk}/costs`, { payee: `Twin Form ${tag}`, amount: '7.50', description: 'Chairs', currency: 'EUR' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<select id="payee" name="payee"/);
  assert.ok(r.text.includes(`value="member:${twin1.id}"`) && r.text.includes(`value="member:${twin2.id}"`));
  assert.match(r.text, /id="amount" name="amount" value="7.50"/);
  assert.match(r.text, /id="cost-description" name="description" value="Chairs"/);
  // a bad amount: the payee chosen is shown by name
  r = await conn.client.post(`${desk}/costs`, { payee: `member:${mem.id}`, amount: 'lots', description: 'Chairs', currency: 'EUR' });
  assert.equal(r.status, 422);
  const p = textPicker(r.text, 'payee');
  assert.deepEqual([p[1], p[2]], [mem.name, `member:${mem.id}`]);
  // an empty payee says what to do, in words
  r = await conn.client.api('POST', `${desk}/costs`, { amount: '1', description: 'Water' });
  assert.equal(r.status, 422);
  assert.match(r.json().errors.find((e) => e.field === 'payee').message, /type the name/);
});

test('the events desk\'s currency starts on the host chapter\'s usual one', async () => {
  // the chapter's books moved KES most: the desk's currency starts there
  const own = await chapter(conn, { name: `Forms Kes ${tag}`, metro_id: geo.metro.id });
  const r = await conn.client.api('POST', `/chapters/${own.slug}/ledger`, { kind: 'income', resource: 'KES', amount: '900', description: 'Fees',
    counterpart: `member:${conn.id}`, visibility: 'unit' });
  assert.equal(r.status, 201, r.text);
  const e = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${own.slug}`, title: `Pitch ${unique()}`, venue: 'Hub',
    capacity: 20, ...when(60) });
  assert.equal(e.status, 201, e.text);
  const page = await conn.client.get(`/events/${e.json().event.slug}/registrations`);
  assert.match((page.text.match(/<input type="text" id="currency"[^>]*>/) || [page.text.slice(0, 2000)])[0], /value="KES"/);
});

test('an expense claim\'s payee: empty is the claimant, a name is looked up, values survive an error', async () => {
  let r = await mem.client.post(`/chapters/${ch.slug}/claims`, { description: 'Projector', amount: '30', resource: 'EUR', category: 'kit',
    payee: `Hall Form ${tag}` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT a.kind || ':' || a.ref_id FROM expense_claims k JOIN ledger_accounts a ON a.id = k.payee_id WHERE k.description = 'Projector'`),
    `organisation:${venue.id}`);
  r = await mem.client.api('POST', `/chapters/${ch.slug}/claims`, { description: 'Cables', amount: '4', resource: 'EUR', payee: `org:${venue.slug}` });
  assert.equal(r.status, 201, 'the API\'s value as before');
  // the claim form offers the picker
  let page = await mem.client.get(`/chapters/${ch.slug}/ledger`);
  assert.ok(textPicker(page.text, 'payee'), 'the claim form has a payee picker');
  // a bad amount: the payee by name, the description and category kept
  r = await mem.client.post(`/chapters/${ch.slug}/claims`, { description: 'Banner', amount: 'many', resource: 'EUR', category: 'print',
    payee: `org:${venue.slug}` });
  assert.equal(r.status, 422);
  const p = textPicker(r.text, 'payee');
  assert.deepEqual([p[1], p[2]], [venue.name, `org:${venue.slug}`]);
  assert.match(r.text, /id="claim-description" name="description" maxlength="300" value="Banner"/);
  assert.match(r.text, /id="claim-category" name="category" maxlength="80" value="print"/);
  assert.equal(selected(r.text, 'claim-resource'), 'EUR', 'the currency sent stays');
  // the claim form starts on the chapter's currency: its event's basket moved EUR (no longer the first of the list, BRL)
  page = await mem.client.get(`/chapters/${ch.slug}/ledger`);
  assert.equal(selected(page.text, 'claim-resource'), 'EUR');
  // a chapter whose books moved nothing, in a country the table does not know: the network's usual money
  const empty = await chapter(conn, { name: `Forms Empty ${tag}`, metro_id: geo.metro.id });
  const network = sql("SELECT t.resource FROM ledger_totals t JOIN resources r ON r.code = t.resource WHERE r.kind = 'money' GROUP BY t.resource ORDER BY sum(t.inflow + t.outflow) DESC, t.resource LIMIT 1");
  page = await conn.client.get(`/chapters/${empty.slug}/ledger`);
  assert.equal(selected(page.text, 'resource'), network);
  // nobody by that name
  r = await mem.client.api('POST', `/chapters/${ch.slug}/claims`, { description: 'Tape', amount: '2', resource: 'EUR', payee: `Nobody ${tag}` });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'payee');
});

test('a meeting\'s contributions: the books\' picker in each row, a select of the chapter\'s members when few', async () => {
  const date = new Date(Date.now() + 3600e3).toISOString().slice(0, 10);
  const m = (await conn.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '22:00' })).json().meeting;
  const at = `/chapters/${ch.slug}/meetings/${m.id}`;
  // the chapter has four members: each row is a select of them (organisations are many on a shared server, so
  // the select shows only when both are few; a chapter's members narrow it either way)
  let page = await conn.client.get(at);
  assert.equal(page.status, 200);
  assert.match(page.text, /data-picker data-kinds="member,org" data-chapter="/);
  assert.ok(/id="who-1" name="who"/.test(page.text) && /id="who-3" name="who"/.test(page.text));
  // a name typed in a row, the picker's value in another
  let r = await conn.client.post(`${at}/contributions`, { who: [`mateus form ${tag}`, `member:${conn.id}`], resource: ['HOURS', 'GOODS'],
    amount: ['2', '1'], note: ['Set up', 'Cake'] });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT count(*) FROM ledger_transactions WHERE meeting_id = ${m.id}`), '2');
  // the twins: row 2 offers them; every row keeps what was sent
  r = await conn.client.post(`${at}/contributions`, { who: [`member:${mem.id}`, `Twin Form ${tag}`], resource: ['FAVOURS', 'HOURS'],
    amount: ['1', '3'], note: ['Lent a cable', 'Cleaned'] });
  assert.equal(r.status, 422);
  assert.match(r.text, /Row 2: &quot;Twin Form/);
  assert.match(r.text, /<select id="who-2" name="who" aria-describedby="who-2-hint who-2-error" aria-invalid="true">/);
  assert.ok(r.text.includes(`value="member:${twin1.id}"`) && r.text.includes(`value="member:${twin2.id}"`));
  assert.match(r.text, /id="amt-2" name="amount" placeholder="1.5" value="3"/);
  assert.match(r.text, /id="note-1" name="note" maxlength="200" placeholder="Brought the coffee" value="Lent a cable"/);
  assert.equal(selected(r.text, 'res-1'), 'FAVOURS');
  const row1 = textPicker(r.text, 'who-1');
  assert.ok(row1 ? row1[1] === mem.name : selected(r.text, 'who-1') === `member:${mem.id}`, 'row 1 keeps the member chosen');
  assert.equal(sql(`SELECT count(*) FROM ledger_transactions WHERE meeting_id = ${m.id}`), '2', 'nothing recorded');
  // the API names the field "who"
  r = await conn.client.api('POST', `${at}/contributions`, { who: [`Nobody ${tag}`], resource: ['HOURS'], amount: ['1'] });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'who');
  // a small chapter with no organisations to speak of: a plain select of its members
  const small = await member({ name: `Solo Form ${tag}` });
  const sch = await chapter(small, { name: `Solo ${tag}`, metro_id: geo.metro.id });
  const sm = (await small.client.api('POST', `/chapters/${sch.slug}/meetings`, { date, time: '21:00' })).json().meeting;
  const orgs = Number(sql('SELECT count(*) FROM organisations'));
  page = await small.client.get(`/chapters/${sch.slug}/meetings/${sm.id}`);
  if (orgs + 1 <= 20) {
    assert.match(page.text, /<select id="who-1" name="who"/);
    assert.ok(page.text.includes(`<option value="member:${small.id}">${small.name}`));
  } else {
    assert.ok(textPicker(page.text, 'who-1'), 'many organisations: a search');
  }
});

test('delegation: a select of the voters when few, else a name; the API\'s number as before', async () => {
  const p = (await mem.client.api('POST', `/chapters/${ch.slug}/polls`, { kind: 'proposal', title: `Thursdays ${tag}`,
    closes_at: Math.floor(Date.now() / 1000) + 86400 })).json().poll;
  // a chapter of five: the voters in a select (not oneself)
  let page = await mem.client.get(`/chapters/${ch.slug}/polls`);
  assert.match(page.text, /<select id="to" name="to"/);
  assert.ok(page.text.includes(`<option value="member:${conn.id}">${conn.name}</option>`));
  assert.ok(!page.text.includes(`<option value="member:${mem.id}">`), 'not oneself');
  // the picker's value
  let r = await mem.client.post(`/polls/${p.id}/delegation`, { to: `member:${conn.id}`, scope: 'poll' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await mem.client.post(`/polls/${p.id}/delegation`, { revoke: '1' });
  assert.equal(r.status, 303);
  // a name typed without script
  r = await mem.client.post(`/chapters/${ch.slug}/delegation`, { to: `cleo form ${tag}` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT count(*) FROM gov_delegations WHERE from_id = ${mem.id} AND to_id = ${conn.id} AND poll_id IS NULL`), '1');
  r = await mem.client.post(`/chapters/${ch.slug}/delegation`, { revoke: '1' });
  // the API's number
  r = await mem.client.api('POST', `/polls/${p.id}/delegation`, { to: conn.id, scope: 'poll' });
  assert.equal(r.status, 200, r.text);
  // nobody by that name: a field error, on the page at its field
  r = await mem2Page(`Nobody ${tag}`, p);
  assert.equal(r.status, 422);
  assert.match(r.text, /id="to-error">Nothing is called &quot;Nobody/);
});

// mem's twin posts a delegation by name on the poll's page.
async function mem2Page(name, p) {
  return twin1.client.post(`/polls/${p.id}/delegation`, { to: name, scope: 'poll' });
}

test('a committee\'s seat and an election\'s nominee: chosen by name or by the picker\'s value; the API\'s number as before', async () => {
  const g = await geography(adm);
  const ca = await member({ name: `Carla Seat ${tag}` });
  const m1 = await member({ name: `Nadia Seat ${tag}` });
  const m2 = await member({ name: `Otto Seat ${tag}` });
  const chA = await chapter(ca, { metro_id: g.metro.id });
  await admit(ca, chA, m1);
  await admit(ca, chA, m2);
  const key = g.region.slug;
  // the board's seats are for the chapters' connectors and the committees' members: many on a shared server, a search
  let page = await adm.get('/committees/board');
  assert.equal(page.status, 200);
  const picker = textPicker(page.text, 'user_id');
  assert.ok(picker || /<select id="user_id" name="user_id"/.test(page.text), 'a picker of who may sit');
  let r = await adm.post('/committees/board/seats', { user_id: `Carla Seat ${tag}` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await adm.post('/committees/board/seats', { user_id: `Nobody ${tag}` });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="user_id-error">Nothing is called &quot;Nobody/);
  r = await adm.post('/committees/board/seats', { user_id: `member:${m1.id}` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  r = await adm.api('POST', '/committees/board/seats', { user_id: ca.id });
  assert.equal(r.status, 409, 'the API\'s number as before: a seat once');
  for (const who of [ca, m1]) assert.equal((await adm.api('POST', `/committees/board/seats/${who.id}/end`, {})).status, 200);
  // an election's nominations
  const el = (await adm.api('POST', '/elections', { committee: key, title: `Election ${tag}`, method: 'stv', seats: 2,
    nominations_close_at: Math.floor(Date.now() / 1000) + 3600, closes_at: Math.floor(Date.now() / 1000) + 7200 })).json().election;
  page = await ca.client.get(`/elections/${el.id}`);
  assert.match(page.text, /<select id="user_id" name="user_id"/);
  r = await ca.client.post(`/elections/${el.id}/nominations`, { user_id: `otto seat ${tag}` });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  assert.equal(sql(`SELECT count(*) FROM gov_candidates WHERE election_id = ${el.id} AND user_id = ${m2.id}`), '1');
  r = await ca.client.api('POST', `/elections/${el.id}/nominations`, { user_id: m1.id });
  assert.equal(r.status, 201, 'the API\'s number as before');
  r = await ca.client.post(`/elections/${el.id}/nominations`, { user_id: `Nobody ${tag}` });
  assert.equal(r.status, 422);
  assert.match(r.text, /Nothing is called &quot;Nobody/);
});

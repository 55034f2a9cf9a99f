// events.test.mjs - apps (M4): the catalog of formats and local copies; events
// hosted by a chapter or a place; registration with a waitlist that never lets
// more people in than there are places, even 200 at once; tickets and check-in;
// sponsors, costs and confirmed payments posted to the books; closing, which
// shares the net income by the format's rule to the cent; refunds as
// reversals; visibility; and the iCalendar feeds read by a real parser.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { PUBLIC, assertItip, parseCalendar } from './ical_check.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { Client, member, admin, chapter, admit, geography, unique, sql, mainOf, when, ownAddress } from './lib.mjs';

let adm, geo, conn, mem, mem2, outsider, ch, ch2, conn2, org, venue, app;

const TZ = 'Europe/Lisbon';
const PITCH = {
  name: 'Pitch night', summary: 'Five founders, five minutes each, one honest room.',
  description: 'Founders pitch; investors and peers **answer** with questions.',
  runbook: [{ step: 'Doors open', minutes: 30 }, { step: 'Pitches', minutes: 60 }, { step: 'Drinks', minutes: 60 }],
  tiers: [{ name: 'Members', price: '0', currency: 'EUR' }, { name: 'Standard', price: '10.00', currency: 'EUR' }],
  packages: [{ name: 'Gold', price: '500.00', currency: 'EUR', placement: 'headline', benefits: 'Logo on the screen and a two-minute pitch' },
             { name: 'Friend', price: '50.00', currency: 'EUR', placement: 'thanks', benefits: 'Named in the thanks' }],
  split_rule: [{ party: 'organiser', share: 3333 }, { party: 'host', share: 3333 }, { party: 'region', share: 1000 }, { party: 'network', share: 2334 }],
};

async function newEvent(who, fields = {}) {
  const r = await who.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Pitch ${unique()}`, venue: 'The Hub, Rua X 1',
    capacity: 20, ...when(60), ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json().event;
}

before(async () => {
  adm = await admin();
  // these tests are about tickets: guests get theirs at once (accounts_reset.test.mjs covers confirming first)
  assert.equal((await adm.api('POST', '/admin/settings', { guest_verification: false })).status, 200);
  geo = await geography(adm);
  conn = await member({ name: `Connie ${unique()}` });
  conn2 = await member({ name: `Carl ${unique()}` });
  mem = await member({ name: `Mia ${unique()}` });
  mem2 = await member({ name: `Max ${unique()}` });
  outsider = await member({ name: `Olga ${unique()}` });
  ch = await chapter(conn, { name: `Events A ${unique()}`, metro_id: geo.metro.id });
  ch2 = await chapter(conn2, { name: `Events B ${unique()}`, metro_id: geo.metro2.id });
  await admit(conn, ch, mem);
  await admit(conn, ch, mem2);
  org = (await conn.client.api('POST', '/organisations', { name: `Sponsor ${unique()}`, kind: 'sponsor' })).json().organisation;
  venue = (await conn.client.api('POST', '/organisations', { name: `Venue ${unique()}`, kind: 'venue' })).json().organisation;
  const r = await adm.api('POST', '/apps', { ...PITCH, name: `Pitch night ${unique()}` });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
});

test('the administrator publishes formats; the rules are checked and explained', async () => {
  assert.deepEqual(app.split_rule.map((x) => x.share), [3333, 3333, 1000, 2334]);
  assert.equal(app.runbook.length, 3);
  let r = await conn.client.api('POST', '/apps', { ...PITCH, name: 'Mine' });
  assert.equal(r.status, 403, 'only administrators publish network formats');
  r = await adm.api('POST', '/apps', { ...PITCH, name: `Bad ${unique()}`, split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 4000 }] });
  assert.equal(r.status, 422);
  assert.match(r.text, /add up to 90\.00%/);
  r = await adm.api('POST', '/apps', { ...PITCH, name: `Bad ${unique()}`, split_rule: [{ party: 'landlord', share: 10000 }] });
  assert.equal(r.status, 422);
  assert.match(r.text, /not a party/);
  r = await adm.api('POST', '/apps', { ...PITCH, name: `Bad ${unique()}`, tiers: [{ name: 'X', price: 'ten', currency: 'EUR' }] });
  assert.equal(r.status, 422);
  r = await adm.api('POST', '/apps', { ...PITCH, name: `Bad ${unique()}`, tiers: [{ name: 'X', price: '10', currency: 'XYZ' }] });
  assert.equal(r.status, 422);
  assert.match(r.text, /not a currency/);
  // the form's line format
  const name = `Mixer ${unique()}`;
  r = await adm.post('/apps', { name, runbook: '30 | Doors open\n90 | Mixing', tiers: 'Everyone | 0', packages: '',
    split_rule: 'host | 60\nnetwork | 40' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const made = (await adm.api('GET', r.location)).json().app;
  assert.equal(made.name, name);
  assert.deepEqual(made.split_rule, [{ party: 'host', share: 6000 }, { party: 'network', share: 4000 }]);
  r = await adm.post('/apps', { name: `Bad ${unique()}`, tiers: 'Everyone | 0', split_rule: 'host 60' });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /Line 1: write a share as party \| percent/);
  // the catalog
  const cat = (await mem.client.api('GET', '/apps')).json().apps;
  assert.ok(cat.some((a) => a.slug === app.slug));
});

test('a connector copies a format to adapt it; the copy remembers its origin and only its owner changes it', async () => {
  let r = await mem.client.api('POST', `/apps/${app.slug}/copy`, {});
  assert.equal(r.status, 403, 'a member who runs no chapter does not copy formats');
  r = await conn.client.api('POST', `/apps/${app.slug}/copy`, { name: `Local pitch ${unique()}` });
  assert.equal(r.status, 201, r.text);
  const copy = r.json().app;
  assert.equal(copy.origin_id, app.id);
  assert.equal(copy.owner_id, conn.id);
  r = await conn.client.api('POST', `/apps/${copy.slug}`, { tiers: [{ name: 'Everyone', price: '5.00', currency: 'EUR' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().app.tiers[0].price, '5.00');
  r = await conn2.client.api('POST', `/apps/${copy.slug}`, { name: 'Taken over' });
  assert.equal(r.status, 403);
  r = await conn.client.api('POST', `/apps/${app.slug}`, { name: 'Taken over' });
  assert.equal(r.status, 403, 'a connector does not change the network format');
  r = await adm.api('POST', `/apps/${copy.slug}`, { summary: 'Tidied by the admin' });
  assert.equal(r.status, 200);
});

test('a connector creates an event at a chapter they run; hosts they may not choose are refused', async () => {
  const ev = await newEvent(conn);
  assert.equal(ev.chapter_slug, ch.slug);
  assert.equal(ev.timezone, TZ);
  assert.equal(ev.capacity, 20);
  assert.ok(ev.basket_id, 'the event has a basket for its money');
  const page = (await mem.client.api('GET', `/events/${ev.slug}`)).json();
  assert.deepEqual(page.tiers.map((t) => [t.name, t.price]), [['Members', 0], ['Standard', 1000]]);
  assert.deepEqual(page.agenda.map((s) => s.step), ['Doors open', 'Pitches', 'Drinks']);
  let r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch2.slug}`, title: 'Not mine', venue: 'x', ...when(60) });
  assert.equal(r.status, 422);
  assert.match(r.text, /chapters you run/);
  r = await mem.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: 'Member', venue: 'x', ...when(60) });
  assert.equal(r.status, 422, 'a member is not a host');
  r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: 'No time', venue: 'x' });
  assert.equal(r.status, 422);
  assert.match(r.text, /choose a date/);
  r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: 'Long ago', venue: 'x', ...when(-60 * 24 * 40) });
  assert.equal(r.status, 422);
  r = await conn.client.api('POST', '/events', { app: app.slug, host: `place:${geo.region.slug}`, title: 'Regional', venue: 'x', ...when(120) });
  assert.equal(r.status, 201, 'a connector hosts at the places above their chapter');
  r = await conn.client.api('POST', '/events', { app: app.slug, host: `place:${geo.metro2.slug}`, title: 'Elsewhere', venue: 'x', ...when(120) });
  assert.equal(r.status, 422, 'but not at a place their chapters are not in');
  r = await adm.api('POST', '/events', { app: app.slug, host: `place:${geo.metro2.slug}`, title: 'Admin hosts', venue: 'x', ...when(120) });
  assert.equal(r.status, 201, 'an administrator hosts anywhere');
});

test('members and guests register; a second registration is refused; the ticket has a code and a private page', async () => {
  const ev = await newEvent(conn, { capacity: 2 });
  let r = await mem.client.api('POST', `/events/${ev.slug}/register`, {});
  assert.equal(r.status, 201, r.text);
  const reg = r.json().registration;
  assert.equal(reg.status, 'ticket');
  assert.match(reg.code, /^[A-Z0-9]{6}$/);
  r = await mem.client.api('POST', `/events/${ev.slug}/register`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /registered for this event already/);
  const guest = Object.assign(new Client(), { from: ownAddress() });   // a guest at home (guests are limited per address)
  const email = `${unique('guest')}@example.org`;
  r = await guest.post(`/events/${ev.slug}/register`, { name: 'Gus Guest', email });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, /^\/tickets\/[A-Za-z0-9_-]{20,}$/);
  const ticket = await guest.get(r.location);
  assert.equal(ticket.status, 200);
  assert.match(ticket.text, /Gus Guest/);
  assert.match(ticket.text, /<svg[^>]+aria-label="QR code for check-in code/);
  assert.equal(ticket.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE to_email = '${email}' AND kind = 'event_registration'`), '1', 'the guest gets the ticket link by e-mail');
  r = await new Client().post(`/events/${ev.slug}/register`, { name: 'Again', email: email.toUpperCase() });
  assert.equal(r.status, 409, 'one registration per e-mail address');
  // full: the next one waits
  const other = Object.assign(new Client(), { from: ownAddress() });   // a guest at home (guests are limited per address)
  r = await other.post(`/events/${ev.slug}/register`, { name: 'Wanda Wait', email: `${unique('w')}@example.org` });
  assert.equal(r.status, 303);
  const waiting = await other.get(r.location);
  assert.match(waiting.text, /number <strong>1<\/strong> on the waitlist/);
  r = await new Client().post(`/events/${ev.slug}/register`, { name: '', email: 'not-an-email' });
  assert.equal(r.status, 422);
  assert.match(mainOf(r.text), /give your name/);
  assert.equal((await new Client().get('/tickets/not-a-real-ticket-token-at-all')).status, 404);
  // the member cancels: Wanda moves up and is told
  r = await mem.client.api('POST', `/events/${ev.slug}/cancel`, {});
  assert.equal(r.status, 200, r.text);
  const rows = sql(`SELECT name || ':' || status FROM registrations WHERE event_id = ${ev.id} ORDER BY id`).split('\n');
  assert.deepEqual(rows.map((x) => x.split(':')[1]), ['cancelled', 'ticket', 'ticket']);
  assert.equal(sql(`SELECT count(*) FROM outbox WHERE kind = 'event_ticket' AND subject LIKE 'A place opened up%' AND body LIKE '%Wanda Wait%'`), '1');
  // the guest cancels by their ticket's address, without logging in
  const token = ticket.text.match(/action="\/tickets\/([A-Za-z0-9_-]+)\/cancel"/)[1];
  r = await new Client().post(`/tickets/${token}/cancel`, {}, { csrf: false });
  assert.equal(r.status, 303);
  // the address is the credential: the server's access log leaves it out
  const tmp = process.env.GLOCAL_TMP;
  if (tmp) {
    const logs = readdirSync(tmp).filter((f) => /^serve\..*\.err$/.test(f)).map((f) => readFileSync(`${tmp}/${f}`, 'utf8')).join('');
    assert.match(logs, /\/tickets\/\[secret\]\/cancel 303/);
    assert.ok(!logs.includes(token), 'no ticket token in the log');
  }
  assert.equal(sql(`SELECT status FROM registrations WHERE event_id = ${ev.id} AND guest_email = '${email}'`), 'cancelled');
});

test('200 people registering at once for 50 places get exactly 50 tickets and 150 places on the waitlist', async () => {
  const ev = await newEvent(conn, { capacity: 50 });
  const guest = new Client();
  await guest.get(`/events/${ev.slug}`);   // the anonymous CSRF cookie and token
  // 200 people, each from an address of their own (guests are limited per address)
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    guest.post(`/events/${ev.slug}/register`, { name: `Crowd ${i}`, email: `crowd${i}-${ev.id}@example.org` }, { from: ownAddress() })));
  const codes = results.map((r) => r.status);
  assert.deepEqual([...new Set(codes)], [303], `every registration is answered: ${[...new Set(codes)]}`);
  assert.equal(sql(`SELECT count(*) FROM registrations WHERE event_id = ${ev.id} AND status = 'ticket'`), '50');
  assert.equal(sql(`SELECT count(*) FROM registrations WHERE event_id = ${ev.id} AND status = 'waitlist'`), '150');
  assert.equal(sql(`SELECT count(DISTINCT code) FROM registrations WHERE event_id = ${ev.id}`), '200', 'every code differs');
  const shown = (await conn.client.api('GET', `/events/${ev.slug}`)).json().event;
  assert.equal(shown.tickets, 50);
  assert.equal(shown.waitlist, 150);
  assert.equal(shown.is_full, true);
});

test('money: payments, a sponsor and a cost go to the basket; closing shares it by the rule, to the cent; the statement matches the books', async () => {
  const ev = await newEvent(conn, { capacity: 10, ...when(-30, 180), record: true });
  const standard = (await mem.client.api('GET', `/events/${ev.slug}`)).json().tiers.find((t) => t.name === 'Standard');
  let r = await mem.client.api('POST', `/events/${ev.slug}/register`, { tier: standard.id });
  const paidReg = r.json().registration;
  r = await mem2.client.api('POST', `/events/${ev.slug}/register`, {});
  const freeReg = r.json().registration;
  const guest = Object.assign(new Client(), { from: ownAddress() });   // a guest at home (guests are limited per address)
  r = await guest.post(`/events/${ev.slug}/register`, { name: 'Paying Guest', email: `${unique('pg')}@example.org`, tier: standard.id });
  assert.equal(r.status, 303);
  const guestReg = sql(`SELECT id FROM registrations WHERE event_id = ${ev.id} AND name = 'Paying Guest'`);
  // check-in waits for the payment
  r = await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code: paidReg.code.toLowerCase() });
  assert.equal(r.status, 409);
  assert.match(r.text, /not paid yet/);
  // who may confirm a payment
  r = await mem.client.api('POST', `/events/${ev.slug}/registrations/${paidReg.id}/paid`, {});
  assert.equal(r.status, 403);
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${paidReg.id}/paid`, {});
  assert.equal(r.status, 200, r.text);
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${paidReg.id}/paid`, {});
  assert.equal(r.status, 409, 'paid once');
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${freeReg.id}/paid`, {});
  assert.equal(r.status, 409, 'a free ticket is not paid');
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${guestReg}/paid`, {});
  assert.equal(r.status, 200);
  // check-in now works, once
  r = await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code: ` ${paidReg.code.slice(0, 3)} ${paidReg.code.slice(3)} ` });
  assert.equal(r.status, 200, r.text);
  r = await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code: paidReg.code });
  assert.equal(r.status, 409);
  assert.match(r.text, /checked in already/);
  r = await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code: 'ZZZZZZ' });
  assert.equal(r.status, 404);
  // a sponsor and a cost
  r = await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' });
  assert.equal(r.status, 201, r.text);
  r = await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Platinum' });
  assert.equal(r.status, 422);
  r = await conn.client.api('POST', `/events/${ev.slug}/costs`, { payee: `org:${venue.slug}`, amount: '9999', description: 'Room hire' });
  assert.equal(r.status, 409, 'a basket pays no more than it holds');
  assert.match(r.text, /holds 520\.00 EUR/);
  r = await conn.client.api('POST', `/events/${ev.slug}/costs`, { payee: `org:${venue.slug}`, amount: '120.01', description: 'Room hire' });
  assert.equal(r.status, 201, r.text);
  // the public page shows the headline sponsor
  const page = await new Client().get(`/events/${ev.slug}`);
  assert.match(mainOf(page.text), new RegExp(`${org.name}[\\s\\S]*Gold sponsor`));
  // before closing, the statement previews the shares of 520.00 - 120.01 = 399.99 EUR
  let st = (await mem.client.api('GET', `/events/${ev.slug}/statement`)).json();
  const eur = st.totals.find((t) => t.currency === 'EUR');
  assert.equal(eur.tickets, 2000);
  assert.equal(eur.sponsorship, 50000);
  assert.equal(eur.costs, 12001);
  assert.equal(eur.net, 39999);
  assert.equal(st.projected_shares.reduce((s, x) => s + x.amount, 0), 39999);
  assert.equal(st.shares.length, 0);
  assert.equal((await outsider.client.api('POST', `/events/${ev.slug}/close`, {})).status, 403);
  r = await conn.client.api('POST', `/events/${ev.slug}/close`, {});
  assert.equal(r.status, 200, r.text);
  st = (await mem.client.api('GET', `/events/${ev.slug}/statement`)).json();
  const amounts = Object.fromEntries(st.shares.map((s) => [s.party, s.amount]));
  // floors 13331 + 13331 + 3999 + 9335 = 39996; the 3 cents left go to the largest remainders:
  // region (.9), network (.7666), then organiser and host tie at .6667 and the earlier party gets it
  assert.equal(st.shares.reduce((s, x) => s + x.amount, 0), 39999, 'the parts add up to the net income exactly');
  assert.deepEqual(amounts, { organiser: 13332, host: 13331, region: 4000, network: 9336 });
  assert.equal(st.shares.find((s) => s.party === 'region').account, `Region ${geo.tag}`);
  // the books agree: the transfer's postings are the shares
  const tx = st.shares[0].tx_id;
  const posted = sql(`SELECT a.kind || ':' || p.amount FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = ${tx} ORDER BY p.amount`).split('\n');
  assert.deepEqual(posted, ['basket:-39999', 'place:4000', 'network:9336', 'chapter:13331', 'member:13332']);
  assert.equal(sql(`SELECT coalesce(sum(amount), 0) FROM ledger_postings WHERE account_id = ${ev.basket_id}`), '0', 'the basket is empty');
  const earned = (await conn.client.api('GET', '/me/events')).json();
  assert.ok(earned.earnings.some((x) => x.slug === ev.slug && x.amount === 13332));
  assert.ok(earned.earnings_total.some((x) => x.currency === 'EUR' && x.amount >= 13332));
  const splits = (await mem.client.api('GET', '/events/splits')).json();
  assert.ok(splits.shares.some((x) => x.slug === ev.slug && x.party === 'network' && x.amount === 9336));
  // closed: nothing more moves
  assert.equal((await mem.client.api('POST', `/events/${ev.slug}/cancel`, {})).status, 409);
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/close`, {})).status, 409);
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Friend' })).status, 409);
  assert.equal((await new Client().post(`/events/${ev.slug}/register`, { name: 'Late', email: `${unique('l')}@example.org` })).status, 409);
  assert.equal((await new Client().get(`/api/v1/events/${ev.slug}/statement`)).status, 401, 'statements are for the network');
});

test('an event that has not started is not closed; a paid ticket cancelled is refunded by a reversal', async () => {
  const ev = await newEvent(conn, { capacity: 5 });
  const standard = (await mem.client.api('GET', `/events/${ev.slug}`)).json().tiers.find((t) => t.name === 'Standard');
  const reg = (await mem.client.api('POST', `/events/${ev.slug}/register`, { tier: standard.id })).json().registration;
  let r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${reg.id}/paid`, {});
  assert.equal(r.status, 200);
  const paidTx = sql(`SELECT paid_tx FROM registrations WHERE id = ${reg.id}`);
  r = await conn.client.api('POST', `/events/${ev.slug}/close`, {});
  assert.equal(r.status, 409);
  assert.match(r.text, /not started yet/);
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${reg.id}/cancel`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().registration.is_refunded, true);
  assert.equal(sql(`SELECT count(*) FROM ledger_transactions WHERE reverses_id = ${paidTx} AND kind = 'reversal'`), '1');
  assert.equal(sql(`SELECT coalesce(sum(amount), 0) FROM ledger_postings WHERE account_id = ${ev.basket_id}`), '0');
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/${reg.id}/cancel`, {});
  assert.equal(r.status, 409);
});

test('changing an event: more places move the waitlist up, fewer than the tickets is refused, cancelling refunds everyone', async () => {
  const ev = await newEvent(conn, { capacity: 1 });
  const a = (await mem.client.api('POST', `/events/${ev.slug}/register`, {})).json().registration;
  const b = (await mem2.client.api('POST', `/events/${ev.slug}/register`, {})).json().registration;
  assert.equal(a.status, 'ticket');
  assert.equal(b.status, 'waitlist');
  let r = await conn.client.api('POST', `/events/${ev.slug}`, { capacity: 0 });
  assert.equal(r.status, 422);
  r = await conn.client.api('POST', `/events/${ev.slug}`, { capacity: 2, venue: 'A bigger room' });
  assert.equal(r.status, 200, r.text);
  assert.equal(sql(`SELECT status FROM registrations WHERE id = ${b.id}`), 'ticket');
  assert.equal(r.json().event.venue, 'A bigger room');
  r = await conn.client.api('POST', `/events/${ev.slug}`, { capacity: 1 });
  assert.equal(r.status, 409);
  assert.match(r.text, /2 people hold tickets/);
  r = await mem.client.api('POST', `/events/${ev.slug}`, { title: 'Hijack' });
  assert.equal(r.status, 403);
  await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Friend' });
  r = await conn.client.api('POST', `/events/${ev.slug}`, { status: 'cancelled' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().event.status, 'cancelled');
  assert.equal(sql(`SELECT coalesce(sum(amount), 0) FROM ledger_postings WHERE account_id = ${ev.basket_id}`), '0', 'the sponsor got the money back');
  const cal = await new Client().get(`/events/${ev.slug}/calendar.ics`);
  assert.match(cal.text, /STATUS:CANCELLED/);
  assert.equal((await mem.client.api('POST', `/events/${ev.slug}/register`, {})).status, 409);
});

test('visibility: network and chapter events are hidden from those outside them, everywhere', async () => {
  const net = await newEvent(conn, { visibility: 'network', title: `Network only ${unique()}` });
  const own = await newEvent(conn, { visibility: 'chapter', title: `Chapter only ${unique()}` });
  const anon = new Client();
  assert.equal((await anon.get(`/events/${net.slug}`)).status, 404);
  assert.equal((await anon.get(`/api/v1/events/${net.slug}`)).status, 404);
  assert.equal((await outsider.client.api('GET', `/events/${net.slug}`)).status, 200);
  assert.equal((await outsider.client.api('GET', `/events/${own.slug}`)).status, 404);
  assert.equal((await outsider.client.api('POST', `/events/${own.slug}/register`, {})).status, 404);
  assert.equal((await mem.client.api('GET', `/events/${own.slug}`)).status, 200);
  const list = (await anon.get('/api/v1/events')).json().events.map((e) => e.slug);
  assert.ok(!list.includes(net.slug) && !list.includes(own.slug));
  const outsiderList = (await outsider.client.api('GET', '/events')).json().events.map((e) => e.slug);
  assert.ok(outsiderList.includes(net.slug) && !outsiderList.includes(own.slug));
  const feed = await anon.get(`/places/${geo.region.slug}/events.ics`);
  assert.ok(!feed.text.includes(net.title) && !feed.text.includes(own.title), 'feeds carry public events only');
  assert.equal((await anon.get(`/events/${own.slug}/calendar.ics`)).status, 404);
});

test('iCalendar of an event and of a place, read by ical.js: local times with their zone, stable UIDs, a new SEQUENCE on a move', async () => {
  const ev = await newEvent(conn, { title: `Calendar ${unique()}`, date: '2027-03-30', time: '19:00', end_date: '', end_time: '21:30' });
  const parse = (text) => {
    const comp = new ICAL.Component(ICAL.parse(text));
    for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    return comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  };
  let r = await new Client().get(`/events/${ev.slug}/calendar.ics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/calendar/);
  let [one] = parse(r.text);
  assert.equal(one.summary, ev.title);
  assert.equal(one.startDate.zone.tzid, TZ);
  assert.equal(one.startDate.toString(), '2027-03-30T19:00:00');
  assert.equal(one.endDate.toString(), '2027-03-30T21:30:00');
  assert.equal(one.startDate.toUnixTime(), Date.UTC(2027, 2, 30, 18, 0) / 1000, 'summer time: Lisbon is UTC+1');
  assert.match(one.location, /The Hub/);
  const uid = one.uid;
  const seq = one.sequence;
  await conn.client.api('POST', `/events/${ev.slug}`, { time: '19:30' });
  [one] = parse((await new Client().get(`/events/${ev.slug}/calendar.ics`)).text);
  assert.equal(one.uid, uid);
  assert.equal(one.sequence, seq + 1);
  assert.equal(one.startDate.toString(), '2027-03-30T19:30:00');
  const feed = parse((await new Client().get(`/places/${geo.country.slug}/events.ics`)).text);
  assert.ok(feed.some((x) => x.uid === uid), 'a country feed has the events of the places inside it');
  assert.equal((await new Client().get('/places/no-such-place/events.ics')).status, 404);
});

test('pages: the catalog, an event, the desk, the statement and your events render for the people who may see them', async () => {
  const ev = await newEvent(conn);
  for (const [who, path] of [[mem.client, '/apps'], [mem.client, `/apps/${app.slug}`], [new Client(), '/events'], [new Client(), `/events/${ev.slug}`],
    [conn.client, `/events/${ev.slug}/registrations`], [conn.client, `/events/${ev.slug}/edit`], [conn.client, '/events/new'],
    [mem.client, `/events/${ev.slug}/statement`], [conn.client, '/me/events'], [mem.client, '/events/splits'], [adm, `/apps/${app.slug}/edit`]]) {
    const r = await who.get(path);
    assert.equal(r.status, 200, `${path}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.match(r.text, /<main/);
  }
  assert.equal((await mem.client.get(`/events/${ev.slug}/registrations`)).status, 403);
  assert.equal((await conn.client.get(`/apps/${app.slug}/edit`)).status, 403);
  assert.equal((await new Client().get('/events/no-such-event')).status, 404);
  const desk = await conn.client.get(`/events/${ev.slug}/registrations?code=ABC123`);
  assert.match(desk.text, /value="ABC123"/, 'the QR code opens the desk with the code filled in');
});

test('bad input: no CSRF token, malformed JSON, markup and SQL in names — refused or stored as text, shown escaped', async () => {
  const nasty = `<script>alert(1)</script> '; DROP TABLE events; -- ${unique()}`;
  const ev = await newEvent(conn, { title: nasty, venue: '<b>Hall</b>' });
  const page = await new Client().get(`/events/${ev.slug}`);
  assert.ok(!page.text.includes('<script>alert(1)</script>'), 'no markup gets through');
  assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(page.text.includes('&lt;b&gt;Hall&lt;/b&gt;'));
  assert.equal((await mem.client.api('GET', `/events/${ev.slug}`)).json().event.title, nasty);
  const before = sql(`SELECT count(*) FROM registrations WHERE event_id = ${ev.id}`);
  let r = await mem.client.post(`/events/${ev.slug}/register`, {}, { csrf: false });
  assert.equal(r.status, 403);
  assert.match(r.text, /CSRF/);
  r = await mem.client.request('POST', `/api/v1/events/${ev.slug}/register`, { json: {}, csrf: false });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT count(*) FROM registrations WHERE event_id = ${ev.id}`), before, 'nothing changed');
  r = await conn.client.api('POST', '/events', '{"app": "x", "title": ');
  assert.equal(r.status, 400);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  r = await conn.client.api('POST', `/events/${ev.slug}/registrations/not-a-number/paid`, {});
  assert.equal(r.status, 404);
  r = await conn.client.api('POST', `/events/${ev.slug}/checkin`, { code: '' });
  assert.equal(r.status, 422);
  r = await conn.client.api('POST', `/events/${ev.slug}`, { capacity: 'many' });
  assert.equal(r.status, 422);
  r = await conn.client.api('POST', `/events/${ev.slug}`, { online_url: 'javascript:alert(1)' });
  assert.equal(r.status, 422, 'only web links');
});

test('the books name an event only to those who may see it, and a person only to people logged in', async () => {
  const secret = `Secret summit ${unique()}`;
  const ev = await newEvent(conn, { title: secret, visibility: 'chapter' });
  // a sponsorship is a public line of the host's books, into the event's basket, whose name carries the title
  let r = await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Friend' });
  assert.equal(r.status, 201, r.text);
  r = await conn.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'income', counterpart: `member:${mem.id}`, resource: 'EUR',
    amount: '5', description: 'Breakfast fee', visibility: 'public' });
  assert.equal(r.status, 201, r.text);
  const paths = [`/api/v1/chapters/${ch.slug}/ledger`, `/chapters/${ch.slug}/ledger`, `/chapters/${ch.slug}/ledger.csv`,
    `/chapters/${ch.slug}/ledger.journal`, '/api/v1/ledger', '/ledger', '/ledger.csv', '/ledger.journal',
    `/api/v1/organisations/${org.slug}`, `/organisations/${org.slug}`, `/api/v1/chapters/${ch.slug}/canvas`];
  for (const [who, client] of [['someone not logged in', new Client()], ['a member of another chapter', outsider.client]]) {
    for (const path of paths) {
      const res = await client.get(path);
      assert.equal(res.status, 200, `${who}: ${path}`);
      assert.ok(!res.text.includes(secret) && !res.text.includes(ev.slug), `${who} reads the event's title in ${path}`);
    }
  }
  const anon = (await new Client().get(`/api/v1/chapters/${ch.slug}/ledger`)).json();
  assert.ok(anon.baskets.some((b) => b.name === 'An event of this chapter'), 'the basket is there, under neutral words');
  const line = anon.lines.find((l) => /event that is not shown to you/.test(l.description));
  assert.ok(line, 'and so is the public line, without its description');
  assert.equal(line.amount_text, '50.00 EUR', 'its amount is public');
  // a person's name is for people logged in, as their profile is
  const fee = anon.lines.find((l) => l.description === 'Breakfast fee');
  assert.equal(fee.counterparty, 'A member');
  for (const path of [`/api/v1/chapters/${ch.slug}/ledger`, `/chapters/${ch.slug}/ledger.csv`, '/ledger.journal']) {
    assert.ok(!(await new Client().get(path)).text.includes(mem.name), `the member's name in ${path}`);
  }
  const seen = (await outsider.client.get(`/api/v1/chapters/${ch.slug}/ledger`)).json();
  assert.equal(seen.lines.find((l) => l.description === 'Breakfast fee').counterparty, mem.name);
  // the chapter's members may see the event: to them the books name it
  const member = await mem.client.get(`/api/v1/chapters/${ch.slug}/ledger`);
  assert.ok(member.text.includes(secret), 'a member of the host chapter reads the title');
  assert.ok((await mem.client.get(`/chapters/${ch.slug}/ledger.journal`)).text.includes('secret-summit'), 'and the journal names its basket');
  // and once the event is made public, so may everyone
  r = await conn.client.api('POST', `/events/${ev.slug}`, { visibility: 'public' });
  assert.equal(r.status, 200, r.text);
  assert.ok((await new Client().get(`/api/v1/chapters/${ch.slug}/ledger`)).text.includes(secret));
});

test('iCalendar feeds pass libical\'s iTIP check: the host as ORGANIZER, DESCRIPTION as plain text, calendars named for people', async () => {
  const ev = await newEvent(conn, { title: `Organised ${unique()}`, description: '**Bring** a _pitch_ deck.\n\n- one [slide](https://example.org/s)\n- two' });
  const text = (await new Client().get(`/events/${ev.slug}/calendar.ics`)).text;
  assertItip(text, 'an event\'s calendar');
  const cal = parseCalendar(text);
  assert.equal(cal.getFirstPropertyValue('method'), 'PUBLISH');
  assert.equal(cal.getFirstPropertyValue('x-wr-calname'), ev.title, 'the event\'s title, not its slug');
  assert.equal(cal.getFirstPropertyValue('name'), ev.title, 'RFC 7986 NAME too');
  const vevent = cal.getFirstSubcomponent('vevent');
  const organizer = vevent.getFirstProperty('organizer');
  assert.equal(organizer.getFirstValue(), `${PUBLIC}/chapters/${ch.slug}`, 'the hosting chapter\'s address');
  assert.equal(organizer.getParameter('cn'), ch.name);
  const description = vevent.getFirstPropertyValue('description');
  assert.ok(!/[*_]|\[slide\]/.test(description), `Markdown rendered to text: ${description}`);
  assert.match(description, /Bring a pitch deck\./);
  assert.match(description, /one slide/);
  const feed = (await new Client().get(`/places/${geo.country.slug}/events.ics`)).text;
  assertItip(feed, 'a place\'s calendar');
  const place = parseCalendar(feed);
  assert.equal(place.getFirstPropertyValue('x-wr-calname'), `Events in ${geo.country.name}`);
  const ours = place.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === vevent.getFirstPropertyValue('uid'));
  assert.equal(ours.getFirstPropertyValue('organizer'), `${PUBLIC}/chapters/${ch.slug}`);
  const regional = (await conn.client.api('POST', '/events', { app: app.slug, host: `place:${geo.region.slug}`, title: `Regional ${unique()}`, venue: 'x', ...when(200) })).json().event;
  const rcal = parseCalendar((await new Client().get(`/events/${regional.slug}/calendar.ics`)).text);
  const rorg = rcal.getFirstSubcomponent('vevent').getFirstProperty('organizer');
  assert.equal(rorg.getFirstValue(), `${PUBLIC}/places/${geo.region.slug}`, 'an event hosted by a place is organised by the place');
  assert.equal(rorg.getParameter('cn'), geo.region.name);
});

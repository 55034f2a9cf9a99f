// ledger.test.mjs - the books: recording every kind of resource, baskets,
// transfers, explicit postings, idempotency, reversals, claims, quick capture;
// managed transparency (markers in every non-public line never reach a reader
// without access, by any page, API answer, export or error, while the totals
// still add up); tamper evidence (glocal verify names the first bad entry, and
// the first account whose totals drifted from its postings);
// and the plain-text journal checked by a real accounting tool.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import crypto from 'node:crypto';
import { BASE, BIN, DB, Client, member, admin, chapter, admit, geography, unique, sql } from './lib.mjs';

let adm, geo, conn, mem, conn2, outsider, chA, chB, org, sqlite;

const rec = (who, slug, body, opts) => who.client.api('POST', `/chapters/${slug}/ledger`, body, opts);

before(async () => {
  sqlite = DB.startsWith('sqlite:');
  adm = await admin();
  geo = await geography(adm);
  conn = await member({ name: `Cora ${unique()}` });
  mem = await member({ name: `Milo ${unique()}` });
  conn2 = await member({ name: `Dana ${unique()}` });
  outsider = await member({ name: `Otis ${unique()}` });
  chA = await chapter(conn, { name: `Books A ${unique()}`, metro_id: geo.metro.id });
  chB = await chapter(conn2, { name: `Books B ${unique()}`, metro_id: geo.metro.id });
  await admit(conn, chA, mem);
  org = (await conn.client.api('POST', '/organisations', { name: `Sponsor ${unique()}`, kind: 'sponsor' })).json().organisation;
});

const count = () => Number(sql('SELECT count(*) FROM ledger_transactions'));

test('every resource is recorded in double entry; totals come side by side', async () => {
  let r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'HOURS', amount: '2.5', description: 'Prepared the meeting' });
  assert.equal(r.status, 201, r.text);
  r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'GOODS', amount: '3', value_amount: '12.50', description: 'Brought snacks' });
  assert.equal(r.status, 201, r.text);
  r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `org:${org.slug}`, resource: 'FAVOURS', amount: '1', description: 'Lent the room' });
  assert.equal(r.status, 201);
  r = await rec(conn, chA.slug, { kind: 'income', counterpart: `member:${mem.id}`, resource: 'EUR', amount: '15', category: 'tickets', description: 'Breakfast fee', visibility: 'public' });
  assert.equal(r.status, 201);
  r = await rec(conn, chA.slug, { kind: 'expense', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '5.20', category: 'printing', description: 'Name badges' });
  assert.equal(r.status, 201);
  const books = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json();
  const t = Object.fromEntries(books.totals.map((x) => [x.resource, x]));
  assert.equal(t.HOURS.balance, 150, 'hours are kept in minutes');
  assert.equal(t.HOURS.balance_text, '2.5 hours');
  assert.equal(t.GOODS.balance, 3);
  assert.equal(t.FAVOURS.balance, 1);
  assert.equal(t.EUR.balance, 980, '15.00 - 5.20 = 9.80 EUR in cents');
  assert.equal(t.EUR.balance_text, '9.80 EUR');
  const goods = books.lines.find((l) => l.resource === 'GOODS');
  assert.equal(goods.value_text, '12.50 EUR');
  const mine = (await mem.client.api('GET', '/me/ledger')).json();
  const given = Object.fromEntries(mine.totals.map((x) => [x.resource, x.outflow]));
  assert.equal(given.HOURS, 150);
  assert.equal(given.EUR, 1500);
  const bad = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'HOURS', amount: '1.555', description: 'x' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json().errors[0].field, 'amount');
  for (const amount of ['-5', '0', 'ten', '']) {
    const r2 = await rec(conn, chA.slug, { kind: 'income', counterpart: `member:${mem.id}`, resource: 'EUR', amount, description: 'x' });
    assert.equal(r2.status, 422, `amount ${JSON.stringify(amount)}`);
  }
  assert.equal((await rec(conn, chA.slug, { kind: 'income', counterpart: `member:${mem.id}`, resource: 'DOGECOIN', amount: '1', description: 'x' })).status, 422);
  assert.equal((await rec(conn, chA.slug, { kind: 'gift', counterpart: `member:${mem.id}`, resource: 'EUR', amount: '1', description: 'x' })).status, 422);
});

test('baskets: money funded for a purpose is spent on that purpose, never beyond what it holds', async () => {
  const b = await conn.client.api('POST', `/chapters/${chA.slug}/baskets`, { name: 'Venue 2027', purpose: 'venue' });
  assert.equal(b.status, 201);
  const basket = b.json().basket.id;
  assert.equal((await conn.client.api('POST', `/chapters/${chA.slug}/baskets`, { name: 'Venue 2027', purpose: 'venue' })).status, 422, 'names are unique');
  let r = await rec(conn, chA.slug, { kind: 'basket_funding', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '500', basket, description: 'Venue sponsorship', visibility: 'public' });
  assert.equal(r.status, 201);
  const before = count();
  r = await rec(conn, chA.slug, { kind: 'basket_spending', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '600', basket, description: 'Too much' });
  assert.equal(r.status, 409);
  assert.match(r.json().detail, /holds 500\.00 EUR; it cannot pay 600\.00 EUR/);
  r = await rec(conn, chA.slug, { kind: 'basket_spending', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '50', basket, category: 'catering', description: 'Wrong purpose' });
  assert.equal(r.status, 422);
  assert.equal(r.json().errors[0].field, 'category');
  const other = (await conn2.client.api('POST', `/chapters/${chB.slug}/baskets`, { name: 'B fund', purpose: 'food' })).json().basket.id;
  r = await rec(conn, chA.slug, { kind: 'basket_spending', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '5', basket: other, description: 'Not ours' });
  assert.equal(r.status, 422, 'the basket of another chapter');
  assert.equal(count(), before, 'nothing was posted');
  r = await rec(conn, chA.slug, { kind: 'basket_spending', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '320', basket, description: 'The room for January' });
  assert.equal(r.status, 201);
  const books = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json();
  const vb = books.baskets.find((x) => x.id === basket);
  assert.equal(vb.balances.find((x) => x.resource === 'EUR').balance, 18000);
  const spend = books.lines.find((l) => l.description === 'The room for January');
  assert.equal(spend.category, 'venue', 'spending takes the basket purpose as its category');
  // giving the funding back after part was spent would overdraw the basket
  const funding = books.lines.find((l) => l.description === 'Venue sponsorship');
  const back = await conn.client.api('POST', `/chapters/${chA.slug}/ledger/${funding.id}/reverse`, {});
  assert.equal(back.status, 409);
});

test('transfers move between units only: a cross-subsidy reaches the other chapter', async () => {
  const before = count();
  let r = await rec(conn, chA.slug, { kind: 'transfer', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '1', description: 'x' });
  assert.equal(r.status, 422);
  assert.match(r.json().detail, /between units of the network/);
  r = await rec(conn, chA.slug, { kind: 'transfer', counterpart: `chapter:${chA.slug}`, resource: 'EUR', amount: '1', description: 'to itself' });
  assert.equal(r.status, 422);
  r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: 'chapter:no-such-chapter', resource: 'EUR', amount: '1', description: 'x' });
  assert.equal(r.status, 422);
  assert.equal(count(), before);
  r = await rec(conn, chA.slug, { kind: 'transfer', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '4.80', description: 'Subsidy for chapter B', visibility: 'network' });
  assert.equal(r.status, 201);
  const b = (await conn2.client.api('GET', `/chapters/${chB.slug}/ledger`)).json();
  assert.equal(b.totals.find((x) => x.resource === 'EUR').balance, 480);
  const cmp = (await new Client().get(`/api/v1/places/${geo.metro.slug}/ledger`)).json();
  const a = cmp.chapters.find((x) => x.slug === chA.slug);
  const bb = cmp.chapters.find((x) => x.slug === chB.slug);
  assert.equal(bb.flows.EUR.inflow, 480);
  assert.ok(a.flows.EUR.outflow >= 480);
  assert.ok(a.flows.HOURS.inflow >= 150);
  assert.ok(cmp.columns.includes('HOURS'));
});

// Every chapter of a place's comparison, page after page (paging.next), with the answers read.
async function comparison(slug, perPage) {
  const chapters = [], answers = [];
  let url = `/api/v1/places/${slug}/ledger?per_page=${perPage}`;
  while (url) {
    const r = await new Client().get(url);
    assert.equal(r.status, 200, r.text);
    const body = r.json();
    assert.ok(body.chapters.length <= perPage);
    chapters.push(...body.chapters);
    answers.push(body);
    url = body.paging.next;
  }
  return { chapters, answers };
}

test('the place comparison comes in pages of chapters by name, each chapter\'s flows its account\'s and its baskets\' totals', async () => {
  // chapter A's basket (funded and spent above) counts in A's flows (ledger_unit_totals)
  assert.ok(Number(sql(`SELECT count(*) FROM ledger_totals t JOIN ledger_accounts b ON b.id = t.account_id JOIN ledger_accounts u ON u.id = b.parent_id
                         WHERE b.kind = 'basket' AND u.kind = 'chapter' AND u.ref_id = ${chA.id}`)) > 0, 'chapter A has a basket with totals');
  let r;
  const whole = await comparison(geo.metro.slug, 200);
  assert.ok(whole.chapters.length >= 2, 'chapters A and B have books');
  const one = await comparison(geo.metro.slug, 1);
  assert.deepEqual(one.chapters, whole.chapters, 'one a page: the same chapters in the same order, none twice');
  assert.equal(one.answers.length, whole.chapters.length + (whole.chapters.length ? 0 : 1));
  assert.equal(one.answers[0].paging.prev, null);
  assert.equal(one.answers[0].paging.total, undefined, 'a city\'s chapters are not counted');
  const names = whole.chapters.map((c) => c.name);
  assert.deepEqual(names, [...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)), 'by name');
  // a region's (its cities' chapters) are counted
  const region = await comparison(geo.region.slug, 1);
  assert.equal(region.answers[0].paging.total, region.chapters.length);
  for (const c of whole.chapters) assert.ok(region.chapters.some((x) => x.slug === c.slug), `${c.slug} is in its region's`);
  // each chapter's flows are the sums of its account's and its baskets' totals
  for (const c of whole.chapters) {
    const sums = sql(`SELECT t.resource || ' ' || sum(t.inflow) || ' ' || sum(t.outflow) FROM ledger_totals t
                        JOIN ledger_accounts a ON a.id = t.account_id LEFT JOIN ledger_accounts u ON u.id = a.parent_id
                       WHERE (a.kind = 'chapter' AND a.ref_id = (SELECT id FROM chapters WHERE slug = '${c.slug}'))
                          OR (a.kind = 'basket' AND u.kind = 'chapter' AND u.ref_id = (SELECT id FROM chapters WHERE slug = '${c.slug}'))
                       GROUP BY t.resource ORDER BY t.resource`).split('\n');
    assert.deepEqual(Object.entries(c.flows).map(([res, f]) => `${res} ${f.inflow} ${f.outflow}`), sums, c.slug);
  }
  // the pages' pager, and a page past the last
  r = await new Client().get(`/places/${geo.metro.slug}/ledger?per_page=1&page=2`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<nav class="pager" aria-label="Pages">/);
  assert.match(r.text, new RegExp(`href="/places/${geo.metro.slug}/ledger\\?per_page=1" rel="prev"`));
  r = await new Client().get(`/places/${geo.metro.slug}/ledger?page=999`);
  assert.match(r.text, /There are no more chapters with books here/);
  assert.doesNotMatch(r.text, /has recorded anything yet/);
  r = await new Client().get(`/api/v1/places/${geo.metro.slug}/ledger?per_page=0`);
  assert.equal(r.status, 400);
});

test('explicit postings: balanced splits pass; unbalanced and wrong-unit ones are refused, changing nothing', async () => {
  const before = count();
  let r = await rec(conn, chA.slug, { kind: 'contribution', description: 'Unbalanced', postings: [
    { account: `org:${org.slug}`, resource: 'EUR', amount: '-100' }, { account: `chapter:${chA.slug}`, resource: 'EUR', amount: '90' }] });
  assert.equal(r.status, 422);
  assert.match(r.json().detail, /do not balance/);
  r = await rec(conn, chA.slug, { kind: 'transfer', description: 'Taking from B', postings: [
    { account: `chapter:${chB.slug}`, resource: 'EUR', amount: '-10' }, { account: `chapter:${chA.slug}`, resource: 'EUR', amount: '10' }] });
  assert.equal(r.status, 403, 'only the keepers of B\'s books take from it');
  assert.match(r.json().detail, /keep the books of/);
  assert.equal(r.json().errors[0].field, 'postings');
  r = await rec(conn, chA.slug, { kind: 'contribution', description: 'Not ours at all', postings: [
    { account: `org:${org.slug}`, resource: 'EUR', amount: '-10' }, { account: `chapter:${chB.slug}`, resource: 'EUR', amount: '10' }] });
  assert.equal(r.status, 422);
  r = await rec(conn, chA.slug, { kind: 'contribution', description: 'Mixed units', postings: [
    { account: `org:${org.slug}`, resource: 'EUR', amount: '-10' }, { account: `chapter:${chA.slug}`, resource: 'HOURS', amount: '10' }] });
  assert.equal(r.status, 422);
  assert.equal(count(), before);
  r = await rec(conn, chA.slug, { kind: 'contribution', description: 'A cheque split between two chapters', visibility: 'public', postings: [
    { account: `org:${org.slug}`, resource: 'EUR', amount: '-100' }, { account: `chapter:${chA.slug}`, resource: 'EUR', amount: '60' },
    { account: `chapter:${chB.slug}`, resource: 'EUR', amount: '40' }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(count(), before + 1);
});

test('an idempotency key makes a retry harmless', async () => {
  const key = unique('idem');
  const body = { kind: 'income', counterpart: `member:${mem.id}`, resource: 'EUR', amount: '10', description: 'Retried' };
  const first = await rec(conn, chA.slug, body, { headers: { 'Idempotency-Key': key } });
  assert.equal(first.status, 201);
  const before = count();
  const again = await rec(conn, chA.slug, body, { headers: { 'Idempotency-Key': key } });
  assert.equal(again.status, 200);
  assert.equal(again.json().transaction.is_repeat, true);
  assert.equal(again.json().transaction.id, first.json().transaction.id);
  const viaField = await rec(conn, chA.slug, { ...body, idempotency_key: key });
  assert.equal(viaField.json().transaction.id, first.json().transaction.id);
  assert.equal(count(), before, 'nothing new');
  const otherPerson = await rec(conn2, chB.slug, { ...body, counterpart: `member:${conn2.id}` }, { headers: { 'Idempotency-Key': key } });
  assert.equal(otherPerson.status, 201, 'keys belong to the person who sends them');
});

test('corrections are reversals: the books keep both, once', async () => {
  const r = await rec(conn, chA.slug, { kind: 'expense', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '7', description: 'Mistake', category: 'food' });
  const id = r.json().transaction.id;
  assert.equal((await mem.client.api('POST', `/chapters/${chA.slug}/ledger/${id}/reverse`, {})).status, 403);
  assert.equal((await conn2.client.api('POST', `/chapters/${chB.slug}/ledger/${id}/reverse`, {})).status, 404, 'not in B\'s books');
  const rev = await conn.client.api('POST', `/chapters/${chA.slug}/ledger/${id}/reverse`, {});
  assert.equal(rev.status, 201);
  assert.equal((await conn.client.api('POST', `/chapters/${chA.slug}/ledger/${id}/reverse`, {})).status, 409);
  assert.equal((await conn.client.api('POST', `/chapters/${chA.slug}/ledger/${rev.json().transaction.id}/reverse`, {})).status, 409);
  assert.equal((await conn.client.api('POST', `/chapters/${chA.slug}/ledger/999999/reverse`, {})).status, 404);
  const both = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json().lines.filter((l) => /Mistake/.test(l.description));
  assert.equal(both.length, 2);
  assert.equal(both.reduce((s, l) => s + l.amount, 0), 0);
});

test('expense claims wait for a connector; approving posts the expense', async () => {
  const c = await mem.client.api('POST', `/chapters/${chA.slug}/claims`, { description: 'Coffee for the meeting', amount: '8.40', resource: 'EUR', category: 'food' });
  assert.equal(c.status, 201);
  const huge = await mem.client.api('POST', `/chapters/${chA.slug}/claims`, { description: 'A castle', amount: '10000000000.01', resource: 'EUR' });
  assert.equal(huge.status, 422, 'a claim no entry could pay is refused when it is made, not when it is approved');
  assert.match(huge.json().errors[0].message, /at most 10000000000\.00 EUR/);
  const before = count();
  const claims = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json().claims;
  const claim = claims.find((x) => x.description === 'Coffee for the meeting');
  assert.equal(claim.status, 'pending');
  assert.equal((await mem.client.api('POST', `/chapters/${chA.slug}/claims/${claim.id}/approve`, {})).status, 403);
  assert.equal((await conn2.client.api('POST', `/chapters/${chB.slug}/claims/${claim.id}/approve`, {})).status, 404);
  const ok = await conn.client.api('POST', `/chapters/${chA.slug}/claims/${claim.id}/approve`, {});
  assert.equal(ok.status, 200);
  assert.equal(count(), before + 1);
  assert.equal((await conn.client.api('POST', `/chapters/${chA.slug}/claims/${claim.id}/decline`, {})).status, 409);
  const line = (await mem.client.api('GET', '/me/ledger')).json().lines.find((l) => l.description === 'Coffee for the meeting');
  assert.equal(line.amount, 840, 'the member is paid back');
  assert.equal((await mem.client.api('POST', `/chapters/${chA.slug}/claims`, { description: 'hours', amount: '1', resource: 'HOURS' })).status, 422);
  assert.equal((await outsider.client.api('POST', `/chapters/${chA.slug}/claims`, { description: 'x', amount: '1', resource: 'EUR' })).status, 403);
});

test('quick capture records the small contributions of a meeting', async () => {
  const date = new Date(Date.now() + 3600e3).toISOString().slice(0, 10);
  const m = (await conn.client.api('POST', `/chapters/${chA.slug}/meetings`, { date, time: '22:00' })).json().meeting;
  const r = await conn.client.api('POST', `/chapters/${chA.slug}/meetings/${m.id}/contributions`, {
    who: [`member:${mem.id}`, `member:${conn.id}`, `org:${org.slug}`], resource: ['HOURS', 'GOODS', 'FAVOURS'], amount: ['1', '2', '1'],
    note: ['Set up the room', 'Brought pastries', 'Lent the room'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json().recorded, 3);
  const form = await conn.client.post(`/chapters/${chA.slug}/meetings/${m.id}/contributions`, { who: ['', `member:${mem.id}`], resource: ['HOURS', 'HOURS'], amount: ['', '0.5'], note: ['', 'Cleaned up'] });
  assert.equal(form.status, 303, 'empty rows are skipped');
  const lines = sql(`SELECT count(*) FROM ledger_transactions WHERE meeting_id = ${m.id}`);
  assert.equal(lines, '4');
  assert.equal((await mem.client.api('POST', `/chapters/${chA.slug}/meetings/${m.id}/contributions`, { who: [`member:${mem.id}`], resource: ['HOURS'], amount: ['1'] })).status, 403);
  assert.equal((await conn.client.api('POST', `/chapters/${chA.slug}/meetings/${m.id}/contributions`, { who: [`member:${mem.id}`], resource: ['HOURS'], amount: ['-1'] })).status, 422);
});

test('managed transparency: no reader without access finds a hidden line anywhere; the totals still add up', async () => {
  const mk = (v) => `MARK${v.toUpperCase()}${unique()}`;
  const marks = { network: mk('network'), unit: mk('unit'), parties: mk('parties') };
  for (const [visibility, marker] of Object.entries(marks)) {
    const r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '3', visibility,
      description: `Gift ${marker}`, category: `cat-${marker}` });
    assert.equal(r.status, 201);
  }
  const publicMark = mk('public');
  await rec(conn, chA.slug, { kind: 'contribution', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '1', visibility: 'public', description: `Gift ${publicMark}` });
  await conn.client.api('POST', `/chapters/${chA.slug}/canvas`, { value_proposition: 'Stories from peers' });

  const anon = new Client();
  const readers = {
    anonymous: { c: anon, sees: [] },
    outsider: { c: outsider.client, sees: ['network'] },
    'other connector': { c: conn2.client, sees: ['network'] },
    member: { c: mem.client, sees: ['network', 'unit'] },
    connector: { c: conn.client, sees: ['network', 'unit', 'parties'] },
    administrator: { c: adm, sees: ['network', 'unit', 'parties'] },
  };
  const pages = [
    `/chapters/${chA.slug}/ledger`, `/api/v1/chapters/${chA.slug}/ledger`, `/chapters/${chA.slug}/ledger.csv`,
    `/chapters/${chA.slug}/ledger.journal`, `/api/v1/chapters/${chA.slug}/ledger.csv`, '/ledger', '/api/v1/ledger', '/ledger.csv', '/ledger.journal',
    `/chapters/${chA.slug}/canvas`, `/api/v1/chapters/${chA.slug}/canvas`, `/places/${geo.metro.slug}/canvas`, `/api/v1/places/${geo.country.slug}/canvas`,
    '/ledger/canvas', `/api/v1/places/${geo.metro.slug}/ledger`, `/organisations/${org.slug}`, `/api/v1/organisations/${org.slug}`,
    '/me/ledger', '/api/v1/me/ledger', `/chapters/${chA.slug}`, `/api/v1/chapters/${chA.slug}/ledger?from=2000-01-01`,
    `/api/v1/chapters/${chA.slug}/ledger?from=bad`, '/api/v1/ledger/999', `/chapters/${chA.slug}/ledger/1/reverse`,
  ];
  let totals;
  for (const [who, { c, sees }] of Object.entries(readers)) {
    for (const p of pages) {
      const r = await c.get(p);
      for (const [visibility, marker] of Object.entries(marks)) {
        if (sees.includes(visibility)) continue;
        assert.ok(!r.text.includes(marker), `${who} found the ${visibility} line at ${p} (${r.status})`);
      }
    }
    const books = (await c.get(`/api/v1/chapters/${chA.slug}/ledger`)).json();
    const eur = books.totals.find((x) => x.resource === 'EUR').balance;
    if (totals === undefined) totals = eur;
    assert.equal(eur, totals, `${who} sees the same total`);
    // the lines shown plus the hidden ones add up to the movement of the period
    const shown = books.lines.filter((l) => l.resource === 'EUR').reduce((s, l) => s + l.amount, 0);
    const hidden = (books.hidden.by_resource.find((x) => x.resource === 'EUR') || { amount: 0 }).amount;
    assert.equal(shown + hidden, eur, `${who}: visible ${shown} + hidden ${hidden} = total ${eur}`);
    const csv = (await c.get(`/chapters/${chA.slug}/ledger.csv`)).text;
    assert.ok(csv.includes(publicMark), `${who} sees the public line in the CSV`);
    for (const visibility of sees) assert.ok((await c.get(`/chapters/${chA.slug}/ledger`)).text.includes(marks[visibility]), `${who} sees the ${visibility} line`);
  }
  const anonBooks = (await anon.get(`/api/v1/chapters/${chA.slug}/ledger`)).json();
  assert.ok(anonBooks.hidden.count >= 3);
  assert.match(anonBooks.hidden.summary, /not shown to you/);
  const canvas = (await anon.get(`/api/v1/chapters/${chA.slug}/canvas`)).json().canvas;
  assert.ok(canvas.key_partners.some((p) => p.name === 'Undisclosed'), 'hidden gifts are grouped as undisclosed');
  assert.ok(canvas.key_partners.some((p) => p.name === org.name), 'public gifts name their giver');
  assert.equal(canvas.texts.value_proposition, 'Stories from peers');
});

test('CSV exports are safe to open in a spreadsheet', async () => {
  await rec(conn, chA.slug, { kind: 'income', counterpart: `member:${mem.id}`, resource: 'EUR', amount: '2', visibility: 'public', description: '=HYPERLINK("http://evil.example","click")', category: '+SUM(A1:A9)' });
  const csv = (await new Client().get(`/chapters/${chA.slug}/ledger.csv`)).text;
  assert.match(csv, /"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)"/);
  assert.match(csv, /"'\+SUM\(A1:A9\)"/);
  assert.doesNotMatch(csv, /(^|,)"=/m);
  assert.match(csv.split('\r\n')[0], /^"date","entry","kind"/);
});

test('the plain-text journal is read by a real accounting tool, with Glocal\'s balances', async () => {
  const journal = (await conn.client.get(`/chapters/${chA.slug}/ledger.journal`)).text;
  const dir = mkdtempSync(join(tmpdir(), 'glocal-journal-'));
  const file = join(dir, 'books.journal');
  writeFileSync(file, journal);
  const out = spawnSync('ledger', ['-f', file, 'balance', '--flat', '--no-total'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  // "  1100.00 EUR  Baskets:venue-2027-2"; an account with several commodities has its name on the last line
  const byAccount = {};
  let pending = [];
  for (const line of out.stdout.split('\n')) {
    const m = line.match(/^\s*(-?[\d,]+(?:\.\d+)?)\s+([A-Z]+)(?:\s{2,}(\S.*))?$/);
    if (!m) continue;
    pending.push([Number(m[1].replace(/,/g, '')), m[2]]);
    if (m[3]) {
      for (const [qty, commodity] of pending) byAccount[`${m[3].trim()}|${commodity}`] = qty;
      pending = [];
    }
  }
  assert.ok(Object.keys(byAccount).some((k) => k.startsWith('Chapters:')), out.stdout);
  const books = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json();
  const glocalEur = books.totals.find((x) => x.resource === 'EUR').balance / 100;
  const glocalMin = books.totals.find((x) => x.resource === 'HOURS').balance;
  const acct = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json().account_id;
  const own = Object.entries(byAccount).filter(([k]) => (k.startsWith('Chapters:') && k.includes(`-${acct}|`)) || k.startsWith('Baskets:'));
  const eur = own.filter(([k]) => k.endsWith('|EUR')).reduce((s, [, v]) => s + v, 0);
  const min = own.filter(([k]) => k.endsWith('|MIN')).reduce((s, [, v]) => s + v, 0);
  assert.ok(Math.abs(eur - glocalEur) < 0.001, `ledger says ${eur} EUR, Glocal ${glocalEur}`);
  assert.equal(min, glocalMin, 'minutes match');
  const check = spawnSync('ledger', ['-f', file, 'balance'], { encoding: 'utf8' });
  assert.equal(check.status, 0);
});

test('the journal is in date order (hledger check ordereddates), chain order within a day', async () => {
  const day = (ago) => new Date(Date.now() - ago * 86400000).toISOString().slice(0, 10);
  // recorded late: the chain has the newer date first
  const tag = unique();
  for (const [ago, what] of [[2, 'second'], [9, 'first'], [2, 'third']]) {
    const r = await rec(conn, chA.slug, { kind: 'expense', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '1', category: 'printing',
      description: `Late ${what} ${tag}`, occurred_on: day(ago), visibility: 'public' });
    assert.equal(r.status, 201, r.text);
  }
  const dir = mkdtempSync(join(tmpdir(), 'glocal-journal-'));
  for (const [path, who] of [[`/chapters/${chA.slug}/ledger.journal`, conn.client], ['/ledger.journal', new Client()]]) {
    const journal = (await who.get(path)).text;
    const file = join(dir, 'books.journal');
    writeFileSync(file, journal);
    const check = spawnSync('hledger', ['-f', file, 'check', 'ordereddates'], { encoding: 'utf8' });
    assert.equal(check.error, undefined, String(check.error));
    assert.equal(check.status, 0, `${path}: ${check.stderr}`);
    const order = [...journal.matchAll(new RegExp(`Late (\\w+) ${tag}`, 'g'))].map((m) => m[1]);
    assert.deepEqual(order, ['first', 'second', 'third'], `${path}: by date, then as recorded`);
  }
});

test('the books\' statements are in date order, newest first, chain order within a day', async () => {
  const day = (ago) => new Date(Date.now() - ago * 86400000).toISOString().slice(0, 10);
  const tag = unique();
  for (const [ago, what] of [[1, 'b'], [6, 'd'], [1, 'a'], [3, 'c']]) {
    const r = await rec(conn, chA.slug, { kind: 'expense', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '1', category: 'printing',
      description: `Stated ${what} ${tag}`, occurred_on: day(ago), visibility: 'public' });
    assert.equal(r.status, 201, r.text);
  }
  const mine = (lines) => lines.filter((l) => l.description?.endsWith(tag)).map((l) => l.description.split(' ')[1]);
  const books = (await conn.client.api('GET', `/chapters/${chA.slug}/ledger`)).json();
  assert.deepEqual(mine(books.lines), ['a', 'b', 'c', 'd'], 'newest date first; the later recorded first within a day');
  const dates = books.lines.map((l) => l.occurred_on);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'every line of the chapter\'s statement in date order');
  const network = (await new Client().api('GET', '/ledger')).json();
  assert.deepEqual(mine(network.lines), ['a', 'b', 'c', 'd'], 'the network\'s statement too, each entry once');
  const page = (await conn.client.get(`/chapters/${chA.slug}/ledger`)).text;
  const shown = [...page.matchAll(new RegExp(`Stated (\\w) ${tag}`, 'g'))].map((m) => m[1]);
  assert.deepEqual(shown, ['a', 'b', 'c', 'd']);
});

test('the public books show each entry once, from its payer to its recipient, where both sides are on the page', async () => {
  const tag = unique();
  let r = await rec(conn, chA.slug, { kind: 'income', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '1234.5', category: 'sponsorship',
    description: `Sponsor cheque ${tag}`, visibility: 'public' });
  assert.equal(r.status, 201, r.text);
  r = await rec(conn, chA.slug, { kind: 'transfer', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '7', description: `Shared costs ${tag}`, visibility: 'public' });
  assert.equal(r.status, 201, r.text);
  const network = (await new Client().api('GET', '/ledger')).json();
  assert.ok(network.lines.length > 10);
  assert.deepEqual(network.lines.filter((l) => l.amount < 0), [], 'no side that gave on the network\'s books: each entry shows what went in');
  const split = network.lines.filter((l) => l.description === 'A cheque split between two chapters');
  assert.deepEqual(split.map((l) => l.amount).sort(), [4000, 6000], 'a split shows each chapter\'s share');
  const cheque = network.lines.filter((l) => l.description === `Sponsor cheque ${tag}`);
  assert.equal(cheque.length, 1);
  assert.equal(cheque[0].is_move, true);
  assert.equal(cheque[0].payer, org.name);
  assert.match(cheque[0].recipient, new RegExp(chA.name));
  assert.equal(cheque[0].amount, 123450, 'the side that received');
  const page = (await new Client().get('/ledger')).text;
  assert.equal(page.split(`Sponsor cheque ${tag}`).length - 1, 1, 'the page shows the cheque once');
  assert.match(page, /1,234\.50 EUR/);
  assert.doesNotMatch(page, /-1,234\.50 EUR/, 'not its other side');
  // on one chapter's books the transfer has one side only: it keeps its sign and its counterparty
  const a = (await new Client().api('GET', `/chapters/${chA.slug}/ledger`)).json().lines.filter((l) => l.description === `Shared costs ${tag}`);
  assert.equal(a.length, 1);
  assert.equal(a[0].amount, -700);
  assert.equal(a[0].is_move, undefined);
  assert.match(a[0].counterparty, new RegExp(chB.name));
  const moved = network.lines.filter((l) => l.description === `Shared costs ${tag}`);
  assert.equal(moved.length, 1);
  assert.equal(moved[0].amount, 700);
});

test('the head of the chain is signed by the node and verifies with its public key', async () => {
  const head = (await new Client().get('/api/v1/ledger/head')).json().head;
  assert.equal(head.algorithm, 'Ed25519');
  assert.ok(head.seq >= 1);
  const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(head.public_key, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(crypto.verify(null, Buffer.from(head.message), key, Buffer.from(head.signature, 'hex')));
  assert.ok(!crypto.verify(null, Buffer.from(head.message.replace(/:\d+:/, ':1:')), key, Buffer.from(head.signature, 'hex')));
  assert.match(head.message, new RegExp(`^glocal-ledger-head:${head.seq}:${head.hash}:`));
  const last = sql('SELECT hash FROM ledger_transactions ORDER BY seq DESC LIMIT 1');
  assert.equal(head.hash, last);
});

function verify() {
  const r = spawnSync(BIN, ['verify', '--db', DB], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

function untrigger(table, fn) {
  if (sqlite) {
    const names = [`${table}_no_update`, `${table}_no_delete`];
    const saved = sql(`SELECT group_concat(sql, ';' || char(10)) || ';' FROM sqlite_master WHERE type = 'trigger' AND name IN ('${names.join("', '")}')`);
    sql(names.map((n) => `DROP TRIGGER ${n};`).join(' '));
    try { fn(); } finally { sql(saved); }
  } else {
    sql(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_no_change`);
    try { fn(); } finally { sql(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_no_change`); }
  }
}

test('the books are append-only, enforced by the database', () => {
  assert.throws(() => sql('UPDATE ledger_postings SET amount = amount + 1 WHERE id = (SELECT min(id) FROM ledger_postings)'), /append-only/);
  assert.throws(() => sql('DELETE FROM ledger_transactions WHERE seq = 1'), /append-only/);
  // and bounded: what the program would refuse, the database refuses too
  const tx = sql('SELECT min(id) FROM ledger_transactions');
  for (const amount of ['1000000000001', '-1000000000001', '0']) {
    assert.throws(() => sql(`INSERT INTO ledger_postings (transaction_id, account_id, resource, amount) SELECT ${tx}, min(id), 'EUR', ${amount} FROM ledger_accounts`),
      /ledger_postings refuses this row \(amount_bounds\)/, `a posting of ${amount}`);
  }
  assert.throws(() => sql(`UPDATE ledger_totals SET inflow = 4000000000000000001 WHERE account_id = (SELECT min(account_id) FROM ledger_totals)`),
    /ledger_totals refuses this row \(bounds\)/);
  assert.throws(() => sql(`UPDATE ledger_totals SET inflow = inflow + 9223372036854775000 WHERE account_id = (SELECT min(account_id) FROM ledger_totals)`),
    sqlite ? /refuses this row/ : /out of range|refuses this row/, 'an overflowing sum is refused, not turned into a float');
  assert.throws(() => sql(`UPDATE resources SET max_amount = 1000000000001 WHERE code = 'EUR'`), /resources refuses this row \(bounds\)/);
  assert.throws(() => sql(`DELETE FROM ledger_accounts WHERE id = (SELECT max(id) FROM ledger_accounts)`), /append-only/);
});

test('glocal verify names the first entry that was changed, removed or reordered behind the program\'s back', () => {
  let v = verify();
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /intact/);
  // one of this file's contributions: nothing but its postings refers to it (other files' entries may be
  // referred to by a ticket or a sponsorship), so it can be taken out and put back
  const seq = Number(sql(`SELECT seq FROM ledger_transactions WHERE recorded_by = ${conn.id} AND kind = 'contribution' ORDER BY seq LIMIT 1 OFFSET 1`));
  const post = sql(`SELECT p.id || '|' || p.amount FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id WHERE t.seq = ${seq} ORDER BY p.id LIMIT 1`).split('|');
  // change an amount
  untrigger('ledger_postings', () => sql(`UPDATE ledger_postings SET amount = amount + 1 WHERE id = ${post[0]}`));
  v = verify();
  assert.equal(v.code, 1);
  assert.match(v.out, new RegExp(`BROKEN at entry ${seq} `));
  assert.match(v.out, /contents do not match/);
  untrigger('ledger_postings', () => sql(`UPDATE ledger_postings SET amount = ${post[1]} WHERE id = ${post[0]}`));
  assert.equal(verify().code, 0);
  // change a description
  const desc = sql(`SELECT description FROM ledger_transactions WHERE seq = ${seq}`);
  untrigger('ledger_transactions', () => sql(`UPDATE ledger_transactions SET description = 'tampered' WHERE seq = ${seq}`));
  v = verify();
  assert.match(v.out, new RegExp(`BROKEN at entry ${seq} `));
  untrigger('ledger_transactions', () => sql(`UPDATE ledger_transactions SET description = '${desc.replace(/'/g, "''")}' WHERE seq = ${seq}`));
  assert.equal(verify().code, 0);
  // reorder two entries
  untrigger('ledger_transactions', () => sql(`UPDATE ledger_transactions SET seq = -1 WHERE seq = ${seq}; UPDATE ledger_transactions SET seq = ${seq} WHERE seq = ${seq + 1}; UPDATE ledger_transactions SET seq = ${seq + 1} WHERE seq = -1`));
  v = verify();
  assert.equal(v.code, 1);
  assert.match(v.out, new RegExp(`BROKEN at entry ${seq} `));
  assert.match(v.out, /link to the entry before/);
  untrigger('ledger_transactions', () => sql(`UPDATE ledger_transactions SET seq = -1 WHERE seq = ${seq}; UPDATE ledger_transactions SET seq = ${seq} WHERE seq = ${seq + 1}; UPDATE ledger_transactions SET seq = ${seq + 1} WHERE seq = -1`));
  assert.equal(verify().code, 0);
  // remove one (its postings first), then put it back
  const row = sql(`SELECT id FROM ledger_transactions WHERE seq = ${seq}`);
  untrigger('ledger_postings', () => untrigger('ledger_transactions', () => {
    sql(`CREATE TABLE saved_tx AS SELECT * FROM ledger_transactions WHERE id = ${row}`);
    sql(`CREATE TABLE saved_postings AS SELECT * FROM ledger_postings WHERE transaction_id = ${row}`);
    sql(`DELETE FROM ledger_postings WHERE transaction_id = ${row}`);
    sql(`DELETE FROM ledger_transactions WHERE id = ${row}`);
  }));
  v = verify();
  assert.equal(v.code, 1);
  assert.match(v.out, new RegExp(`BROKEN at entry ${seq + 1} `));
  assert.match(v.out, /jumps|missing/);
  untrigger('ledger_postings', () => untrigger('ledger_transactions', () => {
    sql('INSERT INTO ledger_transactions SELECT * FROM saved_tx');
    sql('INSERT INTO ledger_postings SELECT * FROM saved_postings');
    sql('DROP TABLE saved_tx; DROP TABLE saved_postings');
  }));
  v = verify();
  assert.equal(v.code, 0, v.out);
});

test('glocal verify names the first account whose totals no longer add up to its postings', () => {
  // balances are read from ledger_totals, kept beside the postings; a row changed behind the program's back
  // leaves the chain intact but shows a wrong balance
  const acct = Number(sql(`SELECT id FROM ledger_accounts WHERE kind = 'chapter' AND ref_id = ${chA.id}`));
  const res = sql(`SELECT resource FROM ledger_totals WHERE account_id = ${acct} ORDER BY resource LIMIT 1`);
  const where = `account_id = ${acct} AND resource = '${res}'`;
  let v = verify();
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /the totals match the postings: \d+ totals \(of an account in a resource\) checked/);
  sql(`UPDATE ledger_totals SET outflow = outflow + 1 WHERE ${where}`);
  try {
    v = verify();
    assert.equal(v.code, 1, v.out);
    assert.match(v.out, /the books are intact/, 'the chain itself is');
    assert.match(v.out, new RegExp(`TOTALS DRIFT at account ${acct} \\(chapter "[^"]*"\\), ${res}: ledger_totals holds in [0-9.]+, out [0-9.]+; its postings add up to in [0-9.]+, out [0-9.]+`));
  } finally {
    sql(`UPDATE ledger_totals SET outflow = outflow - 1 WHERE ${where}`);
  }
  v = verify();
  assert.equal(v.code, 0, v.out);
});

test('glocal verify names the first unit whose totals (its account and baskets) no longer add up to their postings', () => {
  // a chapter's totals and its place's comparison of chapters are read from ledger_unit_totals, kept
  // beside the postings by ledger_append: derived, so a row changed behind the program's back is found
  // (few runs of verify: each blocks this process, see sendKeptAlive in lib.mjs)
  const acct = Number(sql(`SELECT id FROM ledger_accounts WHERE kind = 'chapter' AND ref_id = ${chA.id}`));
  const res = sql(`SELECT resource FROM ledger_unit_totals WHERE unit_id = ${acct} ORDER BY resource LIMIT 1`);
  assert.ok(res, 'the chapter has totals');
  const where = `unit_id = ${acct} AND resource = '${res}'`;
  let v = verify();
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /the totals of the units match the postings: \d+ totals \(of a unit and its baskets in a resource\) checked/);
  sql(`UPDATE ledger_unit_totals SET inflow = inflow + 100 WHERE ${where}`);
  try {
    v = verifyWith('--explain');
    assert.equal(v.code, 1, v.out);
    assert.match(v.out, /the books are intact/, 'the chain itself is');
    assert.match(v.out, /the totals match the postings/, 'and so are the accounts\' totals');
    assert.match(v.out, new RegExp(`UNIT TOTALS DRIFT at unit account ${acct} \\(chapter "[^"]*"\\), ${res}: ledger_unit_totals holds in [0-9.]+, out [0-9.]+; the postings of the unit and its baskets add up to in [0-9.]+, out [0-9.]+`));
    assert.match(v.out, /ledger_unit_totals: unit account \d+ .*its place's comparison of chapters/s, '--explain says what it affects');
  } finally {
    sql(`UPDATE ledger_unit_totals SET inflow = inflow - 100 WHERE ${where}`);
  }
  // a row missing, and one with no postings behind it
  const saved = sql(`SELECT inflow || ',' || outflow FROM ledger_unit_totals WHERE ${where}`);
  const other = sql(`SELECT code FROM resources WHERE code NOT IN (SELECT resource FROM ledger_unit_totals WHERE unit_id = ${acct}) ORDER BY code LIMIT 1`);
  sql(`DELETE FROM ledger_unit_totals WHERE ${where}`);
  sql(`INSERT INTO ledger_unit_totals (unit_id, resource, inflow, outflow) VALUES (${acct}, '${other}', 5, 0)`);
  try {
    v = verifyWith('--explain');
    assert.equal(v.code, 1, v.out);
    assert.match(v.out, new RegExp(`ledger_unit_totals: unit account ${acct} [^\\n]*, ${res}[^\\n]*it has postings \\(in [0-9.]+, out [0-9.]+\\) but no row in ledger_unit_totals`));
    assert.match(v.out, new RegExp(`ledger_unit_totals: unit account ${acct} [^\\n]*, ${other}[^\\n]*ledger_unit_totals holds in [0-9.]+, out [0-9.]+; the postings of the unit and its baskets add up to in 0[^,]*, out 0`));
  } finally {
    sql(`INSERT INTO ledger_unit_totals (unit_id, resource, inflow, outflow) VALUES (${acct}, '${res}', ${saved})`);
    sql(`DELETE FROM ledger_unit_totals WHERE unit_id = ${acct} AND resource = '${other}'`);
  }
  // --rebuild-totals makes the table again
  sql(`UPDATE ledger_unit_totals SET outflow = outflow + 3 WHERE ${where}`);
  v = verifyWith('--rebuild-totals');
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /UNIT TOTALS DRIFT/);
  assert.equal(sql(`SELECT inflow || ',' || outflow FROM ledger_unit_totals WHERE ${where}`), saved, 'as the postings say');
  assert.equal(verify().code, 0);
});

// ---------- tamper evidence for everything the books mean (issue 10) ----------

// Runs fn with the named rules of a table switched off: on SQLite the triggers
// `<table>_<rule>_update` and `_delete` (or `_insert`), on PostgreSQL the trigger `<table>_<rule>`.
function without(table, rule, fn) {
  if (sqlite) {
    const names = sql(`SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${table}_${rule}_%'`).split(',');
    assert.ok(names.length >= 2, `the rule ${table}.${rule} has its triggers`);
    const saved = sql(`SELECT group_concat(sql, ';' || char(10)) || ';' FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${table}_${rule}_%'`);
    sql(names.map((n) => `DROP TRIGGER ${n};`).join(' '));
    try { fn(); } finally { sql(saved); }
  } else {
    sql(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_${rule}`);
    try { fn(); } finally { sql(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_${rule}`); }
  }
}

// The digest the program keeps of what an account stands for (account_digest in src/ledger/rules.c),
// computed here independently from its definition: each field length-prefixed.
function accountDigest(id, kind, ref, parent, name, purpose) {
  const h = crypto.createHash('sha256');
  const put = (s) => h.update(`${Buffer.byteLength(String(s))}:${s};`);
  put('glocal-account-v1'); put(id); put(kind); put(ref); put(parent || 0); put(name); put(purpose);
  return h.digest('hex');
}

function verifyWith(...args) {
  const r = spawnSync(BIN, ['verify', '--db', DB, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

// Totals and volume recomputed from the postings for the accounts an entry touched (what a careful
// attacker would do after removing it, so that the balances add up again).
function retotal() {
  sql(`UPDATE ledger_totals SET inflow = (SELECT coalesce(sum(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), 0) FROM ledger_postings p
         WHERE p.account_id = ledger_totals.account_id AND p.resource = ledger_totals.resource),
       outflow = (SELECT coalesce(sum(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END), 0) FROM ledger_postings p
         WHERE p.account_id = ledger_totals.account_id AND p.resource = ledger_totals.resource)`);
  sql('UPDATE ledger_volume SET volume = (SELECT coalesce(sum(t.inflow), 0) FROM ledger_totals t WHERE t.resource = ledger_volume.resource)');
  // and each unit's totals (its own account and its baskets), which the chapters' and places' pages read
  sql(`UPDATE ledger_unit_totals SET inflow = (SELECT coalesce(sum(t.inflow), 0) FROM ledger_totals t JOIN ledger_accounts a ON a.id = t.account_id
         WHERE t.resource = ledger_unit_totals.resource AND (a.id = ledger_unit_totals.unit_id OR (a.kind = 'basket' AND a.parent_id = ledger_unit_totals.unit_id))),
       outflow = (SELECT coalesce(sum(t.outflow), 0) FROM ledger_totals t JOIN ledger_accounts a ON a.id = t.account_id
         WHERE t.resource = ledger_unit_totals.resource AND (a.id = ledger_unit_totals.unit_id OR (a.kind = 'basket' AND a.parent_id = ledger_unit_totals.unit_id)))`);
}

// The head file as the server publishes it (on a thread of its own, moments after each commit), once it
// holds the newest entry of the books; gives up after five seconds.
async function published() {
  const file = process.env.GLOCAL_HEAD_FILE;
  assert.ok(file, 'tests/run names the head file');
  const newest = Number(sql('SELECT max(seq) FROM ledger_transactions'));
  let head = null;
  for (let i = 0; i < 100; i++) {
    try { head = JSON.parse(readFileSync(file, 'utf8')); } catch { head = null; }
    if (head && head.seq === newest) return head;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the head file holds entry ${head?.seq}, not the newest, ${newest}`);
}

test('the signed head of the books is published outside the database after every entry', async () => {
  const r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'HOURS', amount: '1', description: 'Published head' });
  assert.equal(r.status, 201, r.text);
  const head = await published();
  const last = sql('SELECT seq || \'|\' || hash FROM ledger_transactions ORDER BY seq DESC LIMIT 1').split('|');
  assert.equal(head.seq, Number(last[0]), 'the file holds the newest entry once its transaction committed');
  assert.equal(head.hash, last[1]);
  const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(head.public_key, 'hex')]), format: 'der', type: 'spki' });
  assert.ok(crypto.verify(null, Buffer.from(head.message), key, Buffer.from(head.signature, 'hex')), 'signed by the node');
  assert.equal(head.public_key, sql(`SELECT value FROM settings WHERE key = 'sign_public'`));
  // the node's own address serves the same head for `verify --head URL`
  const v = verifyWith('--head', `${BASE}/api/v1/ledger/head`);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /the books hold the head seen in http/);
});

test('glocal verify finds entries removed from the end of the chain against a head kept outside', async () => {
  for (const n of [1, 2]) {
    const r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'HOURS', amount: String(n), description: `Newest ${n}` });
    assert.equal(r.status, 201, r.text);
  }
  const kept = join(mkdtempSync(join(tmpdir(), 'head-')), 'seen.json');
  const seen = await published();
  writeFileSync(kept, JSON.stringify(seen));
  assert.equal(verifyWith('--head', kept).code, 0);
  const ids = sql(`SELECT id FROM ledger_transactions WHERE seq > ${seen.seq - 2} ORDER BY seq`).split('\n');
  assert.equal(ids.length, 2);
  untrigger('ledger_postings', () => untrigger('ledger_transactions', () => {
    sql(`CREATE TABLE saved_tx AS SELECT * FROM ledger_transactions WHERE id IN (${ids})`);
    sql(`CREATE TABLE saved_postings AS SELECT * FROM ledger_postings WHERE transaction_id IN (${ids})`);
    sql(`DELETE FROM ledger_postings WHERE transaction_id IN (${ids})`);
    sql(`DELETE FROM ledger_transactions WHERE id IN (${ids})`);
  }));
  retotal();
  try {
    // without a head seen before, the shortened chain is a valid chain: say so, but do not claim more
    if (!sqlite) {
      const blind = verifyWith();
      assert.equal(blind.code, 0, blind.out);
      assert.match(blind.out, /no head seen before was given/);
    }
    const v = verifyWith('--head', kept);
    assert.equal(v.code, 1, v.out);
    assert.match(v.out, new RegExp(`HEAD MISMATCH with .*\\(entry ${seen.seq}\\): the head seen had entry ${seen.seq}, but the books end at entry ${seen.seq - 2}: entries ${seen.seq - 1} to ${seen.seq} were removed`));
    assert.match(v.out, /the books are intact/, 'the chain that is left is a chain');
    assert.match(v.out, /the totals match the postings/, 'and its totals were made to add up');
  } finally {
    untrigger('ledger_postings', () => untrigger('ledger_transactions', () => {
      sql('INSERT INTO ledger_transactions SELECT * FROM saved_tx');
      sql('INSERT INTO ledger_postings SELECT * FROM saved_postings');
      sql('DROP TABLE saved_tx; DROP TABLE saved_postings');
    }));
    retotal();
  }
  assert.equal(verifyWith('--head', kept).code, 0);
});

test('glocal verify finds a changed owner or name of an account, changed decimals, and a total edited past its rule', () => {
  assert.equal(verify().code, 0);
  // an account used by a chained entry (hash version 2): the member's, from this file's contributions
  const acct = sql(`SELECT id || '|' || kind || '|' || ref_id || '|' || coalesce(parent_id, 0) || '|' || name || '|' || purpose || '|' || digest
                      FROM ledger_accounts WHERE kind = 'member' AND ref_id = ${mem.id}`).split('|');
  const [id, kind, ref, parent, name, purpose, digest] = acct;
  assert.equal(digest, accountDigest(id, kind, ref, parent, name, purpose), 'the digest is what it says it is');
  assert.throws(() => sql(`UPDATE ledger_accounts SET ref_id = ${outsider.id} WHERE id = ${id}`), /append-only/, 'the database refuses it');
  // another owner: the row no longer matches its digest
  without('ledger_accounts', 'meaning', () => sql(`UPDATE ledger_accounts SET ref_id = ${outsider.id} WHERE id = ${id}`));
  try {
    const v = verify();
    assert.equal(v.code, 1, v.out);
    assert.match(v.out, new RegExp(`CHANGED at ledger_accounts row ${id} \\(member "`));
    // ... and when the digest is made to match too, the entries that refer to the account break
    const forged = accountDigest(id, kind, outsider.id, parent, name, purpose);
    without('ledger_accounts', 'meaning', () => sql(`UPDATE ledger_accounts SET digest = '${forged}' WHERE id = ${id}`));
    const w = verifyWith('--explain');
    assert.equal(w.code, 1, w.out);
    assert.doesNotMatch(w.out, /CHANGED at ledger_accounts/);
    const first = sql(`SELECT min(t.seq) FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
                        WHERE p.account_id = ${id} AND t.hash_version = 2`);
    assert.match(w.out, new RegExp(`BROKEN at entry ${first} .*what an account or resource of it stands for`));
    assert.match(w.out, new RegExp(`affects: the balances of [^\\n]*\\(account ${id}\\)`), 'explain says whose balances it touches');
  } finally {
    without('ledger_accounts', 'meaning', () => sql(`UPDATE ledger_accounts SET ref_id = ${ref}, digest = '${digest}' WHERE id = ${id}`));
  }
  assert.equal(verify().code, 0);
  // another name
  without('ledger_accounts', 'meaning', () => sql(`UPDATE ledger_accounts SET name = 'Somebody else' WHERE id = ${id}`));
  try {
    const v = verify();
    assert.equal(v.code, 1);
    assert.match(v.out, new RegExp(`CHANGED at ledger_accounts row ${id} \\(member "Somebody else"\\)`));
  } finally {
    without('ledger_accounts', 'meaning', () => sql(`UPDATE ledger_accounts SET name = '${name.replace(/'/g, "''")}' WHERE id = ${id}`));
  }
  // a resource's decimals: every amount of it would read a hundred times larger
  assert.throws(() => sql(`UPDATE resources SET decimals = 0 WHERE code = 'EUR'`), /append-only/);
  without('resources', 'meaning', () => sql(`UPDATE resources SET decimals = 0 WHERE code = 'EUR'`));
  try {
    const v = verify();
    assert.equal(v.code, 1);
    assert.match(v.out, /CHANGED at resources row EUR: its code, kind or decimals/);
  } finally {
    without('resources', 'meaning', () => sql(`UPDATE resources SET decimals = 2 WHERE code = 'EUR'`));
  }
  assert.equal(verify().code, 0);
  // a total past what the books can count, its rule dropped first
  const where = `account_id = (SELECT id FROM ledger_accounts WHERE kind = 'chapter' AND ref_id = ${chA.id}) AND resource = 'HOURS'`;
  assert.throws(() => sql(`UPDATE ledger_totals SET inflow = 5000000000000000000 WHERE ${where}`), /refuses this row/);
  const was = sql(`SELECT inflow FROM ledger_totals WHERE ${where}`);
  without('ledger_totals', 'bounds', () => sql(`UPDATE ledger_totals SET inflow = 5000000000000000000 WHERE ${where}`));
  try {
    const v = verifyWith('--explain');
    assert.equal(v.code, 1);
    assert.match(v.out, /TOTALS DRIFT at account \d+ \(chapter "[^"]*"\), HOURS/);
    assert.match(v.out, /VOLUME DRIFT at HOURS/);
    assert.match(v.out, /glocal verify --explain: 2 problems found/);
  } finally {
    sql(`UPDATE ledger_totals SET inflow = ${was} WHERE ${where}`);
  }
  assert.equal(verify().code, 0);
});

test('glocal verify --explain lists every broken entry, not only the first, and what each affects', () => {
  const seqs = sql(`SELECT t.seq FROM ledger_transactions t WHERE t.recorded_by = ${conn.id} AND t.kind = 'contribution' ORDER BY t.seq LIMIT 2`).split('\n').map(Number);
  const posts = seqs.map((s) => sql(`SELECT p.id FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id WHERE t.seq = ${s} ORDER BY p.id LIMIT 1`));
  untrigger('ledger_postings', () => sql(`UPDATE ledger_postings SET amount = amount * 2 WHERE id IN (${posts})`));
  try {
    const plain = verify();
    assert.equal(plain.code, 1);
    assert.match(plain.out, new RegExp(`BROKEN at entry ${seqs[0]} `));
    assert.doesNotMatch(plain.out, /--explain: /);
    const v = verifyWith('--explain');
    assert.equal(v.code, 1);
    for (const s of seqs) assert.match(v.out, new RegExp(`\\d+\\. entry ${s} \\(transaction id \\d+\\): its contents do not match its hash`));
    assert.match(v.out, /affects: the balances of /);
    assert.match(v.out, /TOTALS DRIFT/, 'the doubled postings no longer match the totals either');
    assert.match(v.out, /When verify fails/);
  } finally {
    untrigger('ledger_postings', () => sql(`UPDATE ledger_postings SET amount = amount / 2 WHERE id IN (${posts})`));
  }
  assert.equal(verify().code, 0);
});

test('glocal verify --rebuild-totals makes the derived totals again from the postings, and only from an intact chain', () => {
  const where = `account_id = (SELECT id FROM ledger_accounts WHERE kind = 'chapter' AND ref_id = ${chA.id}) AND resource = 'EUR'`;
  const was = sql(`SELECT inflow || '|' || outflow FROM ledger_totals WHERE ${where}`);
  sql(`UPDATE ledger_totals SET outflow = outflow + 700 WHERE ${where}`);
  let v = verifyWith('--rebuild-totals');
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /TOTALS DRIFT/, 'it says what it found');
  assert.match(v.out, /ledger_totals, ledger_unit_totals and ledger_volume rebuilt from the postings: \d+ totals/);
  assert.equal(sql(`SELECT inflow || '|' || outflow FROM ledger_totals WHERE ${where}`), was);
  assert.equal(verify().code, 0);
  // a broken chain is no ground to rebuild from
  const post = sql(`SELECT p.id FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id WHERE t.recorded_by = ${conn.id} ORDER BY p.id LIMIT 1`);
  untrigger('ledger_postings', () => sql(`UPDATE ledger_postings SET amount = amount * 3 WHERE id = ${post}`));
  try {
    v = verifyWith('--rebuild-totals');
    assert.equal(v.code, 1);
    assert.match(v.out, /the totals were NOT rebuilt/);
  } finally {
    untrigger('ledger_postings', () => sql(`UPDATE ledger_postings SET amount = amount / 3 WHERE id = ${post}`));
  }
  assert.equal(verify().code, 0);
});

test("a head file these books do not hold is kept as evidence: the server says so and publishes no head over it", async () => {
  const dir = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'evidence-'));
  const db = `sqlite:${join(dir, 'e.db')}`, headFile = join(dir, 'seen.head.json');
  let r = spawnSync(BIN, ['init', '--db', db, '--admin-email', 'e@test.example', '--admin-password', 'evidence-pass-1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // the head another node published (this test's server's books, signed by its key)
  // (through Client: after the verify runs blocked node, its kept-alive connection may be closed)
  const foreign = (await new Client().get('/api/v1/ledger/head')).json().head;
  const kept = JSON.stringify(foreign, null, 2);
  writeFileSync(headFile, kept);
  const server = spawn(BIN, ['serve', '--db', db, '--port', '0', '--tick', '0', '--head-file', headFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  server.stdout.on('data', (b) => { said += b; });
  server.stderr.on('data', (b) => { said += b; });
  try {
    const url = await new Promise((resolve, reject) => {
      const look = () => { const m = said.match(/http:\/\/127\.0\.0\.1:\d+/); if (m) resolve(m[0]); };
      server.stdout.on('data', look);
      server.stderr.on('data', look);
      server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${said}`)));
    });
    assert.equal((await fetch(`${url}/api/v1/ledger/head`)).status, 200, 'the node still serves its own head');
    assert.match(said, /THE BOOKS DO NOT CONTAIN THE HEAD PUBLISHED IN/);
    assert.match(said, /no head of the books is published while .* is kept as evidence/);
    assert.doesNotMatch(said, /the head of the books is published to/, 'it does not claim to publish');
    assert.equal(readFileSync(headFile, 'utf8'), kept, 'the evidence is untouched');
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('close', resolve));
  }
  assert.equal(readFileSync(headFile, 'utf8'), kept, 'nor written at shutdown');
});

test('the signing key may live in a file: the database keeps only the public key, and a node without its key refuses to start', async () => {
  const dir = mkdtempSync(join(process.env.GLOCAL_TMP || tmpdir(), 'keyfile-'));
  const db = `sqlite:${join(dir, 'k.db')}`, keyFile = join(dir, 'node.key');
  let r = spawnSync(BIN, ['init', '--db', db, '--admin-email', 'k@test.example', '--admin-password', 'key-file-pass-1', '--key-file', keyFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is for its owner only');
  const local = (q) => spawnSync('sqlite3', [db.slice(7), q], { encoding: 'utf8' }).stdout.trim();
  assert.equal(local(`SELECT coalesce(max(length(value)), 0) FROM settings WHERE key = 'sign_secret'`), '0', 'no secret key in the database');
  const secret = readFileSync(keyFile, 'utf8').trim();
  assert.match(secret, /^[0-9a-f]{128}$/);
  const pub = local(`SELECT value FROM settings WHERE key = 'sign_public'`);
  assert.equal(secret.slice(64), pub, 'the public half of the key is the one the database publishes');
  // served with its key: the head is signed by it
  const server = spawn(BIN, ['serve', '--db', db, '--port', '0', '--quiet', '--tick', '0', '--key-file', keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (b) => { out += b; const m = out.match(/http:\/\/127\.0\.0\.1:\d+/); if (m) resolve(m[0]); });
      server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const head = (await (await fetch(`${url}/api/v1/ledger/head`)).json()).head;
    assert.equal(head.public_key, pub);
    const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(pub, 'hex')]), format: 'der', type: 'spki' });
    assert.ok(crypto.verify(null, Buffer.from(head.message), key, Buffer.from(head.signature, 'hex')));
    const published = JSON.parse(readFileSync(`${db.slice(7)}.head.json`, 'utf8'));
    assert.equal(published.hash, head.hash, 'the head is also beside the database');
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.on('close', resolve));
  }
  r = spawnSync(BIN, ['verify', '--db', db, '--key-file', keyFile], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /the books hold the head seen in the head file beside the database/);
  // a head signed by another key is not taken as this node's
  const other = join(dir, 'other.key');
  writeFileSync(other, crypto.randomBytes(64).toString('hex'));
  r = spawnSync(BIN, ['verify', '--db', db, '--key-file', other], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /HEAD MISMATCH .*not signed by this node's key/);
  // without its key file the node does not start (nor make a new key behind the operator's back)
  r = spawnSync(BIN, ['serve', '--db', db, '--port', '0', '--tick', '0'], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /signing key lives in a key file: start it with --key-file/);
});

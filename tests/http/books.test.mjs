// books.test.mjs - the books hold against their own users (issue 10): a
// connector takes nothing from books they do not keep (another chapter, its
// baskets, an event of another chapter, a place, the network) and records no
// member's or organisation's money into someone else's books, by any path that
// posts (the form, explicit postings, quick capture at a meeting, expense
// claims, reversals, an event's costs); amounts past a resource's maximum are
// refused with a clear message, and totals past what the books can count too;
// every refusal changes nothing (the count of entries, every total, the
// network's volume, the signed head). Then 10,000 random transactions with
// extreme amounts and foreign or missing accounts, a few at a time: only 201
// or 4xx, and afterwards `glocal verify` passes and the totals and volumes are
// exactly the sums of the postings.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, DB, Client, member, admin, chapter, admit, geography, unique, sql, when } from './lib.mjs';

let adm, geo, conn, conn2, mem, mem2, outsider, givers, chA, chB, org, org2, orgs, app;
let basketA, basketB, eventA, eventB, meetingA, meetingB, sqlite;

const MAX = { EUR: 1000000000000n, USD: 1000000000000n, HOURS: 6000000n, GOODS: 1000000000n, FAVOURS: 1000000n };
const TOTAL_MAX = 4000000000000000000n;

const rec = (who, slug, body, opts) => who.client.api('POST', `/chapters/${slug}/ledger`, body, opts);
const split = (who, slug, postings, extra = {}) =>
  rec(who, slug, { kind: 'contribution', description: `Split ${unique()}`, ...extra, postings });
const capture = (who, slug, meeting, rows) => who.client.api('POST', `/chapters/${slug}/meetings/${meeting}/contributions`, {
  who: rows.map((x) => x[0]), resource: rows.map((x) => x[1]), amount: rows.map((x) => x[2]), note: rows.map((x) => x[3] || 'At the meeting') });
const P = (account, resource, amount) => ({ account, resource, amount: String(amount) });

// ---------- events (their baskets) ----------

async function newEvent(who, ch, fields = {}) {
  const r = await who.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Books event ${unique()}`,
    venue: 'The Hub', capacity: 20, ...when(-30), record: true, ...fields });
  assert.equal(r.status, 201, r.text);
  const ev = r.json().event;
  assert.ok(ev.basket_id, 'an event has a basket');
  assert.equal(sql(`SELECT basket_id FROM events WHERE slug = '${ev.slug}'`), String(ev.basket_id));
  return ev;
}

// ---------- the state of the books ----------

// The newest entry of the chain as the node signs it: "seq:hash" (seq counts the entries).
const head = async () => {
  const h = (await new Client().get('/api/v1/ledger/head')).json().head;
  return `${h.seq}:${h.hash}`;
};
const seq = async () => Number((await head()).split(':')[0]);

// Everything a posting changes: the entries, every total, every volume, the signed head (one
// statement, read in one state of the database).
const agg = (expr, order, from) => (sqlite
  ? `(SELECT group_concat(${expr}, ',') FROM (SELECT * FROM ${from} ORDER BY ${order}))`
  : `(SELECT string_agg(${expr}, ',' ORDER BY ${order}) FROM ${from})`);
async function books() {
  const signed = await head();
  const [transactions, postings, totals, volume] = sql(`SELECT (SELECT count(*) FROM ledger_transactions) || '|' || (SELECT count(*) FROM ledger_postings)
      || '|' || coalesce(${agg("account_id || ' ' || resource || ' ' || inflow || ' ' || outflow", 'account_id, resource', 'ledger_totals')}, '')
      || '|' || coalesce(${agg("resource || ' ' || volume", 'resource', 'ledger_volume')}, '')`).split('|');
  return { transactions: Number(transactions), postings: Number(postings), totals: totals.split(','), volume: volume.split(','), head: signed };
}

// Runs fn (a request), asserts the books are as they were, returns its answer. The state
// read after one refusal serves as the state before the next while the signed head has not
// moved (psql takes a tenth of a second to start): anything that changed the books in
// between without an entry still shows as a difference, only at the next refusal.
let seen = null;
async function unchanged(what, fn) {
  const was = seen && seen.head === await head() ? seen : await books();
  const r = await fn();
  const now = await books();
  seen = now;
  assert.equal(now.transactions, was.transactions, `${what}: no entry was added (answered ${r.status}: ${r.text.slice(0, 300)})`);
  assert.deepEqual(now, was, `${what}: the books are as they were`);
  return r;
}

// A refusal: its status, the field it names and what it says.
function refused(r, what, status, field, detail) {
  assert.equal(r.status, status, `${what}: answered ${r.status}: ${r.text.slice(0, 400)}`);
  const body = r.json();
  if (field) assert.equal(body.errors?.[0]?.field, field, `${what}: the field named: ${r.text.slice(0, 300)}`);
  if (detail) assert.match(body.detail, detail, what);
}

// The gate refusing a row of quick capture: 403, naming the row at the field of who gave.
function captureRefused(r, what, detail) {
  assert.equal(r.status, 403, `${what}: answered ${r.status}: ${r.text.slice(0, 300)}`);
  const body = r.json();
  assert.equal(body.errors?.[0]?.field, 'who', what);
  assert.match(body.detail, detail, what);
}

const TAKE = /Only those who keep the books of .+ can take from it; you do not\./;
const GIVES = /account gives only to books you keep/;
const BASKET_IN = /receives only from the hand of those who keep it/;

before(async () => {
  sqlite = DB.startsWith('sqlite:');
  adm = await admin();
  geo = await geography(adm);
  [conn, conn2, mem, mem2, outsider] = await Promise.all(['Cleo', 'Dario', 'Mara', 'Nils', 'Omar'].map((n) => member({ name: `${n} ${unique()}` })));
  givers = await Promise.all(Array.from({ length: 8 }, (_, i) => member({ name: `Giver ${i} ${unique()}` })));
  chA = await chapter(conn, { name: `Books A ${unique()}`, metro_id: geo.metro.id });
  chB = await chapter(conn2, { name: `Books B ${unique()}`, metro_id: geo.metro.id });
  await admit(conn, chA, mem);
  await admit(conn2, chB, mem2);
  orgs = [];
  for (let i = 0; i < 4; i++) {
    const r = await conn.client.api('POST', '/organisations', { name: `Patron ${i} ${unique()}`, kind: 'sponsor' });
    assert.equal(r.status, 201, r.text);
    orgs.push(r.json().organisation);
  }
  [org, org2] = orgs;
  // a basket in each chapter, holding 100.00 EUR
  basketA = (await conn.client.api('POST', `/chapters/${chA.slug}/baskets`, { name: 'Venue', purpose: 'venue' })).json().basket.id;
  basketB = (await conn2.client.api('POST', `/chapters/${chB.slug}/baskets`, { name: 'Food', purpose: 'food' })).json().basket.id;
  let r = await rec(conn, chA.slug, { kind: 'basket_funding', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '100', basket: basketA, description: 'Venue fund' });
  assert.equal(r.status, 201, r.text);
  r = await rec(conn2, chB.slug, { kind: 'basket_funding', counterpart: `org:${org2.slug}`, resource: 'EUR', amount: '100', basket: basketB, description: 'Food fund' });
  assert.equal(r.status, 201, r.text);
  // an event of each chapter (started half an hour ago), with a sponsor's 500.00 EUR in its basket
  r = await adm.api('POST', '/apps', {
    name: `Books night ${unique()}`, summary: 'An evening to test the books.', description: 'Testing.',
    runbook: [{ step: 'Talk', minutes: 60 }], tiers: [{ name: 'Standard', price: '10.00', currency: 'EUR' }],
    packages: [{ name: 'Gold', price: '500.00', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
    split_rule: [{ party: 'organiser', share: 2500 }, { party: 'host', share: 2500 }, { party: 'region', share: 2500 }, { party: 'network', share: 2500 }] });
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
  eventA = await newEvent(conn, chA);
  eventB = await newEvent(conn2, chB);
  for (const [who, ev] of [[conn, eventA], [conn2, eventB]]) {
    r = await who.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' });
    assert.equal(r.status, 201, r.text);
  }
  // a meeting of each chapter, for quick capture
  const date = new Date(Date.now() + 3600e3).toISOString().slice(0, 10);
  meetingA = (await conn.client.api('POST', `/chapters/${chA.slug}/meetings`, { date, time: '22:00' })).json().meeting.id;
  meetingB = (await conn2.client.api('POST', `/chapters/${chB.slug}/meetings`, { date, time: '22:00' })).json().meeting.id;
  // chapter B has money of its own to steal
  r = await rec(conn2, chB.slug, { kind: 'income', counterpart: `member:${mem2.id}`, resource: 'EUR', amount: '250', description: 'Dues' });
  assert.equal(r.status, 201, r.text);
});

// ---------- 1. the reproductions of the issue ----------

test('a connector records nothing "from" another chapter\'s event basket, another chapter, a place or the network', async () => {
  const evb = `basket:${eventB.basket_id}`;
  assert.equal(sql(`SELECT inflow - outflow FROM ledger_totals WHERE account_id = ${eventB.basket_id} AND resource = 'EUR'`), '50000',
    'the event basket of chapter B holds 500.00 EUR');
  // the form's counterpart
  let r = await unchanged('contribution from chapter B', () => rec(conn, chA.slug,
    { kind: 'contribution', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '9999.00', description: 'Thanks B' }));
  refused(r, 'contribution from chapter B', 403, 'counterpart', TAKE);
  assert.match(r.json().detail, new RegExp(chB.name));
  r = await unchanged('income from chapter B', () => rec(conn, chA.slug,
    { kind: 'income', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '9999.00', description: 'Thanks B' }));
  refused(r, 'income from chapter B', 403, 'counterpart', TAKE);
  r = await unchanged('contribution from the event basket as counterpart', () => rec(conn, chA.slug,
    { kind: 'contribution', counterpart: evb, resource: 'EUR', amount: '9999.00', description: 'Thanks event' }));
  refused(r, 'a basket as counterpart', 422, 'counterpart', /Baskets are chosen with the basket field/);
  // explicit postings
  r = await unchanged('postings from the event basket', () => split(conn, chA.slug, [P(evb, 'EUR', '-9999.00'), P(`chapter:${chA.slug}`, 'EUR', '9999.00')]));
  refused(r, 'postings from the event basket', 403, 'postings', TAKE);
  assert.doesNotMatch(r.json().detail, new RegExp(eventB.title), 'the event\'s title is not told to someone who may not keep its books');
  r = await unchanged('postings from the event basket, within what it holds', () => split(conn, chA.slug, [P(evb, 'EUR', '-1'), P(`chapter:${chA.slug}`, 'EUR', '1')]));
  refused(r, 'postings from the event basket', 403, 'postings', TAKE);
  // quick capture at a meeting
  for (const who of [evb, `chapter:${chB.slug}`, `place:${geo.metro.slug}`, `place:${geo.country.slug}`, 'network']) {
    r = await unchanged(`quick capture from ${who}`, () => capture(conn, chA.slug, meetingA, [[who, 'EUR', '9999.00', 'Thanks']]));
    captureRefused(r, `quick capture from ${who}`, TAKE);
  }
  // a refused row takes the good rows of the same form with it
  r = await unchanged('quick capture with one foreign row', () => capture(conn, chA.slug, meetingA,
    [[`member:${mem.id}`, 'HOURS', '1'], [evb, 'EUR', '9999.00'], [`org:${org.slug}`, 'FAVOURS', '1']]));
  captureRefused(r, 'quick capture with one foreign row', /^Row 2: /);
  assert.equal(sql(`SELECT inflow - outflow FROM ledger_totals WHERE account_id = ${eventB.basket_id} AND resource = 'EUR'`), '50000',
    'the event basket still holds its 500.00 EUR');
});

test('huge amounts are refused with a clear message and change nothing', async () => {
  const huge = ['9223372036854.99', '10000000000.01', '92233720368547.99', '9223372036854775807', '99999999999999999999'];
  for (const amount of huge) {
    let r = await unchanged(`a contribution of ${amount} EUR`, () => rec(conn, chA.slug,
      { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'EUR', amount, description: 'Generous' }));
    refused(r, `${amount} EUR`, 422, 'amount', /too large|at most/);
    r = await unchanged(`postings of ${amount} EUR`, () => split(conn, chA.slug, [P(`member:${mem.id}`, 'EUR', `-${amount}`), P(`chapter:${chA.slug}`, 'EUR', amount)]));
    refused(r, `postings of ${amount} EUR`, 422, 'postings', /too large|at most/);
    r = await unchanged(`quick capture of ${amount} EUR`, () => capture(conn, chA.slug, meetingA, [[`member:${mem.id}`, 'EUR', amount]]));
    refused(r, `quick capture of ${amount} EUR`, 422, 'amount', /too large|at most/);
    r = await unchanged(`an expense of ${amount} EUR`, () => rec(conn, chA.slug,
      { kind: 'expense', counterpart: `org:${org.slug}`, resource: 'EUR', amount, description: 'Costly' }));
    assert.equal(r.status, 422);
  }
  // just past the maximum of a posting (10^12 cents): the message names the limit
  let r = await unchanged('10000000000.01 EUR', () => rec(conn, chA.slug,
    { kind: 'income', counterpart: `member:${mem.id}`, resource: 'EUR', amount: '10000000000.01', description: 'Just over' }));
  refused(r, '10000000000.01 EUR', 422, 'amount', /10000000000\.01 EUR is more than one entry may move: at most 10000000000\.00 EUR/);
  // each resource has its own maximum: 100,000 hours, 10^9 goods, 10^6 favours
  for (const [resource, over, words] of [['HOURS', '100000.01', /at most 100000 HOURS/], ['HOURS', '2000000', /at most 100000 HOURS/],
    ['GOODS', '1000000001', /at most 1000000000 GOODS/], ['FAVOURS', '1000001', /at most 1000000 FAVOURS/]]) {
    r = await unchanged(`${over} ${resource}`, () => rec(conn, chA.slug,
      { kind: 'contribution', counterpart: `member:${mem.id}`, resource, amount: over, description: 'Too much' }));
    refused(r, `${over} ${resource}`, 422, 'amount', words);
    r = await unchanged(`postings of ${over} ${resource}`, () => split(conn, chA.slug, [P(`member:${mem.id}`, resource, `-${over}`), P(`chapter:${chA.slug}`, resource, over)]));
    refused(r, `postings of ${over} ${resource}`, 422, 'postings', words);
  }
  // the worth of goods is bounded too
  r = await unchanged('goods worth 10^10 EUR and a cent', () => rec(conn, chA.slug,
    { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'GOODS', amount: '1', value_amount: '10000000000.01', description: 'A painting' }));
  assert.equal(r.status, 422, r.text);
  // exactly the maximum passes
  for (const [resource, amount] of [['EUR', '10000000000.00'], ['HOURS', '100000'], ['GOODS', '1000000000'], ['FAVOURS', '1000000']]) {
    r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${givers[0].id}`, resource, amount, description: `The most ${resource}` });
    assert.equal(r.status, 201, `${amount} ${resource}: ${r.text}`);
  }
  // nothing else is zero or negative either
  for (const amount of ['0', '0.00', '-1', '-0.01', '0.001']) {
    r = await unchanged(`${amount} EUR`, () => rec(conn, chA.slug,
      { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'EUR', amount, description: 'Nothing' }));
    assert.equal(r.status, 422, `${amount}: ${r.text}`);
  }
  r = await unchanged('a posting of 0', () => split(conn, chA.slug, [P(`member:${mem.id}`, 'EUR', '-0'), P(`chapter:${chA.slug}`, 'EUR', '0')]));
  assert.equal(r.status, 422);
});

test('32 postings of the maximum, again and again, cannot overflow a total; nor can a total near the ceiling', async () => {
  // 16 givers each give the most one posting may move, to 16 accounts (this chapter among them), in two resources
  const who = givers.map((g) => `member:${g.id}`);
  const big = (await conn.client.api('POST', `/chapters/${chA.slug}/baskets`, { name: 'Big', purpose: 'big things' })).json().basket.id;
  const sinks = [`chapter:${chA.slug}`, `basket:${big}`, `chapter:${chB.slug}`, `place:${geo.metro.slug}`, `place:${geo.country.slug}`, 'network',
    `member:${conn.id}`, `member:${outsider.id}`];
  const postings = [];
  for (const [resource, max] of [['EUR', '10000000000.00'], ['HOURS', '100000']]) {
    for (let i = 0; i < 8; i++) postings.push(P(who[i], resource, `-${max}`));
    for (let i = 0; i < 8; i++) postings.push(P(sinks[i], resource, max));
  }
  assert.equal(postings.length, 32);
  for (let round = 0; round < 4; round++) {
    const r = await split(conn, chA.slug, postings, { kind: 'contribution', description: `The most there is, round ${round}` });
    assert.equal(r.status, 201, r.text);
  }
  // the same, unbalanced, or with one more posting, or one more cent, is refused
  let r = await unchanged('32 positive postings', () => split(conn, chA.slug, postings.map((p) => ({ ...p, amount: p.amount.replace('-', '') }))));
  refused(r, '32 positive postings', 422, 'postings', /do not balance/);
  r = await unchanged('33 postings', () => split(conn, chA.slug, [...postings, P(`member:${mem.id}`, 'EUR', '1')]));
  assert.equal(r.status, 422);
  const over = postings.map((p) => ({ ...p }));
  over[16].amount = '-100000.01';
  over[31].amount = '100000.01';
  r = await unchanged('a giver and a receiver a hundredth of an hour over', () => split(conn, chA.slug, over));
  refused(r, 'a hundredth of an hour over', 422, 'postings', /at most 100000 HOURS/);
  // every total is an integer between 0 and 4 * 10^18
  assert.equal(sql('SELECT count(*) FROM ledger_totals WHERE inflow < 0 OR outflow < 0 OR inflow > 4000000000000000000 OR outflow > 4000000000000000000'), '0');
  assert.equal(sql('SELECT count(*) FROM ledger_volume WHERE volume < 0 OR volume > 4000000000000000000'), '0');
  if (sqlite) {
    assert.equal(sql("SELECT count(*) FROM ledger_totals WHERE typeof(inflow) <> 'integer' OR typeof(outflow) <> 'integer'"), '0');
    assert.equal(sql("SELECT count(*) FROM ledger_volume WHERE typeof(volume) <> 'integer'"), '0');
  }
  // a total a few units under the ceiling (set behind the program's back, then put back): one more posting is refused
  seen = null;
  r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'FAVOURS', amount: '1', description: 'A favour' });
  assert.equal(r.status, 201, r.text);
  const acct = sql(`SELECT id FROM ledger_accounts WHERE kind = 'chapter' AND ref_id = ${chA.id}`);
  const where = `account_id = ${acct} AND resource = 'FAVOURS'`;
  const was = sql(`SELECT inflow FROM ledger_totals WHERE ${where}`);
  assert.ok(was !== '', 'chapter A has received favours');
  sql(`UPDATE ledger_totals SET inflow = ${TOTAL_MAX - 5n} WHERE ${where}`);
  try {
    r = await unchanged('a total past 4 * 10^18', () => rec(conn, chA.slug,
      { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'FAVOURS', amount: '6', description: 'One too many' }));
    refused(r, 'a total past 4 * 10^18', 422, 'amount', /The books cannot hold this/);
    r = await rec(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'FAVOURS', amount: '5', description: 'Up to the ceiling' });
    assert.equal(r.status, 201, `up to the ceiling itself: ${r.text}`);
    assert.equal(sql(`SELECT inflow FROM ledger_totals WHERE ${where}`), String(TOTAL_MAX));
  } finally {
    // put back what the postings add up to (whatever was answered)
    sql(`UPDATE ledger_totals SET inflow = (SELECT sum(p.amount) FROM ledger_postings p WHERE p.account_id = ledger_totals.account_id
           AND p.resource = ledger_totals.resource AND p.amount > 0) WHERE ${where}`);
    seen = null;
  }
  // the network's volume of a resource likewise
  seen = null;
  assert.equal(sql("SELECT volume = (SELECT sum(inflow) FROM ledger_totals WHERE resource = 'GOODS') FROM ledger_volume WHERE resource = 'GOODS'").replace('t', '1'), '1');
  sql(`UPDATE ledger_volume SET volume = ${TOTAL_MAX - 2n} WHERE resource = 'GOODS'`);
  try {
    r = await unchanged('a volume past 4 * 10^18', () => rec(conn, chA.slug,
      { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'GOODS', amount: '3', description: 'One too many' }));
    refused(r, 'a volume past 4 * 10^18', 422, 'amount', /The books cannot hold this/);
  } finally {
    sql("UPDATE ledger_volume SET volume = (SELECT sum(inflow) FROM ledger_totals WHERE resource = 'GOODS') WHERE resource = 'GOODS'");
    seen = null;
  }
  const v = verify();
  assert.equal(v.code, 0, v.out);
});

test('a connector cannot take from another chapter\'s basket, a place, the network, a member into a third party, or an organisation into another chapter', async () => {
  const A = `chapter:${chA.slug}`;
  const cases = [
    ['another chapter\'s basket', [P(`basket:${basketB}`, 'EUR', '-10'), P(A, 'EUR', '10')], TAKE],
    ['another chapter\'s basket, into a third party', [P(`basket:${basketB}`, 'EUR', '-10'), P(`org:${org.slug}`, 'EUR', '10'), P(A, 'HOURS', '-1'), P(`member:${mem.id}`, 'HOURS', '1')], TAKE],
    ['a place', [P(`place:${geo.metro.slug}`, 'EUR', '-10'), P(A, 'EUR', '10')], TAKE],
    ['a country', [P(`place:${geo.country.slug}`, 'HOURS', '-10'), P(A, 'HOURS', '10')], TAKE],
    ['the network', [P('network', 'EUR', '-10'), P(A, 'EUR', '10')], TAKE],
    ['another chapter', [P(`chapter:${chB.slug}`, 'EUR', '-10'), P(A, 'EUR', '10')], TAKE],
    ['a member into a third party', [P(`member:${mem2.id}`, 'EUR', '-10'), P(`chapter:${chB.slug}`, 'EUR', '10'), P(A, 'EUR', '-1'), P(`org:${org.slug}`, 'EUR', '1')], GIVES],
    ['a member into another member', [P(`member:${mem.id}`, 'HOURS', '-3'), P(`member:${outsider.id}`, 'HOURS', '3'), P(A, 'EUR', '-1'), P(`org:${org.slug}`, 'EUR', '1')], GIVES],
    ['an organisation into another chapter', [P(`org:${org.slug}`, 'EUR', '-50'), P(`chapter:${chB.slug}`, 'EUR', '50'), P(A, 'GOODS', '-1'), P(`member:${mem.id}`, 'GOODS', '1')], GIVES],
    ['this chapter into another chapter\'s basket', [P(A, 'EUR', '-10'), P(`basket:${basketB}`, 'EUR', '10')], BASKET_IN],
    ['this chapter into another chapter\'s event basket', [P(A, 'EUR', '-10'), P(`basket:${eventB.basket_id}`, 'EUR', '10')], BASKET_IN],
  ];
  for (const [what, postings, why] of cases) {
    const r = await unchanged(what, () => split(conn, chA.slug, postings, { kind: 'transfer' }));
    refused(r, what, 403, 'postings', why);
  }
  // without a posting in this chapter's books there is nothing to record here at all
  const r = await unchanged('an organisation into another chapter only', () =>
    split(conn, chA.slug, [P(`org:${org.slug}`, 'EUR', '-50'), P(`chapter:${chB.slug}`, 'EUR', '50')]));
  refused(r, 'an organisation into another chapter only', 422, 'postings', /in this chapter's books/);
  // the keepers of chapter B are another matter: they take from B's basket
  const ok = await split(conn2, chB.slug, [P(`basket:${basketB}`, 'EUR', '-10'), P(`chapter:${chB.slug}`, 'EUR', '10')], { kind: 'transfer' });
  assert.equal(ok.status, 201, ok.text);
});

// ---------- 2. every path, every foreign account ----------

test('the form: every foreign account is refused at the counterpart, changing nothing; the legitimate entries pass', async () => {
  const base = { resource: 'EUR', amount: '25', description: 'Form path' };
  const cases = [
    ['another chapter', { kind: 'contribution', counterpart: `chapter:${chB.slug}` }, 403, 'counterpart', TAKE],
    ['another chapter (income)', { kind: 'income', counterpart: `chapter:${chB.slug}` }, 403, 'counterpart', TAKE],
    ['another chapter into a basket', { kind: 'basket_funding', counterpart: `chapter:${chB.slug}`, basket: basketA }, 403, 'counterpart', TAKE],
    ['a place', { kind: 'contribution', counterpart: `place:${geo.metro.slug}` }, 403, 'counterpart', TAKE],
    ['a region', { kind: 'income', counterpart: `place:${geo.region.slug}`, resource: 'HOURS' }, 403, 'counterpart', TAKE],
    ['the network', { kind: 'contribution', counterpart: 'network' }, 403, 'counterpart', TAKE],
    ['the network into a basket', { kind: 'basket_funding', counterpart: 'network', basket: basketA }, 403, 'counterpart', TAKE],
    // baskets are never the other side; another chapter's basket is never this chapter's
    ['another chapter\'s basket', { kind: 'contribution', counterpart: `basket:${basketB}` }, 422, 'counterpart', /basket field/],
    ['an event basket of another chapter', { kind: 'income', counterpart: `basket:${eventB.basket_id}` }, 422, 'counterpart', /basket field/],
    ['spending another chapter\'s basket', { kind: 'basket_spending', counterpart: `org:${org.slug}`, basket: basketB }, 422, 'basket', /this chapter's baskets/],
    ['spending an event basket of another chapter', { kind: 'basket_spending', counterpart: `org:${org.slug}`, basket: eventB.basket_id }, 422, 'basket', /this chapter's baskets/],
    ['funding another chapter\'s basket', { kind: 'basket_funding', counterpart: `member:${mem.id}`, basket: eventB.basket_id }, 422, 'basket', /this chapter's baskets/],
  ];
  for (const [what, body, status, field, why] of cases) {
    const r = await unchanged(what, () => rec(conn, chA.slug, { ...base, ...body }));
    refused(r, what, status, field, why);
  }
  // a member's or an organisation's money into books the connector does not keep: not even the way in
  for (const [what, counterpart] of [['a member', `member:${mem.id}`], ['an organisation', `org:${org.slug}`]]) {
    const r = await unchanged(`${what} into chapter B by A's connector`, () => rec(conn, chB.slug, { ...base, kind: 'contribution', counterpart }));
    assert.equal(r.status, 403, r.text);
    const m = await unchanged(`${what} into chapter A by a member`, () => rec(mem, chA.slug, { ...base, kind: 'contribution', counterpart }));
    assert.equal(m.status, 403, m.text);
  }
  // the page's form says so at the field, with the same status
  const page = await unchanged('the page\'s form', () => conn.client.post(`/chapters/${chA.slug}/ledger`,
    { kind: 'contribution', counterpart: 'network', resource: 'EUR', amount: '9999.00', description: 'From the form' }));
  assert.equal(page.status, 403);
  assert.match(page.text, /Only those who keep the books of The network can take from it/);
  // the legitimate ones
  for (const body of [
    { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'HOURS', amount: '2' },
    { kind: 'contribution', counterpart: `member:${mem2.id}`, resource: 'GOODS', amount: '2', value_amount: '10' },
    { kind: 'income', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '40' },
    { kind: 'expense', counterpart: `org:${org2.slug}`, resource: 'EUR', amount: '12.50', category: 'printing' },
    { kind: 'transfer', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '5' },
    { kind: 'transfer', counterpart: `place:${geo.metro.slug}`, resource: 'EUR', amount: '1' },
    { kind: 'basket_funding', counterpart: `member:${mem.id}`, resource: 'EUR', amount: '5', basket: basketA },
    { kind: 'basket_spending', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '5', basket: basketA },
  ]) {
    const before = await seq();
    const r = await rec(conn, chA.slug, { description: `Legitimate ${body.kind}`, ...body });
    assert.equal(r.status, 201, `${body.kind} ${body.counterpart}: ${r.text}`);
    assert.equal(await seq(), before + 1);
  }
  // and a basket still pays no more than it holds
  const r = await unchanged('spending beyond the basket', () => rec(conn, chA.slug,
    { kind: 'basket_spending', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '100000', basket: basketA, description: 'Too much' }));
  refused(r, 'spending beyond the basket', 409, 'amount', /cannot pay/);
});

test('explicit postings: every foreign account is refused, changing nothing; the legitimate splits pass', async () => {
  const A = `chapter:${chA.slug}`;
  const foreign = [
    ['another chapter', `chapter:${chB.slug}`], ['another chapter\'s basket', `basket:${basketB}`],
    ['an event basket of another chapter', `basket:${eventB.basket_id}`], ['a place', `place:${geo.metro.slug}`],
    ['a country', `place:${geo.country.slug}`], ['the network', 'network'],
  ];
  for (const [what, account] of foreign) {
    for (const resource of ['EUR', 'HOURS']) {
      let r = await unchanged(`taking from ${what}`, () => split(conn, chA.slug, [P(account, resource, '-2'), P(A, resource, '2')]));
      refused(r, `taking from ${what} in ${resource}`, 403, 'postings', TAKE);
      // also when the money seems to go elsewhere, or the foreign account comes last
      r = await unchanged(`taking from ${what} for an organisation`, () => split(conn, chA.slug,
        [P(A, 'GOODS', '1'), P(`member:${mem.id}`, 'GOODS', '-1'), P(`org:${org.slug}`, resource, '2'), P(account, resource, '-2')]));
      refused(r, `taking from ${what} for an organisation`, 403, 'postings', TAKE);
    }
  }
  for (const [what, postings] of [
    ['a member into someone else\'s books', [P(`member:${mem2.id}`, 'EUR', '-3'), P(`chapter:${chB.slug}`, 'EUR', '3'), P(A, 'EUR', '-1'), P('network', 'EUR', '1')]],
    ['an organisation into someone else\'s books', [P(`org:${org2.slug}`, 'EUR', '-3'), P(`member:${mem.id}`, 'EUR', '3'), P(A, 'HOURS', '-1'), P(`member:${mem.id}`, 'HOURS', '1')]],
  ]) {
    const r = await unchanged(what, () => split(conn, chA.slug, postings));
    refused(r, what, 403, 'postings', GIVES);
  }
  // the legitimate ones
  for (const [what, postings] of [
    ['a member\'s contribution to this chapter', [P(`member:${mem.id}`, 'HOURS', '-1.5'), P(A, 'HOURS', '1.5')]],
    ['an organisation\'s income to this chapter', [P(`org:${org.slug}`, 'EUR', '-30'), P(A, 'EUR', '30')]],
    ['this chapter paying an organisation', [P(A, 'EUR', '-7.25'), P(`org:${org2.slug}`, 'EUR', '7.25')]],
    ['a transfer to another chapter', [P(A, 'EUR', '-3'), P(`chapter:${chB.slug}`, 'EUR', '3')]],
    ['a cheque split between two chapters', [P(`org:${org.slug}`, 'EUR', '-100'), P(A, 'EUR', '60'), P(`chapter:${chB.slug}`, 'EUR', '40')]],
    ['a member\'s own money to a place, recorded beside this chapter\'s', [P(`member:${conn.id}`, 'EUR', '-2'), P(`place:${geo.metro.slug}`, 'EUR', '2'), P(A, 'HOURS', '-1'), P(`member:${conn.id}`, 'HOURS', '1')]],
  ]) {
    const before = await seq();
    const r = await split(conn, chA.slug, postings);
    assert.equal(r.status, 201, `${what}: ${r.text}`);
    assert.equal(await seq(), before + 1, what);
  }
});

test('quick capture at a meeting: only members\' and organisations\' contributions to this chapter', async () => {
  for (const [what, who] of [['another chapter', `chapter:${chB.slug}`], ['another chapter\'s basket', `basket:${basketB}`],
    ['an event basket of another chapter', `basket:${eventB.basket_id}`], ['a place', `place:${geo.metro.slug}`], ['the network', 'network']]) {
    for (const resource of ['EUR', 'HOURS', 'FAVOURS']) {
      const r = await unchanged(`capture from ${what}`, () => capture(conn, chA.slug, meetingA, [[who, resource, '1']]));
      captureRefused(r, `capture from ${what} in ${resource}`, TAKE);
    }
  }
  // another chapter's meeting is not this connector's to record
  for (const who of [`member:${mem2.id}`, `org:${org.slug}`, `member:${conn.id}`]) {
    const r = await unchanged(`capture into chapter B by ${who}`, () => capture(conn, chB.slug, meetingB, [[who, 'HOURS', '1']]));
    assert.equal(r.status, 403, r.text);
  }
  const r = await unchanged('capture into chapter A by a member', () => capture(mem, chA.slug, meetingA, [[`member:${mem.id}`, 'HOURS', '1']]));
  assert.equal(r.status, 403);
  // the legitimate ones
  const before = await seq();
  const ok = await capture(conn, chA.slug, meetingA, [[`member:${mem.id}`, 'HOURS', '1.5', 'Set up'], [`org:${org.slug}`, 'FAVOURS', '1', 'The room'],
    [`member:${mem2.id}`, 'GOODS', '3', 'Coffee'], [`org:${org2.slug}`, 'EUR', '20', 'Cash']]);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json().recorded, 4);
  assert.equal(await seq(), before + 4);
});

test('expense claims: approving never pays into a basket of books the connector does not keep', async () => {
  const claim = async (fields) => {
    const r = await mem.client.api('POST', `/chapters/${chA.slug}/claims`, { description: `Claim ${unique()}`, amount: '8', resource: 'EUR', ...fields });
    assert.equal(r.status, 201, r.text);
    return r.json().claim.id;
  };
  for (const [what, payee] of [['another chapter\'s basket', `basket:${basketB}`], ['an event basket of another chapter', `basket:${eventB.basket_id}`]]) {
    const id = await claim({ payee });
    const r = await unchanged(`approving a claim paid to ${what}`, () => conn.client.api('POST', `/chapters/${chA.slug}/claims/${id}/approve`, {}));
    refused(r, `a claim paid to ${what}`, 403, null, BASKET_IN);
    assert.equal(sql(`SELECT status FROM expense_claims WHERE id = ${id}`), 'pending', 'the claim still waits');
  }
  // a claim for more than a posting may move: refused when it would enter the books
  const big = await mem.client.api('POST', `/chapters/${chA.slug}/claims`, { description: 'A yacht', amount: '10000000000.01', resource: 'EUR' });
  if (big.status === 201) {
    const r = await unchanged('approving a huge claim', () => conn.client.api('POST', `/chapters/${chA.slug}/claims/${big.json().claim.id}/approve`, {}));
    assert.equal(r.status, 422, r.text);
    assert.match(r.json().detail, /too large|at most/);
  } else {
    assert.equal(big.status, 422, big.text);
  }
  // a claim on this chapter's basket for more than it holds
  const id = await claim({ basket: basketA, amount: '99999' });
  const over = await unchanged('approving a claim beyond its basket', () => conn.client.api('POST', `/chapters/${chA.slug}/claims/${id}/approve`, {}));
  assert.equal(over.status, 409, over.text);
  // the legitimate ones: paid to the member, to an organisation, to another chapter
  for (const fields of [{}, { payee: `org:${org.slug}` }, { payee: `chapter:${chB.slug}` }]) {
    const k = await claim(fields);
    const before = await seq();
    const r = await conn.client.api('POST', `/chapters/${chA.slug}/claims/${k}/approve`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(await seq(), before + 1);
  }
});

test('reversals give back only from books the reverser keeps', async () => {
  const A = `chapter:${chA.slug}`;
  const posted = async (who, slug, body) => {
    const r = await rec(who, slug, { description: `To reverse ${unique()}`, ...body });
    assert.equal(r.status, 201, r.text);
    return r.json().transaction.id;
  };
  // a transfer to chapter B: giving it back takes from B
  const transfer = await posted(conn, chA.slug, { kind: 'transfer', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '4.80' });
  let r = await unchanged('reversing a transfer to B from A', () => conn.client.api('POST', `/chapters/${chA.slug}/ledger/${transfer}/reverse`, {}));
  refused(r, 'reversing a transfer to B from A', 403, null, TAKE);
  // a split with B
  const r2 = await split(conn, chA.slug, [P(`org:${org.slug}`, 'EUR', '-10'), P(A, 'EUR', '6'), P(`chapter:${chB.slug}`, 'EUR', '4')]);
  assert.equal(r2.status, 201);
  r = await unchanged('reversing a split with B from A', () => conn.client.api('POST', `/chapters/${chA.slug}/ledger/${r2.json().transaction.id}/reverse`, {}));
  refused(r, 'reversing a split with B from A', 403, null, TAKE);
  // a payment to a place
  const toPlace = await posted(conn, chA.slug, { kind: 'transfer', counterpart: `place:${geo.metro.slug}`, resource: 'HOURS', amount: '1' });
  r = await unchanged('reversing a transfer to a place', () => conn.client.api('POST', `/chapters/${chA.slug}/ledger/${toPlace}/reverse`, {}));
  refused(r, 'reversing a transfer to a place', 403, null, TAKE);
  // B's event paid chapter A: A's connector cannot put it back into B's event basket
  const cost = await conn2.client.api('POST', `/events/${eventB.slug}/costs`, { payee: A, amount: '3', description: 'A\'s help' });
  assert.equal(cost.status, 201, cost.text);
  r = await unchanged('reversing an event\'s payment into its basket', () => conn.client.api('POST', `/chapters/${chA.slug}/ledger/${cost.json().cost.tx_id}/reverse`, {}));
  refused(r, 'reversing an event\'s payment into its basket', 403, null, BASKET_IN);
  // a transaction of other books is not found in these
  const dues = sql(`SELECT id FROM ledger_transactions WHERE description = 'Dues' AND recorded_by = ${conn2.id}`);
  r = await unchanged('reversing another chapter\'s entry', () => conn.client.api('POST', `/chapters/${chA.slug}/ledger/${dues}/reverse`, {}));
  refused(r, 'reversing another chapter\'s entry', 404, null, /not in this chapter's books/);
  // the keepers of the other books may; and the connector reverses what only their own books gave
  const before = await seq();
  r = await conn2.client.api('POST', `/chapters/${chB.slug}/ledger/${transfer}/reverse`, {});
  assert.equal(r.status, 201, r.text);
  const expense = await posted(conn, chA.slug, { kind: 'expense', counterpart: `org:${org.slug}`, resource: 'EUR', amount: '2', category: 'food' });
  const gift = await posted(conn, chA.slug, { kind: 'contribution', counterpart: `member:${mem.id}`, resource: 'HOURS', amount: '2' });
  for (const tx of [expense, gift]) {
    r = await conn.client.api('POST', `/chapters/${chA.slug}/ledger/${tx}/reverse`, {});
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(await seq(), before + 5);
  // an administrator undoes what took from other books
  r = await adm.api('POST', `/chapters/${chA.slug}/ledger/${toPlace}/reverse`, {});
  assert.equal(r.status, 201, r.text);
});

test('events: a basket pays only what it holds, and never into another chapter\'s basket', async () => {
  const desk = (who, ev, path, body) => who.client.api('POST', `/events/${ev.slug}/${path}`, body);
  for (const [what, payee] of [['another chapter\'s basket', `basket:${basketB}`], ['an event basket of another chapter', `basket:${eventB.basket_id}`]]) {
    const r = await unchanged(`an event cost paid into ${what}`, () => desk(conn, eventA, 'costs', { payee, amount: '5', description: 'Sneaky' }));
    refused(r, `an event cost paid into ${what}`, 403, 'payee', BASKET_IN);
  }
  let r = await unchanged('an event cost beyond its basket', () => desk(conn, eventA, 'costs', { payee: `org:${org.slug}`, amount: '500.01', description: 'Too much' }));
  refused(r, 'an event cost beyond its basket', 409, 'amount', /holds 500\.00 EUR/);
  r = await unchanged('an event cost past the maximum', () => desk(conn, eventA, 'costs', { payee: `org:${org.slug}`, amount: '10000000000.01', description: 'Too much' }));
  assert.equal(r.status, 422, r.text);
  // another chapter's event is not this connector's
  for (const [path, body] of [['costs', { payee: `chapter:${chA.slug}`, amount: '5', description: 'Mine now' }],
    ['sponsors', { organisation: org.slug, package: 'Gold' }], ['close', {}]]) {
    r = await unchanged(`${path} of another chapter's event`, () => desk(conn, eventB, path, body));
    assert.equal(r.status, 403, `${path}: ${r.text}`);
  }
  // the legitimate ones: a ticket paid, a cost to an organisation and to this chapter, closing
  const tier = (await mem.client.api('GET', `/events/${eventA.slug}`)).json().tiers.find((t) => t.name === 'Standard');
  const reg = await mem.client.api('POST', `/events/${eventA.slug}/register`, { tier: tier.id });
  assert.equal(reg.status, 201, reg.text);
  r = await desk(conn, eventA, `registrations/${reg.json().registration.id}/paid`, {});
  assert.equal(r.status, 200, r.text);
  r = await desk(conn, eventA, 'costs', { payee: `org:${org2.slug}`, amount: '60', description: 'Room' });
  assert.equal(r.status, 201, r.text);
  r = await desk(conn, eventA, 'costs', { payee: `chapter:${chA.slug}`, amount: '50', description: 'Back to the chapter' });
  assert.equal(r.status, 201, r.text);
  r = await desk(conn, eventA, 'close', {});
  assert.equal(r.status, 200, r.text);
  assert.equal(sql(`SELECT inflow - outflow FROM ledger_totals WHERE account_id = ${eventA.basket_id} AND resource = 'EUR'`), '0', 'the basket is shared out');
});

// ---------- 3. random transactions ----------

function verify() {
  const r = spawnSync(BIN, ['verify', '--db', DB], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

// mulberry32: a seeded generator, so that a failure can be replayed with BOOKS_SEED
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// What amount_parse makes of a text, in the resource's smallest unit: a BigInt, or null when it refuses it.
const DECIMALS = { EUR: 2, USD: 2, HOURS: 2, GOODS: 0, FAVOURS: 0 };
// The form's fields are trimmed first (req_input); postings and the rows of quick capture are not.
function parseAmount(text, resource, trimmed) {
  if (trimmed) text = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  const m = /^ *([0-9]*)(?:[.,]([0-9]*))?$/.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  const places = DECIMALS[resource];
  const frac = m[2] || '';
  if (frac.length > places) return null;
  let v = BigInt(m[1] || '0') * 10n ** BigInt(places) + BigInt((frac + '0'.repeat(places)).slice(0, places) || '0');
  if (resource === 'HOURS') v = (v * 60n + 50n) / 100n;
  return v > 0n ? v : null;
}
const within = (text, resource, trimmed = false) => {
  const v = parseAmount(text, resource, trimmed);
  return v !== null && v <= MAX[resource];
};

test('10,000 random transactions with extreme amounts and foreign or missing accounts: 201 or 4xx, never more; the books stay whole', async (t) => {
  const seed = Number(process.env.BOOKS_SEED || (Date.now() % 1000000007));
  t.diagnostic(`seed ${seed} (BOOKS_SEED=${seed} replays it)`);
  const rnd = generator(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const chance = (p) => rnd() < p;
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const digits = (n) => Array.from({ length: n }, (_, i) => String(i === 0 ? int(1, 9) : int(0, 9))).join('');
  const tag = unique('x');

  // two more chapters the connector keeps: E takes the form's entries, F the allowed splits and quick capture.
  // (A refusal on the form reads the page of the chapter's books, up to 500 lines, before it answers: on a
  // fresh PostgreSQL database that is 20 ms a time, so the form gets a chapter of its own that stays small.)
  const chE = await chapter(conn, { name: `Books E ${unique()}`, metro_id: geo.metro2.id });
  const chF = await chapter(conn, { name: `Books F ${unique()}`, metro_id: geo.metro2.id });
  const basketE = (await conn.client.api('POST', `/chapters/${chE.slug}/baskets`, { name: 'Form', purpose: 'form' })).json().basket.id;
  const basketF = (await conn.client.api('POST', `/chapters/${chF.slug}/baskets`, { name: 'Fuzz', purpose: 'fuzz' })).json().basket.id;
  const date = new Date(Date.now() + 3600e3).toISOString().slice(0, 10);
  const meetingF = (await conn.client.api('POST', `/chapters/${chF.slug}/meetings`, { date, time: '21:00' })).json().meeting.id;
  const A = `chapter:${chA.slug}`, B = `chapter:${chB.slug}`, E = `chapter:${chE.slug}`, F = `chapter:${chF.slug}`;
  const people = [...givers, mem, mem2, conn, conn2, outsider].map((g) => `member:${g.id}`);
  const companies = orgs.map((o) => `org:${o.slug}`);
  const foreignBaskets = [`basket:${basketB}`, `basket:${eventB.basket_id}`];
  const foreignUnits = [B, ...foreignBaskets, `place:${geo.metro.slug}`, `place:${geo.country.slug}`, 'network'];
  const missing = [`chapter:no-such-${tag}`, 'member:999999999', 'member:0', 'member:-1', 'member:abc', 'member:9223372036854775808',
    `org:no-such-${tag}`, `place:nowhere-${tag}`, 'basket:999999999', 'basket:0', 'basket:seven', 'nonsense', '', 'chapter:', 'network:1', 'member:1.5'];
  const accounts = [A, `basket:${basketA}`, `basket:${eventA.basket_id}`, E, `basket:${basketE}`, F, `basket:${basketF}`, ...people, ...companies, ...foreignUnits, ...missing];
  const baskets = [basketE, basketE, basketA, basketB, eventA.basket_id, eventB.basket_id, 999999999, 0, -1, 'abc', ''];
  const kinds = ['contribution', 'income', 'expense', 'transfer', 'basket_funding', 'basket_spending', 'reversal', 'gift', ''];
  const resources = ['EUR', 'EUR', 'EUR', 'HOURS', 'GOODS', 'FAVOURS', 'USD', 'eur', 'XXX', ''];
  const edges = ['10000000000', '10000000000.00', '10000000000.01', '9999999999.99', '1000000000000', '999999999999', '1000000000001',
    '9223372036854.99', '9223372036854775807', '9223372036854775808', '18446744073709551616', '99999999999999999999', '100000', '100000.01',
    '99999.99', '1000000', '1000001', '1000000000', '1000000001', '0.01', '0.001', '0', '0.00', '-1', '-0', '', ' ', 'abc', '1e5', '1,5',
    '.5', '5.', '+5', ' 5', '0x10', '1.2.3', '--1', 'NaN', 'Infinity', '00000000000000000001', '١٢', '5 ', '1\u00a0000'];
  const amount = () => {
    const r = rnd();
    if (r < 0.2) {
      const n = int(1, 20);
      const whole = digits(n);
      return chance(0.4) ? `${whole.slice(0, Math.max(1, n - 3))}.${whole.slice(Math.max(1, n - 3))}` : whole;
    }
    if (r < 0.4) return pick(edges);
    return `${int(1, 500)}${chance(0.5) ? `.${String(int(0, 99)).padStart(2, '0')}` : ''}`;
  };
  // a text for an amount in minor units (quarters of an hour for HOURS, which is typed in hours)
  const text = (minor, resource) => {
    if (resource === 'HOURS') return String(Number(minor) / 60);
    if (DECIMALS[resource] === 0) return String(minor);
    const s = String(minor).padStart(3, '0');
    return `${s.slice(0, -2)}.${s.slice(-2)}`;
  };
  const big = (resource) => {
    const max = resource === 'HOURS' ? MAX.HOURS / 15n : MAX[resource];   // HOURS: quarters of an hour
    const r = rnd();
    const q = r < 0.3 ? max : r < 0.5 ? max - BigInt(int(0, 1000)) : r < 0.7 ? BigInt(int(1, 1000)) : BigInt(Math.floor(rnd() * Number(max))) + 1n;
    return resource === 'HOURS' ? q * 15n : q;
  };

  // the kinds of requests; each returns {who, slug or path, body, headers, keyed, expect(status): a problem or null}
  const keys = Array.from({ length: 12 }, (_, i) => `${tag}-key-${i}`);
  const description = () => (chance(0.02) ? pick(['', 'x'.repeat(301), '<script>alert(1)</script>', '\u0000', 'é'.repeat(300)]) : `Fuzz ${int(1, 1e9)}`);
  function counterpartRequest() {
    const kind = pick(kinds), resource = pick(resources), amt = amount(), counterpart = chance(0.9) ? pick(accounts) : undefined;
    const body = { kind, resource, amount: amt, description: description(), counterpart };
    if (chance(0.5)) body.basket = pick(baskets);
    if (resource === 'GOODS' && chance(0.3)) body.value_amount = amount();
    if (chance(0.1)) body.visibility = pick(['public', 'network', 'unit', 'parties', 'secret']);
    if (chance(0.05)) body.occurred_on = pick(['2026-02-30', '2026-01-01', 'yesterday', '']);
    const keyed = chance(0.03);
    const headers = keyed ? { 'Idempotency-Key': pick(keys) } : {};
    if (keyed) body.description = `Keyed ${headers['Idempotency-Key']}`;
    const inwards = ['contribution', 'income', 'basket_funding'].includes(kind);
    const validRes = Object.hasOwn(MAX, resource);
    return {
      who: conn, slug: chE.slug, body, headers, keyed,
      expect(status) {
        // an amount that is no amount is refused before anything else; one past its resource's maximum, after the
        // idempotency key (a repeat answers 200, a key used for another entry 409)
        const v = validRes ? parseAmount(amt, resource, true) : 0n;
        const over = validRes && (v === null || v > MAX[resource]);
        if (over && !(status === 422 || (keyed && v !== null && [200, 409].includes(status))))
          return `an amount of ${JSON.stringify(amt)} ${resource} answered ${status}, not 422`;
        if (status === 201 && inwards && foreignUnits.includes(counterpart)) return `took from ${counterpart}`;
        return null;
      },
    };
  }
  function postingsRequest() {
    // mostly a few postings, often many, up to 32 (and sometimes a number the API refuses)
    const n = chance(0.05) ? pick([0, 1, 33]) : chance(0.5) ? int(2, 4) : int(5, 32);
    const postings = [];
    let takesForeign = false, allValid = true;
    if (chance(0.5)) {
      // balanced, in one or more resources, with extreme sizes
      let left = n;
      while (left >= 2) {
        const resource = pick(['EUR', 'EUR', 'HOURS', 'GOODS', 'FAVOURS', 'USD']);
        const size = left <= 3 ? left : int(2, left);
        left -= size;
        let sum = 0n;
        for (let i = 0; i < size; i++) {
          const v = i === size - 1 ? -sum : (chance(0.5) ? -1n : 1n) * big(resource);
          sum += v;
          const account = pick(accounts);
          const s = v < 0n ? `-${text(-v, resource)}` : text(v, resource);
          if (v < 0n ? foreignUnits.includes(account) : foreignBaskets.includes(account)) takesForeign = true;
          if (!within(v < 0n ? s.slice(1) : s, resource)) allValid = false;
          postings.push({ account, resource, amount: s });
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const resource = pick(resources), a = amount();
        const account = pick(accounts);
        const s = chance(0.5) ? `-${a}` : a;
        // as the server reads it: a leading minus takes out, the rest is the amount
        const neg = s.startsWith('-');
        if (neg ? foreignUnits.includes(account) : foreignBaskets.includes(account)) takesForeign = true;
        if (!Object.hasOwn(MAX, resource) || !within(neg ? s.slice(1) : s, resource)) allValid = false;
        postings.push({ account, resource, amount: s });
      }
    }
    const body = { kind: pick(kinds), description: description(), postings };
    if (chance(0.02)) body.postings = pick([{}, 'all of them', [1, 2], [{ account: A }, { resource: 'EUR' }]]);
    return {
      who: conn, slug: chA.slug, body, headers: {}, keyed: false,
      expect(status) {
        if (status === 201 && takesForeign) return 'took from (or paid into a basket of) books the connector does not keep';
        if (status === 201 && !allValid) return 'posted an amount beyond its resource\'s maximum';
        return null;
      },
    };
  }
  // postings the connector may make, in chapter F's books: givers and the chapters the connector keeps give, at most
  // the maximum each, to accounts other than another chapter's baskets; the first pair brings something into F's books
  function allowedRequest() {
    const sources = [F, A, ...people, ...companies];
    const sinks = [F, `basket:${basketF}`, A, `basket:${basketA}`, B, `place:${geo.metro.slug}`, 'network', ...people, ...companies];
    const postings = [];
    const order = ['EUR', 'HOURS', 'GOODS', 'FAVOURS', 'USD'].sort(() => rnd() - 0.5).slice(0, int(1, 3));
    order.forEach((resource, g) => {
      if (postings.length > 30) return;
      const pairs = int(1, Math.min(8, Math.floor((32 - postings.length) / 2)));
      const used = new Set();
      for (let i = 0; i < pairs; i++) {
        // the first pair brings something into F's books, so that the givers may give
        const into = g === 0 && i === 0;
        const from = pick(sources.filter((x) => !used.has(x) && !(into && x === F)));
        used.add(from);
        const to = into ? pick([F, `basket:${basketF}`]) : pick(sinks.filter((x) => !used.has(x)));
        used.add(to);
        const v = big(resource);
        postings.push({ account: from, resource, amount: `-${text(v, resource)}` }, { account: to, resource, amount: text(v, resource) });
      }
    });
    for (let i = postings.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [postings[i], postings[j]] = [postings[j], postings[i]];
    }
    return {
      who: conn, slug: chF.slug, body: { kind: pick(['contribution', 'transfer', 'income']), description: `Allowed ${int(1, 1e9)}`, postings },
      headers: {}, keyed: false,
      expect(status) { return status === 201 ? null : `a split the connector may make answered ${status}`; },
    };
  }
  // an allowed split with one foreign account slipped in: taking from another chapter, its baskets, a place or the
  // network, or paying into another chapter's basket; everything else in order, so the gate alone refuses it
  function foreignRequest() {
    const q = allowedRequest();
    const postings = q.body.postings;
    // (the postings in F's books stay: without one the API refuses the split for another reason)
    const others = postings.map((p, k) => k).filter((k) => ![F, `basket:${basketF}`].includes(postings[k].account));
    if (!others.length) return postingsRequest();
    const i = pick(others);
    const takes = postings[i].amount.startsWith('-');
    const used = new Set(postings.filter((p) => p.resource === postings[i].resource).map((p) => p.account));
    const choices = (takes ? foreignUnits : foreignBaskets).filter((x) => !used.has(x));
    if (!choices.length) return postingsRequest();
    postings[i] = { ...postings[i], account: pick(choices) };
    q.expect = (status) => (status === 403 ? null : `a split ${takes ? 'taking from' : 'paying into'} ${postings[i].account} answered ${status}, not 403`);
    return q;
  }
  function captureRequest() {
    const rows = Array.from({ length: int(1, 5) }, () => [pick(accounts), pick(resources), amount()]);
    const takes = rows.some((x) => foreignUnits.includes(x[0]));
    // a row with neither who nor amount is skipped; any other with an amount its resource cannot move is refused
    const blank = (x) => /^[ \t\n\v\f\r]*$/.test(x);
    const bad = rows.some((x) => !(blank(x[0]) && blank(x[2])) && Object.hasOwn(MAX, x[1]) && !within(x[2], x[1]));
    return {
      who: conn, path: `/chapters/${chF.slug}/meetings/${meetingF}/contributions`,
      body: { who: rows.map((x) => x[0]), resource: rows.map((x) => x[1]), amount: rows.map((x) => x[2]), note: rows.map(() => 'Fuzz') },
      headers: {}, keyed: false, capture: true,
      expect(status) {
        if (status === 201 && takes) return 'a meeting took from books the connector does not keep';
        if (bad && status !== 422) return `a row with an amount its resource cannot move answered ${status}, not 422`;
        return null;
      },
    };
  }
  const made = [];
  function reverseRequest() {
    const [tx, slug] = made.length && chance(0.8) ? pick(made) : [pick([999999999, 0, eventB.basket_id, 'abc', -1]), pick([chA.slug, chE.slug, chF.slug])];
    const who = pick([conn, conn, conn, conn2]), where = chance(0.8) ? slug : pick([chA.slug, chE.slug, chF.slug, chB.slug]);
    const stranger = (who === conn) !== (where !== chB.slug);
    return { who, path: `/chapters/${where}/ledger/${tx}/reverse`, body: {}, headers: {}, keyed: false,
      expect: (status) => (stranger && status !== 403 ? `a reversal in books the reverser does not keep answered ${status}` : null) };
  }
  function strangerRequest() {
    // a member who keeps no books, and the connector of B in these books: refused at the door
    const r = counterpartRequest();
    r.who = pick([mem, conn2, outsider]);
    r.expect = (status) => (status === 403 ? null : `someone who keeps no books here answered ${status}`);
    if (chance(0.5)) {
      const p = postingsRequest();
      p.who = r.who;
      p.expect = r.expect;
      return p;
    }
    return r;
  }
  function next() {
    const r = rnd();
    const [mode, make] = r < 0.33 ? ['form', counterpartRequest] : r < 0.6 ? ['postings', postingsRequest] : r < 0.75 ? ['allowed', allowedRequest]
      : r < 0.82 ? ['foreign', foreignRequest] : r < 0.9 ? ['capture', captureRequest] : r < 0.95 ? ['reversal', reverseRequest]
        : ['stranger', strangerRequest];
    return { mode, ...make() };
  }

  const N = Number(process.env.BOOKS_N || 10000), IN_FLIGHT = Number(process.env.BOOKS_IN_FLIGHT || 8);
  const startId = Number(sql('SELECT coalesce(max(id), 0) FROM ledger_transactions'));
  const statuses = {}, modes = {};
  const problems = [];
  let created = 0, issued = 0;
  const started = Date.now();
  async function worker() {
    while (issued < N) {
      issued += 1;
      const q = next();
      const path = q.path || `/chapters/${q.slug}/ledger`;
      let r;
      const t0 = performance.now();
      try {
        r = await q.who.client.api('POST', path, q.body, { headers: q.headers });
        const m = (modes[q.mode] ||= { n: 0, ms: 0 });
        m.n += 1;
        m.ms += performance.now() - t0;
      } catch (err) {
        problems.push(`${path} ${JSON.stringify(q.body).slice(0, 300)}: ${err.message}`);
        continue;
      }
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      const ok = r.status === 201 || (r.status === 200 && q.keyed) || (r.status >= 400 && r.status < 500);
      // a NUL in a JSON string: the body is refused before anything else
      const nul = JSON.stringify(q.body).includes('\\u0000');
      const problem = !ok ? `answered ${r.status}` : nul ? (r.status === 400 ? null : `a body with a NUL answered ${r.status}, not 400`) : q.expect(r.status);
      if (problem) problems.push(`${problem}: POST ${path} ${JSON.stringify(q.body).slice(0, 600)} -> ${r.status} ${r.text.slice(0, 300)}`);
      if (r.status === 201) {
        if (q.capture) created += r.json().recorded;
        else {
          created += 1;
          if (!q.path) made.push([r.json().transaction.id, q.slug]);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  t.diagnostic(`${N} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(statuses)}; mean ms by kind: ${
    Object.entries(modes).map(([k, m]) => `${k} ${m.n} x ${(m.ms / m.n).toFixed(1)}`).join(', ')}`);
  assert.deepEqual(problems.slice(0, 10), [], `seed ${seed}: ${problems.length} problems`);
  assert.ok((statuses[201] || 0) > 500, `enough of them were posted to mean something: ${JSON.stringify(statuses)}`);
  assert.ok(statuses[403] > 100 && statuses[422] > 1000, JSON.stringify(statuses));

  // each 201 made its entries, nothing else made any
  assert.equal(Number(sql(`SELECT count(*) FROM ledger_transactions WHERE id > ${startId}`)), created, 'one entry for each entry answered 201');
  // nothing was taken from books its recorder does not keep
  const keeps = (user, chapterCol) => `EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = ${user} AND m.chapter_id = ${chapterCol} AND m.role = 'connector')`;
  assert.equal(sql(`SELECT count(*) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
      JOIN ledger_accounts a ON a.id = p.account_id LEFT JOIN ledger_accounts u ON u.id = a.parent_id JOIN users w ON w.id = t.recorded_by
     WHERE t.id > ${startId} AND p.amount < 0 AND w.is_admin = 0
       AND (a.kind IN ('network', 'place') OR (a.kind = 'chapter' AND NOT ${keeps('t.recorded_by', 'a.ref_id')})
            OR (a.kind = 'basket' AND NOT (u.kind = 'chapter' AND ${keeps('t.recorded_by', 'u.ref_id')})))`), '0', 'no unit gave by another\'s hand');
  assert.equal(sql(`SELECT count(*) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
      JOIN ledger_accounts a ON a.id = p.account_id JOIN users w ON w.id = t.recorded_by
     WHERE t.id > ${startId} AND p.amount < 0 AND w.is_admin = 0 AND a.kind IN ('member', 'organisation')
       AND NOT (a.kind = 'member' AND a.ref_id = t.recorded_by)
       AND NOT EXISTS (SELECT 1 FROM ledger_postings q JOIN ledger_accounts qa ON qa.id = q.account_id LEFT JOIN ledger_accounts qu ON qu.id = qa.parent_id
                        WHERE q.transaction_id = t.id AND q.amount > 0
                          AND ((qa.kind = 'chapter' AND ${keeps('t.recorded_by', 'qa.ref_id')})
                               OR (qa.kind = 'basket' AND qu.kind = 'chapter' AND ${keeps('t.recorded_by', 'qu.ref_id')})))`), '0',
  'no member or organisation gave into books their recorder does not keep');
  assert.equal(sql(`SELECT count(*) FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
      JOIN ledger_accounts a ON a.id = p.account_id LEFT JOIN ledger_accounts u ON u.id = a.parent_id JOIN users w ON w.id = t.recorded_by
     WHERE t.id > ${startId} AND p.amount > 0 AND a.kind = 'basket' AND w.is_admin = 0
       AND NOT (u.kind = 'chapter' AND ${keeps('t.recorded_by', 'u.ref_id')})`), '0', 'no basket received by the hand of someone who does not keep it');
  // every posting within its resource's maximum, every entry balanced, no basket below zero
  assert.equal(sql('SELECT count(*) FROM ledger_postings p JOIN resources r ON r.code = p.resource WHERE p.amount = 0 OR p.amount > r.max_amount OR p.amount < -r.max_amount'), '0');
  assert.equal(sql('SELECT count(*) FROM (SELECT transaction_id, resource FROM ledger_postings GROUP BY transaction_id, resource HAVING sum(amount) <> 0) x'), '0');
  assert.equal(sql("SELECT count(*) FROM ledger_totals t JOIN ledger_accounts a ON a.id = t.account_id WHERE a.kind = 'basket' AND t.inflow < t.outflow"), '0');

  // glocal verify: the chain, the accounts, the totals
  const v = verify();
  assert.equal(v.code, 0, v.out);
  // the totals are the sums of the postings, both ways; the volume is the sum of the totals' inflows
  assert.equal(sql(`SELECT count(*) FROM (SELECT account_id, resource, sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS i,
                           sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS o FROM ledger_postings GROUP BY account_id, resource) s
                      LEFT JOIN ledger_totals t ON t.account_id = s.account_id AND t.resource = s.resource
                     WHERE t.account_id IS NULL OR t.inflow <> s.i OR t.outflow <> s.o`), '0', 'every sum of postings is in ledger_totals');
  assert.equal(sql(`SELECT count(*) FROM ledger_totals t WHERE NOT EXISTS
                      (SELECT 1 FROM ledger_postings p WHERE p.account_id = t.account_id AND p.resource = t.resource)`), '0', 'no total without postings');
  assert.equal(sql(`SELECT count(*) FROM ledger_volume v LEFT JOIN (SELECT resource, sum(inflow) AS s FROM ledger_totals GROUP BY resource) x
                      ON x.resource = v.resource WHERE x.resource IS NULL OR v.volume <> x.s`), '0', 'every volume is the sum of its totals\' inflows');
  assert.equal(sql(`SELECT count(*) FROM (SELECT resource FROM ledger_totals GROUP BY resource) x
                     WHERE NOT EXISTS (SELECT 1 FROM ledger_volume v WHERE v.resource = x.resource)`), '0', 'every resource with totals has a volume');
  assert.equal(sql('SELECT count(*) FROM ledger_totals WHERE inflow < 0 OR outflow < 0 OR inflow > 4000000000000000000 OR outflow > 4000000000000000000'), '0');
  if (sqlite) assert.equal(sql("SELECT count(*) FROM ledger_totals WHERE typeof(inflow) <> 'integer' OR typeof(outflow) <> 'integer'"), '0');
  // each unit's totals (its account and its baskets) are the sums of their postings, both ways
  const unitOf = "CASE WHEN a.kind = 'basket' THEN a.parent_id ELSE a.id END";
  const unitSums = `SELECT ${unitOf} AS unit_id, p.resource, sum(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END) AS i,
                           sum(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END) AS o
                      FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id GROUP BY ${unitOf}, p.resource`;
  assert.equal(sql(`SELECT count(*) FROM (${unitSums}) s LEFT JOIN ledger_unit_totals u ON u.unit_id = s.unit_id AND u.resource = s.resource
                     WHERE u.unit_id IS NULL OR u.inflow <> s.i OR u.outflow <> s.o`), '0', 'every unit\'s sum of postings is in ledger_unit_totals');
  assert.equal(sql(`SELECT count(*) FROM ledger_unit_totals u LEFT JOIN (${unitSums}) s ON s.unit_id = u.unit_id AND s.resource = u.resource
                     WHERE s.unit_id IS NULL`), '0', 'no unit total without postings');
  assert.equal(sql("SELECT count(*) FROM ledger_unit_totals u JOIN ledger_accounts a ON a.id = u.unit_id WHERE a.kind = 'basket'"), '0',
    'a basket is counted in its unit\'s row, never in one of its own');
  // the signed head is the last entry
  const head = (await new Client().get('/api/v1/ledger/head')).json().head;
  assert.equal(`${head.seq}:${head.hash}`, sql("SELECT seq || ':' || hash FROM ledger_transactions ORDER BY seq DESC LIMIT 1"));
});

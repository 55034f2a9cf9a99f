// pickers.test.mjs - forms in plain words (issue 20, point 3): GET /names finds
// people, organisations, chapters and places by name, for those logged in only;
// the books' record form takes a name where it took member:42 (a unique name
// resolves, an ambiguous one answers a field error listing the candidates and a
// list to choose from), keeps what was chosen after a 422, and its currency
// defaults to the chapter's (the money its books moved most, else its country's).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, member, admin, chapter, admit, geography, unique, sql } from './lib.mjs';

let adm, geo, conn, mem, twin1, twin2, ch, org, tag;

const books = (slug) => `/chapters/${slug}/ledger`;
const form = (body) => ({ kind: 'contribution', resource: 'HOURS', amount: '1.5', description: 'Prepared the room', visibility: 'unit', ...body });

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  tag = unique('n');
  conn = await member({ name: `Cora Pick ${tag}` });
  mem = await member({ name: `Milo Pick ${tag}` });
  twin1 = await member({ name: `Twin Pick ${tag}` });
  twin2 = await member({ name: `Twin Pick ${tag}` });
  ch = await chapter(conn, { name: `Pickers ${tag}`, metro_id: geo.metro.id });
  await admit(conn, ch, mem);
  org = (await conn.client.api('POST', '/organisations', { name: `Venue Pick ${tag}`, kind: 'venue' })).json().organisation;
});

test('GET /names: matches by name for those logged in, nobody else', async () => {
  const anon = await new Client().api('GET', `/names?q=${encodeURIComponent('Milo Pick ' + tag)}`);
  assert.equal(anon.status, 401, anon.text);
  const page = await new Client().get(`/names?q=Milo`);
  assert.equal(page.status, 303, 'a visitor is sent to log in');
  const r = await mem.client.api('GET', `/names?kind=member&q=${encodeURIComponent('milo pick ' + tag)}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json().names.map((n) => [n.value, n.label]), [[`member:${mem.id}`, mem.name]]);
  const orgs = (await mem.client.api('GET', `/names?kind=org,chapter&q=${encodeURIComponent('pick ' + tag)}`)).json().names;
  assert.deepEqual(orgs.map((n) => n.value), [`org:${org.slug}`]);
  const chs = (await mem.client.api('GET', `/names?kind=chapter&q=${encodeURIComponent('Pickers ' + tag)}`)).json().names;
  assert.deepEqual(chs.map((n) => n.value), [`chapter:${ch.slug}`]);
  // a chapter narrows members to its own; the twins are in none
  const inCh = (await conn.client.api('GET', `/names?kind=member&chapter=${ch.slug}&q=${encodeURIComponent('pick ' + tag)}`)).json().names;
  assert.deepEqual(inCh.map((n) => n.value).sort(), [`member:${conn.id}`, `member:${mem.id}`].sort());
  assert.equal((await mem.client.api('GET', '/names?kind=secrets&q=ab')).status, 400);
  assert.equal((await mem.client.api('GET', `/names?q=${'a'.repeat(81)}`)).status, 400);
  // members by the starts of the words of their names, folded; every word typed; not the middle of a word
  const names = async (q, extra = '') => (await mem.client.api('GET', `/names?kind=member${extra}&q=${encodeURIComponent(q)}`)).json().names.map((n) => n.value).sort();
  assert.deepEqual(await names(`MIL ${tag.slice(0, -1)}`), [`member:${mem.id}`], 'starts of words, in any case');
  assert.deepEqual(await names(`ilo ${tag}`), [], 'the middle of a word finds no one');
  assert.deepEqual(await names(`milo cora ${tag}`), [], 'each word typed starts a word of the same member');
  assert.deepEqual(await names(`mílo ${tag}`), [`member:${mem.id}`], 'accents folded');
  assert.deepEqual(await names(`co ${tag}`, `&chapter=${ch.slug}`), [`member:${conn.id}`], 'within a chapter too');
  assert.deepEqual(await names(`ora ${tag}`, `&chapter=${ch.slug}`), []);
  // wildcards are not letters: "%" finds no one
  assert.deepEqual((await mem.client.api('GET', '/names?kind=member&q=%25')).json().names, []);
  const html = await mem.client.get(`/names?q=${encodeURIComponent('Milo Pick ' + tag)}`);
  assert.equal(html.status, 200);
  assert.match(html.text, new RegExp(`<strong>Milo Pick ${tag}</strong>`));
});

test('a name typed in the books resolves to the member (no script)', async () => {
  const before = Number(sql('SELECT count(*) FROM ledger_transactions'));
  const r = await conn.client.post(books(ch.slug), form({ counterpart: `milo pick ${tag}` }));
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(Number(sql('SELECT count(*) FROM ledger_transactions')), before + 1);
  const payer = sql(`SELECT a.kind || ':' || a.ref_id FROM ledger_transactions t JOIN ledger_accounts a ON a.id = t.payer_id ORDER BY t.id DESC LIMIT 1`);
  assert.equal(payer, `member:${mem.id}`);
  // the value the picker's script sends still works, and so does an organisation by name
  assert.equal((await conn.client.api('POST', books(ch.slug), form({ counterpart: `member:${mem.id}` }))).status, 201);
  const o = await conn.client.api('POST', books(ch.slug), form({ kind: 'expense', resource: 'EUR', amount: '20', counterpart: `Venue Pick ${tag}` }));
  assert.equal(o.status, 201, o.text);
});

test('an ambiguous or unknown name is a field error listing the candidates', async () => {
  const before = Number(sql('SELECT count(*) FROM ledger_transactions'));
  const api = await conn.client.api('POST', books(ch.slug), form({ counterpart: `Twin Pick ${tag}` }));
  assert.equal(api.status, 422, api.text);
  const err = api.json().errors.find((e) => e.field === 'counterpart');
  assert.match(err.message, new RegExp(`"Twin Pick ${tag}" could be Twin Pick ${tag} \\(member\\) or Twin Pick ${tag} \\(member\\)`));
  const page = await conn.client.post(books(ch.slug), form({ counterpart: `Twin Pick ${tag}` }));
  assert.equal(page.status, 422);
  // the page offers the two to choose from, by their values
  assert.match(page.text, /<select id="counterpart" name="counterpart"/);
  assert.ok(page.text.includes(`value="member:${twin1.id}"`) && page.text.includes(`value="member:${twin2.id}"`));
  const none = await conn.client.api('POST', books(ch.slug), form({ counterpart: `Nobody ${tag}` }));
  assert.equal(none.status, 422);
  assert.match(none.json().errors[0].message, /Nothing is called "Nobody .*". Type the name of a member, an organisation, a chapter, a place or the network/);
  assert.equal(Number(sql('SELECT count(*) FROM ledger_transactions')), before, 'nothing recorded');
});

test('after a 422 the form keeps what was chosen and the name typed', async () => {
  const r = await conn.client.post(books(ch.slug), form({ kind: 'income', resource: 'USD', amount: 'lots', visibility: 'parties',
    counterpart: `member:${mem.id}`, beneficiary: `Venue Pick ${tag}` }));
  assert.equal(r.status, 422, r.text.slice(0, 300));
  assert.match(r.text, /<option value="income" selected>/);
  assert.match(r.text, /<option value="USD" selected>/);
  assert.match(r.text, /<option value="parties" selected>/);
  assert.doesNotMatch(r.text, /<option value="contribution" selected>/);
  // the picker shows the member's name, and keeps the value for the script
  assert.match(r.text, new RegExp(`id="counterpart" name="counterpart" value="Milo Pick ${tag}" data-value="member:${mem.id}"`));
  // a name typed that named one comes back as that one, with its value (the script sends it as chosen)
  assert.match(r.text, new RegExp(`id="beneficiary" name="beneficiary" value="Venue Pick ${tag}" data-value="org:${org.slug}"`));
  assert.match(r.text, /class="field-error" id="amount-error"/);
  // no hint speaks in ids any more
  assert.doesNotMatch(r.text, /member:42/);
});

test('the currency defaults to the chapter\'s: its books\' money, else its country\'s', async () => {
  let brazil = sql("SELECT id FROM places WHERE slug = 'brazil'");
  if (!brazil) brazil = String((await adm.api('POST', '/places', { name: 'Brazil' })).json().place.id);
  const region = (await adm.api('POST', '/places', { name: `Sudeste ${tag}`, parent_id: Number(brazil) })).json().place;
  const metro = (await adm.api('POST', '/places', { name: `Campinas ${tag}`, parent_id: region.id, timezone: 'America/Sao_Paulo' })).json().place;
  const br = await chapter(conn, { name: `Campinas Pick ${tag}`, metro_id: metro.id });
  let page = await conn.client.get(books(br.slug));
  assert.match(page.text, /<option value="BRL" selected>/);
  assert.equal((page.text.match(/ selected>/g) || []).filter((s) => s).length >= 1, true);
  // a chapter in a country the table does not know has no default but its books' money
  page = await conn.client.get(books(ch.slug));
  assert.match(page.text, /<option value="EUR" selected>/, 'the EUR expense recorded above makes EUR its usual');
  const fresh = await chapter(conn, { name: `Fresh Pick ${tag}`, metro_id: geo.metro.id });
  await conn.client.api('POST', books(fresh.slug), form({ kind: 'income', resource: 'KES', amount: '500', counterpart: `member:${conn.id}` }));
  page = await conn.client.get(books(fresh.slug));
  assert.match(page.text, /<option value="KES" selected>/);
  assert.doesNotMatch(page.text, /<option value="BRL" selected>/);
});

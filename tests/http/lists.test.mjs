// lists.test.mjs - the lists that used to be cut without a word (issue 20): a member's own commons
// items (500), a chapter's expense claims (100) and the lines of a chapter's books (500 a period).
// Each gets more rows than its old cut, straight into the database, and every row must be reachable
// by following the pages (paging.next, the Link header, the page's pager), none twice.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, admit, chapter, Client, documented, geography, member, sql, unique } from './lib.mjs';

let conforms, adm, geo;
before(async () => {
  conforms = await documented();
  adm = await admin();
  geo = await geography(adm);
});

// Every row of a paged list of the API (its array `key`), pages of perPage, by paging.next.
async function walk(who, first, key, perPage, path) {
  const rows = [], pages = [];
  let url = `/api/v1${first}${first.includes('?') ? '&' : '?'}per_page=${perPage}`;
  while (url) {
    const r = await who.get(url);
    assert.equal(r.status, 200, `${url}: ${r.text.slice(0, 300)}`);
    if (path) conforms(r, path);
    const body = r.json();
    assert.ok(body[key].length <= perPage, url);
    const link = r.headers.get('link') || '';
    if (body.paging.next) assert.ok(link.includes(`<${body.paging.next}>; rel="next"`), `${url}: ${link}`);
    else assert.doesNotMatch(link, /rel="next"/);
    rows.push(...body[key]);
    pages.push(body);
    url = body.paging.next;
    assert.ok(pages.length < 100, 'a walk ends');
  }
  return { rows, pages };
}

test("a member's own commons items: all of them, past the old cut of 500, waiting ones first", async () => {
  const m = await member();
  const tag = unique('mine').toLowerCase();
  const now = Math.floor(Date.now() / 1000);
  // 3 waiting for the member's consent, 400 drafts, 115 published, 4 withdrawn: 522 rows
  const kinds = [...Array(3).fill(['consenting', 'asked']), ...Array(400).fill(['draft', 'given']),
    ...Array(115).fill(['published', 'given']), ...Array(4).fill(['withdrawn', 'given'])];
  const values = kinds.map(([status], i) => `('${tag}-${i}', 'notes', 'Item ${tag} ${i}', 'cc-by-4.0', '${status}', ${m.id}, ${now}, ${now - i})`);
  sql(`INSERT INTO commons_items (slug, kind, title, licence, status, created_by, created_at, updated_at) VALUES ${values.join(',')}`);
  const people = kinds.map(([, consent], i) =>
    `((SELECT id FROM commons_items WHERE slug = '${tag}-${i}'), ${m.id}, 'author', '${consent}', ${now})`);
  sql(`INSERT INTO commons_people (item_id, user_id, role, consent, added_at) VALUES ${people.join(',')}`);

  const { rows, pages } = await walk(m.client, '/commons/mine', 'items', 200, '/commons/mine');
  assert.equal(pages.length, 3);
  assert.equal(rows.length, 522);
  assert.equal(new Set(rows.map((x) => x.id)).size, 522, 'none twice');
  assert.deepEqual(pages[0].counts, { waiting: 3, drafts: 400, published: 115, withdrawn: 4, total: 522 });
  assert.equal(pages[0].paging.total, 522);
  // the lists in their order, the newest change first within each
  const order = ['waiting', 'drafts', 'published', 'withdrawn'];
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    assert.ok(order.indexOf(a.list) < order.indexOf(b.list) || (a.list === b.list && a.updated_at >= b.updated_at), `${a.slug} before ${b.slug}`);
  }
  assert.equal(rows[0].list, 'waiting');
  assert.equal(rows.at(-1).slug, `${tag}-521`, 'the last row, far past the old cut');
  // each page splits its own rows by state
  const last = pages[2];
  assert.equal(last.items.length, 122);
  assert.equal(last.drafts.length + last.published.length + last.withdrawn.length + last.waiting.length, 122);
  assert.equal(last.withdrawn.length, 4);
  assert.equal(last.withdrawn[0].title, undefined, 'a withdrawn item keeps its title to itself');

  const page = await m.client.get('/commons/mine?per_page=200&page=3');
  assert.equal(page.status, 200);
  assert.match(page.text, /Page 3 of 3/);
  assert.match(page.text, /href="\/commons\/mine\?per_page=200&amp;page=2" rel="prev"/);
  assert.ok(page.text.includes(`/commons/${tag}-521`), 'the last withdrawn item is on the last page');
  assert.doesNotMatch(page.text, /Nobody is waiting for your consent/, 'those waiting are on the first page, not absent');
  const first = await m.client.get('/commons/mine?per_page=200');
  assert.match(first.text, /Waiting for your consent <span class="muted small">\(3\)<\/span>/);
  assert.match(first.text, /rel="next"/);
});

test("a chapter's expense claims: every one, past the old cut of 100, pending first; a member sees their own", async () => {
  const connector = await member(), claimant = await member(), other = await member();
  const ch = await chapter(connector, { metro_id: geo.metro.id });
  await admit(connector, ch, claimant);
  await admit(connector, ch, other);
  const first = await claimant.client.api('POST', `/chapters/${ch.slug}/claims`, { description: 'Coffee', amount: '4', resource: 'EUR' });
  assert.equal(first.status, 201, first.text);
  const acct = sql(`SELECT id FROM ledger_accounts WHERE kind = 'chapter' AND ref_id = ${ch.id}`);
  const payee = sql(`SELECT payee_id FROM expense_claims WHERE claimed_by = ${claimant.id}`);
  const now = Math.floor(Date.now() / 1000);
  // 140 more by the claimant (the oldest 120 decided), 5 by another member: 146 in all, 26 pending
  const rows = [];
  for (let i = 0; i < 140; i++) {
    const status = i < 20 ? 'pending' : i % 2 ? 'approved' : 'declined';
    rows.push(`(${acct}, ${payee}, 'EUR', ${100 + i}, 'Claim ${i}', '2026-01-01', 'unit', ${claimant.id}, ${now - 3600 - i}, '${status}')`);
  }
  for (let i = 0; i < 5; i++) rows.push(`(${acct}, ${payee}, 'EUR', 7, 'Other ${i}', '2026-01-01', 'unit', ${other.id}, ${now - 60}, 'pending')`);
  sql(`INSERT INTO expense_claims (account_id, payee_id, resource, amount, description, occurred_on, visibility, claimed_by, claimed_at, status)
       VALUES ${rows.join(',')}`);

  const path = '/chapters/{chapter}/claims';
  const all = await walk(connector.client, `/chapters/${ch.slug}/claims`, 'claims', 50, path);
  assert.equal(all.rows.length, 146);
  assert.equal(new Set(all.rows.map((k) => k.id)).size, 146, 'none twice');
  assert.deepEqual(all.pages[0].claims_count, { all: 146, pending: 26 });
  assert.equal(all.pages[0].paging.total, 146);
  const pending = all.rows.findIndex((k) => !k.is_pending);
  assert.equal(pending, 26, 'the pending ones first');
  assert.ok(all.rows.slice(26).every((k) => !k.is_pending));
  assert.equal(all.rows.at(-1).description, 'Claim 139', 'the oldest decided claim, far past the old cut');
  assert.ok(all.rows.at(-1).amount === 239, 'its amount in minor units');

  // a member who is no connector: their own, every one of them, and nobody else's
  const own = await walk(claimant.client, `/chapters/${ch.slug}/claims`, 'claims', 200, path);
  assert.equal(own.rows.length, 141);
  assert.ok(own.rows.every((k) => k.claimed_by === claimant.name));
  assert.equal(own.pages[0].viewer.sees_all, false);
  const theirs = await walk(other.client, `/chapters/${ch.slug}/claims`, 'claims', 200, path);
  assert.equal(theirs.rows.length, 5);
  assert.deepEqual(theirs.pages[0].claims_count, { all: 5, pending: 5 });
  assert.equal((await walk(adm, `/chapters/${ch.slug}/claims`, 'claims', 200, path)).rows.length, 146);

  // the books show the first ones beside a link to them all
  const books = (await connector.client.api('GET', `/chapters/${ch.slug}/ledger`)).json();
  assert.equal(books.claims.length, 10);
  assert.deepEqual(books.claims_count, { all: 146, pending: 26 });
  const page = await connector.client.get(`/chapters/${ch.slug}/ledger`);
  assert.match(page.text, new RegExp(`href="/chapters/${ch.slug}/claims">All expense claims \\(146 · to decide: 26\\)`));
  const last = await connector.client.get(`/chapters/${ch.slug}/claims?page=3`);
  assert.equal(last.status, 200);
  assert.match(last.text, /Page 3 of 3/);
  assert.match(last.text, /Claim 139/);
  // deciding from the list comes back to the list
  const pendingId = all.rows[0].id;
  const decided = await connector.client.post(`/chapters/${ch.slug}/claims/${pendingId}/decline`, { back: 'claims' });
  assert.equal(decided.status, 303);
  assert.equal(decided.headers.get('location'), `/chapters/${ch.slug}/claims`);
});

test("a chapter's statement: every line of the period past the old cut of 500, with the balances brought and carried forward", async () => {
  const connector = await member(), giver = await member();
  const ch = await chapter(connector, { metro_id: geo.metro.id });
  await admit(connector, ch, giver);
  // 520 entries in EUR, recorded out of the order of their days; one in eight public, the others for the
  // chapter's members; one in thirteen an expense
  const days = (i) => `2026-01-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
  const entries = Array.from({ length: 520 }, (_, i) => ({
    kind: i % 13 === 5 ? 'expense' : 'contribution', counterpart: `member:${giver.id}`, resource: 'EUR',
    amount: `${1 + (i % 50)}.${String(i % 100).padStart(2, '0')}`, description: `Entry ${i}`, occurred_on: days(i),
    visibility: i % 8 === 0 ? 'public' : 'unit' }));
  // the first alone, so that it is the first of its day in the chain
  assert.equal((await connector.client.api('POST', `/chapters/${ch.slug}/ledger`, entries[0])).status, 201);
  for (let i = 1; i < entries.length; i += 40) {
    const done = await Promise.all(entries.slice(i, i + 40).map((x) => connector.client.api('POST', `/chapters/${ch.slug}/ledger`, x)));
    for (const r of done) assert.equal(r.status, 201, r.text);
  }
  const cents = (x) => Math.round(Number(x.amount) * 100) * (x.kind === 'expense' ? -1 : 1);
  const sum = (xs) => xs.reduce((s, x) => s + x, 0);
  const eur = (list) => list.find((b) => b.resource === 'EUR')?.amount ?? 0;
  const closing = sum(entries.map(cents));

  // the connector sees every line: 3 pages of 200, the last line the oldest day's first entry
  const path = '/chapters/{chapter}/ledger';
  const all = await walk(connector.client, `/chapters/${ch.slug}/ledger`, 'lines', 200, path);
  assert.equal(all.pages.length, 3);
  assert.equal(all.rows.length, 520);
  assert.equal(new Set(all.rows.map((l) => l.id)).size, 520, 'none twice');
  assert.equal(all.pages[0].paging.total, 520);
  assert.equal(all.pages[0].lines_total, 520);
  for (let i = 1; i < all.rows.length; i++)
    assert.ok(all.rows[i - 1].occurred_on >= all.rows[i].occurred_on, 'newest day first, across the pages');
  assert.equal(all.rows.at(-1).description, 'Entry 0', 'the oldest day, recorded first: far past the old cut');
  assert.equal(sum(all.rows.map((l) => l.amount)), closing, 'every cent of the period is on a page');
  assert.equal(eur(all.pages[0].carried_forward), closing, 'the first page carries the closing balance');
  assert.equal(eur(all.pages.at(-1).brought_forward), 0, 'the last page starts from the opening balance');
  for (const [i, page] of all.pages.entries()) {
    assert.equal(eur(page.carried_forward) - eur(page.brought_forward), sum(page.lines.map((l) => l.amount)), `page ${i + 1} adds up`);
    if (i) assert.deepEqual(page.carried_forward, all.pages[i - 1].brought_forward, `page ${i + 1} carries what page ${i} brought`);
    assert.equal(page.hidden.count, 0);
    assert.deepEqual(page.totals, all.pages[0].totals, 'the totals are the whole books on every page');
  }

  // someone not logged in: the public lines only, the others summed up over the whole period on every page
  const anon = new Client();
  const pub = await walk(anon, `/chapters/${ch.slug}/ledger`, 'lines', 20, path);
  const shown = entries.filter((x) => x.visibility === 'public');
  assert.equal(pub.rows.length, shown.length);
  assert.equal(pub.pages.length, Math.ceil(shown.length / 20));
  assert.deepEqual(pub.rows.map((l) => l.id), all.rows.filter((l) => l.visibility === 'public').map((l) => l.id), 'in the same order');
  const hiddenCents = sum(entries.filter((x) => x.visibility !== 'public').map(cents));
  for (const page of pub.pages) {
    assert.equal(page.hidden.count, 520 - shown.length, 'every hidden line of the period, not the page');
    assert.equal(page.hidden.by_resource.find((h) => h.resource === 'EUR').amount, hiddenCents);
  }
  assert.equal(eur(pub.pages[0].carried_forward), closing, 'balances are public: the hidden lines count in them');
  assert.equal(eur(pub.pages.at(-1).brought_forward), 0);
  for (let i = 1; i < pub.pages.length; i++) assert.deepEqual(pub.pages[i].carried_forward, pub.pages[i - 1].brought_forward);

  // a period: its opening balance is where its last page starts
  const inPeriod = entries.filter((x) => x.occurred_on >= '2026-01-10' && x.occurred_on < '2026-01-20');
  const before = sum(entries.filter((x) => x.occurred_on < '2026-01-10').map(cents));
  const period = await walk(connector.client, `/chapters/${ch.slug}/ledger?from=2026-01-10&to=2026-01-20`, 'lines', 50, path);
  assert.equal(period.rows.length, inPeriod.length);
  assert.equal(eur(period.pages[0].opening), before);
  assert.equal(eur(period.pages.at(-1).brought_forward), before);
  assert.equal(eur(period.pages[0].carried_forward), before + sum(inPeriod.map(cents)));
  assert.match(period.pages[0].paging.next, /^\/api\/v1\/chapters\/[^?]+\/ledger\?from=2026-01-10&to=2026-01-20&per_page=50&page=2$/);

  // the page: the pager keeps the period, the balances around the lines
  const page = await connector.client.get(`/chapters/${ch.slug}/ledger?per_page=200&page=3`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Page 3 of 3/);
  assert.match(page.text, /Entry 0</);
  assert.match(page.text, /Balance after these lines, carried forward: <strong>/);
  assert.match(page.text, /Balance before these lines, brought forward: <strong>/);
  const bad = await connector.client.get(`/api/v1/chapters/${ch.slug}/ledger?per_page=0`);
  assert.equal(bad.status, 400);
});

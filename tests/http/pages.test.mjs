// pages.test.mjs - every paged list of the API, found in docs/openapi.json (the GET routes that
// declare both page and per_page), walked one row a page by following paging.next, which the Link
// header's rel="next" repeats: nothing repeated, nothing skipped (the same rows as the largest pages),
// each answer valid against its schema, and bad page or per_page values refused with a 400 that
// says what is accepted. Then the rule
// that keeps new lists honest: every GET route answering a collection (an array named like its
// path's last word, or x-list) declares page and per_page, or says in x-whole why its list is
// read whole (bounded by a rule, or the first rows beside a link to a paged list).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { admin, chapter, documented, geography, member, sql, unique, when } from './lib.mjs';

const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
const deref = (x) => {
  while (x && x.$ref) x = x.$ref.split('/').slice(1).reduce((o, k) => o[k], doc);
  return x;
};
const paramNames = (op) => (op.parameters || []).map((p) => deref(p).name);
const gets = Object.entries(doc.paths).filter(([, ops]) => ops.get).map(([path, ops]) => ({ path, op: ops.get }));
const paged = gets.filter(({ op }) => paramNames(op).includes('page') && paramNames(op).includes('per_page'));
const tag = unique('pgs').toLowerCase();
const N = 3;   // rows each list gets from this file, at least

let adm, owner, ch, geo, org, cases, conforms;

before(async () => {
  conforms = await documented();
  adm = await admin();
  geo = await geography(adm);
  owner = await member({ name: `Owner ${tag}` });
  ch = await chapter(owner, { name: `Chapter ${tag} 0`, metro_id: geo.metro.id });
  const chapters = [ch];
  for (let i = 1; i < N; i++) chapters.push(await chapter(owner, { name: `Chapter ${tag} ${i}`, metro_id: geo.metro.id }));
  // each with books: the place's comparison of chapters lists them
  for (const [i, c] of chapters.entries()) {
    const r = await owner.client.api('POST', `/chapters/${c.slug}/ledger`, { kind: 'contribution', description: `Hours ${tag}`,
      resource: 'HOURS', amount: String(i + 1), counterpart: `member:${owner.id}`, visibility: 'unit' });
    assert.equal(r.status, 201, r.text);
  }
  // people named with the tag: accounts (and members of the directory), each asking to join the chapter
  for (let i = 0; i < N; i++) {
    const m = await member({ name: `Person ${tag} ${i}` });
    assert.equal((await m.client.api('POST', `/chapters/${ch.slug}/join-requests`, { message: 'Hello' })).status, 201);
  }
  for (let i = 0; i < N; i++) {
    const r = await owner.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: `${tag}-${i}@pages.test` });
    assert.equal(r.status, 201, r.text);
  }
  const now = Math.floor(Date.now() / 1000);
  // decision records of the chapter, two decided at the same second (the id breaks the tie)
  for (let i = 0; i < N; i++)
    sql(`INSERT INTO gov_decisions (chapter_id, source, source_id, title, statement, decided_at)
         VALUES (${ch.id}, 'proposal', ${i + 1}, 'Decision ${tag} ${i}', 'Agreed.', ${now - (i === 2 ? 1 : 0) * 60})`);
  for (const [i, place] of [geo.metro, geo.region, geo.country].entries()) {
    const r = await adm.api('POST', '/elections', { committee: place.slug, title: `Election ${tag} ${i}`, method: 'approval', seats: 1,
      nominations_close_at: now + 3600, closes_at: now + 7200 });
    assert.equal(r.status, 201, r.text);
  }
  // lines in the chapter's books, on the same day (the chain breaks the tie)
  for (let i = 0; i < N; i++) {
    const r = await owner.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution', counterpart: `member:${owner.id}`,
      resource: 'HOURS', amount: '1', description: `Line ${tag} ${i}`, occurred_on: '2026-03-01' });
    assert.equal(r.status, 201, r.text);
  }
  // expense claims on the chapter's books, made in the same second (the id breaks the tie)
  for (let i = 0; i < N; i++) {
    const r = await owner.client.api('POST', `/chapters/${ch.slug}/claims`, { description: `Claim ${tag} ${i}`, amount: '4', resource: 'EUR' });
    assert.equal(r.status, 201, r.text);
  }
  for (let i = 0; i < N; i++) {
    const r = await adm.api('POST', '/organisations', { name: `Org ${tag} ${i}`, kind: 'sponsor' });
    assert.equal(r.status, 201, r.text);
    org ??= r.json().organisation;
  }
  // what the first organisation gave to the chapter: lines of its own account
  for (let i = 0; i < N; i++) {
    const r = await owner.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'income', counterpart: `org:${org.slug}`,
      resource: 'EUR', amount: `${i + 1}`, description: `Sponsorship ${tag} ${i}`, visibility: 'public' });
    assert.equal(r.status, 201, r.text);
  }
  for (let i = 0; i < N; i++) {
    const d = await owner.client.api('POST', '/commons', { kind: 'notes', title: `Notes ${tag} ${i}`, body: 'What we learnt.',
      tags: `${tag}a, ${tag}b${i}` });
    assert.equal(d.status, 201, d.text);
    assert.equal((await owner.client.api('POST', `/commons/${d.json().item.slug}/publish`, {})).status, 200);
  }
  const app = await adm.api('POST', '/apps', { name: `Format ${tag}`, summary: 'A format.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(app.status, 201, app.text);
  const events = [];
  for (let i = 0; i < 2 * N; i++) {
    const r = await owner.client.api('POST', '/events', { app: app.json().app.slug, host: `chapter:${ch.slug}`,
      title: `Event ${tag} ${i}`, venue: 'The Hub', capacity: 10, ...when(60 * 24 * (i + 2)) });
    assert.equal(r.status, 201, r.text);
    events.push(r.json().event);
  }
  // half of them held already, two at the same moment
  const ids = events.slice(N).map((e) => e.id).join(',');
  sql(`UPDATE events SET starts_at = ${now - 86400 * 3}, ends_at = ${now - 86400 * 3 + 3600} WHERE id IN (${ids})`);
  // their income shared, two parties each at the same share, closed at the same moment (ties the order must break)
  sql(`UPDATE events SET closed_at = ${now - 86400} WHERE id IN (${ids})`);
  for (const party of ['organiser', 'network'])
    sql(`INSERT INTO event_shares (event_id, party, account_id, share, amount, currency)
         SELECT id, '${party}', (SELECT min(id) FROM ledger_accounts), 5000, 1000, 'EUR' FROM events WHERE id IN (${ids})`);

  for (let i = 1; i < N; i++) {
    const more = await adm.api('POST', '/apps', { name: `Format ${tag} ${i}`, summary: 'A format.',
      tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
    assert.equal(more.status, 201, more.text);
  }
  const adminId = (await adm.api('GET', '/me')).json().user.id;
  for (let i = 0; i < N; i++) {
    sql(`INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at, revoked_at)
         VALUES (${adminId}, 'Token ${i}', '${tag}-hash-${i}', 'ab${i}', ${now}, ${i ? 'NULL' : now})`);
    sql(`INSERT INTO gov_matters (chapter_id, raised_by, kind, title, body, status, created_at, updated_at)
         VALUES (${ch.id}, ${owner.id}, 'rule', 'Matter ${tag} ${i}', 'Why.', '${i ? 'open' : 'resolved'}', ${now}, ${now})`);
    const [metro, sector] = [[geo.metro, geo.sector], [geo.metro, geo.sector2], [geo.metro2, geo.sector]][i];
    for (const applicant of [adminId, owner.id])   // one's own, and others' for the administrator's review
      sql(`INSERT INTO growth_applications (applicant_id, metro_id, sector_id, name, second_email, created_at, updated_at)
           VALUES (${applicant}, ${metro.id}, ${sector.id}, 'Application ${tag} ${i}', 'second-${tag}@pages.test', ${now}, ${now})`);
  }
  // meetings the chapter held, two at the same hour
  for (let i = 0; i < N; i++)
    sql(`INSERT INTO meetings (chapter_id, starts_at, ends_at, timezone, status, phase, created_at, updated_at)
         VALUES (${ch.id}, ${now - 86400 * (7 + (i ? 1 : 0))}, ${now - 86400 * 7 + 7200}, 'Europe/Lisbon', 'held', 'closed', ${now}, ${now})`);
  // the country's committee, and closed polls of the chapter and of the committee (an open one beside)
  sql(`INSERT INTO gov_committees (place_id, level, created_at) SELECT id, 'country', ${now} FROM places p
       WHERE p.id = ${geo.country.id} AND NOT EXISTS (SELECT 1 FROM gov_committees g WHERE g.place_id = p.id)`);
  const committee = sql(`SELECT id FROM gov_committees WHERE place_id = ${geo.country.id}`);
  // matters escalated to it (its queue), two changed at the same moment
  for (let i = 0; i < N; i++)
    sql(`INSERT INTO gov_matters (chapter_id, raised_by, kind, title, body, status, summary_title, committee_id, escalated_at,
                                  created_at, updated_at)
         VALUES (${ch.id}, ${owner.id}, 'rule', 'Escalated ${tag} ${i}', 'Why.', '${i ? 'escalated' : 'decided'}', 'Summary ${i}',
                 ${committee}, ${now}, ${now}, ${now - (i === 2 ? 60 : 0)})`);
  for (const body of [`${ch.id}, NULL`, `NULL, ${committee}`])
    for (let i = 0; i <= N; i++)
      sql(`INSERT INTO gov_polls (chapter_id, committee_id, kind, title, opens_at, closes_at, status, created_by, created_at, closed_at)
           VALUES (${body}, 'proposal', 'Poll ${tag} ${i}', ${now - 7200}, ${now + (i ? -3600 : 3600)}, '${i ? 'closed' : 'open'}',
                   ${owner.id}, ${now}, ${i ? now - 3600 : 'NULL'})`);

  // how each paged route is asked for: its path's parameters, a filter that keeps it to this file's rows
  // where it has one, and who may read it (the administrator unless said)
  cases = {
    '/admin/users': { q: [`?q=${tag}`] },
    '/chapters': { q: [`?q=${tag}`] },
    '/members': { q: [`?q=${tag}`] },
    '/chapters/{chapter}/invitations': { q: [''] },
    '/chapters/{chapter}/join-requests': { q: [''] },
    '/chapters/{chapter}/matters': { q: [''], as: owner.client },
    '/chapters/{chapter}/polls': { q: [''] },
    '/committees/{committee}/polls': { q: [''] },
    '/committees/{committee}': { q: [''] },
    '/decisions': { q: [`?chapter=${ch.slug}`] },
    '/elections': { q: [''] },
    '/admin/outbox': { q: [''] },
    '/organisations': { q: [''] },
    '/commons/tags': { q: [''] },
    '/commons/mine': { q: [''], as: owner.client },
    '/chapters/{chapter}/claims': { q: [''], as: owner.client },
    '/chapters/{chapter}/ledger': { q: ['', '?from=2026-01-01&to=2026-12-31'], as: owner.client },
    '/me/ledger': { q: [''], as: owner.client },
    '/organisations/{org}': { q: [''] },
    '/events': { q: [`?place=${geo.metro.slug}`, `?place=${geo.metro.slug}&when=past`] },
    '/apps': { q: [''] },
    '/me/tokens': { q: [''] },
    '/growth/applications': { q: [''] },
    '/growth/review': { q: [''] },
    '/me/events': { q: [''], as: owner.client },
    '/events/splits': { q: [''] },
    '/chapters/{chapter}/meetings': { q: [''], as: owner.client },
    '/search': { q: [`?q=${tag}`] },
    '/places/{place}/ledger': { q: [''] },
  };
});

const fill = (path) =>
  path.replace('{chapter}', ch.slug).replace('{committee}', geo.country.slug).replace('{place}', geo.metro.slug).replace('{org}', org.slug);

// The rows of a list (`path` as documented), pages of per_page followed by paging.next; checks each
// page's Link header and that the answer matches its schema.
async function walk(who, path, first, key, perPage, limit = 10000) {
  const rows = [];
  let url = `/api/v1${first}${first.includes('?') ? '&' : '?'}per_page=${perPage}`, pages = 0;
  while (url) {
    const r = await who.get(url);
    assert.equal(r.status, 200, `${url}: ${r.text.slice(0, 300)}`);
    conforms(r, path);
    const body = r.json();
    const page = body[key];
    assert.ok(Array.isArray(page), `${url}: the list ${key} is in the answer`);
    assert.ok(page.length <= perPage, `${url}: ${page.length} rows, more than ${perPage}`);
    assert.equal(body.paging.per_page, perPage);
    assert.equal(body.paging.page, pages + 1);
    const link = r.headers.get('link') || '';
    assert.match(link, /rel="first"/, url);
    if (body.paging.next) {
      assert.ok(link.includes(`<${body.paging.next}>; rel="next"`), `${url}: Link ${link}`);
      assert.ok(body.paging.next.startsWith('/api/v1/'), body.paging.next);
      assert.equal(page.length, perPage, `${url}: a page before the last is full`);
    } else assert.doesNotMatch(link, /rel="next"/, url);
    if (pages > 0) assert.ok(link.includes('rel="prev"') && body.paging.prev, `${url}: a way back`);
    rows.push(...page);
    url = body.paging.next;
    if (++pages > limit) assert.fail(`${first}: more than ${limit} pages`);
  }
  return rows;
}

// What tells a row from the others: its address, else its kind and id (a search's results are of several
// kinds), else its tag, else the whole row (a share)
const identity = (row) => row.url ?? (row.id !== undefined ? `${row.kind ?? ''}:${row.id}` : JSON.stringify(row.tag ?? row));

test('there are paged lists, each names its list (x-list) and documents the Link header and the paging object', () => {
  assert.ok(paged.length >= 10, `only ${paged.length} paged routes`);
  for (const { path, op } of paged) {
    assert.ok(op['x-list'], `${path}: x-list names the paged array`);
    const ok = deref(op.responses['200']);
    assert.ok(ok.headers?.Link, `${path}: the 200 answer documents the Link header`);
    const schema = deref(ok.content['application/json'].schema);
    assert.equal(schema.properties[op['x-list']]?.type, 'array', `${path}: ${op['x-list']} is an array`);
    assert.equal(schema.properties.paging?.$ref, '#/components/schemas/Paging', `${path}: paging`);
    assert.ok(schema.required.includes('paging'), `${path}: paging is always there`);   // walk() reads it
    assert.ok(op.responses['400'], `${path}: documents the 400 of a bad page`);
  }
});

test('every paged list, walked one row a page, holds the same rows as its largest pages, none repeated', async () => {
  for (const { path, op } of paged) {
    assert.ok(cases[path], `${path} is paged: give it a case here (its parameters and who reads it)`);
    const who = cases[path].as || adm;
    for (const query of cases[path].q) {
      const first = fill(path) + query;
      const most = (op.parameters || []).map(deref).find((p) => p.name === 'per_page').schema.maximum;
      const all = await walk(who, path, first, op['x-list'], most);
      assert.ok(all.length >= 2, `${first}: ${all.length} rows, too few to walk`);
      const per = all.length <= 150 ? 1 : Math.ceil(all.length / 150);
      const one = await walk(who, path, first, op['x-list'], per, all.length + 1);
      const seen = new Set();
      for (const row of one) {
        assert.ok(!seen.has(identity(row)), `${first}: ${identity(row)} comes twice`);
        seen.add(identity(row));
      }
      assert.deepEqual(one.map(identity), all.map(identity), `${first}: the same rows in the same order`);
      if (path === '/admin/users' || path === '/chapters' || path === '/members') assert.equal(all.length, N + (path === '/admin/users' || path === '/members' ? 1 : 0), first);
    }
  }
});

test('bad page or per_page values: a 400 that says what is accepted, on every paged list', async () => {
  for (const { path } of paged) {
    const who = cases[path]?.as || adm;
    const first = fill(path) + (cases[path]?.q[0] || '');
    const sep = first.includes('?') ? '&' : '?';
    for (const bad of ['page=0', 'page=abc', 'per_page=100000', 'per_page=0', 'page=-1', 'page=1.5']) {
      const r = await who.get(`/api/v1${first}${sep}${bad}`);
      assert.equal(r.status, 400, `${first} ${bad}: ${r.status}`);
      conforms(r, path);
      assert.match(r.json().detail, /must be a whole number from 1 to \d+/, `${first} ${bad}`);
    }
    const far = await who.get(`/api/v1${first}${sep}page=99999`);
    assert.equal(far.status, 200, `${first}: a page beyond the end is empty, not an error`);
    assert.equal(far.json().paging.next, null);
  }
});

test('every collection the API answers is paged, or says why it is read whole', () => {
  const unpaged = [];
  for (const { path, op } of gets) {
    const ok = deref(op.responses['200']);
    const schema = deref(ok?.content?.['application/json']?.schema);
    if (!schema?.properties) continue;
    const last = path.split('/').filter((s) => s && !s.startsWith('{')).pop()?.replace(/-/g, '_');
    const collection = op['x-list'] || (path.split('/').pop().startsWith('{') ? null : last);
    if (!collection || deref(schema.properties[collection])?.type !== 'array') continue;
    const isPaged = paramNames(op).includes('page') && paramNames(op).includes('per_page');
    if (isPaged) continue;
    if (typeof op['x-whole'] === 'string' && op['x-whole'].length > 20) continue;
    unpaged.push(`${path} (${collection})`);
  }
  assert.deepEqual(unpaged, [], 'page these lists (web/paging.h) or say in x-whole why they are read whole');
});

test('the pages of a list carry a pager that keeps the filters', async () => {
  const r = await adm.get(`/chapters?q=${tag}&per_page=1&page=2`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<nav class="pager" aria-label="Pages">/);
  assert.match(r.text, new RegExp(`href="/chapters\\?q=${tag}&amp;per_page=1" rel="prev"`));
  assert.match(r.text, new RegExp(`href="/chapters\\?q=${tag}&amp;per_page=1&amp;page=3" rel="next"`));
  assert.match(r.text, /Page 2 of 3/);
  const inv = await owner.client.get(`/chapters/${ch.slug}/invitations?per_page=2`);
  assert.match(inv.text, new RegExp(`href="/chapters/${ch.slug}/invitations\\?per_page=2&amp;page=2" rel="next"`));
  const past = await adm.get(`/events?place=${geo.metro.slug}&when=past&per_page=2`);
  assert.match(past.text, /Held before/);
  assert.match(past.text, /rel="next"/);
  const found = await adm.get(`/search?q=${tag}&per_page=1&page=2`);
  assert.match(found.text, new RegExp(`href="/search\\?q=${tag}&amp;per_page=1" rel="prev">← Better matches`));
  assert.match(found.text, new RegExp(`href="/search\\?q=${tag}&amp;per_page=1&amp;page=3" rel="next">More results →`));
  const bad = await adm.get('/api/v1/events?when=tomorrow');
  assert.equal(bad.status, 400);
  assert.match(bad.json().detail, /upcoming .* or past/);
});

test("the split's totals count every share, not only the page's", async () => {
  const r = await adm.get('/api/v1/events/splits?per_page=1');
  assert.equal(r.status, 200);
  const body = r.json();
  assert.equal(body.shares.length, 1);
  const eur = body.totals.find((t) => t.currency === 'EUR');
  const sum = Number(sql("SELECT SUM(amount) FROM event_shares WHERE currency = 'EUR'"));
  assert.equal(eur.total, sum, 'the total of every share');
  assert.ok(sum >= 6000, `${sum}: this file's six shares at least`);
});

// lists.test.mjs - the lists that used to be cut without a word (issue 20): a member's own commons
// items (500), a chapter's expense claims (100) and the lines of a chapter's books (500 a period).
// Each gets more rows than its old cut, straight into the database, and every row must be reachable
// by following the pages (paging.next, the Link header, the page's pager), none twice.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { documented, member, sql, unique } from './lib.mjs';

let conforms;
before(async () => {
  conforms = await documented();
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

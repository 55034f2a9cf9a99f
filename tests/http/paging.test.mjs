// The shared pagination (src/web/paging.c) on the admin accounts list: 323 accounts walked
// by following `paging.next` with a small per_page, none missing or repeated; the Link
// header; the page's pager; bad page/per_page refused with 400.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { admin, sql } from './lib.mjs';

const tag = `pg${Date.now() % 100000}`;

test('admin accounts: every account across pages, with next links and a pager', async () => {
  const adm = await admin();
  const rows = [];
  for (let i = 0; i < 323; i++) rows.push(`('${tag}-${i}@paging.test', 'Paging ${tag} ${String(i).padStart(3, '0')}', 'x', 1, 1)`);
  sql(`INSERT INTO users (email, name, password_hash, created_at, password_changed_at) VALUES ${rows.join(',')}`);
  const total = Number(sql(`SELECT count(*) FROM users WHERE email LIKE '${tag}-%'`));
  assert.equal(total, 323);

  const seen = new Set();
  let url = `/api/v1/admin/users?q=${tag}&per_page=40`;
  let pages = 0;
  while (url) {
    const r = await adm.get(url);
    assert.equal(r.status, 200, url);
    const body = r.json();
    assert.ok(body.users.length <= 40);
    for (const u of body.users) { assert.ok(!seen.has(u.id), `repeated ${u.id}`); seen.add(u.id); }
    assert.equal(body.paging.total, 323);
    const link = r.headers.get('link');
    assert.match(link, /rel="first"/);
    if (body.paging.next) assert.ok(link.includes(`<${body.paging.next}>; rel="next"`));
    else assert.ok(!/rel="next"/.test(link));
    url = body.paging.next;
    pages += 1;
  }
  assert.equal(seen.size, 323);
  assert.equal(pages, 9);

  const page = await adm.get(`/admin/users?q=${tag}&page=2`);
  assert.equal(page.status, 200);
  assert.match(page.text, /323 accounts/);
  assert.match(page.text, /<nav class="pager" aria-label="Pages"><a href="\/admin\/users\?q=pg\d+" rel="prev">/);
  assert.match(page.text, /Page 2 of 7/);
  assert.match(page.text, new RegExp(`href="/admin/users\\?q=${tag}&amp;page=3" rel="next"`));
  const last = await adm.get(`/admin/users?q=${tag}&page=7`);
  assert.match(last.text, /Page 7 of 7/);
  assert.ok(!/rel="next"/.test(last.text));
});

test('bad page or per_page: a 400 that says what is accepted', async () => {
  const adm = await admin();
  for (const q of ['page=0', 'page=x', 'per_page=0', 'per_page=201', 'per_page=-3']) {
    const r = await adm.get(`/api/v1/admin/users?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.json().detail, /must be a whole number from 1 to/);
  }
});

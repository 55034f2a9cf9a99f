// pages.test.mjs - the shared pager (templates/partials/pager.mustache) in a real browser, on three
// different lists: the chapters directory (filtered, so the filter must survive each page), a
// chapter's invitations (a connector's page) and the past events (?when=past, reached from the
// "All past events" link beside the calendar). A person walks each list forward with "Next →" to
// the end and back with "← Previous": every row seen once, the pager says "Page n of m" where the
// list is counted, and each page passes axe (WCAG 2.2 AA) with one h1 and no duplicate ids, on a
// desktop and on a phone (no sideways scroll); screenshots in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, geography, sql, unique, when } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, PHONE, checked } from './browser.mjs';

let browser, adm, conn, ch, geo, tag;
const ctx = {};

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  tag = unique('Pager');
  conn = await member({ name: 'Paula Pager' });
  ch = await chapter(conn, { metro_id: geo.metro.id, name: `${tag} Harbour 0` });
  for (let i = 1; i < 5; i++) await chapter(conn, { metro_id: geo.metro.id, name: `${tag} Harbour ${i}` });
  for (let i = 0; i < 5; i++)
    assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/invitations`, { email: `pager-${i}-${tag}@pages.test`.toLowerCase() })).status, 201);
  const app = await adm.api('POST', '/apps', { name: `Breakfast ${tag}`, summary: 'A breakfast.',
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }], split_rule: [{ party: 'organiser', share: 10000 }] });
  assert.equal(app.status, 201, app.text);
  const ids = [];
  for (let i = 0; i < 23; i++) {
    const r = await conn.client.api('POST', '/events', { app: app.json().app.slug, host: `chapter:${ch.slug}`,
      title: `Breakfast ${tag} ${String(i).padStart(2, '0')}`, venue: 'The Hub', capacity: 10, ...when(60 * 24 * (i + 2)) });
    assert.equal(r.status, 201, r.text);
    ids.push(r.json().event.id);
  }
  // seven lines in the books, five expense claims, four commons items of the connector's
  for (let i = 0; i < 7; i++) {
    const r = await conn.client.api('POST', `/chapters/${ch.slug}/ledger`, { kind: 'contribution', counterpart: `member:${conn.id}`,
      resource: 'EUR', amount: `${i + 1}.50`, description: `Gift ${tag} ${i}`, occurred_on: `2026-02-0${i + 1}`, visibility: 'public' });
    assert.equal(r.status, 201, r.text);
  }
  for (let i = 0; i < 5; i++)
    assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/claims`, { description: `Taxi ${tag} ${i}`, amount: '12', resource: 'EUR' })).status, 201);
  for (let i = 0; i < 4; i++)
    assert.equal((await conn.client.api('POST', '/commons', { kind: 'notes', title: `Notes ${tag} ${i}`, body: 'What we learnt.' })).status, 201);
  // all of them held already, a day apart (more than the twenty shown beside the calendar)
  const now = Math.floor(Date.now() / 1000);
  ids.forEach((id, i) => sql(`UPDATE events SET starts_at = ${now - 86400 * (i + 2)}, ends_at = ${now - 86400 * (i + 2) + 3600} WHERE id = ${id}`));
  browser = await launch();
  ctx.desk = await newContext(browser, { client: conn.client });
  ctx.phone = await newContext(browser, { client: conn.client, viewport: PHONE });
});

after(async () => {
  await browser?.close();
});

// Walks a list from `path` by its pager to the end and back; `rows` reads a page's rows. Returns the rows seen.
async function walk(context, path, rows, { label, pages: expected, name }) {
  const page = await open(context, path);
  const seen = [];
  let n = 1;
  for (;;) {
    const pager = page.getByRole('navigation', { name: 'Pages' });
    assert.match(await pager.innerText(), new RegExp(`Page ${n}${expected ? ` of ${expected}` : ''}`), `${label}: page ${n}`);
    seen.push(...await rows(page));
    if (n === 1 || !(await pager.locator('a[rel="next"]').count())) {
      await checked(page, `${label}, page ${n}`);
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.clientWidth, `${label}, page ${n}: no sideways scroll: ${o.wide.join(', ')}`);
      await shot(page, `pages-${name}-${n}`);
    }
    const next = pager.getByRole('link', { name: 'Next →' });
    if (!(await next.count())) break;
    await Promise.all([page.waitForURL(new RegExp(`[?&]page=${n + 1}(&|$)`)), next.click()]);
    n += 1;
  }
  if (expected) assert.equal(n, expected, `${label}: ${expected} pages`);
  assert.equal(new Set(seen).size, seen.length, `${label}: no row twice: ${seen}`);
  // and back to the first page
  for (let back = n; back > 1; back--) {
    const prev = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: '← Previous' });
    await Promise.all([page.waitForURL(back === 2 ? (u) => !u.searchParams.has('page') : new RegExp(`[?&]page=${back - 1}(&|$)`)), prev.click()]);
  }
  assert.match(await page.getByRole('navigation', { name: 'Pages' }).innerText(), /Page 1/);
  assert.equal(await page.getByRole('navigation', { name: 'Pages' }).locator('a[rel="prev"]').count(), 0, `${label}: nothing before the first page`);
  await page.close();
  return seen;
}

test('the directory, filtered by words, pages two chapters at a time and keeps the filter', async () => {
  const names = async (page) => page.locator('section[aria-label="Results"] .cards h3, section[aria-label="Results"] .cards h2').allInnerTexts();
  for (const [context, label] of [[ctx.desk, 'the directory'], [ctx.phone, 'the directory on a phone']]) {
    const seen = await walk(context, `/chapters?q=${encodeURIComponent(tag)}&per_page=2`, names, { label, pages: 3, name: context === ctx.phone ? 'directory-phone' : 'directory' });
    assert.deepEqual(seen.map((s) => s.trim()).sort(), [0, 1, 2, 3, 4].map((i) => `${tag} Harbour ${i}`).sort(), label);
  }
});

test("a connector pages the chapter's invitations", async () => {
  const emails = async (page) => page.locator('table tbody tr td:first-child').allInnerTexts();
  const seen = await walk(ctx.desk, `/chapters/${ch.slug}/invitations?per_page=2`, emails, { label: 'the invitations', name: 'invitations' });
  assert.equal(seen.length, 5);
  assert.ok(seen.every((e) => e.startsWith('pager-')), seen.join(', '));
});

test('the past events: twenty beside the calendar, then every one of them page by page', async () => {
  const page = await open(ctx.desk, `/events?place=${geo.metro.slug}`);
  const recent = page.getByRole('region', { name: 'Recently held' });
  assert.equal(await recent.locator('li').count(), 20);
  await checked(page, 'the events with the recent ones');
  await Promise.all([page.waitForURL(/when=past/), recent.getByRole('link', { name: /All past events/ }).click()]);
  assert.match(await page.locator('h2#held-title').innerText(), /Held before/);
  const titles = async (p) => p.locator('section[aria-labelledby="held-title"] ul.list li a:first-child').allInnerTexts();
  const url = new URL(page.url());
  await page.close();
  const seen = await walk(ctx.desk, `${url.pathname}${url.search}&per_page=10`, titles, { label: 'the past events', name: 'past-events' });
  assert.equal(seen.length, 23);
  assert.deepEqual(seen, [...seen].sort(), 'the latest first: the list is in the order the events were held, backwards');
});

test("the books' statement pages with its balances; the expense claims and one's own commons items too", async () => {
  const lines = async (page) => page.locator('section[aria-labelledby="lines-title"] table tbody tr').allInnerTexts();
  for (const [context, label] of [[ctx.desk, 'the statement'], [ctx.phone, 'the statement on a phone']]) {
    const seen = await walk(context, `/chapters/${ch.slug}/ledger?per_page=3`, lines,
      { label, pages: 3, name: context === ctx.phone ? 'statement-phone' : 'statement' });
    assert.equal(seen.length, 7, label);
    assert.match(seen.at(-1), new RegExp(`Gift ${tag} 0`), `${label}: the oldest last`);
  }
  const page = await open(ctx.desk, `/chapters/${ch.slug}/ledger?per_page=3&page=3`);
  // the last page: the oldest gift, from nothing before it
  assert.match(await page.locator('.balance-line').first().innerText(), /carried forward: 1\.50 EUR$/);
  assert.match(await page.locator('.balance-line').last().innerText(), /brought forward: 0\.00 EUR$/);
  await Promise.all([page.waitForURL(/\/claims$/), page.getByRole('link', { name: /All expense claims/ }).click()]);
  await checked(page, 'the expense claims');
  await page.close();
  const claims = async (p) => p.locator('main ul.list li').allInnerTexts();
  const seen = await walk(ctx.desk, `/chapters/${ch.slug}/claims?per_page=2`, claims, { label: 'the expense claims', pages: 3, name: 'claims' });
  assert.equal(seen.length, 5);
  const items = async (p) => p.locator('main ul.list li a:first-child').allInnerTexts();
  const mine = await walk(ctx.desk, '/commons/mine?per_page=3', items, { label: 'your commons items', pages: 2, name: 'commons-mine' });
  assert.deepEqual([...mine].sort(), [0, 1, 2, 3].map((i) => `Notes ${tag} ${i}`).sort());
});

// federation_peers.test.mjs - peering two Glocal nodes in a real browser: a regional node (its own
// `glocal serve` on a fresh database, tests/http/nodes.mjs) asks the network's node to peer; the
// network's administrator finds the request on /admin/federation, approves it after the
// confirmation, and sees the regional node's chapter appear in the directory (the place's page)
// marked with where it lives; then an item published on the regional node appears in the network's
// commons with its licence, and the administrator records that a chapter used it (the form, its
// confirmation), which the regional node counts in the item's reach. Every page passes axe (WCAG 2.2 AA), has one h1 and no duplicate ids,
// and does not scroll sideways on a phone; screenshots at desktop and phone widths in /tmp/g2g-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { unique } from '../http/lib.mjs';
import { startNode, peerIn, until, memberOn, placesOn } from '../http/nodes.mjs';
import { launch, expectAccessible, structure, overflow, PHONE, checked } from './browser.mjs';

let browser, net, north, netPlaces, ch, nora;
const ctx = {};

// A browser context on `node` logged in as its administrator.
async function adminContext(node, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: node.base, viewport });
  context.setDefaultTimeout(10_000);
  const cookies = [...node.admin.jar].filter(([name]) => name !== 'glocal_flash');
  await context.addCookies(cookies.map(([name, value]) => ({ name, value, url: node.base })));
  context.on('dialog', (d) => d.accept());
  return context;
}

async function phone(path, name) {
  const page = await ctx.phone.newPage();
  assert.equal((await page.goto(path)).status(), 200);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `${path} scrolls sideways on a phone: ${o.wide.join(', ')}`);
  await checked(page, `${path} on a phone`);
  await page.screenshot({ path: `/tmp/g2g-${name}-phone.png`, fullPage: true });
}

before(async () => {
  [net, north] = [await startNode('network'), await startNode('north')];
  const tag = unique('t');
  netPlaces = await placesOn(net, tag);
  const northPlaces = await placesOn(north, tag);
  nora = await memberOn(north, 'Nora North');
  const r = await nora.client.api('POST', '/chapters', { name: `Northern Lights ${tag}`, metro_id: northPlaces.metro.id });
  assert.equal(r.status, 201, r.text);
  ch = r.json().chapter;
  browser = await launch();
  ctx.net = await adminContext(net);
  ctx.phone = await adminContext(net, PHONE);
});

after(async () => {
  await browser?.close();
  await Promise.all([net, north].filter(Boolean).map((n) => n.stop()));
});

test('the network admin approves a peer node on the page and sees its chapters in the directory', async () => {
  let page = await ctx.net.newPage();
  assert.equal((await page.goto('/admin/federation')).status(), 200);
  assert.match(await page.locator('.empty').innerText(), /No peers yet/);
  await checked(page, 'the empty federation page');
  await page.screenshot({ path: '/tmp/g2g-peers-empty-desktop.png', fullPage: true });

  // the regional node asks (its administrator's form is the same page, on its node)
  const nctx = await adminContext(north);
  const npage = await nctx.newPage();
  await npage.goto('/admin/federation');
  await npage.getByLabel('Address of the other Glocal node').fill(net.base);
  await Promise.all([npage.waitForLoadState('load'), npage.getByRole('button', { name: 'Ask to peer' }).click()]);
  assert.match(await npage.locator('main').innerText(), /Waiting for their answer/);
  await checked(npage, 'the regional node after asking');
  await npage.screenshot({ path: '/tmp/g2g-peers-asked-desktop.png', fullPage: true });
  await peerIn(net, north, 'asked');

  await page.reload();
  const row = page.locator('tr', { hasText: new URL(north.base).host });
  assert.match(await row.innerText(), /Asks to peer/);
  await checked(page, 'the request on the federation page');
  await page.screenshot({ path: '/tmp/g2g-peers-request-desktop.png', fullPage: true });
  await phone('/admin/federation', 'peers-request');
  await Promise.all([page.waitForLoadState('load'), row.getByRole('button', { name: 'Approve' }).click()]);
  assert.match(await page.locator('main').innerText(), /The node is approved/);
  assert.match(await page.locator('tr', { hasText: new URL(north.base).host }).innerText(), /Approved/);
  await page.screenshot({ path: '/tmp/g2g-peers-approved-desktop.png', fullPage: true });

  // the regional node learns it, and its chapter reaches the network's directory
  await peerIn(north, net, 'approved');
  await npage.reload();
  assert.match(await npage.locator('main').innerText(), /Approved/);
  await until('the chapter on the network', () => net.sql("SELECT COUNT(*) FROM fed_remote_objects WHERE kind = 'chapter'") === '1');
  page = await ctx.net.newPage();
  assert.equal((await page.goto(`/places/${netPlaces.metro.slug}`)).status(), 200);
  const card = page.locator('section', { hasText: 'Chapters on peer nodes' });
  assert.match(await card.innerText(), new RegExp(`${ch.name}[\\s\\S]*Lives on ${new URL(north.base).host}`));
  assert.equal(await card.getByRole('link', { name: ch.name }).getAttribute('href'), `${north.base}/chapters/${ch.slug}`);
  await checked(page, 'the place with a peer chapter');
  await page.screenshot({ path: '/tmp/g2g-directory-desktop.png', fullPage: true });
  await phone(`/places/${netPlaces.metro.slug}`, 'directory');
  // and in the directory of chapters, filtered by its country
  assert.equal((await page.goto(`/chapters?place=${netPlaces.country.slug}`)).status(), 200);
  const listed = page.locator('section', { hasText: 'Chapters on peer nodes' });
  assert.equal(await listed.getByRole('link', { name: ch.name }).getAttribute('href'), `${north.base}/chapters/${ch.slug}`);
  await checked(page, 'the directory with a peer chapter');
  await page.screenshot({ path: '/tmp/g2g-chapters-desktop.png', fullPage: true });
  await phone(`/chapters?place=${netPlaces.country.slug}`, 'chapters');
  await nctx.close();
});

test("a peer's item in the network's commons, and a use of it recorded on the page", async () => {
  let r = await nora.client.api('POST', '/commons', { kind: 'technique', title: `Fishbowl ${unique()}`, summary: 'A circle that talks.',
    body: 'Four chairs in the middle.', licence: 'cc-by-sa-4.0', chapter_id: ch.id });
  assert.equal(r.status, 201, r.text);
  const item = r.json().item;
  assert.equal((await nora.client.api('POST', `/commons/${item.slug}/publish`, {})).json().item.status, 'published');
  await until('the item on the network', () => net.sql(`SELECT COUNT(*) FROM fed_remote_objects WHERE name = '${item.title}'`) === '1');
  r = await net.admin.api('POST', '/chapters', { name: `Network users ${unique()}`, metro_id: netPlaces.metro.id });
  assert.equal(r.status, 201, r.text);
  const mine = r.json().chapter;

  const page = await ctx.net.newPage();
  assert.equal((await page.goto('/commons')).status(), 200);
  const list = page.locator('section', { hasText: 'From peer nodes' });
  assert.match(await list.innerText(), new RegExp(`${item.title}[\\s\\S]*CC BY-SA 4.0[\\s\\S]*Lives on ${new URL(north.base).host}`));
  assert.equal(await list.getByRole('link', { name: 'CC BY-SA 4.0' }).getAttribute('href'), 'https://creativecommons.org/licenses/by-sa/4.0/');
  await checked(page, "the commons with a peer's item");
  await page.screenshot({ path: '/tmp/g2g-commons-desktop.png', fullPage: true });
  await phone('/commons', 'commons');
  await Promise.all([page.waitForLoadState('load'), list.getByRole('link', { name: `Record a use of ${item.title}` }).click()]);
  assert.match(await page.locator('h1').innerText(), new RegExp(`Record a use of “${item.title}”`));
  await checked(page, 'the form to record a use of a peer item');
  await page.screenshot({ path: '/tmp/g2g-use-form-desktop.png', fullPage: true });
  const form = new URL(page.url()).pathname;
  await phone(form, 'use-form');
  await page.getByLabel('Which chapter used it').selectOption(`chapter:${mine.slug}`);
  await page.getByLabel('Mixed results').check();
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Record the use' }).click()]);
  assert.match(await page.locator('main').innerText(), /The use is recorded/);
  // the regional node counts it in the item's reach
  const reach = await until('the use on the regional node', async () => {
    const v = (await nora.client.api('GET', `/commons/${item.slug}/reach`)).json();
    return v.reach.uses === 1 && v;
  });
  assert.equal(reach.uses[0].peer.name, mine.name);
  assert.equal(reach.reach.outcomes.mixed, 1);
});

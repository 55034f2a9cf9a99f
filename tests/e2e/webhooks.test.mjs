// webhooks.test.mjs - the webhooks pages in a real browser: a connector finds the empty page of
// their chapter (it says what a webhook is for), is refused a loopback target with the error at
// its field, registers one once the administrator allows private targets, sees its secret, sends a
// test event and finds the delivery with its attempt; the administrator's page lists every
// endpoint with the network setting. Every page passes axe (WCAG 2.2 AA), has one h1 and no
// duplicate ids, and does not scroll sideways on a phone; screenshots in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { admin, member, chapter, geography } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, PHONE, checked } from './browser.mjs';

let browser, adm, conn, ch, receiver, port;
const ctx = {};
let hits = 0;

before(async () => {
  adm = await admin();
  const geo = await geography(adm);
  conn = await member({ name: 'Connie Connector' });
  ch = await chapter(conn, { metro_id: geo.metro.id, name: `Harbour Makers ${geo.tag}` });
  receiver = http.createServer((req, res) => { hits += 1; req.resume(); req.on('end', () => res.writeHead(204).end()); });
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok));
  port = receiver.address().port;
  browser = await launch();
  ctx.conn = await newContext(browser, { client: conn.client });
  ctx.admin = await newContext(browser, { client: adm });
  ctx.phone = await newContext(browser, { client: conn.client, viewport: PHONE });
  for (const c of [ctx.conn, ctx.admin]) c.on('dialog', (d) => d.accept());
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => receiver.close(ok));
});

test('a connector registers a webhook for their chapter and sees its deliveries', async () => {
  const base = `/chapters/${ch.slug}/webhooks`;
  const page = await open(ctx.conn, base);
  assert.match(await page.locator('.empty').innerText(), /No webhooks yet/);
  await checked(page, 'the empty webhooks page');
  await shot(page, 'webhooks-empty');

  // a loopback target is refused while private targets are not allowed: the error is at its field
  assert.equal((await adm.api('POST', '/admin/webhooks/settings', { allow_private: false })).status, 200);
  await page.getByLabel('Address of the receiver').fill(`http://127.0.0.1:${port}/hook`);
  await page.getByLabel(/chapter\.updated/).check();
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Register the webhook' }).click()]);
  await page.locator('#url-error').waitFor();
  assert.match(await page.locator('#url-error').innerText(), /private, loopback or reserved/);
  assert.ok(await page.getByLabel(/chapter\.updated/).isChecked(), 'what was ticked stays ticked');
  await checked(page, 'the refused form');
  await shot(page, 'webhooks-refused');

  // the administrator allows private targets on their page (with a confirmation)
  const adminPage = await open(ctx.admin, '/admin/webhooks');
  await Promise.all([adminPage.waitForLoadState('load'), adminPage.getByRole('button', { name: 'Allow private addresses' }).click()]);
  await adminPage.getByText('Webhooks may now reach private and loopback addresses.').waitFor();

  await page.getByLabel('Address of the receiver').fill(`http://127.0.0.1:${port}/hook`);
  await page.locator('#description').fill('Our members spreadsheet');
  await page.getByLabel(/meeting\.scheduled/).check();
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Register the webhook' }).click()]);
  assert.match(await page.locator('#new-secret').innerText(), /^whsec_/);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Send a test event' }).click()]);
  await page.getByText(/A test event is queued/).waitFor();
  for (let i = 0; i < 50 && hits === 0; i++) await new Promise((ok) => setTimeout(ok, 100));
  assert.equal(hits, 1, 'the receiver got the test event');
  await new Promise((ok) => setTimeout(ok, 500));
  await page.reload();
  assert.match(await page.locator('main').innerText(), /webhook\.test[\s\S]*delivered[\s\S]*HTTP 204/);
  await checked(page, 'the page with a delivery');
  await shot(page, 'webhooks-chapter');
  const phone = await open(ctx.phone, base);
  const o = await overflow(phone);
  assert.ok(o.scrollWidth <= o.clientWidth, `no sideways scrolling on a phone: ${o.wide.join(', ')}`);
  await shot(phone, 'webhooks-chapter-phone');

  // the administrator sees it among every endpoint, with the setting
  const all = await open(ctx.admin, '/admin/webhooks');
  assert.match(await all.locator('main').innerText(), new RegExp(`Harbour Makers`));
  await checked(all, "the administrator's webhooks page");
  await shot(all, 'webhooks-admin');

  // disabled, then deleted after the confirmation
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Disable' }).click()]);
  await page.getByRole('button', { name: 'Enable again' }).waitFor();
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Delete' }).click()]);
  await page.getByText('The webhook and its deliveries are deleted.').waitFor();
  assert.match(await page.locator('.empty').innerText(), /No webhooks yet/);
});

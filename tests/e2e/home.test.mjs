// home.test.mjs - the personal home in a real browser (issue 20): logging in with the form lands
// on /home; the member answers their chapter's next meeting from the home and sees the answer;
// a connector's home shows the request to join waiting; axe finds no violation; screenshots at
// 1280 px and at 360 px wide, neither scrolling sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, admin, admit, chapter, geography, lisbon, member, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, structure } from './browser.mjs';

const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 780 };
let browser, connector, ana, ch;

before(async () => {
  browser = await launch();
  const geo = await geography(await admin());
  connector = await member({ name: `Inês Home ${unique()}` });
  ana = await member({ name: `Ana Home ${unique()}` });
  ch = await chapter(connector, { name: `Lisbon Makers ${unique()}`, metro_id: geo.metro.id });
  await admit(connector, ch, ana);
  const at = lisbon(26 * 60);
  const m = await connector.client.api('POST', `/chapters/${ch.slug}/meetings`, { date: at.date, time: at.time, venue: 'The back room of the Café Lusitano, Rua da Madalena' });
  assert.equal(m.status, 201, m.text);
  const asker = await member({ name: `Asker ${unique()}` });
  assert.equal((await asker.client.api('POST', `/chapters/${ch.slug}/join-requests`, { message: 'Hello' })).status, 201);
});

after(async () => {
  await browser?.close();
});

async function fits(page, label, width) {
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= width, `${label}: ${o.scrollWidth}px wide at ${width}px: ${o.wide.join(', ')}`);
}

test('logging in lands on the home; the member answers the next meeting from it', async () => {
  const context = await newContext(browser, { viewport: DESKTOP });
  const page = await open(context, '/login');
  await page.getByLabel('E-mail address').fill(ana.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === '/home'), page.getByRole('button', { name: 'Log in' }).click()]);
  assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).trim(), `Hello, ${ana.name}`);
  const s = await structure(page);
  assert.deepEqual([s.h1, s.main, s.ids], [1, 1, []]);
  const meeting = page.locator('.home-meetings li', { hasText: ch.name });
  assert.match(await meeting.locator('legend').innerText(), /Are you coming\?/);
  await expectAccessible(page, 'the home with a meeting to answer');
  await fits(page, 'the home at desktop width', DESKTOP.width);
  await shot(page, 'home-desktop-prompt');

  await Promise.all([page.waitForURL((u) => u.pathname === '/home'), meeting.getByRole('button', { name: 'Yes' }).click()]);
  assert.match(await page.locator('.flash').innerText(), /See you there/);
  const answered = page.locator('.home-meetings li', { hasText: ch.name });
  assert.match(await answered.locator('legend').innerText(), /You are coming\. Changed your mind\?/);
  assert.equal(await answered.getByRole('button', { name: 'Yes' }).getAttribute('aria-pressed'), 'true');
  await expectAccessible(page, 'the home after answering');
  await shot(page, 'home-desktop-answered');
  await context.close();
});

test('on a 360 px phone the connector\'s home fits, shows the request to join, and stays accessible', async () => {
  const context = await newContext(browser, { viewport: NARROW, client: connector.client });
  const page = await open(context, '/home');
  const task = page.getByRole('link', { name: '1 request to join' });
  assert.ok(await task.isVisible(), 'the task is shown');
  assert.equal(await task.getAttribute('href'), `/chapters/${ch.slug}/join-requests`);
  assert.ok(await page.locator('.home-meetings').getByRole('button', { name: 'Maybe' }).isVisible(), 'the answer buttons are reachable on a phone');
  await fits(page, 'the connector\'s home on a phone', NARROW.width);
  await expectAccessible(page, 'the connector\'s home on a phone');
  await shot(page, 'home-phone-connector');
  await context.close();
  const fresh = await member();
  const c2 = await newContext(browser, { viewport: NARROW, client: fresh.client });
  const empty = await open(c2, '/home');
  assert.ok(await empty.getByRole('link', { name: 'directory of chapters' }).isVisible(), 'a newcomer is shown where to find a chapter');
  await fits(empty, 'a newcomer\'s home on a phone', NARROW.width);
  await expectAccessible(empty, 'a newcomer\'s home');
  await shot(empty, 'home-phone-newcomer');
  await c2.close();
});

// growth.test.mjs - growth in a real browser (issue 15): an administrator opens the network's
// dashboard, sets a target and sees the pace it needs (and a refused form says why at its field);
// a connector whose chapter has not met in two months (a single connector, nothing scheduled) finds it
// in "needs attention" and on its own dashboard; the white space. Each page at desktop and phone widths,
// axe-core finding no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, DB, admin, member, chapter, geography, unique, afterTakenDays } from '../http/lib.mjs';

import { launch, newContext, open, shot, expectAccessible, PHONE } from './browser.mjs';

let browser, adm, connector, ch;

before(async () => {
  adm = await admin();
  const geo = await geography(adm);
  connector = await member({ name: `Rita Connector ${unique('g').slice(-6)}` });
  ch = await chapter(connector, { name: `Lisbon Makers ${unique('c').slice(-6)}`, metro_id: geo.metro.id });
  // the figures of the next two months, as the periodic work takes them each night: the new chapter
  // has not met in that time
  const later = Math.max(afterTakenDays(), Math.floor(Date.now() / 1000) + 65 * 86400);
  const r = spawnSync(BIN, ['snapshot', '--db', DB, '--now', String(later)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const nextYearEnd = `${new Date().getUTCFullYear() + 1}-12-31`;

test('an administrator sets a target and sees the pace it needs', async () => {
  const context = await newContext(browser, { client: adm });
  const p = await open(context, '/growth');
  assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), 'How the network is growing');
  assert.ok(await p.locator('svg.chart[role="img"]').count() >= 5, 'the charts are drawn');
  // a refused form comes back with the reason at its field, the form open
  await p.getByText('Set a target', { exact: true }).first().click();
  await p.getByLabel('Figure', { exact: true }).selectOption('chapters_active');
  await p.getByLabel('By the day').fill(nextYearEnd);
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Set the target' }).click()]);
  assert.match(await p.locator('.field-error').first().innerText(), /Give the number to reach/);
  // then it is set
  await p.getByRole('textbox', { name: 'Number to reach' }).fill('300');
  await p.getByLabel('By the day').fill(nextYearEnd);
  await Promise.all([p.waitForEvent('load'), p.getByRole('button', { name: 'Set the target' }).click()]);
  assert.match(await p.locator('.flash').innerText(), /The target is set/);
  const target = p.locator('.targets li').filter({ hasText: '300 active chapters by' });
  assert.equal(await target.count(), 1);
  assert.match(await target.innerText(), /Needs [\d.]+ a month/);
  assert.match(await target.innerText(), /last 30 days went at/);
  await expectAccessible(p, 'the network dashboard with a target');
  await shot(p, 'growth-dashboard');
  const phone = await newContext(browser, { client: adm, viewport: PHONE });
  const q = await open(phone, '/growth#targets');
  await expectAccessible(q, 'the network dashboard on a phone');
  await shot(q, 'growth-dashboard-phone');
  // the table behind a chart opens
  await p.getByText("The chart's numbers as a table").first().click();
  assert.ok(await p.locator('.chart-table table').first().isVisible());
  await context.close();
  await phone.close();
});

test('a connector sees their chapter flagged after two months without a meeting, and why', async () => {
  const context = await newContext(browser, { client: connector.client });
  const p = await open(context, '/growth/attention');
  const group = p.locator('section').filter({ has: p.getByRole('heading', { name: /Chapters you run/ }) });
  const row = group.getByRole('row').filter({ hasText: ch.name });
  assert.equal(await row.count(), 1, 'the new chapter is listed');
  assert.match(await row.innerText(), /No meeting in 60 days/);
  assert.match(await row.innerText(), /A single connector/);
  assert.match(await row.innerText(), /No upcoming meeting/);
  await expectAccessible(p, 'needs attention');
  await shot(p, 'growth-attention');
  await Promise.all([p.waitForEvent('load'), row.getByRole('link', { name: 'Its dashboard' }).click()]);
  assert.match(await p.locator('main').innerText(), /Needs attention: No meeting in 60 days/);
  await expectAccessible(p, "the chapter's dashboard");
  await shot(p, 'growth-chapter');
  const phone = await newContext(browser, { client: connector.client, viewport: PHONE });
  const q = await open(phone, '/growth/attention');
  await expectAccessible(q, 'needs attention on a phone');
  await shot(q, 'growth-attention-phone');
  await context.close();
  await phone.close();
});

test('the white space: where members wait without a chapter', async () => {
  const context = await newContext(browser, { client: adm });
  const p = await open(context, '/growth/white-space');
  assert.equal(await p.getByRole('heading', { level: 1 }).innerText(), 'Where to grow');
  await expectAccessible(p, 'the white space');
  await shot(p, 'growth-white-space');
  const phone = await newContext(browser, { client: adm, viewport: PHONE });
  const q = await open(phone, '/growth/white-space');
  await expectAccessible(q, 'the white space on a phone');
  await shot(q, 'growth-white-space-phone');
  await context.close();
  await phone.close();
});

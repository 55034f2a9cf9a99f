// growth_funnel.test.mjs - the formation funnel in a real browser: someone applies to start a
// chapter (a refused form first, its errors at their fields), finds it among their applications and
// withdraws another with the confirmation; a member of the city's committee finds it in the review
// queue and approves it (the chapter is made); anyone reads the funnel of the country, with its chart.
// Every page passes axe (WCAG 2.2 AA), has one h1 and no duplicate ids, and does not scroll sideways
// on a phone; screenshots at desktop and phone widths in tests/output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, geography } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, PHONE, checked } from './browser.mjs';

let browser, adm, geo, ana, judge;
const ctx = {};

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  // three active chapters make the city dense enough to have a committee of its own
  for (let i = 0; i < 3; i++) {
    const o = await member();
    const ch = await chapter(o, { metro_id: geo.metro.id });
    assert.equal((await o.client.api('POST', `/chapters/${ch.slug}`, { status: 'active' })).status, 200);
  }
  judge = await member({ name: `Carla Committee ${geo.tag}` });
  const seat = await adm.api('POST', `/committees/${geo.metro.slug}/seats`, { email: judge.email });
  assert.equal(seat.status, 201, seat.text);
  ana = await member({ name: `Ana Applicant ${geo.tag}`, metro_id: geo.metro.id, sector_id: geo.sector.id });
  browser = await launch();
  ctx.ana = await newContext(browser, { client: ana.client });
  ctx.judge = await newContext(browser, { client: judge.client });
  ctx.anon = await newContext(browser);
  ctx.phone = await newContext(browser, { client: ana.client, viewport: PHONE });
  for (const c of [ctx.ana, ctx.judge]) c.on('dialog', (d) => d.accept());
});

after(async () => {
  await browser?.close();
});

test('someone applies to start a chapter, the city\'s committee approves it, and the funnel counts it', async () => {
  const name = `Harbour Fintech Founders ${geo.tag}`;
  // the form, reached from the chapters' directory
  const page = await open(ctx.ana, '/chapters');
  await Promise.all([page.waitForURL(/\/growth\/apply$/), page.getByRole('link', { name: /apply to start one/ }).click()]);
  await checked(page, 'the form to apply');
  assert.equal(await page.getByLabel('City').inputValue(), String(geo.metro.id), "the applicant's own city is chosen");
  await page.getByLabel("The chapter's name").fill(name);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Send the application' }).click()]);
  // refused: no second connector; the error is at its field and in the summary
  await page.locator('#second_email-error').waitFor();
  assert.match(await page.locator('#form-errors').innerText(), /second connector/);
  assert.equal(await page.getByLabel("The chapter's name").inputValue(), name, 'what was typed stays');
  await checked(page, 'the refused form');
  await shot(page, 'funnel-apply-refused');
  await page.getByLabel("Second connector's e-mail address").fill(`rui-${geo.tag}@test.example`);
  await page.getByLabel('Why this chapter').fill('Fintech founders in Lisbon have no chapter of their own.');
  await Promise.all([page.waitForURL(/\/growth\/applications\/\d+$/), page.getByRole('button', { name: 'Send the application' }).click()]);
  const appPath = new URL(page.url()).pathname;
  assert.match(await page.locator('h1').innerText(), new RegExp(name));
  assert.match(await page.locator('main').innerText(), /Waiting for review/);
  await checked(page, 'the application, as its applicant sees it');
  await shot(page, 'funnel-application-applicant');

  // a second application (for another city), withdrawn from the list after the confirmation
  const second = await ana.client.api('POST', '/growth/applications', { name: `Second City Fintech ${geo.tag}`, metro_id: geo.metro2.id,
    sector_id: geo.sector.id, second_email: `rui-${geo.tag}@test.example` });
  assert.equal(second.status, 201, second.text);
  const mine = await open(ctx.ana, '/growth/applications');
  await checked(mine, 'your applications');
  const row = mine.getByRole('listitem').filter({ hasText: `Second City Fintech ${geo.tag}` });
  await Promise.all([mine.waitForLoadState('load'), row.getByRole('button', { name: 'Withdraw' }).click()]);
  await mine.getByText('Your application is withdrawn.').waitFor();
  assert.match(await mine.getByRole('listitem').filter({ hasText: `Second City Fintech ${geo.tag}` }).innerText(), /Withdrawn/);
  assert.match(await mine.getByRole('listitem').filter({ hasText: name }).innerText(), /Waiting for review/);
  await shot(mine, 'funnel-mine');

  // the city's committee: the queue, the application, the approval
  const queue = await open(ctx.judge, '/growth/review');
  await checked(queue, 'the review queue');
  assert.equal(await queue.getByText(`Second City Fintech ${geo.tag}`).count(), 0, 'another city, and withdrawn');
  await shot(queue, 'funnel-review');
  const item = queue.getByRole('listitem').filter({ hasText: name });
  await Promise.all([queue.waitForURL(/\/growth\/applications\/\d+$/), item.getByRole('link', { name: 'Review' }).click()]);
  await checked(queue, 'the application, as a reviewer sees it');
  await shot(queue, 'funnel-application-review');
  await queue.getByLabel('A note to the applicant').fill('Welcome: start with the monthly breakfasts.');
  await Promise.all([queue.waitForLoadState('load'), queue.getByRole('button', { name: 'Approve and make the chapter' }).click()]);
  await queue.getByText('Approved: the chapter is made').waitFor();
  assert.match(await queue.locator('main').innerText(), /Welcome: start with the monthly breakfasts\./);
  await Promise.all([queue.waitForURL(/\/chapters\/[a-z0-9-]+$/), queue.getByRole('link', { name }).first().click()]);
  assert.match(await queue.locator('h1').innerText(), new RegExp(name));

  // anyone: the funnel of the country, picked from the list
  const funnel = await open(ctx.anon, '/growth/funnel');
  await funnel.getByLabel('Place').selectOption(geo.country.slug);
  await Promise.all([funnel.waitForURL(/place=/), funnel.getByRole('button', { name: 'Show' }).click()]);
  await checked(funnel, 'the funnel of a place');
  const chart = funnel.getByRole('img', { name: `The formation funnel of ${geo.country.name}` });
  await chart.waitFor();
  const rows = await funnel.getByRole('table').getByRole('row').allInnerTexts();
  assert.match(rows.find((r) => r.startsWith('Applied')), /^Applied\s+2\s/);
  assert.match(rows.find((r) => r.startsWith('Approved')), /^Approved\s+1\s+50 %/);
  assert.match(rows.find((r) => r.startsWith('Forming')), /^Forming\s+1\s+100 %\s+1\s+0\s/, 'the new chapter is forming');
  await shot(funnel, 'funnel-report');
});

test('the funnel\'s pages read on a phone without scrolling sideways', async () => {
  for (const [path, name] of [['/growth/apply', 'apply'], ['/growth/applications', 'mine'], [`/growth/funnel?place=${geo.country.slug}`, 'report']]) {
    const page = await open(ctx.phone, path);
    const o = await overflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `${path} scrolls sideways on a phone: ${o.wide.join(', ')}`);
    await shot(page, `funnel-${name}-phone`);
    await page.close();
  }
});

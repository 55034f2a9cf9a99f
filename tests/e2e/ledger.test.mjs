// ledger.test.mjs - the books in a real browser: a sponsor funds a basket for a
// chapter, the connector spends from it, a transfer subsidises another chapter,
// members' hours and goods are captured at a meeting; the chapter's canvas and
// the place's comparison show all of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, pick } from './browser.mjs';

let browser, geo, connector, helper, chA, chB, sponsor;

before(async () => {
  browser = await launch();
  const adm = await admin();
  geo = await geography(adm);
  connector = await member({ name: `Inês ${unique()}` });
  helper = await member({ name: `Rui ${unique()}` });
  const other = await member();
  chA = await chapter(connector, { name: `Fintech ${unique()}`, metro_id: geo.metro.id });
  chB = await chapter(other, { name: `Breakfast ${unique()}`, metro_id: geo.metro.id });
  await admit(connector, chA, helper);
  sponsor = `Tejo Bank ${unique()}`;
});

after(async () => {
  await browser?.close();
});

async function record(page, fields) {
  await page.selectOption('#kind', fields.kind);
  await page.fill('#counterpart', fields.counterpart);
  await page.selectOption('#resource', fields.resource);
  await page.fill('#amount', fields.amount);
  if (fields.basket) await page.selectOption('#basket', { label: fields.basket });
  await page.fill('#description', fields.description);
  if (fields.category) await page.fill('#category', fields.category);
  if (fields.visibility) await page.selectOption('#visibility', fields.visibility);
  await page.getByRole('button', { name: 'Record it' }).click();
  await page.waitForSelector('.flash, .alert');
}

test('sponsorship, a basket, a subsidy and an evening\'s contributions, as a connector would do it', async () => {
  const ctx = await newContext(browser, { client: connector.client });

  // the sponsor is added as an organisation
  const orgs = await open(ctx, '/organisations');
  await orgs.fill('#name', sponsor);
  await orgs.getByRole('button', { name: 'Add' }).click();
  await orgs.waitForSelector('.flash');
  const slug = new URL(orgs.url()).pathname.split('/').pop();

  // a basket for the venue, funded by the sponsor, partly spent
  const books = await open(ctx, `/chapters/${chA.slug}/ledger`);
  await expectAccessible(books, 'empty books');
  await books.fill('#basket-name', 'Venue 2027');
  await books.fill('#basket-purpose', 'venue');
  await books.getByRole('button', { name: 'Open the basket' }).click();
  await books.waitForSelector('.flash');
  await record(books, { kind: 'basket_funding', counterpart: `org:${slug}`, resource: 'EUR', amount: '1500', basket: 'Venue 2027 (for venue)', description: 'Venue sponsorship 2027', category: 'sponsorship', visibility: 'public' });
  assert.match(await books.locator('.flash').innerText(), /Recorded/);
  await record(books, { kind: 'basket_spending', counterpart: `org:${slug}`, resource: 'EUR', amount: '2000', basket: 'Venue 2027 (for venue)', description: 'Too much' });
  assert.match(await books.locator('main').innerText(), /holds 1500\.00 EUR; it cannot pay 2000\.00 EUR/);
  await record(books, { kind: 'basket_spending', counterpart: `org:${slug}`, resource: 'EUR', amount: '400', basket: 'Venue 2027 (for venue)', description: 'The room for January' });
  assert.match(await books.locator('.flash').innerText(), /Recorded/);

  // a subsidy for the breakfast chapter
  await record(books, { kind: 'transfer', counterpart: `chapter:${chB.slug}`, resource: 'EUR', amount: '250', description: 'Subsidy for the breakfast chapter', visibility: 'network' });
  assert.match(await books.locator('.flash').innerText(), /Recorded/);

  // tonight's meeting: hours and goods in a few seconds
  const meetings = await open(ctx, `/chapters/${chA.slug}/meetings`);
  const today = new Date(Date.now() + 3600 * 1000).toISOString().slice(0, 10);
  await meetings.fill('#date', today);
  await meetings.fill('#single_time', '23:30');
  await Promise.all([meetings.waitForURL(/\/meetings\/\d+$/), meetings.getByRole('button', { name: 'Add the meeting' }).click()]);
  await pick(meetings, 'who-1', helper.name, `member:${helper.id}`);
  await meetings.selectOption('#res-1', 'HOURS');
  await meetings.fill('#amt-1', '2');
  await meetings.fill('#note-1', 'Prepared the agenda');
  await pick(meetings, 'who-2', connector.name, `member:${connector.id}`);
  await meetings.selectOption('#res-2', 'GOODS');
  await meetings.fill('#amt-2', '3');
  await meetings.fill('#note-2', 'Brought pastries');
  await meetings.getByRole('button', { name: 'Record' }).click();
  await meetings.waitForSelector('.flash');
  assert.match(await meetings.locator('.flash').innerText(), /2 contributions recorded/);

  // the books show every resource side by side
  await books.goto(`/chapters/${chA.slug}/ledger`);
  const text = await books.locator('main').innerText();
  assert.match(text, /850\.00 EUR/, '1500 in, 400 and 250 out');
  assert.match(text, /2 hours/);
  assert.match(text, /3 items/);
  assert.match(text, /Venue 2027/);
  await shot(books, 'ledger-books');
  await expectAccessible(books, 'the books');

  // the canvas, filled from the data
  const canvas = await open(ctx, `/chapters/${chA.slug}/canvas`);
  const c = await canvas.locator('.canvas').innerText();
  assert.match(c, new RegExp(`${sponsor}: 1,500\\.00 EUR`));
  assert.match(c, /Hours given: 2 hours/);
  assert.match(c, /Goods in kind: 3 items/);
  assert.match(c, /venue: 400\.00 EUR/);
  assert.match(c, /sponsorship: 1,500\.00 EUR/);
  await canvas.fill('#value_proposition', 'Peers who have been there, once a month.');
  await canvas.getByRole('button', { name: 'Save the canvas' }).click();
  await canvas.waitForSelector('.flash');
  assert.match(await canvas.locator('.c-value').innerText(), /Peers who have been there/);
  await shot(canvas, 'ledger-canvas');
  await expectAccessible(canvas, 'the canvas');

  // the place compares its chapters
  const place = await open(ctx, `/places/${geo.metro.slug}/ledger`);
  const rowA = await place.locator('tr', { hasText: chA.name }).innerText();
  const rowB = await place.locator('tr', { hasText: chB.name }).innerText();
  assert.match(rowA, /1,500\.00 EUR \/ 650\.00 EUR/, 'A: in 1500, out 400 + 250');
  assert.match(rowB, /250\.00 EUR \/ 0\.00 EUR/, 'B received the subsidy');
  assert.match(rowA, /2 hours/);
  await shot(place, 'ledger-place');
  await expectAccessible(place, 'the place comparison');
  // a page at a time: the pager, and a page past the last
  const second = await open(ctx, `/places/${geo.metro.slug}/ledger?per_page=1&page=2`);
  assert.equal(await second.locator('tbody tr').count(), 1);
  await second.getByRole('link', { name: '← Previous' }).click();
  await second.waitForURL(new RegExp(`/places/${geo.metro.slug}/ledger\\?per_page=1$`));
  assert.equal(await second.locator('tbody tr').count(), 1);
  await expectAccessible(second, 'a page of the place comparison, with its pager');
  const past = await open(ctx, `/places/${geo.metro.slug}/ledger?page=50`);
  assert.match(await past.locator('main').innerText(), /There are no more chapters with books here/);
  await past.getByRole('link', { name: 'Back to the first page' }).click();
  await past.waitForSelector('tbody tr');
  await expectAccessible(past, 'the first page again');
  await ctx.close();
});

test('an anonymous visitor sees the totals but not the limited lines', async () => {
  const ctx = await newContext(browser);
  const books = await open(ctx, `/chapters/${chA.slug}/ledger`);
  const text = await books.locator('main').innerText();
  assert.match(text, /850\.00 EUR/, 'totals are public');
  assert.match(text, /Venue sponsorship 2027/, 'the public line shows');
  assert.doesNotMatch(text, /The room for January/, 'the unit-only line does not');
  assert.match(text, /not shown to you/);
  await ctx.close();
});

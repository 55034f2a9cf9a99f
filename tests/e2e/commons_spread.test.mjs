// commons_spread.test.mjs - spread in a real browser, as the issue tells it: session
// notes captured at a sponsored event are published under CC BY; a chapter in
// another city (and country) adapts them and records, with the form on the
// adaptation's page, that it used them (first with a day still to come, which the
// form refuses at its field); the notes' page then shows their spread in two
// cities. A chapter in the first country records a use on the notes' reach page;
// the reach page shows three cities in two countries with its chart and the
// chart's table; the sponsor's report lists the notes with their reach and offers
// the CSV. Every page on a desktop screen and on a phone, checked by axe, with
// nothing wider than the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, geography, unique, lisbon, zoned } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, PHONE, stepper } from './browser.mjs';

let browser, adm, geo, abroad, olga, bea, lia, chLis, chBer, ev, org, notes, adapted;
const contexts = [];

before(async () => {
  browser = await launch();
  adm = await admin();
  geo = await geography(adm);
  const country = (await adm.api('POST', '/places', { name: `Deutschland ${geo.tag}` })).json().place;
  const region = (await adm.api('POST', '/places', { name: `Berlin-Brandenburg ${geo.tag}`, parent_id: country.id })).json().place;
  const city = (await adm.api('POST', '/places', { name: `Berlin ${geo.tag}`, parent_id: region.id, timezone: 'Europe/Berlin' })).json().place;
  abroad = { country, city };
  olga = await member({ name: `Olga ${unique()}` });
  bea = await member({ name: `Bea ${unique()}` });
  lia = await member({ name: `Lia ${unique()}` });
  const chOlga = await chapter(olga, { name: `Pitch Club ${unique()}`, metro_id: geo.metro2.id });
  chLis = await chapter(lia, { name: `Lisbon Founders ${unique()}`, metro_id: geo.metro.id });
  chBer = await chapter(bea, { name: `Berlin Builders ${unique()}`, metro_id: city.id });
  const app = (await adm.api('POST', '/apps', { name: `Unconference ${unique()}`, runbook: [{ step: 'Sessions', minutes: 180 }],
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    packages: [{ name: 'Gold', price: '900.00', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }] })).json().app;
  org = (await adm.api('POST', '/organisations', { name: `Tejo Ventures ${unique()}`, kind: 'sponsor' })).json().organisation;
  const s = lisbon(-300), e = lisbon(-60);
  const r = await olga.client.api('POST', '/events', { app: app.slug, host: `chapter:${chOlga.slug}`, title: `Leancamp ${unique()}`,
    venue: 'A hall', capacity: 60, date: s.date, time: s.time, end_date: e.date, end_time: e.time, record: true });
  assert.equal(r.status, 201, r.text);
  ev = r.json().event;
  assert.equal((await olga.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' })).status, 201);
  // the session notes, captured at the event and published under CC BY (the items area's API)
  const d = await olga.client.api('POST', '/commons', { kind: 'notes', title: `Session notes: the pitch feedback grid ${unique()}`,
    summary: 'Three questions every listener answers.', body: 'Ask, listen, write.', licence: 'cc-by-4.0', origin: 'event', event_id: ev.id });
  assert.equal(d.status, 201, d.text);
  const p = await olga.client.api('POST', `/commons/${d.json().item.slug}/publish`, {});
  assert.equal(p.json().item.status, 'published', p.text);
  notes = p.json().item;
});

after(async () => {
  await browser?.close();
});

const step = stepper(contexts);

// Records with the form on `path` that `chapterSlug` used the item today on the chapter's
// clocks (`timeZone`: near midnight Berlin's day is not Lisbon's), after the form refused a day to come.
async function recordUse(who, path, chapterSlug, timeZone, note) {
  const context = await newContext(browser, { client: who.client });
  contexts.push(context);
  const page = await open(context, path);
  await page.getByLabel('Who used it').selectOption(`chapter:${chapterSlug}`);
  await page.getByLabel('When').fill(lisbon(3 * 24 * 60).date);
  await page.getByLabel('It worked').check();
  await page.getByLabel(/A note/).fill(note);
  await page.getByRole('button', { name: 'Record the use' }).click();
  // a day still to come: the form again, the message at the field and in the summary
  await page.locator('#used_on-error').waitFor();
  assert.match(await page.locator('#used_on-error').textContent(), /has not come yet/);
  assert.match(await page.locator('#form-errors').textContent(), /has not come yet/);
  assert.equal(await page.locator('#used_on').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel(/A note/).inputValue(), note, 'what was typed stays');
  assert.equal(await page.getByLabel('It worked').isChecked(), true);
  await expectAccessible(page, 'the form refused');
  await page.getByLabel('When').fill(zoned(0, timeZone).date);
  await page.getByRole('button', { name: 'Record the use' }).click();
  await page.locator('.flash').waitFor();
  assert.match(await page.locator('.flash').textContent(), /the use is recorded/);
  return page;
}

const words = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ');

test('session notes from a sponsored event are adapted and used in another city and country; their page and the sponsor report show it', async () => {
  let page;
  await step('Bea adapts the notes for her Berlin chapter and records, on the adaptation\'s page, that it used them', async () => {
    const r = await bea.client.api('POST', `/commons/${notes.slug}/adapt`, { kind: 'notes', title: `The pitch feedback grid, Berlin edition ${unique()}`,
      body: 'Ask, listen, write; in German.', licence: 'cc-by-4.0', origin: 'chapter', chapter_id: chBer.id });
    assert.equal(r.status, 201, r.text);
    adapted = (await bea.client.api('POST', `/commons/${r.json().item.slug}/publish`, {})).json().item;
    assert.equal(adapted.status, 'published');
    page = await recordUse(bea, `/commons/${adapted.slug}`, chBer.slug, 'Europe/Berlin', 'We ran it with twelve founders.');
    assert.equal(new URL(page.url()).pathname, `/commons/${adapted.slug}`, 'back on the adaptation\'s page');
  });
  await step('the notes\' page shows their spread in two cities', async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const item = await open(context, `/commons/${notes.slug}`);
    const panel = item.locator('.reach-panel');
    assert.match(await words(panel), /1 use/);
    assert.match(await words(panel), /2 cities/, `where the event was (${geo.metro2.name}) and Berlin`);
    assert.match(await words(panel), /2 countries/);
    assert.match(await words(panel), new RegExp(abroad.city.name));
    assert.match(await words(item.locator('main')), /Log in to record that your chapter or your event used it/);
    await expectAccessible(item, 'the notes\' page with its reach');
    await shot(item, 'commons-item-reach-panel');
  });
  await step('Lia records on the notes\' reach page that her Lisbon chapter used them', async () => {
    page = await recordUse(lia, `/commons/${notes.slug}/reach`, chLis.slug, 'Europe/Lisbon', 'Shortened to ten minutes.');
    assert.match(await page.locator('#uses').textContent(), /Shortened to ten minutes\./);
    assert.match(await page.locator('#uses').textContent(), /using the adaptation/);
  });
  await step('the reach page shows three cities in two countries, the chart and its table', async () => {
    const stats = await words(page.locator('.reach-stats').first());
    assert.match(stats, /2 uses of it and its adaptations/);
    assert.match(stats, /3 cities/, 'where the event was, Lisbon and Berlin');
    assert.match(stats, /2 countries/);
    assert.match(stats, /1 adaptation, 1 deep/);
    const chart = page.locator('svg.reach-chart');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.match(await chart.locator('desc').textContent(), /^2 uses/);
    await page.getByText("The chart's numbers as a table").click();
    assert.ok(await page.getByRole('region', { name: 'Uses in each period' }).isVisible());
    assert.match(await page.locator('.reach-places').textContent(), new RegExp(abroad.city.name));
    await expectAccessible(page, 'the reach page');
    await shot(page, 'commons-reach');
  });
  await step("the sponsor's report lists the notes with their reach", async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const report = await open(context, `/organisations/${org.slug}/spread`);
    const row = report.locator('table.reach-items tbody tr', { hasText: notes.title });
    assert.equal(await row.count(), 1);
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    assert.deepEqual(cells.slice(1, 5), ['2', '3', '3', '2'], 'uses, chapters (the host and the two), cities, countries');
    assert.match(await report.locator('main').textContent(), /It shows no amounts paid/);
    assert.doesNotMatch(await report.locator('main').textContent(), /900/);
    const csv = await report.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
    assert.equal(csv, `/organisations/${org.slug}/spread.csv`);
    await expectAccessible(report, "the sponsor's report");
    await shot(report, 'commons-sponsor-report');
  });
  await step('at a phone width nothing is wider than the screen, and axe finds nothing', async () => {
    const phone = await newContext(browser, { viewport: PHONE, client: lia.client });
    contexts.push(phone);
    for (const [path, name] of [[`/commons/${notes.slug}`, 'item'], [`/commons/${notes.slug}/reach`, 'reach'], [`/organisations/${org.slug}/spread`, 'sponsor-report'],
      [`/commons/authors/${olga.id}/reach`, 'author-reach']]) {
      const p = await open(phone, path);
      const o = await overflow(p);
      assert.ok(o.scrollWidth <= PHONE.width, `${name}: ${o.scrollWidth}px wide: ${o.wide.join(', ')}`);
      await expectAccessible(p, `${name} on a phone`);
      await shot(p, `phone-commons-${name}`);
    }
  });
});

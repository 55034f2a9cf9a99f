// commons_journey.test.mjs - the commons as a new user finds it, through its pages only (issue 13,
// "tried as a new user would"): a member of a chapter in one city captures the notes of a session
// of a sponsored event with the form, chooses CC BY 4.0 and publishes them; their page shows the
// licence, linked with rel="license". A member of a chapter in another city of the same country
// opens the notes, clicks "adapt", saves and publishes the adaptation, which says "based on" the
// notes while the notes list it among their adaptations; she then records with the notes' form that
// her chapter used them (a day before they existed is refused at its field first). The notes' page
// and reach page show them in two cities; the sponsor's report and its CSV list them. axe on every
// page at desktop width and on a phone; screenshots of the item and reach pages at both widths.
// Only the world (places, members, chapters, the event and its sponsor) is made through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { admin, member, chapter, geography, unique, lisbon } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, stepper, PHONE } from './browser.mjs';

let browser, geo, ana, ben, chA, chB, ev, org;
const contexts = [];
const tag = unique('j');
const NOTES = `Session notes: the two-minute pitch clinic ${tag}`;
const ADAPTED = `The two-minute pitch clinic, for founders in a second city ${tag}`;
const NOTE = 'We ran it twice with eleven founders; the timer helped.';
let notesSlug, adaptedSlug;

before(async () => {
  browser = await launch();
  const adm = await admin();
  geo = await geography(adm); // metro (city X) and metro2 (city Y), both in one country
  ana = await member({ name: `Ana ${unique()}` });
  ben = await member({ name: `Benedita ${unique()}` });
  chA = await chapter(ana, { name: `Pitch Makers ${unique()}`, metro_id: geo.metro.id });
  chB = await chapter(ben, { name: `Second City Founders ${unique()}`, metro_id: geo.metro2.id });
  // an event of chapter A, held a few hours ago and sponsored by an organisation
  const app = (await adm.api('POST', '/apps', { name: `Pitch clinic day ${unique()}`, runbook: [{ step: 'Sessions', minutes: 180 }],
    tiers: [{ name: 'Free', price: '0', currency: 'EUR' }],
    packages: [{ name: 'Silver', price: '400.00', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }] })).json().app;
  org = (await adm.api('POST', '/organisations', { name: `Harbour Capital ${unique()}`, kind: 'sponsor' })).json().organisation;
  const s = lisbon(-300), e = lisbon(-60);
  const r = await ana.client.api('POST', '/events', { app: app.slug, host: `chapter:${chA.slug}`, title: `Pitch Clinic ${tag}`,
    venue: 'The old market', capacity: 40, date: s.date, time: s.time, end_date: e.date, end_time: e.time, record: true });
  assert.equal(r.status, 201, r.text);
  ev = r.json().event;
  const sp = await ana.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Silver' });
  assert.equal(sp.status, 201, sp.text);
});

after(async () => {
  await browser?.close();
});

const step = stepper(contexts);

async function context(opts) {
  const c = await newContext(browser, opts);
  contexts.push(c);
  return c;
}

const words = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();
const slugOf = (page) => new URL(page.url()).pathname.split('/')[2];

// Clicks what `click` finds and waits for the page at `path` (a RegExp on the pathname).
async function go(page, path, click) {
  await Promise.all([page.waitForURL((u) => path.test(new URL(u).pathname)), click.click()]);
}

test('session notes captured under CC BY are adapted and used in another city; their reach and the sponsor report show it', async () => {
  let a, b, page;
  await step('Ana finds the commons and adds the session notes of her event under CC BY 4.0', async () => {
    a = await context({ client: ana.client });
    page = await open(a, '/commons');
    await expectAccessible(page, 'the commons home');
    await go(page, /^\/commons\/new$/, page.getByRole('link', { name: 'Add to the commons' }));
    await expectAccessible(page, 'the form for a new item');
    await page.getByLabel('Title').fill(NOTES);
    await page.getByLabel('What it is').selectOption({ label: 'Session notes' });
    await page.getByLabel(/^Summary/).fill('Every founder pitches for two minutes; three listeners answer three questions.');
    await page.getByLabel('The text').fill('## How it runs\n\n- Two minutes each, on a timer.\n- **Three questions**: what, for whom, why now.\n');
    await page.getByLabel(/^Tags/).fill('pitching, Feedback');
    await page.locator('#licence-cc-by-4\\.0').check();
    const event = page.locator('#event_id option', { hasText: `Pitch Clinic ${tag}` });
    assert.equal(await event.count(), 1, 'the event she organised is offered');
    await page.getByLabel('Event').selectOption({ label: await event.textContent() });
    await page.getByLabel('It came out of').selectOption({ label: 'An event' });
    await go(page, /^\/commons\/[a-z0-9-]+$/, page.getByRole('button', { name: 'Save the draft' }));
    notesSlug = slugOf(page);
    const head = await words(page.locator('article header'));
    assert.match(head, /Session notes/);
    assert.match(head, /Draft/i, 'a draft until it is published');
    assert.match(head, new RegExp(`Pitch Clinic ${tag}`), 'it came out of the event');
    assert.match(head, new RegExp(geo.metro.name), 'and takes its city');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.flash').waitFor();
    assert.doesNotMatch(await words(page.locator('article header')), /Draft/i, 'published');
  });

  await step('anyone reads the notes with their licence, linked for machines', async () => {
    const anon = await context();
    page = await open(anon, `/commons/${notesSlug}`);
    assert.equal(await page.locator('h1').innerText(), NOTES);
    const licence = page.locator('a[rel="license"]');
    assert.equal(await licence.count(), 1);
    assert.equal(await licence.innerText(), 'CC BY 4.0');
    assert.equal(await licence.getAttribute('href'), 'https://creativecommons.org/licenses/by/4.0/');
    assert.match(await words(page.locator('.licence-box')), new RegExp(`To credit it: “?${NOTES}, by ${ana.name}, CC BY 4.0`));
    assert.equal(await page.locator('.item-body h2').innerText(), 'How it runs', 'the Markdown is shown as HTML');
    assert.deepEqual(await page.locator('ul.tags li').allInnerTexts(), ['pitching', 'feedback'], 'in the order given, capitals lowered');
    assert.match(await words(page.locator('.item-line')), /Nobody has adapted it yet/);
    assert.match(await words(page.locator('.reach-panel')), /0 uses/);
    await expectAccessible(page, 'the published notes (anonymous)');
  });

  await step('Benedita, in another city, adapts the notes for her chapter and publishes the adaptation', async () => {
    b = await context({ client: ben.client });
    page = await open(b, '/commons');
    await go(page, new RegExp(`^/commons/${notesSlug}$`), page.locator('main').getByRole('link', { name: NOTES }));
    await go(page, new RegExp(`^/commons/${notesSlug}/adapt$`), page.getByRole('link', { name: 'Adapt it for your chapter' }));
    await expectAccessible(page, 'the form to adapt');
    assert.match(await page.locator('h1').innerText(), new RegExp(`Adapt “${NOTES}”`));
    assert.match(await page.getByLabel('The text').inputValue(), /Two minutes each, on a timer/, 'it starts from the original');
    assert.equal(await page.getByLabel('What it is').inputValue(), 'notes');
    assert.equal(await page.locator('#licence-cc-by-4\\.0').isChecked(), true, 'the network default, CC BY 4.0, is offered first');
    await page.getByLabel('Title').fill(ADAPTED);
    await page.getByLabel('The text').fill('## How it runs\n\n- Three minutes each: our founders pitch in two languages.\n- **Three questions**: what, for whom, why now.\n');
    await page.getByLabel('Chapter').selectOption({ label: chB.name });
    await go(page, /^\/commons\/[a-z0-9-]+$/, page.getByRole('button', { name: 'Save the adaptation as a draft' }));
    adaptedSlug = slugOf(page);
    assert.notEqual(adaptedSlug, notesSlug);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.flash').waitFor();
    const based = page.locator('.based-on');
    assert.equal(await words(based), `Based on ${NOTES}.`);
    assert.equal(await based.getByRole('link').getAttribute('href'), `/commons/${notesSlug}`);
    assert.match(await words(page.locator('article header')), new RegExp(geo.metro2.name), 'the adaptation takes her chapter\'s city');
    await expectAccessible(page, 'the published adaptation');
  });

  await step('the notes\' page shows the adaptation in its line; Benedita records, with its form, that her chapter used the notes', async () => {
    await go(page, new RegExp(`^/commons/${notesSlug}$`), based(page));
    const line = page.locator('.item-line');
    assert.match(await words(line), /1 adaptation of this item so far/);
    assert.equal(await line.locator('ul.tree > li > strong[aria-current="page"]').innerText(), NOTES, 'the line starts at the notes');
    assert.equal(await line.locator(`ul.tree ul a[href="/commons/${adaptedSlug}"]`).innerText(), ADAPTED, 'the adaptation one level below');

    const form = page.locator('.use-form');
    await form.getByLabel('Who used it').selectOption(`chapter:${chB.slug}`);
    await form.getByLabel('When').fill(lisbon(-2 * 24 * 60).date);
    await form.getByLabel('It worked').check();
    await form.getByLabel(/A note/).fill(NOTE);
    await form.getByRole('button', { name: 'Record the use' }).click();
    // a day before the notes existed: the form again, the message at the field, what was typed kept
    await page.locator('#used_on-error').waitFor();
    assert.match(await page.locator('#used_on-error').innerText(), /was added to the commons on \d{4}-\d\d-\d\d/);
    assert.equal(await page.locator('#used_on').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel(/A note/).inputValue(), NOTE);
    assert.equal(await page.getByLabel('It worked').isChecked(), true);
    await expectAccessible(page, 'the use form, refused');
    await page.getByLabel('When').fill(lisbon(0).date);
    await page.getByRole('button', { name: 'Record the use' }).click();
    await page.locator('.flash').waitFor();
    assert.match(await page.locator('.flash').innerText(), /the use is recorded/);
    assert.equal(new URL(page.url()).pathname, `/commons/${notesSlug}`, 'back on the page the form was sent from');
    assert.match(await words(page.locator('.reach-panel')), /\b1 use\b/);
  });

  await step('the notes have travelled to two cities: their page and their reach page say so', async () => {
    const anon = await context();
    page = await open(anon, `/commons/${notesSlug}`);
    const panel = await words(page.locator('.reach-panel'));
    assert.match(panel, /\b1 use\b/);
    assert.match(panel, /\b2 chapters\b/, 'Ana\'s (the event\'s host) and Benedita\'s');
    assert.match(panel, /\b2 cities\b/);
    assert.match(panel, /\b1 country\b/);
    assert.match(panel, new RegExp(`In ${geo.metro.name} \\(${geo.country.name}\\) ?${geo.metro2.name} \\(${geo.country.name}\\)|In ${geo.metro2.name} \\(${geo.country.name}\\) ?${geo.metro.name} \\(${geo.country.name}\\)`));
    await expectAccessible(page, 'the notes\' page with its reach');
    // the home shows the 5 most spread; in the e2e suite only commons_spread's notes are used besides these
    const home = await open(anon, '/commons');
    assert.match(await words(home.locator('.most-used li', { hasText: NOTES })), /\bused 1 time\b/, 'the home lists them among the most used');
    await home.close();
    await shot(page, 'journey-item');

    await go(page, new RegExp(`^/commons/${notesSlug}/reach$`), page.getByRole('link', { name: /Where, when and how it was used/ }));
    const stats = await words(page.locator('.reach-stats'));
    assert.match(stats, /\b1 use of it and its adaptations\b/);
    assert.match(stats, /\b2 chapters\b/);
    assert.match(stats, /\b2 cities\b/);
    assert.match(stats, /\b1 country\b/);
    assert.match(stats, /\b1 adaptation, 1 deep\b/);
    assert.deepEqual((await page.locator('.reach-places li').allInnerTexts()).map((t) => t.replace(/ \(.*\)$/, '')).sort(),
      [geo.metro.name, geo.metro2.name].sort());
    assert.match(await words(page.locator('main')), /How it went: 1 worked, 0 mixed, 0 did not work/);
    const row = page.locator('#uses tbody tr');
    assert.equal(await row.count(), 1);
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(cells, [lisbon(0).date, chB.name, geo.metro2.name, 'It worked', NOTE]);
    const chart = page.locator('svg.reach-chart');
    assert.equal(await chart.getAttribute('role'), 'img');
    assert.match(await chart.locator('desc').textContent(), /^1 use/);
    await expectAccessible(page, 'the reach page');
    await shot(page, 'journey-reach');
  });

  await step('the sponsor\'s report lists the notes with their reach, and so does its CSV', async () => {
    const anon = await context();
    page = await open(anon, `/organisations/${org.slug}/spread`);
    const row = page.locator('table.reach-items tbody tr', { hasText: NOTES });
    assert.equal(await row.count(), 1);
    assert.equal(await page.locator('table.reach-items tbody tr').count(), 1, 'only the notes came out of the event');
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(cells.slice(1, 6), ['1', '2', '2', '1', '1'], 'uses, chapters, cities, countries, adaptations');
    assert.match(await words(row.locator('th')), new RegExp(`CC BY 4.0 · from Pitch Clinic ${tag}`));
    assert.match(await words(page.locator('main')), new RegExp(`Pitch Clinic ${tag}`));
    assert.doesNotMatch(await words(page.locator('main')), /400/, 'no amount paid');
    await expectAccessible(page, 'the sponsor\'s report');
    await shot(page, 'journey-sponsor-report');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
    const header = csv[0].split(',').map((h) => h.replace(/"/g, ''));
    assert.equal(csv.length, 2, `a header and one line: ${csv.join(' / ')}`);
    const cell = Object.fromEntries(header.map((h, i) => [h, parseCsvLine(csv[1])[i]]));
    assert.equal(cell.item, NOTES);
    assert.equal(cell.url.endsWith(`/commons/${notesSlug}`), true, cell.url);
    assert.equal(cell.kind, 'notes');
    assert.equal(cell.licence, 'cc-by-4.0');
    assert.equal(cell.event, `Pitch Clinic ${tag}`);
    assert.deepEqual([cell.uses, cell.chapters, cell.cities, cell.countries, cell.adaptations, cell.worked], ['1', '2', '2', '1', '1', '1']);
    assert.match(cell.city_names, new RegExp(geo.metro.name));
    assert.match(cell.city_names, new RegExp(geo.metro2.name));
  });

  await step('on a phone every page of the journey fits the screen and axe finds nothing', async () => {
    const phone = await context({ viewport: PHONE, client: ben.client });
    for (const [path, name] of [['/commons', 'home'], ['/commons/stories', 'stories'], ['/commons/new', 'new'],
      [`/commons/${notesSlug}`, 'item'], [`/commons/${notesSlug}/adapt`, 'adapt'], [`/commons/${adaptedSlug}`, 'adaptation'],
      [`/commons/${notesSlug}/reach`, 'reach'], [`/organisations/${org.slug}/spread`, 'sponsor-report']]) {
      const p = await open(phone, path);
      const o = await overflow(p);
      assert.ok(o.scrollWidth <= PHONE.width, `${name}: ${o.scrollWidth}px wide: ${o.wide.join(', ')}`);
      await expectAccessible(p, `${name} on a phone`);
      if (name === 'item' || name === 'reach') await shot(p, `phone-journey-${name}`);
      await p.close();
    }
    const desk = await context({ client: ben.client });
    const stories = await open(desk, '/commons/stories');
    await expectAccessible(stories, 'shared stories');
  });
});

const based = (page) => page.locator('.based-on').getByRole('link');

// One line of CSV (cells quoted, "" for a quote inside).
function parseCsvLine(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

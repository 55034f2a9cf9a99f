// gov_matters.test.mjs - a matter in a real browser, in three contexts: a
// member raises it in their chapter and writes the summary that may leave it;
// the connector escalates it; it reaches the committee of the dense city the
// chapter meets in, whose member reads only the summary, adds a note and
// decides; the raiser finds the decision. Every governance page passes axe
// (WCAG 2.2 AA) and does not scroll sideways on a phone; a refused form shows
// its errors accessibly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, structure, overflow, PHONE } from './browser.mjs';

let browser, adm, geo, ch, raiser, connector, judge, matterPath;
const ctx = {};

before(async () => {
  adm = await admin();
  const tag = unique('m').slice(-7);
  const post = async (client, path, body, status = 201) => {
    const r = await client.api('POST', path, body);
    assert.equal(r.status, status, `POST ${path} answered ${r.status}: ${r.text}`);
    return r.json();
  };
  const country = (await post(adm, '/places', { name: `Portugal ${tag}` })).place;
  const region = (await post(adm, '/places', { name: `Lisboa ${tag}`, parent_id: country.id })).place;
  const metro = (await post(adm, '/places', { name: `Lisbon ${tag}`, parent_id: region.id, timezone: 'Europe/Lisbon' })).place;
  geo = { tag, country, region, metro };
  connector = await member({ name: `Inês Connector ${tag}` });
  ch = await chapter(connector, { name: `Lisbon Breakfast ${tag}`, metro_id: metro.id });
  await post(connector.client, `/chapters/${ch.slug}`, { status: 'active' }, 200);
  for (let i = 0; i < 2; i++) {
    const o = await member();
    const other = await chapter(o, { metro_id: metro.id });
    await post(o.client, `/chapters/${other.slug}`, { status: 'active' }, 200);
  }
  raiser = await member({ name: `Tomás Raiser ${tag}` });
  await admit(connector, ch, raiser);
  judge = await member({ name: `Francisco Committee ${tag}` });
  await post(adm, `/committees/${metro.slug}/seats`, { email: judge.email });
  browser = await launch();
  for (const [name, who] of [['raiser', raiser.client], ['connector', connector.client], ['judge', judge.client], ['admin', adm]])
    ctx[name] = await newContext(browser, { client: who });
  ctx.anon = await newContext(browser);
});

after(async () => {
  await browser?.close();
});

const SECRET = 'Ana and I both sell to the same hotel group';

test('a member raises a matter, the connector escalates its summary, the dense city\'s committee decides it', async () => {
  // the chapter page shows the path and leads to the matters
  const chapterPage = await open(ctx.raiser, `/chapters/${ch.slug}`);
  const steps = await chapterPage.getByRole('list', { name: "The chapter's escalation path" }).getByRole('listitem').allInnerTexts();
  assert.deepEqual(steps, [`Lisbon ${geo.tag} committee`, 'Board'], 'the path: the dense city, then the board');
  await Promise.all([chapterPage.waitForURL(/\/matters$/), chapterPage.getByRole('link', { name: /^Matters/ }).click()]);
  await chapterPage.getByLabel('What kind of matter').selectOption('conflict');
  await chapterPage.getByLabel('Title').fill('Two of us pitch to the same client');
  await chapterPage.getByLabel('What happened, and what you need').fill(`${SECRET}. We need a rule of thumb.`);
  await Promise.all([chapterPage.waitForURL(/\/matters\/\d+$/), chapterPage.getByRole('button', { name: 'Raise the matter' }).click()]);
  matterPath = new URL(chapterPage.url()).pathname;
  assert.match(await chapterPage.locator('.flash').innerText(), /Your matter is raised/);
  await chapterPage.getByLabel('Title for the committees').fill('When two members chase one client');
  await chapterPage.getByLabel('Summary', { exact: true }).fill('Which member steps back, and how do they tell the others?');
  await chapterPage.getByRole('button', { name: 'Save the summary' }).click();
  await chapterPage.waitForLoadState();
  assert.match(await chapterPage.locator('.flash').innerText(), /saved and approved/);
  await expectAccessible(chapterPage, 'a matter, as whoever raised it');
  await shot(chapterPage, 'gov-matter-raised');

  // the connector escalates it
  const c = await open(ctx.connector, matterPath);
  c.on('dialog', (d) => d.accept());
  await Promise.all([c.waitForEvent('load'), c.getByRole('button', { name: 'Escalate' }).click()]);
  assert.match(await c.locator('.flash').innerText(), new RegExp(`sent to the Lisbon ${geo.tag} committee`));

  // the committee's member finds it in the queue, reads the summary only, writes and decides
  const j = await open(ctx.judge, `/committees/${geo.metro.slug}`);
  await expectAccessible(j, 'a committee page, as its member');
  await Promise.all([j.waitForURL(matterPath), j.getByRole('link', { name: 'When two members chase one client' }).click()]);
  const seen = await j.locator('main').innerText();
  assert.ok(!seen.includes(SECRET) && !seen.includes('Two of us pitch'), 'the committee sees only the summary');
  assert.match(seen, /What was said in the chapter stays there/);
  await expectAccessible(j, 'a matter, as a committee member');
  await j.getByLabel('Your note').fill('Porto asked the same last year.');
  await Promise.all([j.waitForEvent('load'), j.getByRole('button', { name: 'Add the note' }).click()]);
  await j.getByLabel("The committee's decision").fill('Whoever met the client first leads; the other steps back and says so at the next meeting.');
  await Promise.all([j.waitForEvent('load'), j.getByRole('button', { name: 'Record the decision' }).click()]);
  assert.match(await j.locator('.flash').innerText(), /decision is recorded/);
  await shot(j, 'gov-matter-decided-committee');

  // the raiser finds the decision
  const back = await open(ctx.raiser, matterPath);
  const text = await back.locator('main').innerText();
  assert.match(text, /The decision/);
  assert.match(text, /Whoever met the client first leads/);
  assert.match(text, /Decided/);
  await shot(back, 'gov-matter-decided-chapter');
});

test('a refused matter shows its problems at the fields, with the focus on their summary', async () => {
  const page = await open(ctx.raiser, `/chapters/${ch.slug}/matters`);
  await page.getByLabel('Title').fill('Kept');
  await page.getByRole('button', { name: 'Raise the matter' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'form-errors');
  for (const label of ['What kind of matter', 'What happened, and what you need'])
    assert.equal(await page.getByLabel(label).getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
  assert.equal(await page.getByLabel('Title').inputValue(), 'Kept');
  await expectAccessible(page, 'a refused matter');
});

const PAGES = [
  ['the governance hub', 'anon', () => '/governance', () => 'How a matter travels'],
  ['the governance hub, as a committee member', 'judge', () => '/governance', () => 'Your committees'],
  ['the governance settings', 'admin', () => '/governance/settings', () => 'Who elects a place'],
  ['a committee, as an administrator', 'admin', () => `/committees/${geo.metro.slug}`, () => 'Appoint a member'],
  ['a committee, anonymous', 'anon', () => `/committees/${geo.metro.slug}`, () => 'The queue is for the committee'],
  ['the board', 'anon', () => '/committees/board', () => 'The board is the last step'],
  ["a chapter's matters", 'raiser', () => `/chapters/${ch.slug}/matters`, () => 'Raise a matter'],
  ['a matter, as the connector', 'connector', () => matterPath, () => 'What happened'],
  ['a city with its committee', 'anon', () => `/places/${geo.metro.slug}`, () => 'Steering committee'],
  ['a region without one', 'anon', () => `/places/${geo.region.slug}`, () => 'a committee here would be elected by the same chapters'],
];

for (const [label, who, path, expected] of PAGES) {
  test(`${label}: no axe violation, one h1, unique ids, no sideways scrolling on a phone`, async () => {
    const page = await open(ctx[who], path());
    try {
      assert.ok(await page.locator('main').getByText(expected()).first().isVisible(), `${label}: shows "${expected()}"`);
      const s = await structure(page);
      assert.equal(s.h1, 1, `${label}: one <h1>`);
      assert.deepEqual(s.ids, [], `${label}: unique ids`);
      await expectAccessible(page, label);
      await page.setViewportSize(PHONE);
      const o = await overflow(page);
      assert.ok(o.scrollWidth <= o.clientWidth, `${label} scrolls sideways on a phone: ${o.wide.join(', ')}`);
      await shot(page, `gov-${label.replace(/[^a-z]+/gi, '-')}-phone`);
    } finally {
      await page.close();
    }
  });
}

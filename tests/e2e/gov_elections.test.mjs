// gov_elections.test.mjs - an election in a real browser, as people would run
// it: an administrator starts it, candidates stand, three voters rank them on
// the page's ballot (one on a phone, one without script), the administrator
// closes it, the count is published round by round, and a voter finds the
// tracker they were shown in the published box. Every page checked by axe
// (WCAG 2.2 AA), on a desktop screen and on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, explain, PHONE } from './browser.mjs';

let browser, adm, geo, voters, candidates;
const contexts = [];

before(async () => {
  adm = await admin();
  geo = await geography(adm);
  const tag = unique('e').slice(-5);
  voters = [await member({ name: `Vera Voter ${tag}` }), await member({ name: `Vitor Voter ${tag}` }), await member({ name: `Valentina Voter ${tag}` })];
  const chapters = [];
  for (const [i, v] of voters.entries()) chapters.push(await chapter(v, { metro_id: i === 1 ? geo.metro2.id : geo.metro.id }));
  candidates = [await member({ name: `Ana Candidate ${tag}` }), await member({ name: `Beto Candidate ${tag}` }), await member({ name: `Clara Candidate ${tag}` })];
  for (const [i, c] of candidates.entries()) await admit(voters[i], chapters[i], c);
  browser = await launch();
});

after(() => browser?.close());

// One step of the story: when it fails, the message says what the open pages showed.
const step = (name, fn) => fn().catch(async (e) => {
  e.message += await explain(contexts, name);
  throw e;
});

test('an election with three voters: nominations, secret ballots, the count published, a tracker found in the box', async () => {
  const admCtx = await newContext(browser, { client: adm });
  contexts.push(admCtx);
  let id, title;

  await step('the administrator starts the election of the region\'s committee', async () => {
    const page = await open(admCtx, `/elections?committee=${geo.region.slug}`);
    await expectAccessible(page, 'the elections');
    title = `Region committee ${unique()}`;
    await page.fill('#title', title);
    await page.fill('#seats', '2');
    await Promise.all([page.waitForURL(/\/elections\/\d+$/), page.getByRole('button', { name: 'Open nominations' }).click()]);
    id = new URL(page.url()).pathname.split('/').pop();
    assert.match(await page.locator('.flash').innerText(), /open for nominations/);
    await expectAccessible(page, 'an election in nominations');
    await shot(page, 'elections-nominating');
  });

  await step('three candidates stand with a statement', async () => {
    for (const c of candidates) {
      const ctx = await newContext(browser, { client: c.client });
      contexts.push(ctx);
      const page = await open(ctx, `/elections/${id}`);
      await page.fill('#own-statement', `I am ${c.name}, and I will **report back** every month.`);
      await Promise.all([page.waitForURL(`**/elections/${id}`), page.getByRole('button', { name: 'Stand', exact: true }).click()]);
      assert.match(await page.locator('.flash').innerText(), /You are standing/);
    }
    const page = await open(admCtx, `/elections/${id}`);
    await Promise.all([page.waitForURL(`**/elections/${id}`), page.getByRole('button', { name: 'Open voting now' }).click()]);
    assert.match(await page.locator('.flash').innerText(), /Voting is open/);
  });

  const trackers = [];
  await step('three voters rank the candidates: on a desktop, on a phone, and without script', async () => {
    const setups = [{}, { viewport: PHONE }, { javaScript: false }];
    const ranks = [['1', '2', '3'], ['3', '1', '0'], ['2', '0', '1']];
    for (const [i, v] of voters.entries()) {
      const ctx = await newContext(browser, { client: v.client, ...setups[i] });
      contexts.push(ctx);
      const page = await open(ctx, `/elections/${id}`);
      if (i === 0) await expectAccessible(page, 'the ballot');
      if (i === 1) {
        assert.equal((await overflow(page)).scrollWidth, PHONE.width, 'no sideways scrolling on a phone');
        await shot(page, 'elections-ballot-phone');
      }
      for (let k = 0; k < 3; k++) await page.selectOption(`#rank_${k + 1}`, ranks[i][k]);
      await page.getByRole('button', { name: 'Cast my secret ballot' }).click();
      await page.waitForSelector('.token code');
      const tracker = (await page.locator('.token code').innerText()).trim();
      assert.match(tracker, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/);
      trackers.push(tracker);
      if (i === 0) {
        await expectAccessible(page, 'the tracker page');
        await shot(page, 'elections-voted');
      }
      // voting again: the page says they voted, and offers no ballot
      const again = await open(ctx, `/elections/${id}`);
      assert.match(await again.locator('main').innerText(), /You have voted/);
      assert.equal(await again.locator('#rank_1').count(), 0);
    }
    assert.equal(new Set(trackers).size, 3);
  });

  await step('the administrator closes voting; the count is published round by round', async () => {
    const page = await open(admCtx, `/elections/${id}`);
    page.once('dialog', (d) => d.accept());   // "Close voting now and count? Closing is final…"
    await Promise.all([page.waitForURL(`**/elections/${id}`), page.getByRole('button', { name: 'Close voting now and count' }).click()]);
    assert.match(await page.locator('.flash').innerText(), /count and the ballot box are published/);
    const text = await page.locator('main').innerText();
    assert.match(text, /The count, round by round/);
    assert.match(text, /Elected/);
    await expectAccessible(page, 'the results');
    await shot(page, 'elections-results');
  });

  await step('a voter finds their tracker in the published box, on a phone', async () => {
    const ctx = await newContext(browser, { client: voters[1].client, viewport: PHONE });
    contexts.push(ctx);
    const page = await open(ctx, `/elections/${id}`);
    await page.fill('#tracker', trackers[1].toLowerCase());
    await Promise.all([page.waitForURL(new RegExp(`/elections/${id}/find`)), page.getByRole('button', { name: 'Look it up' }).click()]);
    const found = await page.locator('#find [role=status]').innerText();
    assert.match(found, /This ballot is in the box/);
    assert.equal((await page.locator('#find [role=status] ol li').first().innerText()).trim(), candidates[1].name, 'counted as ranked: Beto first');
    assert.ok(!(await page.content()).includes(trackers[1]), 'the answer does not repeat the tracker');
    assert.equal((await overflow(page)).scrollWidth, PHONE.width, 'no sideways scrolling on a phone');
    await expectAccessible(page, 'a ballot found');
    await shot(page, 'elections-found-phone');
    const box = await (await ctx.request.get(`/elections/${id}/box.json`)).json();
    assert.deepEqual(box.ballots.map((b) => b.tracker).sort(), [...trackers].sort(), 'the box holds the three ballots');
  });
});

// gov_journey.test.mjs - the governance journey of issue 12 in a real browser, in
// three contexts (a member, their connector, a committee member): in a sparse
// country, where no city or region has enough active chapters, the chapter's
// path goes straight to the country's committee (a dense city elsewhere keeps
// its own, gov_matters.test.mjs); a member raises a matter and approves its
// summary, the connector escalates it, it reaches the country's committee, and
// the committee decides it by a proposal — opened about the matter, voted,
// closed with an outcome — after which the matter reads as decided for the
// chapter, with the decision record in the network's list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, unique } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible } from './browser.mjs';

let browser, geo, ch, seat2;
const ctx = {};

before(async () => {
  const adm = await admin();
  const tag = unique('j').slice(-7);
  const post = async (client, path, body, status = 201) => {
    const r = await client.api('POST', path, body);
    assert.equal(r.status, status, `POST ${path} answered ${r.status}: ${r.text}`);
    return r.json();
  };
  // a sparse country: three active chapters, one in each of three cities of three regions
  const country = (await post(adm, '/places', { name: `Brazil ${tag}` })).place;
  const metros = [];
  for (const [r, m] of [['Rio State', 'Rio de Janeiro'], ['São Paulo State', 'São Paulo'], ['Minas Gerais', 'Belo Horizonte']]) {
    const region = (await post(adm, '/places', { name: `${r} ${tag}`, parent_id: country.id })).place;
    metros.push((await post(adm, '/places', { name: `${m} ${tag}`, parent_id: region.id, timezone: 'America/Sao_Paulo' })).place);
  }
  geo = { tag, country, metros };
  const connector = await member({ name: `Beatriz Connector ${tag}` });
  ch = await chapter(connector, { name: `Rio Tourism ${tag}`, metro_id: metros[0].id });
  await post(connector.client, `/chapters/${ch.slug}`, { status: 'active' }, 200);
  for (const m of metros.slice(1)) {
    const o = await member();
    const other = await chapter(o, { metro_id: m.id });
    await post(o.client, `/chapters/${other.slug}`, { status: 'active' }, 200);
  }
  const raiser = await member({ name: `Caio Raiser ${tag}` });
  await admit(connector, ch, raiser);
  const seat1 = await member({ name: `Helena Committee ${tag}` });
  seat2 = await member({ name: `Otávio Committee ${tag}` });
  for (const s of [seat1, seat2]) await post(adm, `/committees/${country.slug}/seats`, { email: s.email });
  browser = await launch();
  ctx.raiser = await newContext(browser, { client: raiser.client });
  ctx.connector = await newContext(browser, { client: connector.client });
  ctx.committee = await newContext(browser, { client: seat1.client });
});

after(async () => {
  await browser?.close();
});

const SAID = 'Our Tuesday visitors never understand a word';

test('a sparse country: the matter reaches the country committee, which decides it by proposal', async () => {
  // the member sees the path and raises the matter
  const p = await open(ctx.raiser, `/chapters/${ch.slug}`);
  const steps = await p.getByRole('list', { name: "The chapter's escalation path" }).getByRole('listitem').allInnerTexts();
  assert.deepEqual(steps, [`Brazil ${geo.tag} committee`, 'Board'], 'no city or region is dense: the country first');
  await p.goto(`/chapters/${ch.slug}/matters`);
  await p.getByLabel('What kind of matter').selectOption('proposal');
  await p.getByLabel('Title').fill('Meetings in two languages');
  await p.getByLabel('What happened, and what you need').fill(`${SAID}. Could we alternate Portuguese and English?`);
  await Promise.all([p.waitForURL(/\/matters\/\d+$/), p.getByRole('button', { name: 'Raise the matter' }).click()]);
  const matterPath = new URL(p.url()).pathname;
  await p.getByLabel('Title for the committees').fill('Alternate the language of meetings');
  await p.getByLabel('Summary', { exact: true }).fill('A chapter with many visitors asks to meet in Portuguese and English on alternate months.');
  await p.getByRole('button', { name: 'Save the summary' }).click();
  await p.waitForLoadState();
  assert.match(await p.locator('.flash').innerText(), /saved and approved/);

  // the connector escalates it: it goes to the country's committee
  const c = await open(ctx.connector, matterPath);
  c.on('dialog', (d) => d.accept());
  await Promise.all([c.waitForEvent('load'), c.getByRole('button', { name: 'Escalate' }).click()]);
  assert.match(await c.locator('.flash').innerText(), new RegExp(`sent to the Brazil ${geo.tag} committee`));

  // the committee opens a proposal about it
  const j = await open(ctx.committee, `/committees/${geo.country.slug}/polls`);
  await j.locator('input[name="kind"][value="proposal"]').check();
  await j.getByLabel('Title').fill('Chapters may alternate Portuguese and English by month');
  await j.getByLabel('About a matter').selectOption({ label: 'Alternate the language of meetings' });
  await Promise.all([j.waitForURL(/\/polls\/\d+$/), j.getByRole('button', { name: 'Open it' }).click()]);
  const pollPath = new URL(j.url()).pathname;
  assert.ok(!(await j.locator('main').innerText()).includes(SAID), 'the committee never sees what the chapter said');
  await j.locator('input[name="position"][value="agree"]').check();
  await j.getByLabel('Your reason').fill('Visitors are half of the room.');
  // the vote comes back to the same address: wait for what it says, not for the address (already there)
  await j.getByRole('button', { name: 'Vote', exact: true }).click();
  await j.locator('.flash', { hasText: 'Your vote is in' }).waitFor();
  const second = await seat2.client.api('POST', `${pollPath}/vote`, { position: 'agree' });
  assert.ok(second.status < 300, `the second member votes: ${second.status} ${second.text}`);
  await j.reload();
  await expectAccessible(j, 'a proposal, as a committee member who voted');
  await j.getByLabel('Outcome').fill('Agreed: a chapter may alternate the two languages by month and says so in its description.');
  const review = new Date(Date.now() + 200 * 86400e3).toISOString().slice(0, 10);
  await j.getByLabel('Review on').fill(review);
  j.on('dialog', (d) => d.accept());
  await Promise.all([j.waitForURL(/./), j.getByRole('button', { name: 'Close and record the decision' }).click()]);
  await j.waitForLoadState();
  await shot(j, 'gov-journey-proposal-closed');

  // the chapter reads the matter as decided, by that proposal
  const back = await open(ctx.raiser, matterPath);
  const text = await back.locator('main').innerText();
  assert.match(text, /Decided/);
  assert.match(text, /alternate the two languages by month/);
  await shot(back, 'gov-journey-matter-decided');
  const list = await open(ctx.raiser, '/decisions');
  assert.match(await list.locator('main').innerText(), /Chapters may alternate Portuguese and English by month/);
});

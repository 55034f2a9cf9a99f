// pickers_forms.test.mjs - the pickers of every form in a real browser (issue 20,
// point 3; pickers.test.mjs has the books' record form): the events desk's
// sponsor and cost payee, an expense claim's payee, a meeting's contributions
// and delegation, each used with JavaScript (the combobox: type, arrow keys,
// Enter; or the select of few choices) and without (a name typed, the form
// shown again with what was chosen after an error). axe finds no violation;
// screenshots at 1280 and 360 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique, sql, when } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, pick } from './browser.mjs';

let browser, conn, helper, other, ch, venue, sponsor, ev, tag;
const PHONE360 = { width: 360, height: 800 };

before(async () => {
  browser = await launch();
  const adm = await admin();
  const geo = await geography(adm);
  tag = unique('pk');
  conn = await member({ name: `Lia Desk ${tag}` });
  helper = await member({ name: `Rafa Helper ${tag}` });
  other = await member({ name: `Zoe Other ${tag}` });
  ch = await chapter(conn, { name: `Picker Forms ${tag}`, metro_id: geo.metro.id });
  await admit(conn, ch, helper);
  await admit(conn, ch, other);
  venue = (await conn.client.api('POST', '/organisations', { name: `Quay Hall ${tag}`, kind: 'venue' })).json().organisation;
  sponsor = (await conn.client.api('POST', '/organisations', { name: `Kite Bank ${tag}`, kind: 'sponsor' })).json().organisation;
  const app = (await adm.api('POST', '/apps', {
    name: `Picker night ${tag}`, summary: 'Pitches.', description: 'Pitches.', runbook: [{ step: 'Pitches', minutes: 60 }],
    tiers: [{ name: 'Standard', price: '10.00', currency: 'EUR' }],
    packages: [{ name: 'Friend', price: '50.00', currency: 'EUR', placement: 'thanks', benefits: 'Named in the thanks' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'network', share: 5000 }] })).json().app;
  const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Picker night ${tag}`,
    venue: 'The Hub', capacity: 20, ...when(-30, 180), record: true });
  assert.equal(r.status, 201, r.text);
  ev = r.json().event;
});

after(async () => {
  await browser?.close();
});

const choose = pick;

const recipientOfLast = (like) => sql(`SELECT a.kind || ':' || a.ref_id FROM ledger_transactions t JOIN ledger_accounts a ON a.id = t.recipient_id WHERE t.description LIKE '%${like}%' ORDER BY t.id DESC LIMIT 1`);

test('the events desk: a sponsor and a cost\'s payee chosen by name with the keyboard', async () => {
  const ctx = await newContext(browser, { client: conn.client });
  const page = await open(ctx, `/events/${ev.slug}/registrations`);
  await choose(page, 'organisation', sponsor.name, `org:${sponsor.slug}`);
  await page.getByRole('button', { name: 'Record the sponsorship' }).click();
  await page.waitForSelector('.flash');
  assert.equal(sql(`SELECT count(*) FROM event_sponsors WHERE event_id = ${ev.id}`), '1');
  // the payee is always a search: type, arrow down, Enter
  const payee = page.getByRole('combobox', { name: 'Paid to' });
  await payee.click();
  await payee.pressSequentially(`quay hall ${tag.slice(0, 3)}`, { delay: 20 });
  await page.locator('#payee-options [role=option]').filter({ hasText: `Quay Hall ${tag}` }).waitFor();
  await expectAccessible(page, 'the desk with the payee picker open');
  await shot(page, 'pickers-desk-open-1280');
  await payee.press('ArrowDown');
  await payee.press('Enter');
  assert.equal(await page.locator('input[type=hidden][name=payee]').inputValue(), `org:${venue.slug}`);
  await page.fill('#amount', '12.50');
  await page.fill('#cost-description', 'Chairs from the hall');
  await page.getByRole('button', { name: 'Pay from the basket' }).click();
  await page.waitForSelector('.flash');
  assert.equal(recipientOfLast('Chairs from the hall'), `organisation:${venue.id}`);
  await ctx.close();
});

test('the events desk without JavaScript: a name typed, kept by name after an error', async () => {
  const ctx = await newContext(browser, { client: conn.client, javaScript: false, viewport: PHONE360 });
  const page = await open(ctx, `/events/${ev.slug}/registrations`);
  await page.fill('#payee', `Rafa Helper ${tag}`);
  await page.fill('#amount', 'a lot');
  await page.fill('#cost-description', 'Snacks');
  await page.getByRole('button', { name: 'Pay from the basket' }).click();
  await page.waitForSelector('.alert');
  // the name was read (the member), the amount was not: the form is back with both
  assert.equal(await page.locator('#payee').inputValue(), `Rafa Helper ${tag}`);
  assert.equal(await page.locator('#payee').getAttribute('data-value'), `member:${helper.id}`);
  assert.equal(await page.locator('#cost-description').inputValue(), 'Snacks');
  await page.fill('#amount', '3');
  await page.getByRole('button', { name: 'Pay from the basket' }).click();
  await page.waitForSelector('.flash');
  assert.equal(recipientOfLast('Snacks'), `member:${helper.id}`);
  await ctx.close();
});

test('the events desk on a phone: a name typed without choosing, an error, the picker kept (axe, 360 px)', async () => {
  // axe runs in the page's own script, so the page after an error is checked with JavaScript on
  const ctx = await newContext(browser, { client: conn.client, viewport: PHONE360 });
  const page = await open(ctx, `/events/${ev.slug}/registrations`);
  await page.getByRole('combobox', { name: 'Paid to' }).fill(`Rafa Helper ${tag}`);
  await page.fill('#amount', 'a lot');
  await page.fill('#cost-description', 'Juice');
  await page.getByRole('button', { name: 'Pay from the basket' }).click();
  await page.waitForSelector('.alert');
  const payee = page.getByRole('combobox', { name: 'Paid to' });
  assert.equal(await payee.inputValue(), `Rafa Helper ${tag}`);
  assert.equal(await page.locator('input[type=hidden][name=payee]').inputValue(), `member:${helper.id}`);
  await expectAccessible(page, 'the desk after an error, on a phone');
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `no sideways scrolling at 360 px: ${o.wide.join(', ')}`);
  await payee.scrollIntoViewIfNeeded();
  await shot(page, 'pickers-desk-error-360');
  await ctx.close();
});

test('an expense claim\'s payee: the combobox with script, a name without', async () => {
  let ctx = await newContext(browser, { client: helper.client });
  let page = await open(ctx, `/chapters/${ch.slug}/ledger`);
  await page.fill('#claim-description', 'Projector bulb');
  await page.fill('#claim-amount', '18');
  await choose(page, 'payee', venue.name, `org:${venue.slug}`);
  await expectAccessible(page, 'the claim form');
  await page.getByRole('button', { name: 'Send the claim' }).click();
  await page.waitForSelector('.flash');
  const payee = () => sql(`SELECT a.kind || ':' || a.ref_id FROM expense_claims k JOIN ledger_accounts a ON a.id = k.payee_id ORDER BY k.id DESC LIMIT 1`);
  assert.equal(payee(), `organisation:${venue.id}`);
  await ctx.close();
  ctx = await newContext(browser, { client: helper.client, javaScript: false, viewport: PHONE360 });
  page = await open(ctx, `/chapters/${ch.slug}/ledger`);
  await page.fill('#claim-description', 'Tape');
  await page.fill('#claim-amount', '2');
  await page.fill('#payee', `Nobody ${tag}`);
  await page.getByRole('button', { name: 'Send the claim' }).click();
  await page.waitForSelector('.alert');
  assert.match(await page.locator('#payee-error').innerText(), /Nothing is called "Nobody/);
  assert.equal(await page.locator('#claim-description').inputValue(), 'Tape');
  await shot(page, 'pickers-claim-error-360');
  await page.fill('#payee', `Quay Hall ${tag}`);
  await page.getByRole('button', { name: 'Send the claim' }).click();
  await page.waitForSelector('.flash');
  assert.equal(payee(), `organisation:${venue.id}`);
  await ctx.close();
});

test('a meeting\'s contributions: the same picker in each row, with and without script', async () => {
  const date = new Date(Date.now() + 3600e3).toISOString().slice(0, 10);
  const m = (await conn.client.api('POST', `/chapters/${ch.slug}/meetings`, { date, time: '22:00' })).json().meeting;
  const at = `/chapters/${ch.slug}/meetings/${m.id}`;
  let ctx = await newContext(browser, { client: conn.client });
  let page = await open(ctx, at);
  await choose(page, 'who-1', helper.name, `member:${helper.id}`);
  await page.selectOption('#res-1', 'HOURS');
  await page.fill('#amt-1', '2');
  await page.fill('#note-1', 'Set up the room');
  await expectAccessible(page, 'the meeting with its contributions form');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await page.waitForSelector('.flash');
  const lines = () => sql(`SELECT count(*) FROM ledger_transactions WHERE meeting_id = ${m.id}`);
  assert.equal(lines(), '1');
  await ctx.close();
  // without script: a row with a bad amount comes back with its member and note
  ctx = await newContext(browser, { client: conn.client, javaScript: false, viewport: PHONE360 });
  page = await open(ctx, at);
  const row = page.locator('#who-2');
  if (await row.evaluate((n) => n.tagName) === 'SELECT') await row.selectOption(`member:${other.id}`);
  else await row.fill(`Zoe Other ${tag}`);
  await page.fill('#amt-2', 'some');
  await page.fill('#note-2', 'Brought cake');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await page.waitForSelector('.alert');
  assert.equal(await page.locator('#note-2').inputValue(), 'Brought cake');
  if (await row.evaluate((n) => n.tagName) === 'SELECT') assert.equal(await row.inputValue(), `member:${other.id}`);
  else assert.equal(await row.inputValue(), `Zoe Other ${tag}`);
  await page.fill('#amt-2', '1');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await page.waitForSelector('.flash');
  assert.equal(lines(), '2');
  await ctx.close();
  // the same refusal with script on a phone: axe, and a look at the rows
  ctx = await newContext(browser, { client: conn.client, viewport: PHONE360 });
  page = await open(ctx, at);
  await choose(page, 'who-3', other.name, `member:${other.id}`);
  await page.fill('#amt-3', 'some');
  await page.fill('#note-3', 'Lent chairs');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await page.waitForSelector('.alert');
  assert.equal(await page.locator('#note-3').inputValue(), 'Lent chairs');
  await expectAccessible(page, 'the meeting after a refused contribution, on a phone');
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.clientWidth, `no sideways scrolling at 360 px: ${o.wide.join(', ')}`);
  await page.locator('#contributions').scrollIntoViewIfNeeded();
  await page.locator('#contributions').screenshot({ path: new URL('../output/pickers-contributions-360.png', import.meta.url).pathname });
  await ctx.close();
});

test('delegation: the voters of a small chapter in a select, with and without script', async () => {
  for (const javaScript of [true, false]) {
    const ctx = await newContext(browser, { client: helper.client, javaScript, viewport: javaScript ? undefined : PHONE360 });
    const page = await open(ctx, `/chapters/${ch.slug}/polls`);
    const to = page.getByLabel('Give my vote to');
    assert.equal(await to.evaluate((n) => n.tagName), 'SELECT', 'three voters: a select');
    await to.selectOption(`member:${javaScript ? conn.id : other.id}`);
    if (javaScript) await expectAccessible(page, 'the polls with the delegation form');
    else await shot(page, 'pickers-delegation-360');
    await page.getByRole('button', { name: 'Give my vote until I take it back' }).click();
    await page.waitForSelector('.flash');
    const to_id = sql(`SELECT to_id FROM gov_delegations WHERE from_id = ${helper.id} AND chapter_id IS NOT NULL AND revoked_at IS NULL`);
    assert.equal(to_id, String(javaScript ? conn.id : other.id));
    await helper.client.post(`/chapters/${ch.slug}/delegation`, { revoke: '1' });
    await ctx.close();
  }
});

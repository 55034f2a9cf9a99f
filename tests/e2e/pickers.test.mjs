// pickers.test.mjs - forms in plain words in a real browser: a connector records
// a member's hours by typing part of the name in the books' "With whom" picker
// and choosing with the keyboard (an ARIA combobox: arrow keys, Enter); then the
// same form without JavaScript takes the typed name, and an ambiguous one offers
// the candidates to choose from. axe finds no violation; screenshots at 1280 and
// 360 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique, sql } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible } from './browser.mjs';

let browser, connector, helper, twin1, twin2, ch, tag;
const PHONE360 = { width: 360, height: 800 };

before(async () => {
  browser = await launch();
  const adm = await admin();
  const geo = await geography(adm);
  tag = unique('k');
  connector = await member({ name: `Inês Pick ${tag}` });
  helper = await member({ name: `Rui Helper ${tag}` });
  twin1 = await member({ name: `Sam Twin ${tag}` });
  twin2 = await member({ name: `Sam Twin ${tag}` });
  ch = await chapter(connector, { name: `Picker Books ${tag}`, metro_id: geo.metro.id });
  await admit(connector, ch, helper);
});

after(async () => {
  await browser?.close();
});

const payerOfLast = () => sql('SELECT a.kind || \':\' || a.ref_id FROM ledger_transactions t JOIN ledger_accounts a ON a.id = t.payer_id ORDER BY t.id DESC LIMIT 1');

test('typing a name and choosing it with the keyboard records the member\'s hours', async () => {
  const ctx = await newContext(browser, { client: connector.client });
  const page = await open(ctx, `/chapters/${ch.slug}/ledger`);
  const box = page.getByRole('combobox', { name: 'With whom' });
  await box.click();
  await box.pressSequentially(`rui helper ${tag.slice(0, 4)}`, { delay: 20 });
  const option = page.getByRole('option', { name: new RegExp(`Rui Helper ${tag}`) });
  await option.waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  await expectAccessible(page, 'the picker open');
  await shot(page, 'pickers-open-1280');
  await box.press('ArrowDown');
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
  await box.press('Enter');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await box.inputValue(), `Rui Helper ${tag}`);
  assert.equal(await page.locator('input[type=hidden][name=counterpart]').inputValue(), `member:${helper.id}`);
  await page.selectOption('#resource', 'HOURS');
  await page.fill('#amount', '2');
  await page.fill('#description', 'Prepared the agenda');
  await page.getByRole('button', { name: 'Record it' }).click();
  await page.waitForSelector('.flash');
  assert.match(await page.locator('.flash').innerText(), /Recorded/);
  assert.equal(payerOfLast(), `member:${helper.id}`);
  // Escape closes the list
  await box.fill('');
  await box.pressSequentially('Sam Twin', { delay: 20 });
  await page.locator('#counterpart-options [role=option]').first().waitFor();
  await box.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  await ctx.close();
});

test('without JavaScript the form takes a name, and an ambiguous one offers the candidates', async () => {
  const ctx = await newContext(browser, { client: connector.client, javaScript: false });
  const page = await open(ctx, `/chapters/${ch.slug}/ledger`);
  await page.fill('#counterpart', `Sam Twin ${tag}`);
  await page.selectOption('#kind', 'income');
  await page.selectOption('#resource', 'USD');
  await page.fill('#amount', '15');
  await page.fill('#description', 'Dues');
  await page.getByRole('button', { name: 'Record it' }).click();
  await page.waitForSelector('.alert');
  assert.match(await page.locator('.field-error#counterpart-error').innerText(), /could be Sam Twin/);
  // what was chosen stays chosen
  assert.equal(await page.locator('#kind').inputValue(), 'income');
  assert.equal(await page.locator('#resource').inputValue(), 'USD');
  assert.equal(await page.locator('#amount').inputValue(), '15');
  await shot(page, 'pickers-ambiguous-1280');
  await page.selectOption('#counterpart', `member:${twin2.id}`);
  await page.getByRole('button', { name: 'Record it' }).click();
  await page.waitForSelector('.flash');
  assert.equal(payerOfLast(), `member:${twin2.id}`);
  await ctx.close();
  void twin1;
});

test('the picker at 360 px wide', async () => {
  const ctx = await newContext(browser, { client: connector.client, viewport: PHONE360 });
  const page = await open(ctx, `/chapters/${ch.slug}/ledger`);
  const box = page.getByRole('combobox', { name: 'With whom' });
  await box.pressSequentially('Sam Twin', { delay: 20 });
  await page.locator('#counterpart-options [role=option]').first().waitFor();
  await expectAccessible(page, 'the picker on a phone');
  await box.scrollIntoViewIfNeeded();
  await page.screenshot({ path: new URL(`../output/pickers-open-360.png`, import.meta.url).pathname });
  // typed without choosing, the name goes to the server, which offers the two (axe checks that page too)
  await box.fill(`Sam Twin ${tag}`);
  await page.fill('#amount', '1');
  await page.fill('#description', 'Chairs');
  await page.getByRole('button', { name: 'Record it' }).click();
  await page.waitForSelector('.alert');
  assert.equal(await page.locator('select#counterpart option').count(), 3);
  await expectAccessible(page, 'the books with an ambiguous name');
  await shot(page, 'pickers-ambiguous-360');
  await ctx.close();
});

test('what the picker says aloud is in the page\'s language: French counts its matches and says what was chosen', async () => {
  const ctx = await newContext(browser, { client: connector.client });
  await ctx.setExtraHTTPHeaders({ 'Accept-Language': 'fr' });
  const page = await open(ctx, `/chapters/${ch.slug}/ledger`);
  const box = page.locator('.picker input[role=combobox]').first();
  const status = page.locator('.picker [role=status]').first();
  await box.click();
  await box.pressSequentially(`rui helper ${tag.slice(0, 4)}`, { delay: 20 });
  await page.getByRole('option', { name: new RegExp(`Rui Helper ${tag}`) }).waitFor();
  assert.equal(await status.textContent(), '1 résultat : flèches pour se déplacer, Entrée pour choisir.');
  await box.press('ArrowDown');
  await box.press('Enter');
  assert.equal(await status.textContent(), `Rui Helper ${tag} choisi.`);
  await box.fill('');
  await box.pressSequentially('zzzqqq', { delay: 20 });
  await page.waitForFunction(() => document.querySelector('.picker [role=status]').textContent === 'Aucun résultat.');
  await ctx.close();
});

// confirmations.test.mjs - what cannot be undone asks first, in a real browser
// (issue 20): revoking an invitation asks (data-confirm, app.js) and nothing
// happens when the person says no; closing an event has a page of its own, with
// the amount and each party's part, which works without script; declining a
// request asks too. And the pages these defects were about, looked at on a
// desktop and at 360 px: the event form (rows of tiers, a format change) and a
// guest's registration, which offers no members' tier. Checked by axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { admin, member, chapter, admit, geography, unique, sql, when } from '../http/lib.mjs';
import { launch, newContext, open, shot, expectAccessible, overflow, stepper } from './browser.mjs';

const NARROW = { width: 360, height: 780 };
let browser, adm, conn, ch, app, other, ev;
const contexts = [];

before(async () => {
  browser = await launch();
  adm = await admin();
  assert.equal((await adm.api('POST', '/admin/settings', { guest_verification: false })).status, 200);
  const geo = await geography(adm);
  conn = await member({ name: `Inês ${unique()}` });
  const mem = await member({ name: `Mia ${unique()}` });
  ch = await chapter(conn, { name: `Porto Makers ${unique()}`, metro_id: geo.metro.id });
  await admit(conn, ch, mem);
  const format = (name, tiers) => ({ name, summary: 'An evening.', description: 'An evening.', runbook: [{ step: 'Talks', minutes: 90 }], tiers,
    packages: [{ name: 'Gold', price: '216.50', currency: 'EUR', placement: 'headline', benefits: 'A logo' }],
    split_rule: [{ party: 'organiser', share: 5000 }, { party: 'host', share: 5000 }] });
  let r = await adm.api('POST', '/apps', format(`Maker night ${unique()}`, [{ name: 'Members', price: '0', currency: 'EUR', members_only: true },
    { name: 'Standard', price: '12.50', currency: 'EUR' }]));
  assert.equal(r.status, 201, r.text);
  app = r.json().app;
  r = await adm.api('POST', '/apps', format(`Breakfast ${unique()}`, [{ name: 'Founders', price: '8.00', currency: 'EUR' }]));
  other = r.json().app;
  r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Maker night ${unique()}`, venue: 'Porto Hub',
    capacity: 20, ...when(-30), record: true });
  assert.equal(r.status, 201, r.text);
  ev = r.json().event;
  const org = (await conn.client.api('POST', '/organisations', { name: `Douro Capital ${unique()}`, kind: 'sponsor' })).json().organisation;
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/sponsors`, { organisation: org.slug, package: 'Gold' })).status, 201);
  const reg = (await mem.client.api('POST', `/events/${ev.slug}/register`, { tier: (await mem.client.api('GET', `/events/${ev.slug}`)).json().tiers[1].id })).json().registration;
  assert.equal((await conn.client.api('POST', `/events/${ev.slug}/registrations/${reg.id}/paid`, {})).status, 200);
});

after(async () => {
  await browser?.close();
});

const step = stepper(contexts);

test('revoking an invitation asks first: saying no changes nothing, saying yes revokes it', async () => {
  const ctx = await newContext(browser, { client: conn.client });
  contexts.push(ctx);
  const email = `${unique('guest')}@example.org`;
  assert.equal((await conn.client.api('POST', `/chapters/${ch.slug}/invitations`, { email })).status, 201);
  const pending = () => sql(`SELECT count(*) FROM invitations WHERE email = '${email}' AND revoked_at IS NULL`);
  await step('the connector clicks Revoke and cancels the question', async () => {
    const page = await open(ctx, `/chapters/${ch.slug}/invitations`);
    await expectAccessible(page, 'the invitations');
    let asked = '';
    page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
    await page.getByRole('button', { name: `Revoke the invitation to ${email}` }).click();
    assert.match(asked, new RegExp(`Revoke the invitation to ${email}\\? Its link stops working at once`));
    await page.waitForTimeout(300);
    assert.equal(page.url().endsWith(`/chapters/${ch.slug}/invitations`), true);
    assert.equal(pending(), '1', 'nothing happened');
    page.once('dialog', (d) => d.accept());
    await Promise.all([page.waitForLoadState('load'), page.waitForSelector('.flash'), page.getByRole('button', { name: `Revoke the invitation to ${email}` }).click()]);
    assert.match(await page.locator('.flash').innerText(), /revoked/);
    assert.equal(pending(), '0', 'it is revoked');
  });
});

test('closing an event: a page that says what will be shared, without script; "No" keeps it open, confirming closes it', async () => {
  const ctx = await newContext(browser, { client: conn.client, javaScript: false });
  const phone = await newContext(browser, { client: conn.client, viewport: NARROW });
  contexts.push(ctx, phone);
  await step('the organiser asks to close, reads the question and says no', async () => {
    const desk = await open(ctx, `/events/${ev.slug}/registrations`);
    await Promise.all([desk.waitForURL(/\/close$/), desk.getByRole('link', { name: 'Close and share the income…' }).click()]);
    const text = await desk.locator('main').innerText();
    assert.match(text, /Close the event and share 229\.00 EUR by the format's rule\?/);
    assert.match(text, /114\.50 EUR/);
    await shot(desk, 'confirm-close');   // (axe runs in the page: it is checked below, with script)
    await Promise.all([desk.waitForURL(/\/registrations$/), desk.getByRole('link', { name: 'No, keep it open' }).click()]);
    assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'open', 'nothing happened');
  });
  await step('on a phone the question reads without sideways scrolling', async () => {
    const page = await open(phone, `/events/${ev.slug}/close`);
    await expectAccessible(page, 'the confirmation of closing');
    assert.equal((await overflow(page)).scrollWidth, NARROW.width);
    await shot(page, 'confirm-close-360');
  });
  await step('the organiser confirms: the event closes and the statement shows the shares', async () => {
    const page = await open(ctx, `/events/${ev.slug}/close`);
    await Promise.all([page.waitForURL(/\/statement$/), page.getByRole('button', { name: 'Close the event and share the income' }).click()]);
    assert.match(await page.locator('.flash').innerText(), /closed and its net income shared/);
    assert.equal(sql(`SELECT status FROM events WHERE id = ${ev.id}`), 'closed');
  });
});

test('the event form and a guest\'s registration, on a desktop and at 360 px', async () => {
  const desk = await newContext(browser, { client: conn.client });
  const narrow = await newContext(browser, { client: conn.client, viewport: NARROW });
  const guest = await newContext(browser, { viewport: NARROW });
  const guestWide = await newContext(browser);
  contexts.push(desk, narrow, guest, guestWide);
  await step('the event form: rows of tiers, and a format change takes the new format\'s title and tiers', async () => {
    const page = await open(desk, `/events/new?app=${app.slug}`);
    assert.equal(await page.inputValue('#title'), app.name);
    assert.equal(await page.inputValue('#tier-name-0'), 'Members');
    assert.equal(await page.isChecked('input[name="tier_members"][value="0"]'), true);
    await expectAccessible(page, 'the event form');
    await shot(page, 'events-new-desktop');
    // with script, choosing a format brings its title and tiers at once
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(/\/events$/), page.selectOption('#app', other.slug)]);
    assert.equal(await page.inputValue('#title'), other.name);
    assert.equal(await page.inputValue('#tier-name-0'), 'Founders');
    assert.equal(await page.inputValue('#tier-price-0'), '8.00');
    await expectAccessible(page, 'the event form after a change of format');
    const phone = await open(narrow, `/events/new?app=${app.slug}`);
    assert.equal((await overflow(phone)).scrollWidth, NARROW.width, 'no sideways scrolling at 360 px');
    await shot(phone, 'events-new-360');
  });
  await step('a guest is offered the tiers a guest may take, the first of them chosen', async () => {
    const r = await conn.client.api('POST', '/events', { app: app.slug, host: `chapter:${ch.slug}`, title: `Maker night ${unique()}`, venue: 'Porto Hub',
      capacity: 20, ...when(60 * 24) });
    const next = r.json().event;
    for (const [ctx, name] of [[guestWide, 'events-guest-desktop'], [guest, 'events-guest-360']]) {
      const page = await open(ctx, `/events/${next.slug}`);
      const form = page.locator(`form[action="/events/${next.slug}/register"]`);
      assert.equal(await form.getByRole('radio').count(), 1, 'the members\' tier is not offered');
      assert.equal(await form.getByRole('radio', { name: /Standard · 12\.50 EUR/ }).isChecked(), true);
      await expectAccessible(page, 'the event page for a guest');
      await shot(page, name);
    }
    const page = await open(guest, `/events/${next.slug}`);
    assert.equal((await overflow(page)).scrollWidth, NARROW.width);
  });
});

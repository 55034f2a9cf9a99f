// mail_prefs.test.mjs - a member's mail in a real browser (issue 16): the notifications page
// (linked from the account page) saves choices and says why a time zone is refused at its field;
// the unsubscribe link of a message, opened without a session, asks before it acts and then says
// how to undo it; an HTML message as queued, rendered from a file. Each page at desktop and phone
// widths, axe-core finding no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BIN, DB, admin, member, geography, chapter, admit, sql, unique, unsubscribeToken } from '../http/lib.mjs';

import { launch, newContext, open, shot, expectAccessible, PHONE, OUTPUT, KIND } from './browser.mjs';

let browser, geo, m;

before(async () => {
  geo = await geography(await admin());
  m = await member({ name: `Marta Mail ${unique('n').slice(-5)}`, metro_id: geo.metro.id });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a member chooses their mail and their time zone', async () => {
  const context = await newContext(browser, { client: m.client });
  const me = await open(context, '/me');
  await Promise.all([me.waitForEvent('load'), me.getByRole('link', { name: 'Your mail' }).click()]);
  assert.equal(await me.getByRole('heading', { level: 1 }).innerText(), 'Your mail');
  const meetings = me.getByRole('group', { name: 'Meeting reminders and summaries' });
  assert.ok(await meetings.getByRole('radio', { name: /At once/ }).isChecked(), 'at once by default');
  await meetings.getByRole('radio', { name: /In a daily digest/ }).check();
  await me.getByRole('group', { name: 'The commons' }).getByRole('radio', { name: /Off/ }).check();
  await me.getByRole('textbox', { name: 'Your time zone' }).fill('Lisbon');
  await Promise.all([me.waitForEvent('load'), me.getByRole('button', { name: 'Save my choices' }).click()]);
  assert.match(await me.locator('#timezone-error').innerText(), /is not a time zone we know/);
  assert.ok(await me.getByRole('group', { name: 'The commons' }).getByRole('radio', { name: /Off/ }).isChecked(), 'what was chosen is kept');
  await expectAccessible(me, 'the notifications page with an error');
  await me.getByRole('textbox', { name: 'Your time zone' }).fill('America/Sao_Paulo');
  await Promise.all([me.waitForEvent('load'), me.getByRole('button', { name: 'Save my choices' }).click()]);
  assert.match(await me.locator('.flash').innerText(), /Your mail preferences are saved/);
  assert.ok(await me.getByRole('group', { name: 'Meeting reminders and summaries' }).getByRole('radio', { name: /daily digest/ }).isChecked());
  assert.match(await me.locator('#timezone-hint').innerText(), /America\/Sao_Paulo/);
  await expectAccessible(me, 'the notifications page');
  await shot(me, 'mail-notifications');
  const phone = await newContext(browser, { client: m.client, viewport: PHONE });
  const p = await open(phone, '/me/notifications');
  await expectAccessible(p, 'the notifications page on a phone');
  await shot(p, 'mail-notifications-phone');
});

test('the unsubscribe link asks, acts without a session, and says how to undo it', async () => {
  const context = await newContext(browser);
  const page = await open(context, `/unsubscribe/${unsubscribeToken(m.id, 'governance')}`);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Stop mail about governance\?/);
  await expectAccessible(page, 'the unsubscribe page');
  await shot(page, 'mail-unsubscribe');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Unsubscribe' }).click()]);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /no longer get mail about governance/);
  assert.equal(await page.getByRole('link', { name: 'your mail preferences' }).getAttribute('href'), '/me/notifications');
  await expectAccessible(page, 'the unsubscribed page');
  await shot(page, 'mail-unsubscribed');
  const phone = await newContext(browser, { viewport: PHONE });
  const q = await open(phone, `/unsubscribe/${unsubscribeToken(m.id, 'events')}`);
  await expectAccessible(q, 'the unsubscribe page on a phone');
  await shot(q, 'mail-unsubscribe-phone');
  const forged = await open(phone, `/unsubscribe/${m.id}.events.AAAA`, 404);
  assert.match(await forged.locator('main').innerText(), /not valid/);
});

test('an HTML message, as queued, reads well on its own', async () => {
  const owner = await member({ name: `Owen Owner ${unique('o').slice(-5)}` });
  const reader = await member({ name: `Rui Reader ${unique('r').slice(-5)}` });
  const c = await chapter(owner, { metro_id: geo.metro.id });
  await admit(owner, c, reader);
  await owner.client.api('POST', `/chapters/${c.slug}/meetings`, { date: '2027-11-10', time: '18:30' });
  execFileSync(BIN, ['tick', '--db', DB, '--now', '2027-11-09T20:00']);
  const html = sql(`SELECT html_body FROM outbox WHERE kind = 'meeting_reminder' AND to_email = '${reader.email}'`);
  assert.match(html, /Tomorrow at 18:30/);
  const file = `${OUTPUT}${KIND}-mail-reminder.html`;
  writeFileSync(file, html);
  for (const [viewport, name] of [[undefined, 'mail-reminder'], [PHONE, 'mail-reminder-phone']]) {
    const context = await newContext(browser, { viewport });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Tomorrow at 18:30/);
    assert.equal(await page.getByRole('link', { name: 'Unsubscribe from these messages' }).count(), 1);
    await expectAccessible(page, `the reminder's HTML (${name})`);
    await shot(page, name);
  }
});
